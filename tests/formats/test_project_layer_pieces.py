"""Each annotator's layer parsed in pieces (``project_parts.LAYER_CHUNK_BYTES``) gives the
whole parse's outcome, for sound files and damaged ones alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats import project_parts
from workbench.formats.project_file import dumps_project, load_project, loads_project

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-project-v1.json"
EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))
DAMAGE = st.sampled_from([b"", b"{", b"}", b",", b'"', b"\n", b'\n      },\n      "', b'\n    },\n    "'])


@pytest.fixture(autouse=True)
def split_layers_finely(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_parts, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setattr(project_parts, "LAYER_CHUNK_BYTES", 0)


def _outcome(raw: bytes | bytearray) -> Project | str:
    try:
        return loads_project(raw)
    except WorkbenchError as exc:
        return exc.line()


def test_every_annotation_is_its_own_piece_and_the_project_is_unchanged() -> None:
    saved = dumps_project(load_project(GOLDEN))
    parts = project_parts.split(bytearray(saved))
    assert parts is not None
    layers = {name: list(pieces) for name, pieces in parts[2]}
    expected = load_project(GOLDEN)
    assert {name: [len(piece) for piece in pieces] for name, pieces in layers.items()} == {
        name: [1] * len(layer) for name, layer in expected.layers.items()
    }
    assert loads_project(bytearray(saved)) == expected


def test_an_entry_id_repeated_across_pieces_is_read_as_the_whole_parse_reads_it() -> None:
    text = dumps_project(load_project(GOLDEN)).decode()
    layer = next(iter(load_project(GOLDEN).layers.values()))
    first, second = list(layer)[:2]
    edited = text.replace(f'\n      "{second}": {{', f'\n      "{first}": {{', 1).encode()
    assert edited != text.encode()
    assert _outcome(bytearray(edited)) == _outcome(edited)


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.data())
def test_damaged_layers_get_the_same_outcome_either_way(data: st.DataObject) -> None:
    saved = bytearray(dumps_project(load_project(GOLDEN)))
    layers_at = saved.index(b'\n  "layers": {')
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(layers_at, len(saved)))
        saved[at : at + data.draw(st.integers(0, 3))] = data.draw(DAMAGE)
    assert _outcome(bytearray(saved)) == _outcome(bytes(saved))
