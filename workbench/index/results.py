"""Kept filter results: what the entry list and the activity chart ask for on every refresh.

Part of the project index (``ProjectIndex.results``), so it is told of every change in the
one order the index keeps (coding masks first, then these) and can be tested without Qt.
A result is kept with the filter and annotator it answers, so asking again with the same
ones costs nothing, and asking with others simply filters again.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

import numpy as np

from workbench.core.filtering import EntryFilter
from workbench.core.undoable import Change
from workbench.index.filtering import filter_entries, within_time

if TYPE_CHECKING:
    from workbench.index.project_index import ProjectIndex

#: What a kept result answers: the filter and whose coding its status and codes read.
_Asked = tuple[EntryFilter, str]


class _ArrayOf:
    """The numpy array of the last list of indices asked for, made again only for another
    list: results are replaced, never changed in place, and converting 100,000 ints costs
    4 ms, too much for every tag key press."""

    def __init__(self) -> None:
        self._made: tuple[list[int], np.ndarray] | None = None

    def __call__(self, indices: list[int]) -> np.ndarray:
        if self._made is None or self._made[0] is not indices:
            self._made = (indices, np.asarray(indices, np.intp))
        return self._made[1]


class FilterResults:
    """The last shown result, and the last result without time conditions.

    The entry list and the activity chart ask for the same text and coding conditions with
    different time ranges, so the text is searched once per filter change, not per asker;
    a time range is then a cheap numpy test over the kept result.
    """

    def __init__(self, index: ProjectIndex) -> None:
        self._index = index
        self._shown: tuple[_Asked, list[int]] | None = None
        self._shown_array = _ArrayOf()
        # A list owned here and never changed in place (callers get copies, ``within_time``),
        # so a new list marks a new result for ``indices_array_for``.
        self._untimed: tuple[_Asked, list[int]] | None = None
        self._untimed_array = _ArrayOf()

    def shown(self, entry_filter: EntryFilter, annotator: str) -> list[int]:
        """Indices the filter lets through, kept for the filter the list shows."""
        asked = (entry_filter, annotator)
        if self._shown is None or self._shown[0] != asked:
            self._shown = (asked, self.indices_for(entry_filter, annotator))
        return self._shown[1]

    def shown_array(self, entry_filter: EntryFilter, annotator: str) -> np.ndarray:
        """``shown`` as a numpy array, made once per result (the chart counts the visible
        entries on every tag key press)."""
        return self._shown_array(self.shown(entry_filter, annotator))

    def indices_for(self, entry_filter: EntryFilter, annotator: str) -> list[int]:
        """Indices ``entry_filter`` lets through, reusing the kept result without time conditions."""
        kept = self._untimed_result(entry_filter.without_time(), annotator)
        return within_time(self._index, kept, entry_filter.minutes, entry_filter.dates, utc=entry_filter.utc)

    def indices_array_for(self, entry_filter: EntryFilter, annotator: str, shown: EntryFilter) -> np.ndarray:
        """``indices_for`` as an array, for counting: the chart counts the entries of the filter
        without its time range on every tag key press, so that result is converted once.
        ``shown``: the filter the list shows (its array is kept too)."""
        if entry_filter == shown:
            return self.shown_array(shown, annotator)
        if entry_filter.minutes is not None or entry_filter.dates is not None:
            return np.asarray(self.indices_for(entry_filter, annotator), np.intp)
        return self._untimed_array(self._untimed_result(entry_filter.without_time(), annotator))

    def _untimed_result(self, untimed: EntryFilter, annotator: str) -> list[int]:
        asked = (untimed, annotator)
        if self._untimed is None or self._untimed[0] != asked:
            self._untimed = (asked, filter_entries(self._index, untimed, annotator))
        return self._untimed[1]

    def forget_shown(self) -> None:
        """The list's filter changed: make its result when next asked, even if a result for
        that filter is kept from before (the coding may have moved entries in or out since)."""
        self._shown = None

    def forget(self) -> None:
        """Filter afresh when next asked (the same filter again, or another annotator)."""
        self._shown = None
        self._untimed = None

    def note_change(self, change: Change) -> None:
        """After ``change`` (the coding masks already patched): patch the kept result without
        time conditions, and drop the shown one when a time or date filter may keep others.

        The shown result is otherwise kept on purpose: an entry coded out of the filter's
        reach stays in the list until the analyst filters again.
        """
        self._untimed = self._brought_up_to_date(change)  # the chart recounts from the data as it is now
        if change.entries_added_or_removed or change.times:
            self._shown = None

    def _brought_up_to_date(self, change: Change) -> tuple[_Asked, list[int]] | None:
        """The kept result without time conditions after ``change``, or None to filter afresh.

        Only the entries the change touched are filtered again: this runs on every tag key
        press, and filtering everything again costs up to 100 ms under a text and a status
        condition at 150,000 entries.
        """
        if self._untimed is None or change.entries_added_or_removed or change.codebook:
            return None
        asked, kept = self._untimed
        positions = self._index.project.positions()
        touched = sorted({positions[e] for e in change.entry_ids if e in positions})
        passing = set(filter_entries(self._index, asked[0], asked[1], among=touched))
        updated = kept
        for i in touched:
            at = bisect_left(updated, i)
            present = at < len(updated) and updated[at] == i
            if (i in passing) != present:
                updated = updated if updated is not kept else list(kept)
                if present:
                    del updated[at]
                else:
                    updated.insert(at, i)
        return asked, updated
