"""Slow, plain twins of fast production paths, kept only as test oracles.

Each production module keeps the one path the workbench runs; the straightforward version
it must agree with lives here, so that tests can hold the two to agreement without the
plain version shipping as code nobody calls. Nothing in ``workbench/`` may import this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.core.adjudication import Disagreement, differing_dimensions, review_coders
from workbench.core.codebook import Codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.core.undoable import Change, Command


class CommandStack:
    """A minimal undo stack for headless tests; the window uses ``QUndoStack``."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command | None) -> Change | None:
        if command is None:
            return None
        change = command.redo(self.project)
        self._done.append(command)
        self._undone.clear()
        return change

    def undo(self) -> Change | None:
        if not self._done:
            return None
        command = self._done.pop()
        self._undone.append(command)
        return command.undo(self.project)

    def redo(self) -> Change | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        self._done.append(command)
        return command.redo(self.project)


def find_disagreements(
    project: Project, coders: Sequence[str] | None = None, dimension: str | None = None
) -> list[Disagreement]:
    """Entries in project order where the coders (default: all but gold) disagree, asked of
    ``differing_dimensions`` (the review dock's per-entry rule) one entry at a time; the
    whole-project scan in ``analysis.disagreements`` must give exactly this."""
    chosen = list(coders) if coders else review_coders(project)
    result = []
    for entry in project.entries:
        dims = differing_dimensions(project, entry.id, chosen)
        if dims and (dimension is None or dimension in dims):
            result.append(Disagreement(entry.id, dims))
    return result


def entry_record(
    entry: Entry,
    dispatch: Dispatch | None,
    annotator: str,
    annotation: Annotation | None,
    codebook: Codebook,
) -> dict[str, Any]:
    """The JSONL record for one entry as coded by ``annotator`` (``annotation`` None: not
    coded), written straight from ``docs/jsonl-records.md``; the exporter's
    ``exporters.jsonl.iter_records`` builds the same dicts with the per-entry work hoisted."""
    values = annotation.values if annotation else {}
    labels: dict[str, Any] = {}
    for dim in codebook.dimensions:
        if dim.kind == "span":
            continue
        value = values.get(dim.key)
        if dim.kind == "multi" and isinstance(value, str):
            value = [value]
        labels[dim.key] = value
    for key, value in values.items():  # codes of dimensions the codebook no longer lists
        labels.setdefault(key, value)
    text = entry.text
    spans = [
        {
            "start": s.start,
            "end": s.end,
            "dimension": s.dimension,
            "label": s.value,
            "text": text[s.start : s.end],
        }
        for s in (annotation.spans if annotation else [])
    ]
    return {
        "id": entry.id,
        "dispatch_id": entry.dispatch_id,
        "dispatch_title": dispatch.title if dispatch else "",
        "timestamp": entry.timestamp,
        "text": text,
        "annotator": annotator,
        "labels": labels,
        "spans": spans,
        "position": entry.position,
        "time_label": entry.time_label,
        "heading": entry.heading,
        "zone": entry.zone,
        "utc": entry.utc,
        "status": annotation.status if annotation else "todo",
        "note": annotation.note if annotation else "",
    } | (
        {
            "assisted": [
                {"dimension": d, "value": v}
                | {k: getattr(p, k) for k in ("source", "version", "score", "confirmed")}
                for d, by_value in annotation.assisted.items()
                for v, p in by_value.items()
            ]
        }
        if annotation is not None and annotation.assisted
        else {}
    )
