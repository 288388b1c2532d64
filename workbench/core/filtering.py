"""Which entries the navigator shows: free text, codes, status, annotator, time of day, dates.

Filtering runs on every key stroke in the search field over up to 150,000 entries, so the
slow parts are precomputed once per project and kept: all entry texts (with their dispatch
titles) case-folded and joined into one string, searched with ``str.find`` in C and mapped
back to entries by bisection, and each entry's minute of day and date. Entry texts never change once
imported, so the index is rebuilt only when entries are added or removed. The text test
goes last, on the entries the cheaper conditions kept. ``within_time`` lets a caller that
already holds the result without time conditions (the activity chart's basis) narrow it
to a time range without searching the text again.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from workbench.core.commands import Change
from workbench.core.model import Annotation, Project
from workbench.core.text_signatures import SEPARATOR, TextSignatures

#: The statuses a filter can ask for; "uncoded" means no value and no span yet.
FILTER_STATUSES = ("todo", "done", "flagged", "uncoded")
#: Relative costs per entry (measured): checking one candidate's slice on its own, scanning
#: past an entry in the one-pass search, and handling a hit of that search.
_COST_ONE, _COST_SCAN, _COST_HIT = 1.0, 0.5, 1.9
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
    """Per-project precomputed search text, minutes of day and dates.

    Each part is built on first use, so opening a project pays only for what is asked:
    the folded text (the costly part) waits for the first text search.
    """

    def __init__(self, project: Project) -> None:
        self.project = weakref.proxy(project)
        self._alive = weakref.ref(project)
        self.key = _index_key(project)
        self._folded_text: tuple[str, list[int], list[int]] | None = None
        self._folding = threading.Lock()  # the background builder and a search may both ask
        #: Set by the background builder when ready; searches scan until then.
        self.signatures: TextSignatures | None = None
        self._builder: threading.Thread | None = None

    @property
    def _folded(self) -> tuple[str, list[int], list[int]]:
        """All folded texts joined by a separator, with each entry's start and end in it."""
        with self._folding:
            if self._folded_text is None:
                self._folded_text = self._fold()
            return self._folded_text

    def _fold(self) -> tuple[str, list[int], list[int]]:
        entries = self.project.entries
        titles = {d.id: d.title for d in self.project.dispatches.values()}
        folded = [f"{e.text}\n{titles.get(e.dispatch_id, '')}".casefold() for e in entries]
        starts: list[int] = []
        ends: list[int] = []
        position = 0
        for text in folded:
            starts.append(position)
            position += len(text)
            ends.append(position)
            position += len(SEPARATOR)
        return SEPARATOR.join(folded), starts, ends

    def prepare(self, wait: bool) -> None:
        """Fold the texts and build the trigram signatures on a background thread, once."""
        if self._builder is None:
            self._builder = threading.Thread(
                target=self._build_signatures, name="text-signatures", daemon=True
            )
            self._builder.start()
        if wait:
            self._builder.join()

    def _build_signatures(self) -> None:
        try:
            haystack, starts, ends = self._folded
            self.signatures = TextSignatures.build(haystack, starts, ends, self._outdated)
        except (ReferenceError, MemoryError, RuntimeError):
            # Closed before its texts were folded, no room, or entries or dispatches added
            # while they were read (this index is then outdated): searches keep scanning.
            pass

    def _outdated(self) -> bool:
        """Whether the project was closed, or its entries changed, since this index was made."""
        project = self._alive()
        return project is None or _index_key(project) != self.key

    @cached_property
    def minutes(self) -> np.ndarray:
        """Minute of the day per entry, -1 without a time (arrays: a range is one numpy test)."""
        return np.array(
            [
                int(e.timestamp[11:13]) * 60 + int(e.timestamp[14:16]) if e.timestamp else -1
                for e in self.project.entries
            ],
            np.int32,
        )

    @cached_property
    def dates(self) -> np.ndarray:
        """ISO date per entry as ASCII bytes, empty without a time."""
        return np.array(
            [
                e.timestamp[:10].encode("ascii", "replace") if e.timestamp else b""
                for e in self.project.entries
            ],
            "S10",
        )

    def with_text(self, needle: str, candidates: list[int] | None) -> list[int]:
        """The candidates (None: all entries) whose folded text contains ``needle``.

        Either each candidate's slice of the joined text is checked on its own, or the whole
        text is scanned once and each hit paid for in Python; a sample of the candidates
        estimates how common the needle is, to pick the cheaper way. (One string per entry
        instead would check candidates a third faster but scan everything a third slower,
        and holding both doubles the memory: measured on 150,000 entries.) Once the trigram
        signatures are built, they first narrow the candidates to the entries that can hold
        the needle, usually to its true hits.
        """
        self.prepare(wait=False)
        signatures = self.signatures
        if signatures is not None:
            possible = signatures.candidates(needle)
            if possible is not None:
                candidates = _narrowed(candidates, possible, signatures.entries)
        # Checking every entry on its own beats the scan for a common needle too short for
        # the signatures ("c": 80 ms against 220 ms at 150,000 entries), and a scan would
        # match the separators between entries.
        checked = range(len(self._folded[1])) if candidates is None else candidates
        if SEPARATOR in needle or self._one_by_one_is_cheaper(needle, checked):
            haystack, starts, ends = self._folded
            return [i for i in checked if needle in haystack[starts[i] : ends[i]]]
        found = self.matching_text(needle)
        if candidates is None:
            return found
        hits = set(found)
        return [i for i in candidates if i in hits]

    def _one_by_one_is_cheaper(self, needle: str, candidates: Sequence[int]) -> bool:
        if not candidates:
            return True
        haystack, starts, ends = self._folded
        step = max(1, len(candidates) // _SAMPLE)
        sample = candidates[::step]
        hit_rate = sum(needle in haystack[starts[i] : ends[i]] for i in sample) / len(sample)
        total = len(starts)
        return _COST_ONE * len(candidates) < (_COST_SCAN + _COST_HIT * hit_rate) * total

    def matching_text(self, needle: str) -> list[int]:
        """Indices of entries whose text or dispatch title contains ``needle`` (folded)."""
        found: list[int] = []
        haystack, starts, _ends = self._folded
        last = len(starts) - 1
        position = haystack.find(needle)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            found.append(index)
            if index == last:
                break
            position = haystack.find(needle, starts[index + 1])
        return found


def _narrowed(candidates: list[int] | None, possible: np.ndarray, entries: int) -> list[int]:
    """The candidates (None: all entries) that are also among ``possible`` (ascending indices)."""
    if candidates is None:
        return possible.tolist()
    mask = np.zeros(entries, bool)
    mask[possible] = True
    chosen = np.asarray(candidates, np.intp)
    return chosen[mask[chosen]].tolist()


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


def prepare_text_search(project: Project, wait: bool = False) -> None:
    """Build the project's text search index on a background thread (``wait``: block until
    built), so that the analyst's first searches need not scan every text."""
    _index_for(project).prepare(wait)


def filter_entries(
    project: Project, entry_filter: EntryFilter, annotator: str, coding: CodingIndex | None = None
) -> list[int]:
    """Indices into ``project.entries`` of the entries the filter lets through, in project order.

    Codes and status are read from the filter's annotator when it names one, otherwise from
    ``annotator`` (the person coding), because "done" means done by whoever is asking.
    Conditions on coding are sets of entry indices from ``coding`` (kept by a caller that
    tells it every change; by default built afresh from the annotation layers).
    """
    entries = project.entries
    f = entry_filter
    if f.is_empty():
        return list(range(len(entries)))
    index = _index_for(project)
    candidates: list[int] | None = None  # None: every entry so far

    if f.minutes is not None or f.dates is not None:
        candidates = within_time(project, range(len(entries)), f.minutes, f.dates)

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
    dates: tuple[str, str] | None,
) -> list[int]:
    """The ``indices`` whose entry falls in ``minutes`` of the day and ``dates`` (None: any).

    Entries without a time fall outside every range. Cheap (a numpy test over the kept
    indices), so a time range can be applied to a kept result instead of filtering from scratch.
    """
    if minutes is None and dates is None:
        return list(indices)
    index = _index_for(project)
    kept = np.fromiter(indices, np.intp)
    if minutes is not None:
        start, end = minutes
        of_day = index.minutes[kept]
        kept = kept[(of_day >= start) & (of_day < end)]
    if dates is not None:
        first, last = (day.encode("ascii", "replace") for day in dates)
        days = index.dates[kept]
        kept = kept[(days != b"") & (days >= first) & (days <= last)]
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
        layer = self.project.layers.get(annotator, {})
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
