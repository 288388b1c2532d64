"""Hostile .qdpx archives: refused by what they are, not by how their bytes happen to look."""

from __future__ import annotations

import pytest

from tests.formats.test_qdpx import MINIMAL_QDE, _archive
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.formats.importers.refi_qda import read_qdpx_bytes

PLOVER = builtin_codebook("plover")
LAUGHS = (
    '<?xml version="1.0" encoding="{}"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    '<Project name="x">&lol;</Project>'
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_entities_in_utf16_are_refused(encoding: str) -> None:
    qde = LAUGHS.format("utf-16").encode(encoding)
    if encoding == "utf-16-be":
        qde = b"\xfe\xff" + qde
    data = _archive({"project.qde": qde, "sources/t.txt": b"x"})
    with pytest.raises(WorkbenchError, match="DOCTYPE") as caught:
        read_qdpx_bytes(data, "lol.qdpx", PLOVER, "x")
    assert caught.value.line().startswith("lol.qdpx: ")


def test_many_members_just_under_the_member_check_are_refused_together() -> None:
    """Each member stays at the size where the per-member ratio is not checked."""
    filler = {f"sources/pad{i}.txt": b"\0" * 1024**2 for i in range(40)}
    data = _archive({"project.qde": MINIMAL_QDE.encode(), "sources/t.txt": b"Mira said yes.", **filler})
    assert len(data) < 200_000
    with pytest.raises(WorkbenchError, match="ZIP bomb"):
        read_qdpx_bytes(data, "bomb.qdpx", PLOVER, "x")


def test_a_member_whose_name_starts_with_nul_is_refused_in_one_line() -> None:
    """zipfile cuts a name at its first NUL, so such a member reads back with no name at all
    (found by the importer fuzz test: an IndexError escaped from ``ZipInfo.is_dir``)."""
    named = _archive({"project.qde": MINIMAL_QDE.encode(), "Xsources/t.txt": b"x"})
    data = named.replace(b"Xsources/t.txt", b"\0sources/t.txt")  # zipfile will not write such a name
    with pytest.raises(WorkbenchError, match="no name") as caught:
        read_qdpx_bytes(data, "nul.qdpx", PLOVER, "x")
    assert caught.value.line().startswith("nul.qdpx: ")


def _qde(sources: str, extra: str = "") -> bytes:
    from workbench.formats.exporters.refi_qda import NS

    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="x"><Users>'
        '<User guid="11111111-1111-1111-1111-111111111111" name="qual"/></Users><CodeBook><Codes>'
        '<Code guid="44444444-4444-4444-4444-444444444444" name="PER" isCodable="true"/>'
        f"</Codes></CodeBook><Sources>{sources}</Sources>{extra}</Project>"
    ).encode()


SELECTION = (
    '<PlainTextSelection guid="77777777-7777-7777-7777-77777777777{n}" startPosition="0" endPosition="4" '
    'creatingUser="11111111-1111-1111-1111-111111111111"><Coding guid="88888888-8888-8888-8888-88888888888{n}">'
    '<CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/></Coding></PlainTextSelection>'
)


def test_what_cannot_be_read_is_counted_and_the_rest_imported() -> None:
    sources = (
        '<TextSource guid="66666666-6666-6666-6666-666666666661" name="Memo" plainTextPath="internal://t.txt">'
        + SELECTION.format(n=1)
        + '</TextSource><TextSource guid="66666666-6666-6666-6666-666666666662" name="Far" '
        'plainTextPath="relative://elsewhere/far.txt"/>'
        '<PDFSource guid="66666666-6666-6666-6666-666666666663" name="Report" path="internal://r.pdf">'
        '<Representation guid="66666666-6666-6666-6666-666666666664" plainTextPath="internal://r.txt">'
        + SELECTION.format(n=2)
        + '</Representation><PDFSelection guid="99999999-9999-9999-9999-999999999991" page="0" '
        'firstX="1" firstY="1" secondX="5" secondY="5"/></PDFSource>'
    )
    extra = (
        '<Notes><Note guid="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa1" name="n"><PlainTextContent>x</PlainTextContent>'
        "</Note></Notes>"
        '<Cases><Case guid="bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbb1" name="c"/></Cases>'
        '<Sets><Set guid="cccccccc-cccc-cccc-cccc-ccccccccccc1" name="s"/></Sets>'
    )
    members = {
        "project.qde": _qde(sources, extra),
        "sources/t.txt": b"Mira said yes.",
        "sources/r.txt": b"Omar wrote the report.",
        "sources/r.pdf": b"%PDF-1.4",
    }
    batch = read_qdpx_bytes(_archive(members), "mixed.qdpx", PLOVER, "x")
    texts = {e.id: e.text for e in batch.entries}
    assert sorted(texts.values()) == ["Mira said yes.", "Omar wrote the report."]
    marked = sorted(texts[i][s.start : s.end] for i, a in batch.layers["qual"].items() for s in a.spans)
    assert marked == ["Mira", "Omar"]
    report = "\n".join(batch.problems)
    for what in ("relative://elsewhere/far.txt", "1 PDF selection", "1 note", "1 case", "1 set"):
        assert what in report
