"""``workbench-cli suggest``: held-out quality per dimension, and predictions as JSONL rows."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.learning.corpus import ANNOTATOR, make_corpus
from workbench.cli import main
from workbench.core.model import Annotation
from workbench.formats.project.file import save_project


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project, truth = make_corpus()
    path = tmp_path / "talks.json"
    save_project(project, path)
    return path, truth


def test_evaluate_json_gives_each_dimension_its_figures_and_baseline(corpus, capsys) -> None:
    path, _ = corpus
    assert main(["suggest", str(path), "--evaluate", "--json"]) == 0
    rows = {row["dimension"]: row for row in orjson.loads(capsys.readouterr().out)}
    assert set(rows) == {"stance", "actor", "event_type"}  # span dimensions have no model
    stance = rows["stance"]
    assert stance["status"] == "on"
    assert stance["accuracy"] > stance["baseline_accuracy"] + 0.3
    assert stance["coded"] == 19 * 12 and stance["folds"] == 5
    assert rows["event_type"]["status"] == "too few"
    assert rows["event_type"]["accuracy"] is None


def test_evaluate_prints_a_table(corpus, capsys) -> None:
    path, _ = corpus
    assert main(["suggest", str(path), "--evaluate"]) == 0
    out = capsys.readouterr().out
    assert f"trained on {ANNOTATOR}'s codes" in out
    assert "stance" in out and "too few codes: no coded entries yet" in out


def test_output_writes_one_row_per_suggestion(corpus, tmp_path: Path) -> None:
    path, truth = corpus
    out = tmp_path / "predictions.jsonl"
    assert main(["suggest", str(path), "-o", str(out), "--annotator", ANNOTATOR]) == 0
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert rows and all(set(row) == {"id", "dimension", "value", "score"} for row in rows)
    assert all(0 <= row["score"] <= 1 for row in rows)
    unseen = {f"e19-{p}" for p in range(12)}
    best = {}
    for row in rows:
        if row["dimension"] == "stance" and row["id"] in unseen:
            best[row["id"]] = max(best.get(row["id"], (0, "")), (row["score"], row["value"]))
    assert len(best) == 12
    assert sum(value == truth[entry] for entry, (_, value) in best.items()) >= 10


def test_two_coders_need_annotator(corpus, capsys) -> None:
    path, _ = corpus
    from workbench.formats.project.file import load_project

    project = load_project(path)
    project.set_layer("ben", {"e0-0": Annotation(values={"stance": "favor"})})
    save_project(project, path)
    assert main(["suggest", str(path), "--evaluate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--annotator" in err and str(path) in err
    assert main(["suggest", str(path), "--evaluate", "--annotator", "nobody"]) == 1
    assert "no annotator 'nobody'" in capsys.readouterr().err


def test_neither_evaluate_nor_output_is_a_usage_error(corpus) -> None:
    path, _ = corpus
    with pytest.raises(SystemExit) as usage:
        main(["suggest", str(path)])
    assert usage.value.code == 2
