"""``workbench-cli import-predictions``: JSONL rows and Label Studio predictions, all or nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from workbench.cli import main
from workbench.formats.project.file import load_project
from workbench.index.project_index import ProjectIndex

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project.wbproj"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def _ids() -> list[str]:
    return [e.id for e in load_project(SAMPLE).entries]


def _rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def test_jsonl_rows_are_saved_and_shown_as_suggestions(project: Path, tmp_path: Path, capsys) -> None:
    first, second = _ids()[:2]
    rows = [
        {"id": first, "dimension": "stance", "value": "against", "score": 0.8},
        {"id": first, "dimension": "actor", "value": "TUR", "score": 0.55, "version": "ignored"},
        {"id": second, "dimension": "stance", "value": "favor", "score": 1},
    ]
    pred = _rows(tmp_path / "bert.jsonl", rows)
    assert main(["import-predictions", str(project), str(pred), "--source", "newsroom-bert"]) == 0
    assert capsys.readouterr().out == (
        f"{project}: 3 scores for 2 entries imported from {pred} (source newsroom-bert)\n"
    )
    saved = load_project(project)
    assert saved.predictions is not None and saved.predictions.source == "newsroom-bert"
    assert saved.predictions.scores == {
        first: {"stance": {"against": 0.8}, "actor": {"TUR": 0.55}},
        second: {"stance": {"favor": 1.0}},
    }
    shown = ProjectIndex(saved).suggestions.for_entry(second, "chiara")
    assert [(s.dimension, s.value, s.score, s.source, s.version) for s in shown] == [
        ("stance", "favor", 1.0, "predictions", "newsroom-bert")
    ]


def test_label_studio_predictions_match_tasks_by_text_and_name_values_by_label(
    project: Path, tmp_path: Path, capsys
) -> None:
    sample = load_project(SAMPLE)
    entry = sample.entries[3]
    tasks = [
        {
            "id": 17,
            "data": {
                "text": "  " + entry.text.replace(" ", "  ") + "\n"
            },  # spacing differs: still this entry
            "predictions": [
                {
                    "model_version": "v7",
                    "score": 0.6,
                    "result": [
                        {
                            "from_name": "stance",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["Favor"]},
                        },
                        {
                            "from_name": "actor",
                            "type": "choices",
                            "score": 0.9,
                            "value": {"choices": ["RUS", "Turkey"]},
                        },
                        {
                            "from_name": "mention",
                            "type": "labels",
                            "value": {"start": 0, "end": 3, "labels": ["PER"]},
                        },
                    ],
                }
            ],
        },
        {"id": 18, "data": {"text": "A task nobody predicted."}, "predictions": []},
    ]
    pred = tmp_path / "label-studio.json"
    pred.write_bytes(orjson.dumps(tasks))
    assert main(["import-predictions", str(project), str(pred)]) == 0
    saved = load_project(project)
    assert saved.predictions is not None and saved.predictions.source == "label-studio"
    assert saved.predictions.scores == {
        entry.id: {"stance": {"favor": 0.6}, "actor": {"RUS": 0.9, "TUR": 0.9}}
    }


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b'{"id": "e-nowhere", "dimension": "stance", "value": "favor", "score": 0.5}\n',
            "line 1: no entry 'e-nowhere' in the project",
        ),
        (
            b'{"id": "FIRST", "dimension": "mood", "value": "calm", "score": 0.5}\n',
            "line 1: unknown dimension 'mood'",
        ),
        (
            b'{"id": "FIRST", "dimension": "stance", "value": "fine", "score": 0.5}\n',
            "line 1: unknown code 'fine' of dimension 'stance'",
        ),
        (
            b'{"id": "FIRST", "dimension": "stance", "value": "favor", "score": 1.2}\n',
            "line 1: score 1.2 is not in [0, 1]",
        ),
        (
            b'{"id": "FIRST", "dimension": "stance", "value": "favor", "score": 0.5}\n{"id": "FIRST", "dim',
            "line 2: not valid JSON",
        ),
        (
            b'{"id": "FIRST", "dimension": "mention", "value": "PER", "score": 0.5}\n',
            "line 1: unknown dimension 'mention'",
        ),
        (
            b'[{"data": {"text": "Nobody wrote this."}, "predictions": [{"result": []}]}]',
            "task[0]: no entry of the project has this task's text",
        ),
        (b"\n\n", "file is empty"),
    ],
)
def test_a_bad_file_is_one_line_and_the_project_is_untouched(
    project: Path, tmp_path: Path, capsys, content: bytes, problem: str
) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(content.replace(b"FIRST", _ids()[0].encode()))
    before = project.read_bytes()
    assert main(["import-predictions", str(project), str(pred)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workbench-cli: {pred}: {problem}") and err.count("\n") == 1
    assert project.read_bytes() == before
