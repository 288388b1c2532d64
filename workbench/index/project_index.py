"""``ProjectIndex``: the one owner of everything computed from an open project and never saved.

Every derived part (the folded texts and word rows, the entry times, the coding masks) is
reached through one object per open project, built by whoever opens or replaces the
project and told of each change only through ``note_change``. The window's session calls
it after every command and before any view hears of the change, so a view that asks for a
filter result or a time while refreshing gets the data as it is now. There is no
module-level registry and no identity or length check: a part is stale exactly when a
``Change`` says so.
"""

from __future__ import annotations

from workbench.core.entry_times import EntryTimes, LoadHints, entry_times
from workbench.core.model import Project
from workbench.core.undoable import Change
from workbench.index.activity import ActivityParts
from workbench.index.coding import CodingIndex
from workbench.index.positions import LayerPositions
from workbench.index.results import FilterResults
from workbench.index.suggestions import SuggestionParts
from workbench.index.text import TextIndex


class ProjectIndex:
    """The derived data of one project: ``text``, ``positions``, ``coding``, ``results``,
    ``activity``, ``suggestions``, ``times`` and ``utc_times``.

    ``hints`` (by default the loader's ``project.load_hints``, taken once) give the entry
    times and layer positions the loader found while checking the file, so they are not
    found again.
    """

    def __init__(self, project: Project, hints: LoadHints | None = None) -> None:
        self.project = project
        if hints is None:
            hints, project.load_hints = project.load_hints, None
        self._times = hints.times if hints is not None else None
        self._utc_times = hints.utc_times if hints is not None else None
        self.text = TextIndex(project)
        self.positions = LayerPositions(project, hints.layer_positions if hints is not None else None)
        self.coding = CodingIndex(project, self.positions)
        self.results = FilterResults(self)
        self.activity = ActivityParts(
            project, lambda utc: self.utc_times if utc else self.times, self.positions
        )
        self.suggestions = SuggestionParts(project)

    @property
    def times(self) -> EntryTimes:
        """Minute of the day and day number per entry (arrays: a range is one numpy test)."""
        if self._times is None:
            self._times = entry_times([e.timestamp for e in self.project.entries])
        return self._times

    @property
    def utc_times(self) -> EntryTimes:
        """The same of each entry's UTC instant (``Entry.utc``; "no time" where it has none),
        for counting and filtering by the UTC clock."""
        if self._utc_times is None:
            self._utc_times = entry_times([e.utc[:19] if e.utc else None for e in self.project.entries])
        return self._utc_times

    def note_change(self, change: Change) -> None:
        """Bring every part up to date with ``change`` (already applied to the project).

        Entries added or removed make a new text index (the old one's build, if running,
        gives up), new times and new layer positions; times changed in place (a dispatch
        dated again) new times; the layers the change names lose their positions; the coding
        masks are patched for the entries the change touched (reading those positions), and
        then the kept filter results (which read those masks).
        """
        if change.entries_added_or_removed:
            self.text.stale = True
            self.text = TextIndex(self.project)
        if change.entries_added_or_removed or change.times:
            self._times = self._utc_times = None
        self.positions.note_change(change)
        self.coding.note_change(change)
        self.results.note_change(change)
        self.activity.note_change(change)
        self.suggestions.note_change(change)

    def close(self) -> None:
        """The project is closed or replaced: a text build or a training round still
        running gives up."""
        self.text.stale = True
        self.suggestions.close()
