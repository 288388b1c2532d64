"""REFI-QDA .qdpx: export -> import round trip, reproducible bytes, hostile archives refused."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.refi_qda import NS
from workbench.formats.exporters.splits import SplitSpec
from workbench.formats.exporters.which_layer import choose_layer
from workbench.formats.importers.refi_qda import read_qdpx, read_qdpx_bytes
from workbench.formats.project.file import load_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"
Q = f"{{{NS}}}"


@pytest.fixture
def project() -> Project:
    return load_project(FIXTURE)


def _codes_and_spans(layer: dict) -> dict[str, tuple[dict, list]]:
    return {
        entry_id: (
            {k: sorted(v) if isinstance(v, list) else v for k, v in a.values.items()},
            sorted((s.start, s.end, s.dimension, s.value) for s in a.spans),
        )
        for entry_id, a in layer.items()
        if a.values or a.spans
    }


@pytest.mark.parametrize("layer", ["amira", "ben", "gold", "majority"])
def test_round_trip_gives_the_same_entries_codes_and_selections(
    project: Project, tmp_path: Path, layer: str
) -> None:
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer=layer), out)
    batch = read_qdpx(out, project.codebook, "fallback")
    assert [(e.id, e.dispatch_id, e.text, e.position, e.time_label, e.timestamp) for e in batch.entries] == [
        (e.id, e.dispatch_id, e.text, e.position, e.time_label, e.timestamp) for e in project.entries
    ]
    assert list(batch.layers) == [layer]
    expected = choose_layer(project, layer).annotations  # gold as computed: agreement and decisions
    assert _codes_and_spans(batch.layers[layer]) == _codes_and_spans(expected)
    assert batch.problems == []


def test_selections_use_code_point_offsets_on_emoji_and_arabic(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="amira"), out)
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        assert root.tag == f"{Q}Project"
        code_names = {c.get("guid"): c.get("name") for c in root.iter(f"{Q}Code")}
        seen = set()
        for source in root.iter(f"{Q}TextSource"):
            path = source.get("plainTextPath")
            assert path == f"internal://{source.get('guid')}.txt"
            text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for chosen in source.iter(f"{Q}PlainTextSelection"):
                start, end = int(chosen.get("startPosition")), int(chosen.get("endPosition"))
                code = code_names[chosen.find(f"{Q}Coding/{Q}CodeRef").get("targetGUID")]
                if (start, end) != (0, len(text)):
                    seen.add((text[start:end], code))
    assert ("الأمم المتحدة", "ORG") in seen
    assert ("Mira Haddad", "PER") in seen  # after an emoji in the same text
    assert ("المعبر", "LOC") in seen


def test_code_tree_nests_values_under_dimensions(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="amira"), out)
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    top = root.find(f"{Q}CodeBook/{Q}Codes")
    dims = {c.get("name"): c for c in top.findall(f"{Q}Code")}
    assert list(dims) == [d.key for d in project.codebook.dimensions]
    stance = dims["stance"]
    assert stance.get("isCodable") == "false"
    children = stance.findall(f"{Q}Code")
    assert [c.get("name") for c in children] == ["against", "neutral", "favor"]
    assert all(c.get("isCodable") == "true" and c.get("color").startswith("#") for c in children)
    assert [u.get("name") for u in root.iter(f"{Q}User")] == ["amira"]


def test_export_is_byte_for_byte_reproducible(project: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="ben", split=SplitSpec((0.5, 0.5), 4)), first)
    run_export(project, ExportOptions(format="qdpx", layer="ben", split=SplitSpec((0.5, 0.5), 4)), second)
    assert first.read_bytes() == second.read_bytes()


def test_import_through_importing_reads_qdpx(project: Project, tmp_path: Path) -> None:
    from workbench.formats.importers import reading as importing

    if ".qdpx" not in importing.READERS:
        pytest.skip("the importer has no .qdpx hook yet")
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="gold"), out)
    batch = importing.import_paths([out], project.codebook)
    assert _codes_and_spans(batch.layers["gold"]) == _codes_and_spans(
        choose_layer(project, "gold").annotations
    )


def _archive(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MINIMAL_QDE = (
    f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="x"><Users>'
    '<User guid="11111111-1111-1111-1111-111111111111" name="qual"/></Users><CodeBook><Codes>'
    '<Code guid="22222222-2222-2222-2222-222222222222" name="Stance" isCodable="false">'
    '<Code guid="33333333-3333-3333-3333-333333333333" name="Favor" isCodable="true"/></Code>'
    '<Code guid="44444444-4444-4444-4444-444444444444" name="PER" isCodable="true"/>'
    '<Code guid="55555555-5555-5555-5555-555555555555" name="Irony" isCodable="true"/>'
    "</Codes></CodeBook><Sources>"
    '<TextSource guid="66666666-6666-6666-6666-666666666666" name="Memo" plainTextPath="internal://t.txt">'
    '<PlainTextSelection guid="77777777-7777-7777-7777-777777777777" startPosition="0" endPosition="4" '
    'creatingUser="11111111-1111-1111-1111-111111111111"><Coding guid="88888888-8888-8888-8888-888888888888">'
    '<CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/></Coding>'
    '<Coding guid="99999999-9999-9999-9999-999999999999"><CodeRef targetGUID="55555555-5555-5555-5555-555555555555"/>'
    "</Coding></PlainTextSelection>"
    '<Coding guid="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"><CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/>'
    "</Coding></TextSource></Sources></Project>"
)


def test_foreign_qdpx_maps_codes_by_name_and_reports_the_rest(project: Project) -> None:
    data = _archive({"project.qde": MINIMAL_QDE.encode(), "sources/t.txt": "Mira 🙂 said yes.".encode()})
    batch = read_qdpx_bytes(data, "other.qdpx", project.codebook, "fallback")
    assert len(batch.entries) == 1 and batch.entries[0].text == "Mira 🙂 said yes."
    assert set(batch.layers) == {"qual", "fallback"}
    assert [(s.start, s.end, s.value) for s in batch.layers["qual"][batch.entries[0].id].spans] == [
        (0, 4, "PER")
    ]
    assert batch.layers["fallback"][batch.entries[0].id].values == {"stance": "favor"}
    assert any("Irony" in p for p in batch.problems)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt", "C:/evil.txt"])
def test_member_names_outside_the_archive_are_refused(project: Project, name: str) -> None:
    data = _archive({"project.qde": MINIMAL_QDE.encode(), name: b"x"})
    with pytest.raises(WorkbenchError, match="outside the archive"):
        read_qdpx_bytes(data, "evil.qdpx", project.codebook, "x")


def test_archives_that_inflate_too_far_are_refused(project: Project) -> None:
    zeros = b"\0" * (8 * 1024**2)
    data = _archive({"project.qde": MINIMAL_QDE.encode(), "sources/t.txt": zeros})
    assert len(data) < 100_000
    with pytest.raises(WorkbenchError, match="ZIP bomb"):
        read_qdpx_bytes(data, "bomb.qdpx", project.codebook, "x")
    stored = _archive({"project.qde": MINIMAL_QDE.encode(), "sources/t.txt": b"a" * 5000}, zipfile.ZIP_STORED)
    with pytest.raises(WorkbenchError, match="inflate to more than"):
        read_qdpx_bytes(stored, "big.qdpx", project.codebook, "x", max_total=4000)


def test_a_member_larger_than_it_declares_is_refused(project: Project) -> None:
    data = bytearray(
        _archive({"project.qde": MINIMAL_QDE.encode(), "sources/t.txt": b"abcdefgh" * 20}, zipfile.ZIP_STORED)
    )
    # Shrink the declared size of sources/t.txt in its local and central headers.
    real = (160).to_bytes(4, "little")
    fake = (16).to_bytes(4, "little")
    data = data.replace(real + real, fake + fake)
    with pytest.raises(WorkbenchError, match=r"larger than it declares|cannot read member"):
        read_qdpx_bytes(bytes(data), "liar.qdpx", project.codebook, "x")


def test_xml_with_entities_is_refused(project: Project) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Project name="x">&lol;</Project>'
    data = _archive({"project.qde": laughs.encode(), "sources/t.txt": b"x"})
    with pytest.raises(WorkbenchError, match="DOCTYPE"):
        read_qdpx_bytes(data, "lol.qdpx", project.codebook, "x")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"notes.txt": b"x"}, "no project.qde"),
        ({"project.qde": b"<Project"}, "not well-formed"),
        ({"project.qde": b"<Other/>"}, "not a REFI-QDA"),
    ],
)
def test_broken_archives_give_one_clear_line(project: Project, members: dict, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message) as caught:
        read_qdpx_bytes(_archive(members), "broken.qdpx", project.codebook, "x")
    assert caught.value.line().startswith("broken.qdpx: ")
    with pytest.raises(WorkbenchError, match="not a readable"):
        read_qdpx_bytes(b"PK\x03\x04 not really", "junk.qdpx", project.codebook, "x")


# --- the QDA-XML schema ---------------------------------------------------------------------


SCHEMA = Path(__file__).resolve().parents[1] / "data" / "qdpx" / "project.xsd"


def _schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _qde(project: Project, tmp_path: Path, layer: str) -> bytes:
    out = tmp_path / f"{layer}.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer=layer), out)
    with zipfile.ZipFile(out) as archive:
        return archive.read("project.qde")


@pytest.mark.parametrize("layer", ["amira", "ben", "gold", "majority"])
def test_project_qde_is_valid_against_the_qda_xml_schema(
    project: Project, tmp_path: Path, layer: str
) -> None:
    from lxml import etree

    schema = _schema()
    document = etree.fromstring(_qde(project, tmp_path, layer))
    assert schema.validate(document), schema.error_log.last_error


def test_the_schema_refuses_a_coding_of_a_code_that_does_not_exist(project: Project, tmp_path: Path) -> None:
    from lxml import etree

    qde = _qde(project, tmp_path, "amira")
    ref = qde.index(b'<CodeRef targetGUID="') + len(b'<CodeRef targetGUID="')
    broken = qde[:ref] + b"00000000-0000-0000-0000-000000000000" + qde[ref + 36 :]
    schema = _schema()
    assert not schema.validate(etree.fromstring(broken))
    assert "codingCode" in str(schema.error_log.last_error)
