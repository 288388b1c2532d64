"""Reading an outside model's predictions into ``Project.predictions`` (``import-predictions``).

Two shapes are read. JSONL rows ``{"id", "dimension", "value", "score"}``, one score per
line, the rows ``workbench-cli suggest -o`` writes (other keys are ignored). And a Label
Studio JSON export whose tasks carry ``predictions``: each prediction's ``result`` items of
type ``choices`` name the dimension in ``from_name`` and the values in ``value.choices``,
scored by the item's ``score`` or else the prediction's. A task is matched to an entry by
an ``id`` (or ``entry_id``) in its data naming one, else by its text (compared as the ids
are taken, ``core.ids.normalise``), the way the Label Studio importer makes entries.

The imported scores then show as suggestions (``index.suggestions.SuggestionParts``), and
a value accepted from one records ``Provenance("predictions", source, score)``. The file is
all or nothing: any unknown id, dimension or code, a score outside [0, 1] or broken JSON
is one line naming the file, the line (or task) and the problem, and nothing is imported.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from workbench.core.codebook import Codebook
from workbench.core.errors import WorkbenchError
from workbench.core.ids import normalise
from workbench.core.model import ImportedPredictions, Project
from workbench.formats.exporters.training_records import iter_jsonl
from workbench.formats.importers.doccano_labelstudio import _task_text

Scores = dict[str, dict[str, dict[str, float]]]


def read_predictions(data: bytes, file: str, project: Project, source: str) -> ImportedPredictions:
    """The predictions ``data`` (the bytes of ``file``) holds for ``project``'s entries."""
    if not data.strip():
        raise WorkbenchError("file is empty", file=file)
    tasks = _label_studio_tasks(data)
    scores = (
        _from_label_studio(tasks, file, project) if tasks is not None else _from_rows(data, file, project)
    )
    if not scores:
        raise WorkbenchError("holds no predictions", file=file)
    imported = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ImportedPredictions(source, imported, scores)


def _label_studio_tasks(data: bytes) -> list[Any] | None:
    """The tasks of a Label Studio export (a list, or one task); None for JSONL rows."""
    if data.lstrip()[:1] not in (b"[", b"{"):
        return None
    try:
        whole = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None  # JSON lines, or broken JSON that the row reader names by line
    if isinstance(whole, list):
        return whole
    return [whole] if isinstance(whole, dict) and "data" in whole else None


def _from_rows(data: bytes, file: str, project: Project) -> Scores:
    scores: Scores = {}
    keys = {d.key: frozenset(d.keys()) for d in project.codebook.dimensions if d.kind != "span"}
    entries = project.positions()  # looked up once per row: the cached index, not a method per row
    for number, row in iter_jsonl(data, file):
        where = f"line {number}"
        if not isinstance(row, dict):
            raise WorkbenchError(
                'expected an object {"id", "dimension", "value", "score"}', file=file, where=where
            )
        entry_id, dimension, value = row.get("id"), row.get("dimension"), row.get("value")
        if not (isinstance(entry_id, str) and isinstance(dimension, str) and isinstance(value, str)):
            raise WorkbenchError("'id', 'dimension' and 'value' must be strings", file=file, where=where)
        if entry_id not in entries:
            raise WorkbenchError(f"no entry '{entry_id[:60]}' in the project", file=file, where=where)
        _add(scores, keys, entry_id, dimension, value, row.get("score"), file, where)
    return scores


def _add(
    scores: Scores,
    keys: dict[str, frozenset[str]],
    entry_id: str,
    dimension: str,
    value: str,
    score: Any,
    file: str,
    where: str,
) -> None:
    """File one score, checked as the project file checks saved predictions."""
    if dimension not in keys:
        raise WorkbenchError(f"unknown dimension '{dimension[:60]}'", file=file, where=where)
    if value not in keys[dimension]:
        raise WorkbenchError(
            f"unknown code '{value[:60]}' of dimension '{dimension}'", file=file, where=where
        )
    if not isinstance(score, int | float) or isinstance(score, bool):
        raise WorkbenchError("'score' must be a number", file=file, where=where)
    if not 0.0 <= score <= 1.0:
        raise WorkbenchError(f"score {score} is not in [0, 1]", file=file, where=where)
    scores.setdefault(entry_id, {}).setdefault(dimension, {})[value] = float(score)


def _from_label_studio(tasks: list[Any], file: str, project: Project) -> Scores:
    scores: Scores = {}
    keys = {d.key: frozenset(d.keys()) for d in project.codebook.dimensions if d.kind != "span"}
    by_text = _entries_by_text(project)
    for number, task in enumerate(tasks):
        where = f"task[{number}]"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise WorkbenchError("expected a task object with 'data'", file=file, where=where)
        predictions = task.get("predictions") or []
        if not isinstance(predictions, list):
            raise WorkbenchError("'predictions' must be a list", file=file, where=where)
        if not predictions:
            continue
        entry_id = _task_entry(task["data"], by_text, project, file, where)
        for index, prediction in enumerate(predictions):
            _add_prediction(
                scores, keys, entry_id, prediction, project.codebook, file, f"{where}.predictions[{index}]"
            )
    return scores


def _add_prediction(
    scores: Scores,
    keys: dict[str, frozenset[str]],
    entry_id: str,
    prediction: Any,
    codebook: Codebook,
    file: str,
    where: str,
) -> None:
    if not isinstance(prediction, dict) or not isinstance(prediction.get("result", []), list):
        raise WorkbenchError("expected a prediction object with a 'result' list", file=file, where=where)
    for index, result in enumerate(prediction.get("result", [])):
        r_where = f"{where}.result[{index}]"
        if not isinstance(result, dict) or result.get("type", "choices") != "choices":
            continue  # spans and relations are no suggestions of a value
        value = result.get("value")
        choices = value.get("choices") if isinstance(value, dict) else None
        dimension = result.get("from_name")
        if not isinstance(dimension, str) or not isinstance(choices, list):
            raise WorkbenchError("expected 'from_name' and 'value.choices'", file=file, where=r_where)
        dim = codebook.dimension(dimension)
        score = result.get("score", prediction.get("score"))
        for choice in choices:
            if not isinstance(choice, str):
                raise WorkbenchError("a choice must be a string", file=file, where=r_where)
            # Label Studio shows value labels; the codebook's label of a value names it too.
            key = next((v.key for v in dim.values if choice in (v.key, v.label)), choice) if dim else choice
            _add(scores, keys, entry_id, dimension, key, score, file, r_where)


def _entries_by_text(project: Project) -> dict[str, str | None]:
    """Normalised text -> the entry holding it (None when several do)."""
    found: dict[str, str | None] = {}
    for entry in project.entries:
        text = normalise(entry.text)
        found[text] = None if text in found else entry.id
    return found


def _task_entry(
    data: dict[str, Any], by_text: dict[str, str | None], project: Project, file: str, where: str
) -> str:
    for key in ("id", "entry_id"):
        named = data.get(key)
        if isinstance(named, str) and project.has_entry(named):
            return named
    text = normalise(_task_text(data, None, file, where))
    if text not in by_text:
        raise WorkbenchError("no entry of the project has this task's text", file=file, where=where)
    entry_id = by_text[text]
    if entry_id is None:
        raise WorkbenchError("several entries of the project have this task's text", file=file, where=where)
    return entry_id
