"""Review mode: the entries where annotators disagree, side by side, and adjudication.

The list is a ``QAbstractTableModel`` over ``analysis.disagreements.disagreement_columns``; the
comparison shows every annotator's values (and spans) for the current entry with the
differing dimensions in bold on a tinted background, plus the gold column. Taking a
value pushes a core command through ``session.push``, so every decision is undoable.
Coding edits refresh only the rows they touch: a key press must not rescan 150,000 entries.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.disagreements import disagreement_columns
from workbench.core.adjudication import (
    GOLD_LAYER,
    Disagreement,
    differing_dimensions,
    is_adjudicated,
    open_dimensions,
    prefill_gold,
    review_coders,
    set_gold_value,
    take_all,
    take_value,
)
from workbench.core.app_keys import keys_of
from workbench.core.clock_text import NO_TIME
from workbench.core.model import Project, Value
from workbench.core.undoable import Change, Command
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.jobs import IsCancelled, Progress, run_job
from workbench.ui.plain_text import tip
from workbench.ui.review.comparison import SETTLED, ComparisonTable, show_value
from workbench.ui.session import Session

#: Projects with at least this many entries are scanned for disagreements in a worker.
BACKGROUND_ENTRIES = 20_000
#: Characters of an entry's text the list shows.
LIST_CHARS = 90
_Index = QModelIndex | QPersistentModelIndex


class DisagreementModel(QAbstractTableModel):
    """One row per entry where the chosen coders disagree, in project order."""

    COLUMNS = ("Entry", "Differs on", "Gold")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.coders: list[str] = []
        self.dimension: str | None = None
        # Parallel lists, not one object per row: see analysis.disagreements.
        self.entry_ids: list[str] = []
        self.dims: list[tuple[str, ...]] = []
        self._positions: list[int] = []  # project index of each row, for bisect
        session.clockChanged.connect(self._times_changed)

    @property
    def project(self) -> Project:
        return self.session.project

    def _times_changed(self) -> None:
        """The clock setting changed: each row's text starts with the entry's time."""
        if self.entry_ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entry_ids) - 1, 0))

    def set_rows(
        self, coders: Sequence[str], dimension: str | None, columns: tuple[list[str], list[tuple[str, ...]]]
    ) -> None:
        """Show the result of ``disagreement_columns`` for these coders and dimension."""
        self.beginResetModel()
        self.coders = list(coders)
        self.dimension = dimension
        self.entry_ids, self.dims = columns
        self._positions = list(map(self.project.index_of, self.entry_ids))
        self.endResetModel()

    def row_of(self, entry_id: str) -> int:
        if not self.project.has_entry(entry_id):
            return -1
        position = self.project.index_of(entry_id)
        row = bisect.bisect_left(self._positions, position)
        return row if row < len(self.entry_ids) and self._positions[row] == position else -1

    def next_row(self, entry_id: str, step: int) -> int:
        """The row after (step 1) or before (-1) the entry, whether or not it is listed."""
        if not self.entry_ids:
            return -1
        if not self.project.has_entry(entry_id):
            return 0
        position = self.project.index_of(entry_id)
        if step > 0:
            row = bisect.bisect_right(self._positions, position)
            return row if row < len(self.entry_ids) else -1
        row = bisect.bisect_left(self._positions, position) - 1
        return row if row >= 0 else -1

    def refresh_entries(self, entry_ids: frozenset[str]) -> None:
        """Insert, update or drop the rows of entries whose coding changed."""
        for entry_id in sorted(
            entry_ids, key=lambda e: self.project.index_of(e) if self.project.has_entry(e) else -1
        ):
            if not self.project.has_entry(entry_id):
                continue
            dims = differing_dimensions(self.project, entry_id, self.coders)
            keep = bool(dims) and (self.dimension is None or self.dimension in dims)
            row = self.row_of(entry_id)
            if row >= 0 and keep:
                self.dims[row] = dims
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            elif row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.entry_ids[row]
                del self.dims[row]
                del self._positions[row]
                self.endRemoveRows()
            elif keep:
                position = self.project.index_of(entry_id)
                row = bisect.bisect_left(self._positions, position)
                self.beginInsertRows(QModelIndex(), row, row)
                self.entry_ids.insert(row, entry_id)
                self.dims.insert(row, dims)
                self._positions.insert(row, position)
                self.endInsertRows()

    def adjudicated_count(self) -> int:
        """Walks the gold layer, which is short, rather than every listed row."""
        gold = self.project.layer(GOLD_LAYER) or {}
        return sum(1 for entry_id, ann in gold.items() if ann.status == "done" and self.row_of(entry_id) >= 0)

    # --- Qt model interface ----------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entry_ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entry_ids):
            return None
        item = Disagreement(self.entry_ids[index.row()], self.dims[index.row()])
        settled = is_adjudicated(self.project, item.entry_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                entry = self.project.entry(item.entry_id)
                # Only the start is shown: splitting a whole 50 MB entry on every paint froze the list.
                text = " ".join(entry.text[: LIST_CHARS * 4].split())[:LIST_CHARS]
                when = self.session.time_text(entry)
                return text if when == NO_TIME else f"{when}  {text}"
            if index.column() == 1:
                return ", ".join(item.dimensions)
            if settled:
                return "✓ adjudicated"
            waiting = open_dimensions(self.project, item.entry_id)
            return f"open: {', '.join(waiting)}" if waiting else ""
        if role == Qt.ItemDataRole.BackgroundRole and settled:
            return QBrush(SETTLED)
        if role == Qt.ItemDataRole.FontRole and not settled:
            font = QFont()
            font.setBold(index.column() == 1)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return tip(self.project.entry(item.entry_id).text)
        if role == Qt.ItemDataRole.UserRole:
            return item.entry_id
        return None


class ReviewPanel(QWidget):
    """The review dock: disagreement list, filters, comparison and adjudication buttons."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, dialogs: Dialogs | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.session = session
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.model = DisagreementModel(session, self)
        self._stale = True
        self._known_coders: list[str] = []

        self.dimension_box = QComboBox(self)
        self.dimension_box.setObjectName("reviewDimension")
        self.pair_box = QComboBox(self)
        self.pair_box.setObjectName("reviewPair")
        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.table = QTableView(self)
        self.table.setObjectName("reviewList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        for box in (self.dimension_box, self.pair_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.comparison = ComparisonTable(self)
        self.open_label = QLabel(self)
        self.open_label.setObjectName("reviewOpen")
        self.take_buttons = QHBoxLayout()
        self._lay_out()

        # Next/previous disagreement are window-wide Review menu actions (agreement_report.py).
        self.take_actions = [
            self._action(f"Take all from annotator {n}", [key], partial(self.take_all_from, n - 1))
            for n, key in enumerate(keys_of("take all from annotator"), 1)
        ]

        self.dimension_box.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.pair_box.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.comparison.takeRequested.connect(self.take)
        self.comparison.editRequested.connect(self.edit_gold)
        session.changed.connect(self._on_changed)
        session.projectReplaced.connect(self._on_project_replaced)
        session.currentEntryChanged.connect(self._on_current)
        self._fill_filters()

    def _lay_out(self) -> None:
        """The disagreement list with its filters and summary on the left, the comparison
        of the chosen one with its take buttons on the right, side by side in a splitter."""
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Dimension:", self))
        filters.addWidget(self.dimension_box, 1)
        filters.addWidget(QLabel("Annotators:", self))
        filters.addWidget(self.pair_box, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        self._below_list = left_layout
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.open_label)
        right_layout.addWidget(self.comparison, 1)
        right_layout.addLayout(self.take_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def add_below_list(self, widget: QWidget) -> None:
        """Put ``widget`` under the disagreement list (the assignment progress table)."""
        self._below_list.addWidget(widget)

    def _action(self, text: str, keys: list[str], handler: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: handler())
        self.addAction(action)
        return action

    # --- building -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Scanning a large project waits until someone opens the review dock."""
        super().showEvent(event)
        if self._stale:
            self.rebuild()

    def _fill_filters(self) -> None:
        coders = review_coders(self.session.project)
        self._known_coders = coders
        for box, items in (
            (
                self.dimension_box,
                [("All dimensions", None)]
                + [(d.label, d.key) for d in self.session.project.codebook.dimensions],
            ),
            (
                self.pair_box,
                [("All annotators", None)]
                + [(f"{a} / {b}", f"{a}\t{b}") for i, a in enumerate(coders) for b in coders[i + 1 :]],
            ),
        ):
            chosen = box.currentData()  # kept across refills when it still exists
            box.blockSignals(True)
            box.clear()
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)

    def coders(self) -> list[str]:
        pair = self.pair_box.currentData()  # "first<TAB>second": strings compare by value in Qt
        return pair.split("\t") if pair else review_coders(self.session.project)

    def rebuild(self) -> None:
        """Rescan; in a large project in the background, with a progress dialog."""
        self._stale = False
        project = self.session.project
        coders, dimension = self.coders(), self.dimension_box.currentData()

        def scan(
            _progress: Progress | None = None, _cancelled: IsCancelled | None = None
        ) -> tuple[tuple[list[str], list[tuple[str, ...]]], Command | None]:
            return disagreement_columns(project, coders, dimension), prefill_gold(project)

        def show(found: tuple[tuple[list[str], list[tuple[str, ...]]], Command | None]) -> None:
            columns, prefill = found
            if self.session.project is not project or not shiboken6.isValid(self.table):
                return  # the project was replaced, or the window closed, while scanning
            self.session.push(prefill)  # gold holds the agreement before anyone decides
            self.model.set_rows(coders, dimension, columns)
            self._rebuild_take_buttons()
            self._select_current()
            self._show_current()

        if len(project.entries) < BACKGROUND_ENTRIES:
            show(scan())
        else:
            run_job(self, "Finding disagreements", scan, show, warn=self.dialogs.warn)

    def _rebuild_take_buttons(self) -> None:
        while self.take_buttons.count():
            item = self.take_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for n, coder in enumerate(self.model.coders[:9], 1):
            button = QPushButton(f"Take all from {coder} (Alt+{n})", self)
            button.setObjectName(f"takeAll_{coder}")
            button.clicked.connect(lambda _=False, i=n - 1: self.take_all_from(i))
            self.take_buttons.addWidget(button)

    def _update_summary(self) -> None:
        total = self.model.rowCount()
        self.summary.setText(
            f"{total} entries with disagreements, {self.model.adjudicated_count()} adjudicated"
        )

    # --- following the session ------------------------------------------------------------

    def _on_project_replaced(self) -> None:
        self._fill_filters()
        if self.isVisible():
            self.rebuild()
        else:
            self._stale = True

    def _on_changed(self, change: Change) -> None:
        if self._stale:
            return
        layers_changed = review_coders(self.session.project) != self._known_coders
        if change.codebook or change.entries_added_or_removed or layers_changed:
            self._fill_filters()
            self.rebuild()
            return
        if change.annotators & set(self.model.coders):
            self.model.refresh_entries(change.entry_ids)
        else:  # gold, or someone outside the chosen pair: only the marks can change
            for entry_id in change.entry_ids:
                row = self.model.row_of(entry_id)
                if row >= 0:
                    self.model.dataChanged.emit(self.model.index(row, 0), self.model.index(row, 2))
        self._update_summary()
        if self.session.current_entry_id in change.entry_ids:
            self._show_current()

    def _on_current(self, _entry_id: str) -> None:
        if self._stale:
            return
        self._select_current()
        self._show_current()

    def _select_current(self) -> None:
        row = self.model.row_of(self.session.current_entry_id)
        selection = self.table.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        if selection.currentIndex().row() != row:
            selection.blockSignals(True)
            selection.setCurrentIndex(
                index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
            )
            selection.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index)

    def _show_current(self) -> None:
        project, entry_id = self.session.project, self.session.current_entry_id
        self.comparison.show_entry(project, entry_id, self.model.coders)
        waiting = open_dimensions(project, entry_id) if entry_id and project.has_entry(entry_id) else ()
        if waiting:
            labels = [d.label if (d := project.codebook.dimension(k)) else k for k in waiting]
            self.open_label.setText(f"Still open on this entry: {', '.join(labels)}")
        elif entry_id and is_adjudicated(project, entry_id):
            self.open_label.setText("Nothing open on this entry: adjudicated ✓")
        else:
            self.open_label.setText("")
        self._update_summary()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.session.set_current(self.model.entry_ids[current.row()])

    # --- moving and adjudicating ----------------------------------------------------------

    def step(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) disagreement that is still open; False when none is."""
        if self._stale:
            self.rebuild()
        row = self.model.next_row(self.session.current_entry_id, direction)
        while row >= 0 and not self._still_open(self.model.entry_ids[row]):
            row = self.model.next_row(self.model.entry_ids[row], direction)
        if row < 0:
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage("No more disagreements in that direction.", 4000)
            return False
        entry_id = self.model.entry_ids[row]
        self.session.set_current(entry_id)
        self.comparison.select_first_open(self._still_open(entry_id))
        return True

    def _still_open(self, entry_id: str) -> tuple[str, ...]:
        """What is undecided on a listed entry, within the chosen dimension: what ``[``/``]`` visit."""
        waiting = open_dimensions(self.session.project, entry_id)
        dimension = self.model.dimension
        return waiting if dimension is None else tuple(d for d in waiting if d == dimension)

    def take(self, coder: str, dimension: str) -> None:
        entry_id = self.session.current_entry_id
        if entry_id:
            self.session.push(take_value(self.session.project, coder, entry_id, dimension))

    def take_all_from(self, coder_index: int) -> None:
        entry_id = self.session.current_entry_id
        if entry_id and 0 <= coder_index < len(self.model.coders):
            self.session.push(take_all(self.session.project, self.model.coders[coder_index], entry_id))

    def edit_gold(self, dimension: str) -> None:
        """Type a value no annotator gave: a choice for single dimensions, a list for multi."""
        project = self.session.project
        entry_id = self.session.current_entry_id
        dim = project.codebook.dimension(dimension)
        if not entry_id or dim is None or dim.kind == "span":
            return
        gold = project.annotation(GOLD_LAYER, entry_id)
        current = show_value(gold, dimension, False)
        value: Value | None
        if dim.kind == "single":
            keys = dim.keys()
            choice = self.dialogs.choose("Gold value", dim.label, ["(not coded)", *keys], current=current)
            answered = choice is not None
            value = None if choice in (None, "(not coded)") else choice
        else:
            text = self.dialogs.text(
                "Gold values", f"{dim.label} (comma-separated)", "" if current == "-" else current
            )
            answered = text is not None
            value = [v.strip() for v in (text or "").split(",") if v.strip()] or None
        if answered:
            self.session.push(set_gold_value(project, entry_id, dimension, value))
