"""The Suggestions panel: per dimension, whether suggestions are shown and the figures behind it.

An analyst should accept a model's codes only as far as its held-out figures deserve, so
the panel puts each dimension's cross-validated accuracy and macro-F1 beside the majority
baseline (always guessing the commonest value), with the coded entries and folds they rest
on, and says in words why a dimension gets no suggestions. It only reads
``SuggestionParts.quality()`` and redraws when a new round arrives; it is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.provenance import is_blind
from workbench.core.undoable import Change
from workbench.index.suggestions import DimensionQuality
from workbench.ui.plain_text import tip
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

COLUMNS = (
    "Dimension",
    "Suggestions",
    "Accuracy vs baseline",
    "Macro-F1 vs baseline",
    "Coded",
    "Folds",
    "Why",
)
#: What each ``QualityStatus`` means to the analyst.
STATUS_TEXT = {
    "on": "shown",
    "too few": "withheld: too few",
    "not better": "withheld: no better",
    "waiting": "waiting",
    "predictions": "imported",
}
_INTRO = (
    "Held-out figures (folds grouped by dispatch) beside the majority baseline: "
    "a dimension gets suggestions only where its model beats the baseline."
)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def versus(figure: float | None, baseline: float | None) -> str:
    """ "81% vs 52%", or a dash when the model has no figure yet."""
    return "—" if figure is None else f"{percent(figure)} vs {percent(baseline)}"


class SuggestionsPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.intro = QLabel(_INTRO, self)
        self.intro.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setObjectName("suggestionsNotice")
        self.notice.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("suggestionsQuality")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # One line per dimension, so that three dimensions fit a low dock at 1280x720;
        # a reason too long for its column is whole in the cell's tool tip.
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.intro)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        session.suggestionsChanged.connect(self.refresh)
        session.projectReplaced.connect(self.refresh)
        session.annotatorChanged.connect(lambda _name: self.refresh())
        session.changed.connect(self._after_change)
        self.refresh()

    def _after_change(self, change: Change) -> None:
        if change.suggestions or change.codebook:
            self.refresh()

    def refresh(self) -> None:
        session = self.session
        qualities = session.index.suggestions.quality()
        notices = []
        imported = session.project.predictions
        if not qualities and imported is None:
            notices.append("No model has been trained yet: suggestions start once entries are coded.")
        if imported is not None:
            notices.append(
                f"Imported predictions from {imported.source} ({imported.imported[:10]}) for "
                f"{imported.entries_text()}, suggested first where they cover a dimension."
            )
        if is_blind(session.project, session.annotator):
            notices.append(f"{session.annotator} codes blind: no suggestions are shown to them.")
        self.notice.setText("  ".join(notices))
        self.notice.setVisible(bool(notices))
        self.table.setRowCount(len(qualities))
        for row, quality in enumerate(qualities):
            for column, text in enumerate(self.row_texts(quality)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip(text))
                self.table.setItem(row, column, item)

    def row_texts(self, q: DimensionQuality) -> tuple[str, ...]:
        """One dimension's row as shown (plain text in table items)."""
        dimension = self.session.project.codebook.dimension(q.dimension)
        return (
            dimension.label if dimension is not None else q.dimension,
            STATUS_TEXT.get(q.status, q.status),
            versus(q.accuracy, q.baseline_accuracy),
            versus(q.macro_f1, q.baseline_macro_f1),
            f"{q.coded:,}",
            str(q.folds) if q.folds else "—",
            q.message or (f"model {q.version}" if q.version else ""),
        )


def install_suggestions_panel(window: MainWindow) -> SuggestionsPanel:
    """Dock the panel behind the activity chart, hidden until View ▸ Suggestions shows it."""
    panel = SuggestionsPanel(window.session, window)
    dock = window.add_panel_dock("suggestionsDock", "Suggestions", panel)
    window.tabifyDockWidget(window.chart_dock, dock)  # the bottom area is too short for two side by side
    dock.hide()
    return panel
