"""The open project and everything the window's parts share about it.

Panels never talk to each other: they read the session and listen to its signals. Every
change to the data goes through ``push`` (one ``QUndoStack``), and every panel refreshes
from the core ``Change`` it is told about, so a tag key press touches one row, not 150,000.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Hashable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from workbench.core.clock_text import DEFAULT_CLOCK, Clock, entry_time_text, spans_years
from workbench.core.entry_times import EntryTimes
from workbench.core.filtering import EntryFilter
from workbench.core.gold_sync import keep_gold
from workbench.core.model import Entry, Project
from workbench.core.undoable import Change, Command
from workbench.index.plan import (
    MENTION_TABLES,
    OTHERS_CODING,
    OWN_CODING,
    SUGGESTION_MODELS,
    coding_preparation,
    mention_preparation,
    preparation,
    suggestion_preparation,
)
from workbench.index.project_index import ProjectIndex
from workbench.ui.preparation import Preparation
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


class Session(QObject):
    """The project being worked on, who is working on it, and where they are in it."""

    projectReplaced = Signal()
    changed = Signal(object)  # core Change, after every push, undo and redo
    currentEntryChanged = Signal(str)
    filterChanged = Signal()
    annotatorChanged = Signal(str)
    clockChanged = Signal()  # the 12/24-hour setting: every time shown is drawn again
    pathChanged = Signal(object)  # the project's file (a Path, or None): Save As, New, Open
    suggestionsChanged = Signal()  # a new round or alias table is in ``index.suggestions``

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
        # project index gives new times whenever entries change, which makes this stale.
        self._years: tuple[EntryTimes, bool] | None = None
        #: The project's derived data; every change passes through here and is told to it
        #: first, so the coding masks are patched per change instead of rebuilt per filter.
        self.index = ProjectIndex(project)
        #: Prepares the index after opening (``index.plan``); the window hears of a layer
        #: that turns out wrong through its ``failed`` signal.
        self.preparation = Preparation(self)
        self.preparation.finished.connect(self._step_finished)
        # While the analyst is at work the models' round on the worker waits (``hold_back``).
        for signal in (self.changed, self.currentEntryChanged, self.filterChanged):
            signal.connect(lambda *_: self.index.suggestions.hold_back())
        self._pushing = False
        self._select_first()
        self.preparation.start(preparation(self.index, self.annotator))

    def shut_down(self) -> None:
        """The window is closing: start no more preparation in idle moments, and stop any."""
        self.preparation.stop()
        self.index.close()

    def _step_finished(self, name: str) -> None:
        if name in (SUGGESTION_MODELS, MENTION_TABLES):
            self.suggestionsChanged.emit()

    def _train_again(self) -> None:
        """Plan the suggestion models again from now (new codes, another annotator)."""
        self.preparation.replan(suggestion_preparation(self.index, self.annotator, delay_ms=0))

    def is_preparing_coding(self) -> bool:
        """Whether the coding conditions are still being prepared in idle moments."""
        return self.preparation.is_running(OWN_CODING, OTHERS_CODING)

    def statuses(self) -> np.ndarray:
        """Per entry, the annotator's status as ``filtering.STATUS_CODE``; kept in step with
        every change (do not modify)."""
        return self.index.coding.statuses(self.annotator)

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
        if self.index.suggestions.wants_round():
            self._train_again()
        if change.codebook and (tables := mention_preparation(self.index, delay_ms=0)):
            self.preparation.replan(tables)
        self.changed.emit(change)
        if change.entries_added_or_removed and not self.project.has_entry(self.current_entry_id or "-"):
            self._select_first()
            self.currentEntryChanged.emit(self.current_entry_id)
        elif not self._pushing:
            self._reveal(change)

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
        self.index.results.forget()
        self.preparation.replan(coding_preparation(self.index, name))
        self._train_again()
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
        self.index.results.forget_shown()
        self.filterChanged.emit()

    def refresh_filter(self) -> None:
        """Apply the same filter again: coding since the last filtering may change what it keeps."""
        self.index.results.forget()
        self.filterChanged.emit()

    # --- the filter's results, kept by the index (``index.results``) ---------------------

    def visible_array(self) -> np.ndarray:
        """``visible_indices`` as a numpy array, made once per result."""
        return self.index.results.shown_array(self.filter, self.annotator)

    def visible_indices(self) -> list[int]:
        """Indices into ``project.entries`` the filter lets through (computed once per filter)."""
        return self.index.results.shown(self.filter, self.annotator)

    def indices_for(self, entry_filter: EntryFilter) -> list[int]:
        """Indices ``entry_filter`` lets through (the chart's filters differ only in time)."""
        return self.index.results.indices_for(entry_filter, self.annotator)

    def indices_array_for(self, entry_filter: EntryFilter) -> np.ndarray:
        """``indices_for`` as an array, for counting."""
        return self.index.results.indices_array_for(entry_filter, self.annotator, self.filter)

    def replace_project(self, project: Project, path: Path | None) -> None:
        """Swap in another project: history, filter and position start afresh."""
        self.project = project
        self.preparation.stop()
        self.index.close()
        self.index = ProjectIndex(project)
        self.preparation.start(preparation(self.index, self.annotator))
        self.set_path(path)
        self.undo_stack.clear()
        self.filter = EntryFilter()
        self.current_entry_id = ""
        self._select_first()
        self.projectReplaced.emit()
        self.filterChanged.emit()
        self.currentEntryChanged.emit(self.current_entry_id)

    def _select_first(self) -> None:
        entries = self.project.entries
        self.current_entry_id = entries[0].id if entries else ""

    def set_path(self, path: Path | None) -> None:
        """The project now lives at ``path`` (Save As wrote it there): the one way the file
        changes besides ``replace_project``, so whoever shows or keeps the path hears of it."""
        path = Path(path) if path is not None else None
        if path == self.path:
            return
        self.path = path
        self.pathChanged.emit(path)

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path else "Untitled"
