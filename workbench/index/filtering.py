"""Which entries a filter lets through, answered from the project index.

Filtering runs on every key stroke in the search field over up to 150,000 entries, so the
slow parts are the index's: the folded texts and word rows (``ProjectIndex.text``), the
coding conditions as masks over the entries patched per change (``ProjectIndex.coding``)
and the entry times. The text test goes last, on the entries the cheaper conditions kept.
``within_time`` lets a caller that already holds the result without time conditions (the
activity chart's basis) narrow it to a time range without searching the text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from workbench.core.entry_times import NO_DAY
from workbench.core.filtering import EntryFilter
from workbench.core.provenance import is_blind

if TYPE_CHECKING:
    from workbench.index.project_index import ProjectIndex


def filter_entries(
    index: ProjectIndex,
    entry_filter: EntryFilter,
    annotator: str,
    among: list[int] | None = None,
) -> list[int]:
    """Indices into ``project.entries`` of the entries the filter lets through, in project order.

    Codes and status are read from the filter's annotator when it names one, otherwise from
    ``annotator`` (the person coding), because "done" means done by whoever is asking.
    Conditions on coding are masks from ``index.coding``, kept up to date by whoever tells
    the index every change (the window's session; a one-off caller uses a fresh index). ``among``
    (ascending indices) limits the answer to those entries: a caller holding a result
    re-checks only the entries a change touched.
    """
    entries = index.project.entries
    f = entry_filter
    if f.is_empty():
        return list(range(len(entries))) if among is None else list(among)
    candidates: list[int] | None = None if among is None else list(among)  # None: every entry so far

    if f.minutes is not None or f.dates is not None:
        candidates = within_time(
            index, range(len(entries)) if candidates is None else candidates, f.minutes, f.dates, utc=f.utc
        )

    coding = index.coding
    required: list[np.ndarray] = []
    excluded: list[np.ndarray] = []
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

    if required or excluded:
        candidates = _meeting(required, excluded, candidates)
    if f.confidence is not None:
        candidates = _within_confidence(index, annotator, f.confidence, candidates)
    needle = f.text.strip().casefold()
    if needle:
        candidates = index.text.with_text(needle, candidates)
    return list(range(len(entries))) if candidates is None else candidates


def _meeting(
    required: list[np.ndarray], excluded: list[np.ndarray], candidates: list[int] | None
) -> list[int]:
    """The candidates (None: every entry) set in every ``required`` mask and in no ``excluded`` one."""
    if candidates is None:
        keep = np.ones(len((required or excluded)[0]), bool)
        for mask in required:
            keep &= mask
        for mask in excluded:
            keep &= ~mask
        return np.flatnonzero(keep).tolist()
    chosen = np.asarray(candidates, np.intp)  # a few entries when a change is re-checked
    keep = np.ones(len(chosen), bool)
    for mask in required:
        keep &= mask[chosen]
    for mask in excluded:
        keep &= ~mask[chosen]
    met: list[int] = chosen[keep].tolist()
    return met


def _within_confidence(
    index: ProjectIndex, annotator: str, bounds: tuple[float, float], candidates: list[int] | None
) -> list[int]:
    """The candidates (None: every entry) whose best suggestion scores in [low, high).

    A blind annotator is shown no suggestion, so no score may pick entries for them either.
    """
    if is_blind(index.project, annotator):
        return []
    low, high = bounds
    scores = index.suggestions.confidences()
    chosen = np.arange(len(scores)) if candidates is None else np.asarray(candidates, np.intp)
    of_chosen = scores[chosen]
    kept: list[int] = chosen[(of_chosen >= low) & (of_chosen < high)].tolist()  # NaN fails both
    return kept


def within_time(
    index: ProjectIndex,
    indices: Iterable[int],
    minutes: tuple[int, int] | None,
    dates: tuple[str | None, str | None] | None,
    *,
    utc: bool = False,
) -> list[int]:
    """The ``indices`` whose entry falls in ``minutes`` of the day and ``dates`` (None: any),
    of the local clock or, with ``utc``, of the UTC one.

    Entries without a time (or, with ``utc``, without a UTC time) fall outside every range. Cheap (a numpy test over the kept
    indices), so a time range can be applied to a kept result instead of filtering from scratch.
    """
    if minutes is None and dates is None:
        return list(indices)
    times = index.utc_times if utc else index.times
    kept = np.fromiter(indices, np.intp)
    if minutes is not None:
        start, end = minutes
        of_day = times.minute[kept]
        kept = kept[(of_day >= start) & (of_day < end)]
    if dates is not None:
        first, last = dates
        days = times.day[kept]
        within = days != NO_DAY
        if first is not None:
            within &= days >= np.datetime64(first, "D").astype(np.int64)
        if last is not None:
            within &= days <= np.datetime64(last, "D").astype(np.int64)
        kept = kept[within]
    within_range: list[int] = kept.tolist()
    return within_range
