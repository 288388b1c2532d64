"""The navigator's table: one row per visible entry, read straight from the project.

Rows are a plain list of entry indices (the session's visible entries, optionally sorted),
so 150,000 rows cost one Python list and no widgets. Coding changes refresh only the rows
they touched (``dataChanged``); the list is rebuilt only when the filter changes or entries
are added or removed. The model also keeps the done/flagged counts for the status bar,
updated per change instead of recounted. The last column is the best suggestion's score
(``SuggestionParts.confidence``), refreshed when a new round of suggestions arrives.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from workbench.core.codebook import Dimension
from workbench.core.model import Annotation, Entry
from workbench.core.provenance import is_blind
from workbench.core.undoable import Change
from workbench.index.coding import STATUS_CODE
from workbench.ui.plain_text import elided, tip
from workbench.ui.session import Session

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY, _TOOL_TIP, _FOREGROUND, _DECORATION = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
    )
)
#: The roles ``data`` answers. A view asks each visible cell for seven roles on every
#: repaint (1,000 calls for a screenful); the others are turned away before any look-up.
_ANSWERED = frozenset((_DISPLAY, _TOOL_TIP, _FOREGROUND, _DECORATION, int(ENTRY_ID_ROLE)))
STATUS_TEXT = {"todo": "to do", "done": "✓ done", "flagged": "⚑ flagged"}
STATUS_COLOUR = {"todo": QColor("#8a8f98"), "done": QColor("#2a7f62"), "flagged": QColor("#c0641a")}
_STATUS_ORDER = {"todo": 0, "flagged": 1, "done": 2}
#: Above this many touched entries one refresh of all rows is cheaper than one per entry.
_MANY_ROWS = 64
_FIXED_COLUMNS = ("Time", "Dispatch", "Status")
_LATEST = "The Latest:"
TIME_COLUMN, DISPATCH_COLUMN, STATUS_COLUMN = range(3)

AnyIndex = QModelIndex | QPersistentModelIndex


def short_title(title: str) -> str:
    """A title without the "The Latest:" every live blog starts with, which would fill the column."""
    return title[len(_LATEST) :].lstrip() if title.startswith(_LATEST) else title


def coded_text(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, list) else value


class EntryTableModel(QAbstractTableModel):
    """Visible entries with their time, dispatch, status, the current annotator's codes and
    the confidence of what is suggested on them."""

    countsChanged = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._rows: list[int] = []
        self._dimensions: list[Dimension] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.grouped = False
        self.done_count = 0
        self.flagged_count = 0
        session.changed.connect(self._on_change)
        session.filterChanged.connect(self.reload)
        session.projectReplaced.connect(self.reload)
        session.clockChanged.connect(self._times_changed)
        session.suggestionsChanged.connect(self._suggestions_changed)
        self.reload()

    # --- the rows ------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild the row list from the session's visible entries (filter or entries changed)."""
        self.beginResetModel()
        self._dimensions = [d for d in self.session.project.codebook.dimensions if d.kind != "span"]
        self._rows = list(self.session.visible_indices())
        self._apply_sort()
        self.endResetModel()
        self._count_statuses()

    def entry_index(self, row: int) -> int:
        return self._rows[row]

    def entry_id(self, row: int) -> str:
        return self.session.project.entries[self._rows[row]].id

    def row_of(self, entry_id: str) -> int | None:
        """The row showing ``entry_id``, or None when the filter hides it.

        Unsorted rows are in project order, so a bisection finds them; sorted rows are
        searched by ``list.index`` in C (about a millisecond for 150,000 rows), which is
        cheaper than keeping a 150,000-key map up to date on every filter and sort.
        """
        project = self.session.project
        if not entry_id or not project.has_entry(entry_id):
            return None
        position = project.index_of(entry_id)
        rows = self._rows
        if self._sort is None:
            row = bisect_left(rows, position)
            return row if row < len(rows) and rows[row] == position else None
        try:
            return rows.index(position)
        except ValueError:
            return None

    @property
    def confidence_column(self) -> int:
        """The Confidence column, after the code columns (whose number follows the codebook)."""
        return len(_FIXED_COLUMNS) + len(self._dimensions)

    def column_dimension(self, column: int) -> Dimension | None:
        """The codebook dimension a code column shows (None for Time, Dispatch and Status)."""
        at = column - len(_FIXED_COLUMNS)
        return self._dimensions[at] if 0 <= at < len(self._dimensions) else None

    def set_grouped(self, grouped: bool) -> None:
        """Group by dispatch: rows ordered by dispatch then printed position, titles shown once."""
        self.grouped = grouped
        if grouped:
            self.sort(DISPATCH_COLUMN, Qt.SortOrder.AscendingOrder)
        else:
            self._reorder(None)

    # --- counts --------------------------------------------------------------------------

    def _count_statuses(self) -> None:
        """Done and flagged among the rows shown: a count over a small array, cheap per key press.

        The rows are the session's visible entries in some order, so they are counted from
        the session's array of them, which the activity chart converts anyway."""
        statuses = self.session.statuses()
        if len(self._rows) != len(statuses):
            statuses = statuses[self.session.visible_array()]
        counts = np.bincount(statuses, minlength=len(STATUS_CODE))
        self.done_count = int(counts[STATUS_CODE["done"]])
        self.flagged_count = int(counts[STATUS_CODE["flagged"]])
        self.countsChanged.emit()

    def _times_changed(self) -> None:
        """The clock setting changed: the Time column and every tooltip (which shows the time)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def _suggestions_changed(self) -> None:
        """A new round (or who codes blind changed): a confidence filter picks afresh, a
        confidence sort re-sorts, otherwise only the Confidence cells are drawn again."""
        if self.session.filter.confidence is not None:
            self.session.refresh_filter()  # the list reloads on filterChanged
        elif self._sort is not None and self._sort[0] == self.confidence_column:
            self._reorder(self._sort)
        elif self._rows:
            column = self.confidence_column
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def _on_change(self, change: Change) -> None:
        if change.entries_added_or_removed or change.codebook or change.times:
            self.reload()
            return
        if change.suggestions:
            self._suggestions_changed()
        if self.session.annotator not in change.annotators:
            return  # the statuses counted are the session's, already brought up to date
        last_column = self.columnCount() - 1
        if len(change.entry_ids) > _MANY_ROWS:
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last_column))
        else:
            for entry_id in change.entry_ids:
                row = self.row_of(entry_id)
                if row is not None:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        self._count_statuses()

    # --- Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_FIXED_COLUMNS) + len(self._dimensions) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; their tool tips give the whole title (and a dimension's description),
        for when a narrow column cuts the title short."""
        if orientation != Qt.Orientation.Horizontal or role not in (_DISPLAY, _TOOL_TIP):
            return None
        if section < len(_FIXED_COLUMNS):
            title, description = _FIXED_COLUMNS[section], ""
        elif section == self.confidence_column:
            title, description = "Confidence", "The best suggestion's score on the entry"
        elif section < self.columnCount():
            dimension = self._dimensions[section - len(_FIXED_COLUMNS)]
            title, description = dimension.label, dimension.description
        else:
            return None
        if role == _DISPLAY:
            return title
        return tip(f"{title}\n{description}" if description else title)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED:
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):  # an invalid index has row -1
            return None
        project = self.session.project
        entry = project.entries[self._rows[row]]
        column = index.column()
        if role == _DISPLAY:
            return self._display(entry, row, column)
        if role == ENTRY_ID_ROLE:
            return entry.id
        if role == _FOREGROUND:
            return STATUS_COLOUR[self._annotation_status(entry)] if column == STATUS_COLUMN else None
        if role == _DECORATION:
            return self._colour(entry, column) if self.column_dimension(column) is not None else None
        # the tool tip
        dispatch = project.dispatches.get(entry.dispatch_id)
        heading = f"{entry.heading}\n" if entry.heading else ""
        when = self.session.time_text(entry)
        return tip(f"{dispatch.title if dispatch else ''}\n{when}\n\n{heading}{elided(entry.text, 300)}")

    def _annotation(self, entry: Entry) -> Annotation | None:
        return self.session.project.annotation(self.session.annotator, entry.id)

    def _annotation_status(self, entry: Entry) -> str:
        annotation = self._annotation(entry)
        return annotation.status if annotation else "todo"

    def _display(self, entry: Entry, row: int, column: int) -> str:
        if column == TIME_COLUMN:
            return self.session.time_text(entry)
        if column == DISPATCH_COLUMN:
            if self.grouped and row > 0:
                previous = self.session.project.entries[self._rows[row - 1]]
                if previous.dispatch_id == entry.dispatch_id:
                    return "  ″"
            dispatch = self.session.project.dispatches.get(entry.dispatch_id)
            return short_title(dispatch.title) if dispatch else entry.dispatch_id
        if column == STATUS_COLUMN:
            return STATUS_TEXT[self._annotation_status(entry)]
        if column == self.confidence_column:
            score = self._confidence(entry.id)
            return "" if score is None else f"{score:.0%}"
        annotation = self._annotation(entry)
        if annotation is None:
            return ""
        dimension = self._dimensions[column - len(_FIXED_COLUMNS)]
        return coded_text(annotation.values.get(dimension.key))

    def _confidence(self, entry_id: str) -> float | None:
        """The best suggestion's score, or None; always None for a blind annotator, who is shown none."""
        if is_blind(self.session.project, self.session.annotator):
            return None
        return self.session.index.suggestions.confidence(entry_id)

    def _colour(self, entry: Entry, column: int) -> QColor | None:
        """A swatch for single-choice codes (stance), so a column of them reads at a glance."""
        dimension = self._dimensions[column - len(_FIXED_COLUMNS)]
        if dimension.kind != "single":
            return None
        annotation = self._annotation(entry)
        value = annotation.values.get(dimension.key) if annotation else None
        code = dimension.value(value) if isinstance(value, str) else None
        return QColor(code.colour) if code else None

    # --- sorting in Python over the index list -------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < self.columnCount():
            self._reorder((column, order))

    def _reorder(self, sort: tuple[int, Qt.SortOrder] | None) -> None:
        """Re-sort the rows; persistent indexes (the selection) follow their entries."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [self.entry_id(p.row()) if p.isValid() else None for p in persistent]
        self._sort = sort
        self._rows = list(self.session.visible_indices())
        self._apply_sort()
        for index, entry_id in zip(persistent, followed, strict=True):
            row = self.row_of(entry_id) if entry_id else None
            self.changePersistentIndex(
                index, QModelIndex() if row is None else self.index(row, index.column())
            )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        key = self._sort_key(column)
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _sort_key(self, column: int) -> Callable[[int], Any]:
        project = self.session.project
        entries = project.entries
        layer = project.layer(self.session.annotator) or {}
        if column == TIME_COLUMN:
            return lambda i: (entries[i].timestamp or "", entries[i].dispatch_id, entries[i].position)
        if column == DISPATCH_COLUMN:
            titles = {d.id: d.title.casefold() for d in project.dispatches.values()}
            return lambda i: (
                titles.get(entries[i].dispatch_id, ""),
                entries[i].dispatch_id,
                entries[i].position,
            )
        if column == STATUS_COLUMN:

            def status_key(i: int) -> int:
                annotation = layer.get(entries[i].id)
                return _STATUS_ORDER[annotation.status] if annotation else 0

            return status_key
        if column == self.confidence_column:
            # One float per entry, nothing suggested as infinity (last when ascending, as an
            # empty code is): a C-level key, since 150,000 rows are sorted on a header click.
            if is_blind(project, self.session.annotator):
                return lambda _i: 0.0
            scores = self.session.index.suggestions.confidences()
            by_entry: list[float] = np.where(np.isnan(scores), np.inf, scores).tolist()
            return by_entry.__getitem__
        dimension = self._dimensions[column - len(_FIXED_COLUMNS)]

        def code_key(i: int) -> tuple[bool, str]:
            annotation = layer.get(entries[i].id)
            text = coded_text(annotation.values.get(dimension.key)) if annotation else ""
            return (not text, text)

        return code_key
