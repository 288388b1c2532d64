"""The JSONL exporter's fast record builder gives exactly ``entry_record`` plus ``split``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.oracles import entry_record
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Provenance, Span
from workbench.formats.exporters.jsonl import iter_records
from workbench.formats.exporters.splits import SplitSpec, assign_splits
from workbench.formats.exporters.subsets import Selection
from workbench.formats.exporters.training_records import records_to_batch
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
    project.layer("chiara")[project.entries[1].id] = Annotation(
        values={"stance": "favor", "actor": ["UNO", "RUS"]},
        assisted={
            "stance": {"favor": Provenance("model", "stance#2", 0.75)},
            "actor": {"RUS": Provenance("alias", "Moscow", None, True)},
        },
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
        assisted = record.pop("assisted", None)
        record["split"] = splits[entry.id]
        if assisted is not None:
            record["assisted"] = assisted  # the one optional key comes last
        expected.append(record)
    assert fast == expected
    assert [list(r) for r in fast] == [list(r) for r in expected]  # same key order, so same bytes


def test_assisted_values_are_exported_and_read_back_and_other_records_lack_the_key(tmp_path: Path) -> None:
    project = load_project(FIXTURE)
    first, second = project.entries[0].id, project.entries[1].id
    how = Provenance("predictions", "newsroom-bert", 0.5)
    project.layer("chiara")[first] = Annotation(
        values={"stance": "favor"}, assisted={"stance": {"favor": how}}
    )
    chosen = choose_layer(project, "chiara")
    records = {
        r["id"]: r for r in iter_records(Selection(project, project.entries, chosen.annotations, "chiara"))
    }
    assert records[first]["assisted"] == [
        {
            "dimension": "stance",
            "value": "favor",
            "source": "predictions",
            "version": "newsroom-bert",
            "score": 0.5,
            "confirmed": False,
        }
    ]
    assert "assisted" not in records[second]
    data = b"".join(orjson.dumps(r) + b"\n" for r in records.values())
    back = records_to_batch(data, "corpus.jsonl", "x")
    assert back.layers["chiara"][first].assisted == {"stance": {"favor": how}}


def test_a_record_claiming_provenance_for_a_value_it_lacks_is_one_line() -> None:
    record = {
        "id": "e1",
        "text": "Talks.",
        "labels": {"stance": "favor"},
        "assisted": [{"dimension": "stance", "value": "against", "source": "model", "version": "v"}],
    }
    with pytest.raises(WorkbenchError) as caught:
        records_to_batch(orjson.dumps(record), "corpus.jsonl", "x")
    assert caught.value.line() == (
        "corpus.jsonl: line 1: assisted: stance.against: records how a value came that the annotation does not code"
    )
