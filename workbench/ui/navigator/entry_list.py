"""The entry list on the left: a table over ``EntryTableModel`` kept in step with the session.

Selecting a row makes it the current entry; the session making another entry current
(undo, the chart, "next uncoded") selects and scrolls to its row. Next/previous and
"next uncoded" walk the rows as shown, so they follow the analyst's sort and filter; the
other queues (least certain, random: ``index/queues``) draw from the rows the filter shows.
The Confidence column is kept out of the way until there is anything suggested.
"""

from __future__ import annotations

from heapq import nlargest
from random import Random

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workbench.core.clock_text import entry_time_text
from workbench.core.filtering import is_coded
from workbench.core.provenance import is_blind
from workbench.index.queues import least_certain, random_uncoded
from workbench.ui.navigator.entry_model import DISPATCH_COLUMN, STATUS_COLUMN, TIME_COLUMN, EntryTableModel
from workbench.ui.session import Session

#: The least the Dispatch column shows, in average characters: enough to tell one day's
#: dispatches apart (the whole title is above the text and in the row's tool tip).
DISPATCH_MIN_CHARS = 18
#: Room in a column beyond its text: the cell's margins, or the header's sort arrow.
_CELL_PADDING, _HEADER_PADDING = 14, 24
#: A one-of code's colour swatch beside its text; the longest code a column makes room for
#: (a longer one is elided).
_SWATCH, _LONGEST_CODE_CHARS = 26, 9
#: Keys measured for a code column's width, longest first by characters.
_MEASURED_KEYS = 12


class _EntryTable(QTableView):
    """The entry list, whose letters and digits are coding keys.

    Qt's type-ahead search would jump to another entry on any key that is not bound (a
    stray "6" goes to the "6:15 p.m." entry), and the next codes would silently land
    there; finding entries is the search field's job.
    """

    def keyboardSearch(self, search: str) -> None:
        return

    def viewportEvent(self, event: QEvent) -> bool:
        """The Dispatch column follows the viewport's width (a scroll bar coming or going too)."""
        if event.type() == QEvent.Type.Resize:
            self.fit_dispatch()
        return super().viewportEvent(event)

    def fit_dispatch(self) -> None:
        """Give the Dispatch column the width the other columns leave, but never less than
        ``DISPATCH_MIN_CHARS``: the list scrolls sideways rather than cut every title to a
        word. Dragging another column wider or narrower takes the room from Dispatch."""
        header = self.horizontalHeader()
        if header.count() <= DISPATCH_COLUMN:
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != DISPATCH_COLUMN)
        least = self.fontMetrics().averageCharWidth() * DISPATCH_MIN_CHARS + _CELL_PADDING
        width = max(least, self.viewport().width() - others)
        if header.sectionSize(DISPATCH_COLUMN) != width:
            header.resizeSection(DISPATCH_COLUMN, width)


class EntryNavigator(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None, seed: int | None = None) -> None:
        super().__init__(parent)
        self.session = session
        #: Draws "next random entry": one per window, seeded from the system unless given
        #: (tests fix it with ``queue_random.seed``).
        self.queue_random = Random(seed)
        self.model = EntryTableModel(session)
        self.table = _EntryTable(self)
        self.table.setObjectName("entryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)  # Dispatch takes the room left (``fit_dispatch``)
        header.sortIndicatorChanged.connect(self._sort)
        header.sectionResized.connect(
            lambda column, _old, _new: self.table.fit_dispatch() if column != DISPATCH_COLUMN else None
        )
        self._size_columns()

        self.empty_label = QLabel("No entries match the filter.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #777; padding: 12px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)

        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.modelReset.connect(self._after_reset)
        session.currentEntryChanged.connect(self.show_entry)
        session.clockChanged.connect(self._fit_time_column)
        session.suggestionsChanged.connect(self._show_confidence_column)
        self._after_reset()

    def _size_columns(self) -> None:
        """Time and Status as wide as their longest text, each code column as its title or
        its longest code (with the swatch of a one-of dimension); Dispatch takes the rest."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        widths = {
            TIME_COLUMN: self._time_width(),
            STATUS_COLUMN: metrics.horizontalAdvance("⚑ flagged") + _CELL_PADDING,
        }
        widths[self.model.confidence_column] = (
            header_metrics.horizontalAdvance("Confidence") + _HEADER_PADDING
        )
        for column in range(self.model.columnCount()):
            if column == DISPATCH_COLUMN:
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            dimension = self.model.column_dimension(column)
            # Only the longest few keys are measured: a codebook may hold 100,000 actors.
            widest = nlargest(_MEASURED_KEYS, (v.key for v in dimension.values), key=len) if dimension else []
            keys = [metrics.horizontalAdvance(key) for key in widest]
            longest = min(max(keys, default=0), metrics.averageCharWidth() * _LONGEST_CODE_CHARS)
            swatch = _SWATCH if dimension is not None and dimension.kind == "single" else 0
            code = longest + swatch + _CELL_PADDING
            header.resizeSection(
                column,
                widths.get(column, max(code, header_metrics.horizontalAdvance(title) + _HEADER_PADDING)),
            )
        self.table.fit_dispatch()

    def _time_width(self) -> int:
        """Room for the widest time on the clock chosen: "12:55 p.m. · Sep 30, 2017" when the
        project spans years, "12:55 · Sep 30" on the 24-hour clock within one year."""
        session = self.session
        widest = entry_time_text("2017-09-30T12:55", None, session.clock, session.shows_year)
        return self.table.fontMetrics().horizontalAdvance(widest) + _CELL_PADDING

    def _fit_time_column(self) -> None:
        self.table.horizontalHeader().resizeSection(TIME_COLUMN, self._time_width())

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)
        self.show_entry(self.session.current_entry_id)

    def set_grouped(self, grouped: bool) -> None:
        self.model.set_grouped(grouped)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(DISPATCH_COLUMN if grouped else -1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.show_entry(self.session.current_entry_id)

    def _show_confidence_column(self) -> None:
        """The Confidence column only once there is anything suggested (hidden, it takes no room)."""
        self.table.setColumnHidden(self.model.confidence_column, not self.session.index.suggestions.offered())
        self.table.fit_dispatch()

    def _after_reset(self) -> None:
        self._show_confidence_column()
        self._size_columns()
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.empty_label.setText(
            "No entries match the filter."
            if self.session.project.entries
            else "No entries yet: File ▸ Import…"
        )
        self.show_entry(self.session.current_entry_id)
        if self.model.row_of(self.session.current_entry_id) is None and self.model.rowCount():
            self.session.set_current(self.model.entry_id(0))

    # --- selection <-> session ------------------------------------------------------------

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.session.set_current(self.model.entry_id(current.row()))

    def show_entry(self, entry_id: str) -> None:
        """Select and reveal ``entry_id``'s row (clearing the selection if the filter hides it)."""
        row = self.model.row_of(entry_id) if entry_id else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        if selection.currentIndex().row() != row or not selection.isRowSelected(row):
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
                | QItemSelectionModel.SelectionFlag.Current
            )
            selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    # --- moving through the entries -------------------------------------------------------

    def current_row(self) -> int | None:
        return self.model.row_of(self.session.current_entry_id) if self.session.current_entry_id else None

    def step(self, delta: int) -> None:
        """Move ``delta`` rows; from a hidden entry, the first or last row."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.current_row()
        if row is None:
            row = -1 if delta > 0 else count
        target = max(0, min(count - 1, row + delta))
        self.session.set_current(self.model.entry_id(target))

    def next_uncoded(self) -> bool:
        """Go to the next row the annotator has not coded, wrapping around; False if none is left."""
        count = self.model.rowCount()
        if not count:
            return False
        start = self.current_row()
        start = -1 if start is None else start
        project = self.session.project
        layer = project.layer(self.session.annotator) or {}
        entries = project.entries
        for offset in range(1, count + 1):
            row = (start + offset) % count
            if not is_coded(layer.get(entries[self.model.entry_index(row)].id)):
                self.session.set_current(self.model.entry_id(row))
                return True
        return False

    def next_uncertain(self) -> str:
        """Go to the shown uncoded entry the models are least sure of; otherwise say why not."""
        session = self.session
        if is_blind(session.project, session.annotator):
            return f"{session.annotator} codes blind: no suggestions, so no least certain entry."
        if not session.index.suggestions.least_certain_first():
            return "No model has scored the entries yet: code a few more, then try again."
        found = least_certain(session.index, session.annotator, session.visible_array())
        if found is None:
            return "Every entry in the list the models scored is coded."
        session.set_current(found)
        return ""

    def next_random(self) -> str:
        """Go to an uncoded entry of the list drawn at random; otherwise say why not."""
        session = self.session
        found = random_uncoded(
            session.index,
            session.annotator,
            session.visible_array(),
            self.queue_random,
            session.current_entry_id,
        )
        if found is None:
            return "Every entry in the list is coded."
        session.set_current(found)
        return ""

    def counts_text(self) -> str:
        """ "1,234 of 150,000 entries · 312 done · 5 flagged" for the status bar."""
        shown = self.model.rowCount()
        total = len(self.session.project.entries)
        head = f"{total:,} entries" if shown == total else f"{shown:,} of {total:,} entries"
        return f"{head} · {self.model.done_count:,} done · {self.model.flagged_count:,} flagged"
