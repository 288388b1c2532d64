"""The side-by-side view of review mode: every annotator's coding of one entry, and gold.

Rows are the codebook's dimensions, columns the annotators and then gold. Dimensions the
annotators differ on are bold on a red tint. The gold column is gold as it stands
(``core.adjudication.derived_gold``): agreed and decided cells green, a dispute nobody has
decided reads "open". Enter (or a double-click) on an annotator's cell asks to take that
value into gold; on the gold cell, to type one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from workbench.core.adjudication import GOLD_LAYER, derived_gold, differing_dimensions, open_dimensions
from workbench.core.model import Annotation, Project
from workbench.ui.plain_text import tip

DIFFERENCE = QColor("#fde2e1")
SETTLED = QColor("#dff3e4")
OPEN = "open: not decided yet"


def show_value(annotation: Annotation | None, dimension: str, is_span: bool, text: str = "") -> str:
    """How a coder's value reads in the comparison: '-' when not coded; spans with their words."""
    if annotation is None:
        return "-"
    if is_span:
        spans = [s for s in annotation.spans if s.dimension == dimension]
        return "; ".join(f"{s.value} “{' '.join(text[s.start : s.end].split())}”" for s in spans) or "(none)"
    value = annotation.values.get(dimension)
    if value is None:
        return "-"
    return ", ".join(value) if isinstance(value, list) else value


class ComparisonTable(QTableWidget):
    """Rows: dimensions; columns: each annotator and gold, for the current entry."""

    takeRequested = Signal(str, str)  # coder, dimension
    editRequested = Signal(str)  # dimension

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewComparison")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.coders: list[str] = []
        self.dimensions: list[str] = []
        self.cellActivated.connect(self._activated)  # Enter, and double-click

    def show_entry(self, project: Project, entry_id: str, coders: Sequence[str]) -> None:
        self.coders = list(coders)
        dims = [d for d in project.codebook.dimensions]
        self.dimensions = [d.key for d in dims]
        cursor = (self.currentRow(), self.currentColumn())  # redrawn after every edit: keep it
        self.clear()
        self.setRowCount(len(dims))
        self.setColumnCount(len(self.coders) + 1)
        self.setHorizontalHeaderLabels([*self.coders, "gold"])
        self.setVerticalHeaderLabels([d.label for d in dims])
        if not entry_id or not project.has_entry(entry_id):
            return
        differing = set(differing_dimensions(project, entry_id, self.coders))
        still_open = set(open_dimensions(project, entry_id))
        text = project.entry(entry_id).text
        gold = derived_gold(project, entry_id)
        for row, dim in enumerate(dims):
            is_span = dim.kind == "span"
            for col, coder in enumerate([*self.coders, GOLD_LAYER]):
                ann = gold if coder == GOLD_LAYER else project.annotation(coder, entry_id)
                shown = show_value(ann, dim.key, is_span, text)
                if coder == GOLD_LAYER and dim.key in still_open:
                    shown = f"{OPEN} ({shown})" if is_span and shown != "(none)" else OPEN
                item = QTableWidgetItem(shown)
                item.setToolTip(tip(shown))
                if coder == GOLD_LAYER:
                    if dim.key in still_open:
                        font = item.font()
                        font.setItalic(True)
                        item.setFont(font)
                    elif shown not in ("-", "(none)"):
                        item.setBackground(QBrush(SETTLED))  # agreed or decided
                    item.setToolTip("Enter or double-click: type the gold value yourself")
                elif dim.key in differing:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(DIFFERENCE))
                    item.setToolTip(tip(f"Enter or double-click: take {coder}'s {dim.label} into gold"))
                self.setItem(row, col, item)
        if cursor[0] >= 0 and cursor[1] >= 0:
            self.setCurrentCell(min(cursor[0], len(dims) - 1), min(cursor[1], len(self.coders)))

    def select_first_open(self, still_open: Sequence[str]) -> None:
        """Put the cursor on the first coder's cell of the first undecided dimension, so Enter takes it."""
        if still_open and still_open[0] in self.dimensions:
            self.setCurrentCell(self.dimensions.index(still_open[0]), 0)
            self.setFocus()

    def _activated(self, row: int, column: int) -> None:
        if not 0 <= row < len(self.dimensions):
            return
        if column < len(self.coders):
            self.takeRequested.emit(self.coders[column], self.dimensions[row])
        else:
            self.editRequested.emit(self.dimensions[row])
