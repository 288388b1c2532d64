"""Format version 3: annotations' ``assisted`` records and the project's imported ``predictions``."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from project_file_helpers import GOLDEN, write_project

from workbench.core.errors import WorkbenchError
from workbench.core.model import ImportedPredictions, Provenance
from workbench.formats.project.file import (
    RECOVERY_FIELD,
    VERSION,
    _loads_typed,
    dumps_project,
    dumps_records,
    load_project,
    loads_project,
    project_from_dict,
    project_to_dict,
    save_project,
)
from workbench.formats.project.merging import combine
from workbench.formats.project.recovery import DELTA_FORMAT, Owner, Recovery, load_recovered

GOLDEN_V3 = GOLDEN.with_name("golden-project-v3.json")


def _golden_v3() -> dict[str, Any]:
    return orjson.loads(GOLDEN_V3.read_bytes())


def test_golden_version_3_file_loads_its_provenance_and_predictions_and_saves_unchanged(
    tmp_path: Path,
) -> None:
    assert VERSION == 3
    project = load_project(GOLDEN_V3)
    first = project.annotation("amira", "e-golden-1")
    assert first is not None and first.assisted == {
        "stance": {"favor": Provenance("model", "stance#3", 0.82, False)},
        "actor": {"TUR": Provenance("alias", "Ankara", None, True)},
    }
    ben = project.annotation("ben", "e-golden-1")
    assert ben is not None and ben.assisted is None
    assert project.predictions == ImportedPredictions(
        "newsroom-bert",
        "2026-12-01T10:00:00Z",
        {
            "e-golden-3": {"stance": {"against": 0.71, "neutral": 0.2}},
            "e-golden-2": {"stance": {"neutral": 0.64}},
        },
    )
    saved = tmp_path / "again.wbproj"
    save_project(project, saved)
    assert saved.read_bytes() == GOLDEN_V3.read_bytes()


def test_the_typed_and_validating_readers_read_version_3_alike() -> None:
    raw = GOLDEN_V3.read_bytes()
    typed = _loads_typed(raw)
    assert typed is not None and typed.predictions is not None
    assert typed == project_from_dict(orjson.loads(raw))


def test_a_layer_read_late_keeps_its_provenance() -> None:
    eager = load_project(GOLDEN_V3)
    late = loads_project(GOLDEN_V3.read_bytes(), first_layer="ben")
    assert late.has_unread_layers()
    assert late.layer("amira") == eager.layer("amira")


def test_older_files_load_with_nothing_assisted_and_no_predictions() -> None:
    for path in (GOLDEN, GOLDEN.with_name("golden-project-v2.json")):
        project = load_project(path)
        assert project.predictions is None
        assert all(
            a.assisted is None for layer in project.read_every_layer().values() for a in layer.values()
        )


def test_a_file_without_predictions_does_not_gain_the_field(tmp_path: Path) -> None:
    data = orjson.loads(dumps_project(load_project(GOLDEN)))
    assert "predictions" not in data


def _assisted_amira(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = data["layers"]["amira"]["e-golden-1"]["assisted"]
    return result


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].update(source="oracle"),
            "layers.amira.e-golden-1.assisted: stance.favor: unknown source 'oracle' (one of model, predictions, alias)",
        ),
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].update(score=1.5),
            "layers.amira.e-golden-1.assisted: stance.favor: score 1.5 is not in [0, 1]",
        ),
        (
            lambda d: _assisted_amira(d)["stance"].update(against=_assisted_amira(d)["stance"]["favor"]),
            "layers.amira.e-golden-1.assisted: stance.against: records how a value came that the annotation "
            "does not code",
        ),
        (
            lambda d: _assisted_amira(d).update(event_type={"AID": {"source": "model", "version": "v"}}),
            "layers.amira.e-golden-1.assisted: event_type.AID: records how a value came that the annotation "
            "does not code",
        ),
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].update(confirmed="yes"),
            "layers.amira.e-golden-1.assisted.stance.favor.confirmed: expected true/false, got a string",
        ),
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].update(score=True),
            "layers.amira.e-golden-1.assisted.stance.favor.score: expected a number or null, got true/false",
        ),
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].pop("version"),
            "layers.amira.e-golden-1.assisted.stance.favor: missing 'version'",
        ),
        (
            lambda d: _assisted_amira(d)["stance"]["favor"].update(by="me"),
            "layers.amira.e-golden-1.assisted.stance.favor: unknown field 'by'",
        ),
        (
            lambda d: d["predictions"]["scores"].update({"e-nowhere": {}}),
            "predictions.scores.e-nowhere: scores for an entry that is not in the project",
        ),
        (
            lambda d: d["predictions"]["scores"]["e-golden-3"].update(mood={"x": 0.5}),
            "predictions.scores.e-golden-3.mood: unknown dimension 'mood'",
        ),
        (
            lambda d: d["predictions"]["scores"]["e-golden-3"]["stance"].update(maybe=0.5),
            "predictions.scores.e-golden-3.stance: unknown code 'maybe'",
        ),
        (
            lambda d: d["predictions"]["scores"]["e-golden-3"]["stance"].update(against=-0.1),
            "predictions.scores.e-golden-3.stance.against: score -0.1 is not in [0, 1]",
        ),
        (
            lambda d: d["predictions"].pop("source"),
            "predictions: missing 'source'",
        ),
    ],
)
def test_bad_provenance_or_predictions_are_refused_by_both_readers(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = copy.deepcopy(_golden_v3())
    change(data)
    path = write_project(tmp_path, data)
    assert _loads_typed(path.read_bytes()) is None  # the quick path never takes what the other refuses
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    assert caught.value.line() == f"{path}: {message}"


def test_an_integer_score_is_read_as_a_number_by_both_readers(tmp_path: Path) -> None:
    data = _golden_v3()
    _assisted_amira(data)["stance"]["favor"]["score"] = 1
    raw = orjson.dumps(data)
    typed = _loads_typed(raw)
    assert typed is not None and typed == project_from_dict(orjson.loads(raw))
    ann = typed.annotation("amira", "e-golden-1")
    assert ann is not None and ann.assisted is not None and ann.assisted["stance"]["favor"].score == 1.0


def test_merged_layers_keep_their_provenance(tmp_path: Path) -> None:
    merged, _ = combine([str(GOLDEN_V3)])
    first = merged.annotation("amira", "e-golden-1")
    assert first is not None and first.assisted is not None
    assert first.assisted["stance"]["favor"] == Provenance("model", "stance#3", 0.82, False)


def test_recovery_copies_whole_or_delta_keep_provenance_and_predictions(tmp_path: Path) -> None:
    project_path = tmp_path / "coding.wbproj"
    project = load_project(GOLDEN_V3)
    save_project(project, project_path)
    ann = project.annotation("ben", "e-golden-1")
    assert ann is not None
    ann.assisted = {"stance": {"neutral": Provenance("model", "stance#4", 0.55, True)}}
    owner = Owner.this_process()
    whole = project_to_dict(project) | {RECOVERY_FIELD: {"project_path": str(project_path), **owner.header()}}
    delta = {
        "format": DELTA_FORMAT,
        "version": 1,
        "codebook": whole["codebook"],
        "meta": project.meta,
        "annotations": [["ben", "e-golden-1", ann]],
    }
    for data, is_delta in ((whole, False), (delta, True)):
        copy_path = tmp_path / f"copy-{is_delta}.json"
        copy_path.write_bytes(dumps_records(data, 0))
        recovered = load_recovered(Recovery(copy_path, project_path, 0.0, owner, delta=is_delta))
        assert recovered == project


def test_combining_coders_files_keeps_who_codes_blind_and_the_imported_predictions(tmp_path: Path) -> None:
    other = load_project(GOLDEN_V3)
    other.meta["blind_annotators"] = ["chiara"]
    other.predictions = None
    second = tmp_path / "second.wbproj"
    save_project(other, second)
    merged, _ = combine([str(GOLDEN_V3), str(second)])
    assert merged.meta["blind_annotators"] == ["ben", "chiara"]
    assert merged.predictions == load_project(GOLDEN_V3).predictions
