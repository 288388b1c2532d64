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
from functools import cached_property

from workbench.core.model import Annotation, Project

#: The statuses a filter can ask for; "uncoded" means no value and no span yet.
FILTER_STATUSES = ("todo", "done", "flagged", "uncoded")
_SEPARATOR = "\x00"
#: Relative costs per entry (measured): checking one candidate's text on its own, scanning past
#: an entry in the one-pass search, and handling a hit of that search.
_COST_ONE, _COST_SCAN, _COST_HIT = 1.2, 0.5, 1.9
_SAMPLE = 200


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
    """Per-project precomputed search text, minutes of day, dates and id positions.

    Each part is built on first use, so opening a project pays only for what is asked:
    the folded text (the costly part) waits for the first text search.
    """

    def __init__(self, project: Project) -> None:
        self.project = weakref.proxy(project)
        self.key = _index_key(project)

    @cached_property
    def _folded(self) -> tuple[str, list[int]]:
        entries = self.project.entries
        titles = {d.id: d.title for d in self.project.dispatches.values()}
        folded = [f"{e.text}\n{titles.get(e.dispatch_id, '')}".casefold() for e in entries]
        starts: list[int] = []
        position = 0
        for text in folded:
            starts.append(position)
            position += len(text) + 1
        return _SEPARATOR.join(folded), starts

    @cached_property
    def minutes(self) -> list[int]:
        return [
            int(e.timestamp[11:13]) * 60 + int(e.timestamp[14:16]) if e.timestamp else -1
            for e in self.project.entries
        ]

    @cached_property
    def dates(self) -> list[str]:
        return [e.timestamp[:10] if e.timestamp else "" for e in self.project.entries]

    def with_text(self, needle: str, candidates: list[int] | None) -> list[int]:
        """The candidates (None: all entries) whose folded text contains ``needle``.

        Text goes last because it is the costly test. Either every candidate is checked on
        its own, or the whole text is scanned once and each hit paid for; a sample of the
        candidates estimates how common the needle is, to pick the cheaper way.
        """
        if candidates is not None and self._one_by_one_is_cheaper(needle, candidates):
            return [i for i in candidates if needle in self._text_of(i)]
        found = self.matching_text(needle)
        if candidates is None:
            return found
        hits = set(found)
        return [i for i in candidates if i in hits]

    def _text_of(self, i: int) -> str:
        haystack, starts = self._folded
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(haystack)
        return haystack[starts[i] : end]

    def _one_by_one_is_cheaper(self, needle: str, candidates: list[int]) -> bool:
        if not candidates:
            return True
        step = max(1, len(candidates) // _SAMPLE)
        sample = candidates[::step]
        hit_rate = sum(needle in self._text_of(i) for i in sample) / len(sample)
        total = len(self.project.entries)
        return _COST_ONE * len(candidates) < (_COST_SCAN + _COST_HIT * hit_rate) * total

    def matching_text(self, needle: str) -> list[int]:
        """Indices of entries whose text or dispatch title contains ``needle`` (folded)."""
        found: list[int] = []
        haystack, starts = self._folded
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
    Conditions on coding walk the annotation layer (only coded entries) rather than every
    entry, and are combined as sets of entry indices.
    """
    entries = project.entries
    f = entry_filter
    if f.is_empty():
        return list(range(len(entries)))
    index = _index_for(project)
    candidates: list[int] | None = None  # None: every entry so far

    if f.minutes is not None:
        start, end = f.minutes
        minutes = index.minutes
        scope = range(len(entries)) if candidates is None else candidates
        candidates = [i for i in scope if start <= minutes[i] < end]
    if f.dates is not None:
        first, last = f.dates
        dates = index.dates
        scope = range(len(entries)) if candidates is None else candidates
        candidates = [i for i in scope if dates[i] and first <= dates[i] <= last]

    required: list[set[int]] = []
    excluded: list[set[int]] = []
    position_of = project.positions()
    if f.annotator is not None:
        chosen = project.layers.get(f.annotator, {})
        required.append(
            {position_of[e] for e, a in chosen.items() if (a.values or a.spans) and e in position_of}
        )
    layer = project.layers.get(f.annotator or annotator, {})
    if f.status in ("done", "flagged"):
        wanted = f.status
        required.append({position_of[e] for e, a in layer.items() if a.status == wanted and e in position_of})
    elif f.status == "todo":
        excluded.append({position_of[e] for e, a in layer.items() if a.status != "todo" and e in position_of})
    elif f.status == "uncoded":
        excluded.append(
            {position_of[e] for e, a in layer.items() if (a.values or a.spans) and e in position_of}
        )
    for dimension, value in f.codes:
        required.append(_coded_with(project, layer, position_of, dimension, value))

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
