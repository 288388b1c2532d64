"""Hostile .qdpx archives: refused by what they are, not by how their bytes happen to look."""

from __future__ import annotations

import pytest

from tests.formats.test_qdpx import MINIMAL_QDE, _archive
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.formats.qdpx_import import read_qdpx_bytes

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
