"""Bringing several analysts' annotation layers into one project.

Sources are project files, our JSONL annotation records, and doccano or Label Studio
exports (read by ``workbench.formats.importers.reading`` when that module is present). Entries
are matched by their stable id, and where ids are absent or differ, by normalised text
(``core.ids.normalise``), so a colleague's re-imported copy of the same dispatch still
lines up. Nothing is dropped silently: unmatched entries are either added (``merge``
builds a union) or listed in the report.

A layer that exists on both sides belongs to the same annotator, so it is merged entry
by entry, keeping the annotation with the newer ``modified`` time (ties and undated
annotations keep the existing one, and are counted as conflicts). Renaming instead would
turn one analyst into two coders and inflate their agreement with themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from workbench.core.adjudication import GOLD_LAYER
from workbench.core.codebook import Codebook, builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.ids import normalise
from workbench.core.model import Annotation, Entry, ImportedPredictions, Project, Span
from workbench.core.provenance import BLIND_FIELD, blind_in
from workbench.core.undoable import AddImport, Change, Command, ImportBatch, ReplaceAnnotations
from workbench.formats.exporters.training_records import iter_jsonl, looks_like_records, records_to_batch
from workbench.formats.importers.reading import import_paths
from workbench.formats.project.file import FORMAT, loads_project, read_project_bytes


@dataclass
class LayerSource:
    """What one input file contributes: its entries and layers, and its codebook if it has one."""

    name: str
    batch: ImportBatch
    codebook: Codebook | None = None
    #: A project file's meta (empty for other files): a coder's returned file says there
    #: which assignment it belongs to (``formats.assignments.META_KEY``).
    meta: dict[str, Any] = field(default_factory=dict)
    #: A project file's imported predictions (format version 3), if any.
    predictions: ImportedPredictions | None = None


@dataclass
class MergeReport:
    source: str
    layers: list[str] = field(default_factory=list)
    shared_layers: list[str] = field(default_factory=list)
    added: int = 0
    replaced_by_newer: int = 0
    kept_conflicts: int = 0
    identical: int = 0
    matched_by_text: int = 0
    added_entries: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    dropped_spans: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        coders = [name for name in self.layers if name != GOLD_LAYER]
        gold = ", and a gold layer" if GOLD_LAYER in self.layers else ""  # a review's result, not a coder
        out = [
            f"{self.source}: annotators {', '.join(coders) or '(none)'}{gold}; {self.added} annotations added, "
            f"{self.replaced_by_newer} replaced by newer, {self.identical} identical"
        ]
        if self.shared_layers:
            out.append(
                f"  layers already present, merged per entry (newer kept): {', '.join(self.shared_layers)}; "
                f"{self.kept_conflicts} differing annotations kept as they were (not newer)"
            )
        if self.matched_by_text:
            out.append(f"  {self.matched_by_text} entries matched by text because their ids differ")
        if self.added_entries:
            out.append(f"  {len(self.added_entries)} entries not in the project were added")
        if self.unmatched:
            shown = ", ".join(self.unmatched[:10]) + (" ..." if len(self.unmatched) > 10 else "")
            out.append(f"  {len(self.unmatched)} entries match nothing in the project, not added: {shown}")
        if self.dropped_spans:
            out.append(f"  {self.dropped_spans} spans dropped: their entry text differs beyond white space")
        out += [f"  {note}" for note in self.notes]
        return out


# --- reading sources ---------------------------------------------------------------------


def read_source(path: str | os.PathLike[str], codebook: Codebook | None = None) -> LayerSource:
    """Read any supported file into entries and layers; the format is recognised by content.

    ``codebook`` guides importers of other tools' files (which label goes to which
    dimension); the plover codebook when not given.
    """
    path = Path(path)
    raw = read_project_bytes(path)  # a project file or an import: the larger limit of the two
    if not raw.strip():
        raise WorkbenchError("file is empty", file=str(path))
    whole = _parse_whole(raw)
    if isinstance(whole, dict) and whole.get("format") == FORMAT:
        try:
            project = loads_project(raw)
        except WorkbenchError as exc:
            raise exc.with_file(str(path)) from None
        batch = ImportBatch(
            list(project.dispatches.values()), project.entries, dict(project.read_every_layer())
        )
        return LayerSource(str(path), batch, project.codebook, project.meta, project.predictions)
    if whole is None:
        first = next((record for _, record in iter_jsonl(raw, str(path))), None)
        if looks_like_records(first):
            return LayerSource(str(path), records_to_batch(raw, str(path), path.stem))
    return LayerSource(str(path), _foreign_batch(path, codebook or builtin_codebook("plover")))


def _parse_whole(raw: bytes) -> object | None:
    """The file as one JSON value, or None when it is not (JSONL has several)."""
    try:
        whole: object = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return whole


def _foreign_batch(path: Path, codebook: Codebook) -> ImportBatch:
    """doccano, Label Studio and the other formats the importers read."""
    return import_paths([path], codebook)


# --- codebooks ---------------------------------------------------------------------------


def codebook_differences(first: Codebook, second: Codebook) -> list[str]:
    """How two codebooks differ, as short readable lines (empty when they agree)."""
    out = []
    if first.name != second.name:
        out.append(f"names differ: '{first.name}' and '{second.name}'")
    keys_a = {d.key for d in first.dimensions}
    keys_b = {d.key for d in second.dimensions}
    for key in sorted(keys_a - keys_b):
        out.append(f"dimension '{key}' only in '{first.name}'")
    for key in sorted(keys_b - keys_a):
        out.append(f"dimension '{key}' only in '{second.name}'")
    for key in sorted(keys_a & keys_b):
        dim_a, dim_b = first.dimension(key), second.dimension(key)
        assert dim_a is not None and dim_b is not None
        if dim_a.kind != dim_b.kind:
            out.append(f"dimension '{key}' is {dim_a.kind} in one and {dim_b.kind} in the other")
        only_a = [v.key for v in dim_a.values if dim_b.value(v.key) is None]
        only_b = [v.key for v in dim_b.values if dim_a.value(v.key) is None]
        if only_a or only_b:
            out.append(
                f"dimension '{key}' values: only in first {only_a or '-'}, only in second {only_b or '-'}"
            )
    return out


def check_codebooks(target: Codebook, source: LayerSource) -> list[str]:
    """Refuse a source coded with a differently named codebook; note smaller differences."""
    if source.codebook is None:
        return []
    differences = codebook_differences(target, source.codebook)
    if target.name != source.codebook.name:
        raise WorkbenchError("codebooks differ: " + "; ".join(differences), file=source.name)
    return [f"codebook differs from the project's (kept the project's): {d}" for d in differences]


# --- matching and planning ---------------------------------------------------------------


def _remap_spans(spans: list[Span], old_text: str, new_text: str) -> list[Span] | None:
    """Move spans between two texts that differ only in white space, or None if they differ more."""
    if old_text == new_text:
        return [Span(s.start, s.end, s.dimension, s.value) for s in spans]
    old_visible = [i for i, ch in enumerate(old_text) if not ch.isspace()]
    new_visible = [i for i, ch in enumerate(new_text) if not ch.isspace()]
    if [old_text[i] for i in old_visible] != [new_text[i] for i in new_visible]:
        return None
    rank = {pos: k for k, pos in enumerate(old_visible)}
    moved = []
    for s in spans:
        inside = [rank[i] for i in range(s.start, s.end) if i in rank]
        if not inside:
            return None
        moved.append(Span(new_visible[inside[0]], new_visible[inside[-1]] + 1, s.dimension, s.value))
    return moved


class _EntryMatcher:
    """Finds the target entry for an incoming one: same id first, then same normalised text."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._by_text: dict[str, list[str]] | None = None

    def match(self, entry: Entry) -> tuple[str | None, bool]:
        if self.project.has_entry(entry.id):
            return entry.id, False
        if self._by_text is None:
            self._by_text = {}
            for e in reversed(self.project.entries):
                self._by_text.setdefault(normalise(e.text), []).append(e.id)
        candidates = self._by_text.get(normalise(entry.text))
        if candidates:
            return candidates.pop(), True
        return None, False


@dataclass
class MergePlan:
    """The new entries and annotations to add and the annotations to replace, not yet applied."""

    batch: ImportBatch
    replacements: list[tuple[str, str, Annotation | None, Annotation | None]]
    report: MergeReport


def plan_merge(target: Project, source: LayerSource, *, add_unmatched: bool) -> MergePlan:
    """Work out what merging ``source`` into ``target`` changes, without changing anything."""
    report = MergeReport(source.name, layers=list(source.batch.layers))
    report.notes += check_codebooks(target.codebook, source)
    report.notes += source.batch.problems
    report.shared_layers = [name for name in source.batch.layers if target.has_layer(name)]
    matcher = _EntryMatcher(target)
    new = ImportBatch()
    mapping: dict[str, tuple[str, Entry | None]] = {}  # incoming id -> (target id, target entry if renamed)
    for entry in source.batch.entries:
        target_id, by_text = matcher.match(entry)
        if target_id is not None:
            report.matched_by_text += by_text
            mapping[entry.id] = (target_id, target.entry(target_id) if by_text else None)
        elif add_unmatched:
            new.entries.append(entry)
            report.added_entries.append(entry.id)
            mapping[entry.id] = (entry.id, None)
        else:
            report.unmatched.append(entry.id)
    if add_unmatched:  # a union keeps every dispatch, even one whose entries all matched
        new.dispatches = [d for d in source.batch.dispatches if d.id not in target.dispatches]
    incoming_text = {e.id: e.text for e in source.batch.entries}
    replacements: list[tuple[str, str, Annotation | None, Annotation | None]] = []
    for annotator, layer in source.batch.layers.items():
        for entry_id, ann in layer.items():
            if entry_id not in mapping:
                if entry_id not in incoming_text:
                    report.unmatched.append(entry_id)
                continue
            target_id, renamed = mapping[entry_id]
            if renamed is not None and ann.spans:
                moved = _remap_spans(ann.spans, incoming_text[entry_id], renamed.text)
                ann = ann.copy()
                if moved is None:
                    report.dropped_spans += len(ann.spans)
                    ann.spans = []
                else:
                    ann.spans = moved
            existing = target.annotation(annotator, target_id)
            if existing is None:
                new.layers.setdefault(annotator, {})[target_id] = ann
                report.added += 1
            elif existing == ann:
                report.identical += 1
            elif (ann.modified or "") > (existing.modified or ""):
                replacements.append((annotator, target_id, existing, ann))
                report.replaced_by_newer += 1
            else:
                report.kept_conflicts += 1
    return MergePlan(new, replacements, report)


class MergeLayers(Command):
    """One undo step for a whole merge: added entries and annotations, and replacements."""

    def __init__(self, plan: MergePlan, text: str = "Merge annotation layers") -> None:
        self.text = text
        self.plan = plan
        self._add = AddImport(plan.batch, text)
        self._replace = ReplaceAnnotations(text, plan.replacements)

    def redo(self, project: Project) -> Change:
        return _union(self._add.redo(project), self._replace.redo(project))

    def undo(self, project: Project) -> Change:
        return _union(self._replace.undo(project), self._add.undo(project))


def _union(a: Change, b: Change) -> Change:
    return Change(
        entry_ids=a.entry_ids | b.entry_ids,
        annotators=a.annotators | b.annotators,
        entries_added_or_removed=a.entries_added_or_removed or b.entries_added_or_removed,
        times=a.times or b.times,
    )


def merge_into(target: Project, source: LayerSource, *, add_unmatched: bool) -> MergeReport:
    """Merge at once, without undo (the CLI); the window pushes ``MergeLayers`` instead."""
    plan = plan_merge(target, source, add_unmatched=add_unmatched)
    MergeLayers(plan).redo(target)
    return plan.report


def combine(paths: list[str], codebook: Codebook | None = None) -> tuple[Project, list[MergeReport]]:
    """One project holding every input's entries and layers.

    The codebook is the first project file's, else ``codebook``, else the plover codebook
    (which then gives value order to JSONL records that use its dimensions).
    """
    return combine_sources([read_source(p, codebook) for p in paths], codebook)


def combine_sources(
    sources: list[LayerSource], codebook: Codebook | None = None
) -> tuple[Project, list[MergeReport]]:
    """``combine`` of sources already read (and checked, as against an assignment manifest)."""
    base = next((s.codebook for s in sources if s.codebook is not None), None)
    project = Project(codebook=(base or codebook or builtin_codebook("plover")).copy())
    reports = [merge_into(project, source, add_unmatched=True) for source in sources]
    _keep_suggestion_settings(project, sources)
    return project, reports


def _keep_suggestion_settings(project: Project, sources: list[LayerSource]) -> None:
    """Who codes blind (any source's say) and the first source's imported predictions, of
    the entries the merged project holds and values its codebook lists, so merging the
    coders' returned files keeps what their windows showed them."""
    blind = list(dict.fromkeys(name for source in sources for name in blind_in(source.meta)))
    if blind:
        project.meta[BLIND_FIELD] = blind
    first = next((s.predictions for s in sources if s.predictions is not None), None)
    if first is None:
        return
    known = {d.key: frozenset(d.keys()) for d in project.codebook.dimensions}
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for entry_id, by_dim in first.scores.items():
        if not project.has_entry(entry_id):
            continue
        for dim, by_value in by_dim.items():
            kept = {v: score for v, score in by_value.items() if v in known.get(dim, ())}
            if kept:
                scores.setdefault(entry_id, {})[dim] = kept
    project.predictions = ImportedPredictions(first.source, first.imported, scores)
