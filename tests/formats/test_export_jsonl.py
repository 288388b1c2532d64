"""The JSONL exporter's fast record builder gives exactly ``entry_record`` plus ``split``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracles import entry_record
from workbench.core.model import Annotation, Span
from workbench.formats.exporters.jsonl import iter_records
from workbench.formats.exporters.splits import SplitSpec, assign_splits
from workbench.formats.exporters.subsets import Selection
from workbench.formats.exporters.which_layer import choose_layer
from workbench.formats.project.file import load_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


@pytest.mark.parametrize("layer", ["amira", "ben", "chiara", "gold", "majority"])
def test_fast_records_equal_entry_record(layer: str) -> None:
    project = load_project(FIXTURE)
    # Odd but legal codings: a multi dimension stored as a string, a dimension the codebook lost.
    first = project.entries[0].id
    project.layer("chiara")[first] = Annotation(
        values={"actor": "UNO", "mood": "calm"},
        spans=[Span(0, 5, "mention", "PER")],
        note="n",
        status="flagged",
    )
    chosen = choose_layer(project, layer)
    splits = assign_splits(project.entries, chosen.annotations, SplitSpec((0.5, 0.5), 2), project.codebook)
    selection = Selection(project, project.entries, chosen.annotations, chosen.name, splits)
    fast = list(iter_records(selection))
    expected = []
    for entry in project.entries:
        record = entry_record(
            entry,
            project.dispatches.get(entry.dispatch_id),
            chosen.name,
            chosen.annotations.get(entry.id),
            project.codebook,
        )
        record["split"] = splits[entry.id]
        expected.append(record)
    assert fast == expected
    assert [list(r) for r in fast] == [list(r) for r in expected]  # same key order, so same bytes
