"""The codebook editor's tree: dimensions and their values, with usage counts and notes.

Kept apart from the dialog (``codebook_editor``), which asks and edits; the tree only shows
the session's codebook, keeping the selection and expansion across a rebuild, and builds a
long dimension's rows only when it is opened.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from workbench.core.code_matching import usage_counts
from workbench.core.codebook import Codebook, CodeValue
from workbench.ui.coding.value_list import SCREENFUL
from workbench.ui.plain_text import tip
from workbench.ui.session import Session

#: (dimension key, value key or None for the dimension row itself)
Selection = tuple[str, str | None]


def selected_value(codebook: Codebook, selection: Selection | None) -> tuple[str, CodeValue] | None:
    """The selected value with its dimension's key; None when a dimension (or nothing) is selected."""
    if selection is None or selection[1] is None:
        return None
    dimension = codebook.dimension(selection[0])
    value = dimension.value(selection[1]) if dimension else None
    return (selection[0], value) if value else None


KEY_ROLE = Qt.ItemDataRole.UserRole


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def value_notes(value: CodeValue) -> str:
    """The Notes column of a value: its description, then the names it goes by in text."""
    aliases = f"Aliases: {', '.join(value.aliases)}" if value.aliases else ""
    return " · ".join(part for part in (value.description, aliases) if part)


class CodebookTree(QTreeWidget):
    """Dimensions as bold rows, their values beneath: code, key, shortcut, uses, notes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("codebookTree")
        self.setHeaderLabels(["Code", "Key", "Shortcut", "Used", "Notes"])
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(True)
        self.itemExpanded.connect(self._opened)
        self._counts: Counter[tuple[str, str | None]] = Counter()
        self._swatches: dict[str, QIcon] = {}

    def refresh(self) -> None:
        """Rebuild the tree from the codebook, keeping the selection and expansion.

        A dimension longer than a screenful starts collapsed and gets its rows only when
        opened: 100,000 actors as tree items take seconds, which every edit would pay.
        """
        selected = self.selection()
        expanded = {top.data(0, KEY_ROLE)[0]: top.isExpanded() for top in self._tops()}
        self._counts = usage_counts(self.session.project)
        self._swatches = {}
        self.clear()
        restore: QTreeWidgetItem | None = None
        for dim in self.session.project.codebook.dimensions:
            kind = dim.kind + (", ordered" if dim.ordered else "") + (", open" if dim.open else "")
            notes = f"{kind} · toward “{dim.target}”" if dim.target else kind
            top = QTreeWidgetItem([dim.label, dim.key, "", str(self._counts[(dim.key, None)]), notes])
            top.setData(0, KEY_ROLE, (dim.key, None))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.addTopLevelItem(top)
            if (dim.key, None) == selected:
                restore = top
            opened = expanded.get(dim.key, len(dim.values) <= SCREENFUL)
            value_selected = selected is not None and selected[0] == dim.key and selected[1] is not None
            if opened or value_selected:
                self._fill(top)
            else:
                top.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            top.setExpanded(opened or value_selected)
            if value_selected and selected is not None and selected[1] is not None:
                restore = self._child(top, selected[1]) or restore
        for col in range(4):
            self.resizeColumnToContents(col)
        if restore is not None:
            self.setCurrentItem(restore)

    def _fill(self, top: QTreeWidgetItem) -> None:
        """Give a dimension's row its value rows, once, in codebook order."""
        dim = self.session.project.codebook.dimension(top.data(0, KEY_ROLE)[0])
        if dim is None or top.childCount():
            return
        # As few calls per row as can be, one icon per colour, the rows handed over at once.
        children = []
        for value in dim.values:
            child = QTreeWidgetItem(
                [
                    value.label,
                    value.key,
                    value.shortcut,
                    str(self._counts[(dim.key, value.key)]),
                    value_notes(value),
                ]
            )
            swatch = self._swatches.get(value.colour)
            if swatch is None:
                swatch = self._swatches[value.colour] = _swatch(value.colour)
            child.setIcon(0, swatch)
            child.setData(0, KEY_ROLE, (dim.key, value.key))
            if value.description or value.aliases:
                child.setToolTip(4, tip(value_notes(value)))
            children.append(child)
        top.addChildren(children)

    def _opened(self, item: QTreeWidgetItem) -> None:
        if item.parent() is None:
            self._fill(item)

    def _child(self, top: QTreeWidgetItem, value_key: str) -> QTreeWidgetItem | None:
        """The row of ``value_key`` under its dimension's row (rows follow the codebook's order)."""
        dim = self.session.project.codebook.dimension(top.data(0, KEY_ROLE)[0])
        keys = dim.keys() if dim is not None else []
        if value_key not in keys:
            return None
        self._fill(top)
        return top.child(keys.index(value_key))

    def selection(self) -> Selection | None:
        item = self.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def _tops(self) -> list[QTreeWidgetItem]:
        """The dimensions' rows."""
        return [top for i in range(self.topLevelItemCount()) if (top := self.topLevelItem(i)) is not None]

    def select(self, dim_key: str, value_key: str | None = None) -> None:
        """Select a row by its keys (what clicking it does)."""
        for top in self._tops():
            if top.data(0, KEY_ROLE)[0] != dim_key:
                continue
            item = top if value_key is None else self._child(top, value_key)
            if item is not None:
                self.setCurrentItem(item)
                return
        raise KeyError((dim_key, value_key))
