"""Which entries the navigator shows: free text, codes, status, annotator, time of day, dates.

Filtering runs on every key stroke in the search field over up to 150,000 entries, so the
slow parts are precomputed once per project and kept: all entry texts (with their dispatch
titles) case-folded and joined into one string, searched with ``str.find`` in C and mapped
back to entries by bisection, and each entry's minute of day and date. Entry texts never
change once imported, so the index is rebuilt only when entries are added or removed.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass, replace

from workbench.core.model import Annotation, Project

#: The statuses a filter can ask for; "uncoded" means no value and no span yet.
FILTER_STATUSES = ("todo", "done", "flagged", "uncoded")
_SEPARATOR = "\x00"


@dataclass(frozen=True)
class EntryFilter:
    """What the analyst asked to see; the empty filter shows everything."""

    text: str = ""
    codes: tuple[tuple[str, str], ...] = ()
    status: str | None = None  # "todo" | "done" | "flagged" | "uncoded"
    annotator: str | None = None  # entries this annotator coded
    minutes: tuple[int, int] | None = None  # [start, end) minutes of the local day
    dates: tuple[str, str] | None = None  # inclusive ISO dates

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


class _SearchIndex:
    """Per-project precomputed search text, minutes of day and dates."""

    def __init__(self, project: Project) -> None:
        entries = project.entries
        self.key = _index_key(project)
        titles = {d.id: d.title for d in project.dispatches.values()}
        folded = [f"{e.text}\n{titles.get(e.dispatch_id, '')}".casefold() for e in entries]
        self.starts: list[int] = []
        position = 0
        for text in folded:
            self.starts.append(position)
            position += len(text) + 1
        self.haystack = _SEPARATOR.join(folded)
        self.minutes = [
            int(e.timestamp[11:13]) * 60 + int(e.timestamp[14:16]) if e.timestamp else -1 for e in entries
        ]
        self.dates = [e.timestamp[:10] if e.timestamp else "" for e in entries]

    def matching_text(self, needle: str) -> list[int]:
        """Indices of entries whose text or dispatch title contains ``needle`` (folded)."""
        found: list[int] = []
        haystack, starts = self.haystack, self.starts
        last = len(starts) - 1
        position = haystack.find(needle)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            found.append(index)
            if index == last:
                break
            position = haystack.find(needle, starts[index + 1])
        return found


_indexes: dict[int, tuple[weakref.ref[Project], _SearchIndex]] = {}


def _index_key(project: Project) -> tuple[int, int, str]:
    entries = project.entries
    return (id(entries), len(entries), entries[-1].id if entries else "")


def _index_for(project: Project) -> _SearchIndex:
    held = _indexes.get(id(project))
    if held is not None and held[0]() is project and held[1].key == _index_key(project):
        return held[1]
    index = _SearchIndex(project)
    key = id(project)
    _indexes[key] = (weakref.ref(project, lambda _ref: _indexes.pop(key, None)), index)
    return index


def filter_entries(project: Project, entry_filter: EntryFilter, annotator: str) -> list[int]:
    """Indices into ``project.entries`` of the entries the filter lets through, in project order.

    Codes and status are read from the filter's annotator when it names one, otherwise from
    ``annotator`` (the person coding), because "done" means done by whoever is asking.
    """
    entries = project.entries
    f = entry_filter
    if f.is_empty():
        return list(range(len(entries)))
    index = _index_for(project)
    needle = f.text.strip().casefold()
    candidates: list[int] = index.matching_text(needle) if needle else list(range(len(entries)))

    if f.minutes is not None:
        start, end = f.minutes
        minutes = index.minutes
        candidates = [i for i in candidates if start <= minutes[i] < end]
    if f.dates is not None:
        first, last = f.dates
        dates = index.dates
        candidates = [i for i in candidates if dates[i] and first <= dates[i] <= last]

    if f.annotator is not None:
        chosen = project.layers.get(f.annotator, {})
        candidates = [i for i in candidates if is_coded(chosen.get(entries[i].id))]

    layer = project.layers.get(f.annotator or annotator, {})
    if f.status is not None:
        candidates = _with_status(candidates, entries, layer, f.status)
    for dimension, value in f.codes:
        candidates = [i for i in candidates if has_code(layer.get(entries[i].id), dimension, value)]
    return candidates


def _with_status(
    candidates: list[int], entries: list, layer: dict[str, Annotation], status: str
) -> list[int]:
    if status == "uncoded":
        return [i for i in candidates if not is_coded(layer.get(entries[i].id))]
    if status == "todo":
        kept = []
        for i in candidates:
            annotation = layer.get(entries[i].id)
            if annotation is None or annotation.status == "todo":
                kept.append(i)
        return kept
    return [i for i in candidates if (a := layer.get(entries[i].id)) is not None and a.status == status]
