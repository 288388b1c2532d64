"""Which entries the navigator shows: free text, codes, status, annotator, time of day, dates.

Filtering runs on every key stroke in the search field over up to 150,000 entries, so the
slow parts are precomputed once per project and kept (``entry_index``), and the coding
conditions are kept as entry sets patched per change (``CodingIndex``). The text test goes
last, on the entries the cheaper conditions kept. ``within_time`` lets a caller that
already holds the result without time conditions (the activity chart's basis) narrow it
to a time range without searching the text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from workbench.core.commands import Change
from workbench.core.entry_index import index_for
from workbench.core.entry_times import NO_DAY
from workbench.core.model import Annotation, Project

#: The statuses a filter can ask for; "uncoded" means no value and no span yet.
FILTER_STATUSES = ("todo", "done", "flagged", "uncoded")


@dataclass(frozen=True)
class EntryFilter:
    """What the analyst asked to see; the empty filter shows everything."""

    text: str = ""
    codes: tuple[tuple[str, str], ...] = ()
    status: str | None = None  # "todo" | "done" | "flagged" | "uncoded"
    annotator: str | None = None  # entries this annotator coded
    minutes: tuple[int, int] | None = None  # [start, end) minutes of the local day
    dates: tuple[str | None, str | None] | None = None  # inclusive ISO dates; None: open end

    def without_time(self) -> EntryFilter:
        """The same filter ignoring time of day and dates (the activity chart's basis)."""
        return replace(self, minutes=None, dates=None)

    def is_empty(self) -> bool:
        return self == EntryFilter()


def is_coded(annotation: Annotation | None) -> bool:
    """Coded means at least one value or span; a note or status alone does not count."""
    return annotation is not None and bool(annotation.values or annotation.spans)


def has_code(annotation: Annotation | None, dimension: str, value: str) -> bool:
    if annotation is None:
        return False
    coded = annotation.values.get(dimension)
    if coded == value or (isinstance(coded, list) and value in coded):
        return True
    return any(s.dimension == dimension and s.value == value for s in annotation.spans)


def filter_entries(
    project: Project,
    entry_filter: EntryFilter,
    annotator: str,
    coding: CodingIndex | None = None,
    among: list[int] | None = None,
) -> list[int]:
    """Indices into ``project.entries`` of the entries the filter lets through, in project order.

    Codes and status are read from the filter's annotator when it names one, otherwise from
    ``annotator`` (the person coding), because "done" means done by whoever is asking.
    Conditions on coding are sets of entry indices from ``coding`` (kept by a caller that
    tells it every change; by default built afresh from the annotation layers). ``among``
    (ascending indices) limits the answer to those entries: a caller holding a result
    re-checks only the entries a change touched.
    """
    entries = project.entries
    f = entry_filter
    if f.is_empty():
        return list(range(len(entries))) if among is None else list(among)
    index = index_for(project)
    candidates: list[int] | None = None if among is None else list(among)  # None: every entry so far

    if f.minutes is not None or f.dates is not None:
        candidates = within_time(
            project, range(len(entries)) if candidates is None else candidates, f.minutes, f.dates
        )

    coding = coding if coding is not None else CodingIndex(project)
    required: list[set[int]] = []
    excluded: list[set[int]] = []
    if f.annotator is not None:
        required.append(coding.entries(f.annotator, ("coded",)))
    whose = f.annotator or annotator
    if f.status in ("done", "flagged"):
        required.append(coding.entries(whose, ("status", f.status)))
    elif f.status == "todo":
        excluded.append(coding.entries(whose, ("not todo",)))
    elif f.status == "uncoded":
        excluded.append(coding.entries(whose, ("coded",)))
    for dimension, value in f.codes:
        required.append(coding.entries(whose, ("code", dimension, value)))

    if required:
        required.sort(key=len)
        smallest = required[0]
        candidates = sorted(smallest) if candidates is None else [i for i in candidates if i in smallest]
        for others in required[1:]:
            candidates = [i for i in candidates if i in others]
    if candidates is None and excluded:
        candidates = list(range(len(entries)))
    for others in excluded:
        candidates = [i for i in candidates if i not in others]
    needle = f.text.strip().casefold()
    if needle:
        candidates = index.with_text(needle, candidates)
    return list(range(len(entries))) if candidates is None else candidates


def within_time(
    project: Project,
    indices: Iterable[int],
    minutes: tuple[int, int] | None,
    dates: tuple[str | None, str | None] | None,
) -> list[int]:
    """The ``indices`` whose entry falls in ``minutes`` of the day and ``dates`` (None: any).

    Entries without a time fall outside every range. Cheap (a numpy test over the kept
    indices), so a time range can be applied to a kept result instead of filtering from scratch.
    """
    if minutes is None and dates is None:
        return list(indices)
    index = index_for(project)
    kept = np.fromiter(indices, np.intp)
    if minutes is not None:
        start, end = minutes
        of_day = index.times.minute[kept]
        kept = kept[(of_day >= start) & (of_day < end)]
    if dates is not None:
        first, last = dates
        days = index.times.day[kept]
        within = days != NO_DAY
        if first is not None:
            within &= days >= np.datetime64(first, "D").astype(np.int64)
        if last is not None:
            within &= days <= np.datetime64(last, "D").astype(np.int64)
        kept = kept[within]
    return kept.tolist()


class CodingIndex:
    """The entries meeting each coding condition, kept between filterings and patched per change.

    Building one condition walks a whole annotation layer (120,000 annotations take 30-150 ms,
    most of it in dictionary look-ups), while a coding change touches a handful of entries.
    So an owner that sees every change (the window's session) keeps one index and passes it
    each ``Change``; without such an owner use a fresh index per filtering.
    Conditions: ("coded",), ("status", "done"|"flagged"), ("not todo",), ("code", dim, value).
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._sets: dict[tuple[str, ...], set[int]] = {}

    def entries(self, annotator: str, condition: tuple[str, ...]) -> set[int]:
        """Indices of the entries ``annotator``'s coding puts under ``condition`` (do not modify)."""
        key = (annotator, *condition)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = self._build(annotator, condition)
        return found

    def note_change(self, change: Change) -> None:
        """Bring the kept sets up to date with ``change`` (already applied to the project)."""
        if change.entries_added_or_removed or change.codebook:
            self._sets.clear()  # positions or dimension kinds moved: rebuild on demand
            return
        position_of = self.project.positions()
        for (annotator, *condition), found in self._sets.items():
            if annotator not in change.annotators:
                continue
            for entry_id in change.entry_ids:
                i = position_of.get(entry_id)
                if i is None:
                    continue
                if self._holds(self.project.annotation(annotator, entry_id), tuple(condition)):
                    found.add(i)
                else:
                    found.discard(i)

    def _build(self, annotator: str, condition: tuple[str, ...]) -> set[int]:
        position_of = self.project.positions()
        layer = self.project.layer(annotator) or {}
        kind, *args = condition
        if kind == "coded":
            return {position_of[e] for e, a in layer.items() if (a.values or a.spans) and e in position_of}
        if kind == "status":
            (wanted,) = args
            return {position_of[e] for e, a in layer.items() if a.status == wanted and e in position_of}
        if kind == "not todo":
            return {position_of[e] for e, a in layer.items() if a.status != "todo" and e in position_of}
        dimension, value = args
        return _coded_with(self.project, layer, position_of, dimension, value)

    def _holds(self, annotation: Annotation | None, condition: tuple[str, ...]) -> bool:
        if annotation is None:
            return False
        kind, *args = condition
        if kind == "coded":
            return is_coded(annotation)
        if kind == "status":
            return annotation.status == args[0]
        if kind == "not todo":
            return annotation.status != "todo"
        dimension, value = args
        known = self.project.codebook.dimension(dimension)
        in_spans = any(s.dimension == dimension and s.value == value for s in annotation.spans)
        coded = annotation.values.get(dimension)
        in_values = coded == value or (isinstance(coded, list) and value in coded)
        if known is None:
            return in_spans or in_values
        return in_spans if known.kind == "span" else in_values


def _coded_with(
    project: Project, layer: dict[str, Annotation], position_of: dict[str, int], dimension: str, value: str
) -> set[int]:
    """Entries coded ``dimension:value``; spans are looked at only for span dimensions (cheaper)."""
    known = project.codebook.dimension(dimension)
    found: set[int] = set()
    if known is None or known.kind == "span":
        found |= {
            position_of[e]
            for e, a in layer.items()
            if a.spans
            and e in position_of
            and any(s.dimension == dimension and s.value == value for s in a.spans)
        }
    if known is None or known.kind != "span":
        found |= {
            position_of[e]
            for e, a in layer.items()
            if ((c := a.values.get(dimension)) == value or (type(c) is list and value in c))
            and e in position_of
        }
    return found
