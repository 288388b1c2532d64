"""The open project and everything the window's parts share about it.

Panels never talk to each other: they read the session and listen to its signals. Every
change to the data goes through ``push`` (one ``QUndoStack``), and every panel refreshes
from the core ``Change`` it is told about, so a tag key press touches one row, not 150,000.
"""

from __future__ import annotations

import getpass
import os
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from workbench.core.clock_text import DEFAULT_CLOCK, Clock, entry_time_text, spans_years
from workbench.core.commands import Change, Command
from workbench.core.entry_times import EntryTimes
from workbench.core.filtering import EntryFilter
from workbench.core.gold_sync import keep_gold
from workbench.core.model import Entry, Project
from workbench.index.filtering import filter_entries, within_time
from workbench.index.project_index import ProjectIndex
from workbench.ui.idle_steps import IdleSteps
from workbench.ui.undo import CoreUndoCommand


def default_annotator() -> str:
    """Who is coding: WORKBENCH_ANNOTATOR, else the login name (the settings may override)."""
    name = os.environ.get("WORKBENCH_ANNOTATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):
        return "analyst"


#: The text search index is built this long after a project opens, on a background thread,
#: so that it does not compete with drawing the window but is ready before most first searches.
#: While layers left unread at the start are still being read, it waits as long again: the
#: two together held key presses for up to 0.6 s.
TEXT_INDEX_DELAY_MS = 1500
#: The annotators' coding conditions (statuses, coded, each code) are prepared in idle
#: moments from this long after a project opens or the annotator changes, so that the first
#: status or code filter is as quick as later ones. While layers left unread at the start
#: are still being read, it waits as long again: the window's idle moments go first to the
#: activity chart and to the reading.
CODING_INDEX_DELAY_MS = 1000


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


class Session(QObject):
    """The project being worked on, who is working on it, and where they are in it."""

    projectReplaced = Signal()
    changed = Signal(object)  # core Change, after every push, undo and redo
    currentEntryChanged = Signal(str)
    filterChanged = Signal()
    annotatorChanged = Signal(str)
    clockChanged = Signal()  # the 12/24-hour setting: every time shown is drawn again

    def __init__(
        self,
        project: Project,
        path: Path | None = None,
        annotator: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.path = Path(path) if path is not None else None
        self.annotator = annotator or default_annotator()
        self.undo_stack = QUndoStack(self)
        self.filter = EntryFilter()
        self.current_entry_id = ""
        self.clock: Clock = DEFAULT_CLOCK
        # Whether the entries span calendar years, with the times it was read from: the
        # entry index gives new times whenever entries change, which makes this stale.
        self._years: tuple[EntryTimes, bool] | None = None
        self._visible: list[int] | None = None
        self._visible_array = _ArrayOf()
        # The last result without time conditions, with the filter it answers: the entry
        # list and the activity chart ask for the same text and coding conditions with
        # different time ranges, so the text is searched once per filter change, not per asker.
        self._untimed: tuple[EntryFilter, list[int]] | None = None
        self._untimed_array = _ArrayOf()
        #: The project's derived data; every change passes through here and is told to it
        #: first, so the coding masks are patched per change instead of rebuilt per filter.
        self.index = ProjectIndex(project)
        self._preparing_coding = IdleSteps(self)
        self._shut_down = False
        self._pushing = False
        self._select_first()
        self._prepare_text_search_soon()
        self._prepare_coding_soon()

    def _once_layers_are_read(self, delay_ms: int, start: Callable[[], None]) -> None:
        """Call ``start`` ``delay_ms`` from now, or as long again each time while layers left
        unread at the start are still being read; never once the window is closing."""

        def attempt() -> None:
            if self._shut_down:
                return
            if self.project.has_unread_layers():
                QTimer.singleShot(delay_ms, self, attempt)
            else:
                start()

        QTimer.singleShot(delay_ms, self, attempt)

    def _prepare_coding_soon(self) -> None:
        self._once_layers_are_read(
            CODING_INDEX_DELAY_MS, lambda: self._preparing_coding.run(self._coding_preparation())
        )

    def shut_down(self) -> None:
        """The window is closing: start no more preparation in idle moments, and stop any."""
        self._shut_down = True
        self._preparing_coding.stop()
        self.index.close()

    def is_preparing_coding(self) -> bool:
        """Whether the coding conditions are still being prepared in idle moments."""
        return self._preparing_coding.is_running()

    def _coding_preparation(self) -> Iterator[None]:
        """The annotator's conditions, then the other annotators' statuses and "coded" (a
        "coded by" filter asks for those)."""
        yield from self.index.coding.preparing(self.annotator)
        for other in self.project.annotators():
            if other != self.annotator:
                yield from self.index.coding.preparing(other, codes=False)

    def statuses(self) -> np.ndarray:
        """Per entry, the annotator's status as ``filtering.STATUS_CODE``; kept in step with
        every change (do not modify)."""
        return self.index.coding.statuses(self.annotator)

    def _prepare_text_search_soon(self) -> None:
        self._once_layers_are_read(TEXT_INDEX_DELAY_MS, lambda: self.index.text.prepare(wait=False))

    # --- changing the data -------------------------------------------------------------

    def push(self, command: Command | None, merge_key: Hashable | None = None) -> None:
        """Run ``command`` as one undo step; None (an edit that changes nothing) is ignored.

        Consecutive pushes with the same ``merge_key`` form a single undo step.
        """
        if command is None:
            return
        self._pushing = True
        try:
            command = keep_gold(self.project, command)
            self.undo_stack.push(CoreUndoCommand(command, self.project, self._after_command, merge_key))
        finally:
            self._pushing = False

    def _after_command(self, change: Change, _undoing: bool) -> None:
        self.index.note_change(change)  # before any view hears of it (tests/ui/test_session_index.py)
        self._untimed = self._brought_up_to_date(change)  # the chart recounts from the data as it is now
        if change.entries_added_or_removed or change.times:
            self._visible = None  # a time or date filter may now keep other entries
        self.changed.emit(change)
        if change.entries_added_or_removed and not self.project.has_entry(self.current_entry_id or "-"):
            self._select_first()
            self.currentEntryChanged.emit(self.current_entry_id)
        elif not self._pushing:
            self._reveal(change)

    def _brought_up_to_date(self, change: Change) -> tuple[EntryFilter, list[int]] | None:
        """The kept result without time conditions after ``change``, or None to filter afresh.

        Only the entries the change touched are filtered again: this runs on every tag key
        press, and filtering everything again costs up to 100 ms under a text and a status
        condition at 150,000 entries.
        """
        if self._untimed is None or change.entries_added_or_removed or change.codebook:
            return None
        # A list owned here and never changed in place (callers get copies, ``within_time``),
        # so a new list marks a new result for ``indices_array_for``.
        untimed, kept = self._untimed
        positions = self.project.positions()
        touched = sorted({positions[e] for e in change.entry_ids if e in positions})
        passing = set(filter_entries(self.index, untimed, self.annotator, among=touched))
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
        return untimed, updated

    def _reveal(self, change: Change) -> None:
        """After undo/redo, show the entry that changed, so nothing changes out of sight."""
        if len(change.entry_ids) == 1:
            (entry_id,) = change.entry_ids
            if entry_id != self.current_entry_id and self.project.has_entry(entry_id):
                self.set_current(entry_id)

    # --- where the analyst is ------------------------------------------------------------

    def set_current(self, entry_id: str) -> None:
        if entry_id == self.current_entry_id:
            return
        self.current_entry_id = entry_id
        self.currentEntryChanged.emit(entry_id)

    def set_annotator(self, name: str) -> None:
        """Switch whose coding is shown and edited; status filters depend on it, so refilter."""
        if name == self.annotator:
            return
        self.annotator = name
        self._visible = None
        self._untimed = None
        self._prepare_coding_soon()
        self.annotatorChanged.emit(name)
        self.filterChanged.emit()

    def set_clock(self, clock: Clock) -> None:
        """Show every time on the 12- or 24-hour clock from now on."""
        if clock != self.clock:
            self.clock = clock
            self.clockChanged.emit()

    @property
    def shows_year(self) -> bool:
        """Whether dates carry their year: only when the entries span more than one year.

        Asked for every Time cell painted, so the answer is kept with the entry times it
        came from; entries added or removed give new times and a new answer."""
        times = self.index.times
        if self._years is None or self._years[0] is not times:
            self._years = (times, spans_years(times.day))
        return self._years[1]

    def time_text(self, entry: Entry) -> str:
        """ "4:50 p.m. · Jan 24": an entry's time as the list, header and review show it."""
        return entry_time_text(entry.timestamp, entry.time_label, self.clock, self.shows_year)

    def set_filter(self, entry_filter: EntryFilter) -> None:
        if entry_filter == self.filter:
            return
        self.filter = entry_filter
        self._visible = None
        self.filterChanged.emit()

    def refresh_filter(self) -> None:
        """Apply the same filter again: coding since the last filtering may change what it keeps."""
        self._visible = None
        self._untimed = None
        self.filterChanged.emit()

    def visible_array(self) -> np.ndarray:
        """``visible_indices`` as a numpy array, made once per result (the chart counts the
        visible entries on every tag key press)."""
        return self._visible_array(self.visible_indices())

    def visible_indices(self) -> list[int]:
        """Indices into ``project.entries`` the filter lets through (computed once per filter)."""
        if self._visible is None:
            self._visible = self.indices_for(self.filter)
        return self._visible

    def indices_for(self, entry_filter: EntryFilter) -> list[int]:
        """Indices ``entry_filter`` lets through, reusing the kept result without time conditions.

        Filters that differ only in time of day and dates (the entry list's and the activity
        chart's) share one text search; the time ranges are then cheap to apply.
        """
        kept = self._untimed_result(entry_filter.without_time())
        return within_time(self.index, kept, entry_filter.minutes, entry_filter.dates, utc=entry_filter.utc)

    def indices_array_for(self, entry_filter: EntryFilter) -> np.ndarray:
        """``indices_for`` as an array, for counting: the chart counts the entries of the filter
        without its time range on every tag key press, so that result is converted once."""
        if entry_filter == self.filter:
            return self.visible_array()
        if entry_filter.minutes is not None or entry_filter.dates is not None:
            return np.asarray(self.indices_for(entry_filter), np.intp)
        return self._untimed_array(self._untimed_result(entry_filter.without_time()))

    def _untimed_result(self, untimed: EntryFilter) -> list[int]:
        if self._untimed is None or self._untimed[0] != untimed:
            self._untimed = (untimed, filter_entries(self.index, untimed, self.annotator))
        return self._untimed[1]

    def replace_project(self, project: Project, path: Path | None) -> None:
        """Swap in another project: history, filter and position start afresh."""
        self.project = project
        self._preparing_coding.stop()
        self.index.close()
        self.index = ProjectIndex(project)
        self._prepare_coding_soon()
        self.path = Path(path) if path is not None else None
        self.undo_stack.clear()
        self.filter = EntryFilter()
        self._visible = None
        self._untimed = None
        self.current_entry_id = ""
        self._select_first()
        self._prepare_text_search_soon()
        self.projectReplaced.emit()
        self.filterChanged.emit()
        self.currentEntryChanged.emit(self.current_entry_id)

    def _select_first(self) -> None:
        entries = self.project.entries
        self.current_entry_id = entries[0].id if entries else ""

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path else "Untitled"
