"""Undoable changes to a project, without Qt.

Every change to the data is a ``Command`` with ``redo`` and ``undo`` that return a
``Change`` telling views what to refresh. The window wraps these in ``QUndoCommand`` on one
``QUndoStack``; tests and the CLI can run them directly. Annotation edits swap whole
before/after snapshots, which keeps each inverse trivially correct.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from workbench.core.codebook import Codebook
from workbench.core.model import (
    Annotation,
    Dispatch,
    Entry,
    ImportedPredictions,
    Project,
    Span,
    Status,
    Value,
)
from workbench.core.provenance import BLIND_FIELD, blind_annotators, forget_removed
from workbench.core.text_offsets import fit_annotation


@dataclass(frozen=True)
class Change:
    """What a command touched, so views refresh only that."""

    entry_ids: frozenset[str] = frozenset()
    annotators: frozenset[str] = frozenset()
    codebook: bool = False
    entries_added_or_removed: bool = False
    #: Entries' timestamps (or their dispatch's date) changed: every view derived from the
    #: times (the chart's counts, time and date filters, the list's Time column) recomputes.
    times: bool = False
    #: Who codes blind, or the imported predictions, changed: every view of suggestions
    #: refreshes.
    suggestions: bool = False
    #: The imported predictions changed (``Project.predictions``), which only a full copy
    #: of the project carries (``ui/project/autosave``).
    predictions: bool = False


class Command:
    text: str = ""

    def redo(self, project: Project) -> Change:
        raise NotImplementedError

    def undo(self, project: Project) -> Change:
        raise NotImplementedError


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReplaceAnnotations(Command):
    """Swap annotations for (annotator, entry) pairs between before and after states."""

    def __init__(
        self,
        text: str,
        changes: Iterable[tuple[str, str, Annotation | None, Annotation | None]],
    ) -> None:
        self.text = text
        self.changes = list(changes)

    def _apply(self, project: Project, after: bool) -> Change:
        for annotator, entry_id, before_ann, after_ann in self.changes:
            target = after_ann if after else before_ann
            project.set_annotation(annotator, entry_id, target.copy() if target else None)
        return Change(
            entry_ids=frozenset(c[1] for c in self.changes),
            annotators=frozenset(c[0] for c in self.changes),
        )

    def redo(self, project: Project) -> Change:
        return self._apply(project, after=True)

    def undo(self, project: Project) -> Change:
        return self._apply(project, after=False)


def edit_annotation(
    project: Project,
    annotator: str,
    entry_id: str,
    text: str,
    edit: Callable[[Annotation], None],
) -> ReplaceAnnotations | None:
    """Build the command that applies ``edit`` to a copy of the current annotation.

    Returns None when the edit changes nothing, so no empty step lands on the undo stack.
    """
    before = project.annotation(annotator, entry_id)
    after = before.copy() if before else Annotation()
    edit(after)
    if before is not None and after == before:
        return None
    if before is None and after.is_empty():
        return None
    after.modified = now_iso()
    return ReplaceAnnotations(text, [(annotator, entry_id, before, None if after.is_empty() else after)])


# Edits usable with ``edit_annotation``: small functions so each key press stays cheap.


def toggle_value(dimension: str, value: str, multi: bool) -> Callable[[Annotation], None]:
    """A single-choice value replaces (or clears when repeated); a multi value toggles.
    A value chosen this way is the analyst's own: a removed or replaced value's provenance
    goes (``provenance.forget_removed``), so coding it again by hand is hand-chosen."""

    def apply(ann: Annotation) -> None:
        current = ann.values.get(dimension)
        if multi:
            items = list(current) if isinstance(current, list) else ([current] if current else [])
            if value in items:
                items.remove(value)
            else:
                items.append(value)
            if items:
                ann.values[dimension] = items
            else:
                ann.values.pop(dimension, None)
        elif current == value:
            ann.values.pop(dimension, None)
        else:
            ann.values[dimension] = value
        forget_removed(ann)

    return apply


def set_value(dimension: str, value: Value | None) -> Callable[[Annotation], None]:
    """Give a dimension exactly ``value`` (None or [] clears it); the values it keeps keep
    their provenance, those it loses lose it."""

    def apply(ann: Annotation) -> None:
        if value is None or value == []:
            ann.values.pop(dimension, None)
        else:
            ann.values[dimension] = list(value) if isinstance(value, list) else value
        forget_removed(ann)

    return apply


def add_span(span: Span) -> Callable[[Annotation], None]:
    def apply(ann: Annotation) -> None:
        if span not in ann.spans:
            ann.spans.append(Span(span.start, span.end, span.dimension, span.value))
            ann.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))

    return apply


def remove_span(span: Span) -> Callable[[Annotation], None]:
    def apply(ann: Annotation) -> None:
        if span in ann.spans:
            ann.spans.remove(span)

    return apply


def set_note(note: str) -> Callable[[Annotation], None]:
    def apply(ann: Annotation) -> None:
        ann.note = note

    return apply


def set_status(status: Status) -> Callable[[Annotation], None]:
    def apply(ann: Annotation) -> None:
        ann.status = status

    return apply


@dataclass
class ImportBatch:
    """What an import adds: dispatches, entries and annotation layers."""

    dispatches: list[Dispatch] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    layers: dict[str, dict[str, Annotation]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class AddImport(Command):
    """Add an import's new dispatches, entries and annotations; already known ids are skipped.

    Skipping known ids is what makes re-importing a dispatch harmless. Annotations for
    entries already coded by the same annotator are kept as they were (reported, not
    overwritten), so an import can never destroy coding.
    """

    def __init__(self, batch: ImportBatch, text: str = "Import") -> None:
        self.text = text
        self.batch = batch
        self.added_dispatches: list[str] = []
        self.added_entries: list[str] = []
        self.added_annotations: list[tuple[str, str]] = []
        self.skipped_annotations = 0
        self.problems: list[str] = []

    def redo(self, project: Project) -> Change:
        self.added_dispatches = []
        self.added_entries = []
        self.added_annotations = []
        self.skipped_annotations = 0
        self.problems = []
        for d in self.batch.dispatches:
            if d.id not in project.dispatches:
                project.dispatches[d.id] = d
                self.added_dispatches.append(d.id)
        known = {e.id for e in project.entries}
        for e in self.batch.entries:
            if e.id not in known:
                project.entries.append(e)
                known.add(e.id)
                self.added_entries.append(e.id)
        project.entries_changed()
        given = {e.id: e.text for e in self.batch.entries}
        for annotator, layer in self.batch.layers.items():
            for entry_id, ann in layer.items():
                if not project.has_entry(entry_id):
                    self.problems.append(f"an annotation by {annotator} of unknown entry {entry_id} left out")
                    continue
                if project.annotation(annotator, entry_id) is not None:
                    self.skipped_annotations += 1
                    continue
                stored = project.entry(entry_id).text
                fitted, dropped = fit_annotation(ann, given.get(entry_id, stored), stored)
                if dropped:
                    self.problems.append(_unfitted(annotator, entry_id, dropped))
                project.set_annotation(annotator, entry_id, fitted.copy())
                self.added_annotations.append((annotator, entry_id))
        return Change(
            entry_ids=frozenset(self.added_entries) | frozenset(e for _, e in self.added_annotations),
            annotators=frozenset(a for a, _ in self.added_annotations),
            entries_added_or_removed=bool(self.added_entries),
        )

    def undo(self, project: Project) -> Change:
        for annotator, entry_id in self.added_annotations:
            project.set_annotation(annotator, entry_id, None)
            if project.layer(annotator) == {}:
                project.remove_layer(annotator)
        added = set(self.added_entries)
        if added:
            project.entries[:] = [e for e in project.entries if e.id not in added]
            project.entries_changed()
        for d in self.added_dispatches:
            project.dispatches.pop(d, None)
        return Change(
            entry_ids=frozenset(self.added_entries) | frozenset(e for _, e in self.added_annotations),
            annotators=frozenset(a for a, _ in self.added_annotations),
            entries_added_or_removed=bool(self.added_entries),
        )


def _unfitted(annotator: str, entry_id: str, dropped: int) -> str:
    return (
        f"{dropped} span{'s' * (dropped != 1)} by {annotator} of entry {entry_id} left out: "
        "they do not fit the entry's stored text"
    )


class ReplaceCodebook(Command):
    """Swap the codebook, together with any annotations the edit had to rewrite.

    Renames and merges of values change stored annotations too; the codebook editor
    computes those rewrites and hands them in here so one undo step restores both. So with
    imported predictions (``predictions``: before and after), which must name only codes
    the codebook lists for the project to load again.
    """

    def __init__(
        self,
        text: str,
        before: Codebook,
        after: Codebook,
        rewrites: Iterable[tuple[str, str, Annotation | None, Annotation | None]] = (),
        predictions: tuple[ImportedPredictions | None, ImportedPredictions | None] | None = None,
    ) -> None:
        self.text = text
        self.before = before.copy()
        self.after = after.copy()
        self.rewrites = ReplaceAnnotations(text, rewrites)
        self.predictions = predictions

    def _apply(self, project: Project, codebook: Codebook, changed: Change, at: int) -> Change:
        project.codebook = codebook.copy()
        if self.predictions is not None:
            project.predictions = self.predictions[at]
        return Change(
            entry_ids=changed.entry_ids,
            annotators=changed.annotators,
            codebook=True,
            suggestions=self.predictions is not None,
            predictions=self.predictions is not None,
        )

    def redo(self, project: Project) -> Change:
        return self._apply(project, self.after, self.rewrites.redo(project), 1)

    def undo(self, project: Project) -> Change:
        return self._apply(project, self.before, self.rewrites.undo(project), 0)


class EntryTime(NamedTuple):
    """An entry's time fields: local ``timestamp``, the ``zone`` it is in, the ``utc`` instant."""

    timestamp: str | None
    zone: str | None
    utc: str | None


@dataclass(frozen=True)
class DispatchDating:
    """A dispatch's date, its record of where the date came from, and its entries' times."""

    published: str | None
    meta: dict[str, Any]
    #: entry id -> its time fields, for every entry of the dispatch
    times: dict[str, EntryTime]


class RedateDispatch(Command):
    """Swap one dispatch's date, meta and entry times between two whole states.

    Whole before and after states (not a shift to apply and take back) keep undo exact
    whatever the rule that computed the new stamps; ``formats.dispatch_dating`` holds that
    rule, because it needs the live-blog time parser, which core may not import.
    """

    def __init__(self, text: str, dispatch_id: str, before: DispatchDating, after: DispatchDating) -> None:
        self.text = text
        self.dispatch_id = dispatch_id
        self.before = before
        self.after = after

    def _apply(self, project: Project, state: DispatchDating) -> Change:
        dispatch = project.dispatches[self.dispatch_id]
        dispatch.published = state.published
        dispatch.meta = dict(state.meta)
        for entry_id, (timestamp, zone, utc) in state.times.items():
            entry = project.entry(entry_id)
            entry.timestamp, entry.zone, entry.utc = timestamp, zone, utc
        return Change(entry_ids=frozenset(state.times), times=True)  # the index parses times afresh

    def redo(self, project: Project) -> Change:
        return self._apply(project, self.after)

    def undo(self, project: Project) -> Change:
        return self._apply(project, self.before)


class SetBlind(Command):
    """Make an annotator code blind (no suggestions shown: the reliability sample) or not.

    Kept in the project's ``meta`` so that everyone who opens the project sees the same
    setting, and undoable like any other change to the project.
    """

    def __init__(self, annotator: str, blind: bool) -> None:
        self.annotator = annotator
        self.blind = blind
        self.text = f"{'Code' if blind else 'Stop coding'} blind: {annotator}"
        self._before: list[str] | None = None

    def _set(self, project: Project, names: list[str] | None) -> Change:
        if names:
            project.meta[BLIND_FIELD] = names
        else:
            project.meta.pop(BLIND_FIELD, None)
        return Change(annotators=frozenset({self.annotator}), suggestions=True)

    def redo(self, project: Project) -> Change:
        before = blind_annotators(project)
        self._before = before if BLIND_FIELD in project.meta else None
        after = [n for n in before if n != self.annotator] + ([self.annotator] if self.blind else [])
        return self._set(project, after)

    def undo(self, project: Project) -> Change:
        return self._set(project, self._before)


class ReplacePredictions(Command):
    """Put an outside model's scores in place of those imported before (one outside model
    at a time, as ``workbench-cli import-predictions`` does), undoably: a wrong file is
    one Ctrl+Z away from gone, with the earlier model's scores back."""

    def __init__(self, text: str, before: ImportedPredictions | None, after: ImportedPredictions) -> None:
        self.text = text
        self.before = before
        self.after = after

    def _set(self, project: Project, predictions: ImportedPredictions | None) -> Change:
        project.predictions = predictions
        return Change(suggestions=True, predictions=True)

    def redo(self, project: Project) -> Change:
        return self._set(project, self.after)

    def undo(self, project: Project) -> Change:
        return self._set(project, self.before)
