"""A searchable list of a dimension's values, for dimensions longer than a screenful.

A button per value is how the tag panel teaches keys, but a codebook of 100,000 actors
built 200,000 widgets and never showed a window. Beyond ``SCREENFUL`` values a dimension
gets this instead: a filter field over one list view whose model holds only indices, so
its cost is one row per *visible* line, not one widget per value.

The model filters in Python over pre-folded strings rather than through a
``QSortFilterProxyModel``: a proxy asks the model for every row's text through Python on
each key press, which is slower than one list comprehension over the folded strings.
Values the entry is coded with are always listed first, whatever the filter, those that
came from a suggestion marked ✦; the values suggested for the entry sit above the field
as outlined chips (``suggested.SuggestedChips``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from workbench.core.codebook import CodeValue, Dimension
from workbench.core.model import Annotation, Provenance
from workbench.core.provenance import provenance
from workbench.index.suggestions import Suggestion
from workbench.ui.coding.suggested import ASSISTED_MARK, SuggestedChips, assisted_tip
from workbench.ui.plain_text import tip

#: Beyond this many values a dimension is a searchable list rather than a grid of buttons.
SCREENFUL = 40
#: Rows the list shows at once; the rest scroll.
VISIBLE_ROWS = 8
#: Matches listed at most. A list view lays out every row on each reset (100,000 rows cost
#: 0.2 s, on every key that codes), and nobody scrolls through thousands: they type.
MAX_LISTED = 500

AnyIndex = QModelIndex | QPersistentModelIndex


def value_line(value: CodeValue) -> str:
    """ "RUS Russia", or the label alone when the key says the same."""
    if value.label.casefold() == value.key.casefold():
        return value.label
    return f"{value.key} {value.label}"


class ValueListModel(QAbstractListModel):
    """The values of one dimension: the coded ones first, then those matching the filter."""

    def __init__(self, dimension: Dimension, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dimension = dimension
        self.values = list(dimension.values)
        self._folded = [f"{v.key} {v.label}".casefold() for v in self.values]
        self._position = {v.key: i for i, v in enumerate(self.values)}
        self._matches: list[int] = list(range(len(self.values)))
        self._chosen: list[int] = []
        #: How the coded values that came from a suggestion came (marked ✦).
        self._assisted: dict[str, Provenance] = {}
        self._rows: list[int] = self._matches[:MAX_LISTED]
        self._matches_cache: tuple[list[int], set[int]] | None = None
        self.filter_text = ""

    # --- what is listed ------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """List the values whose key or label contains ``text``: exact, then prefix, then inside."""
        needle = " ".join(text.split()).casefold()
        self.filter_text = needle
        if not needle:
            matches = list(range(len(self.values)))
        else:
            inside = [i for i, folded in enumerate(self._folded) if needle in folded]
            exact = [
                i
                for i in inside
                if needle in (self.values[i].key.casefold(), self.values[i].label.casefold())
            ]
            first = set(exact)
            prefix = [
                i
                for i in inside
                if i not in first
                and (
                    self.values[i].key.casefold().startswith(needle)
                    or self.values[i].label.casefold().startswith(needle)
                )
            ]
            first.update(prefix)
            matches = exact + prefix + [i for i in inside if i not in first]
        self._matches = matches
        self._relist()

    def set_chosen(self, keys: list[str], assisted: dict[str, Provenance] | None = None) -> None:
        """The values the current entry is coded with, listed first (unknown keys are left
        out), and how those from a suggestion came."""
        chosen = [self._position[k] for k in keys if k in self._position]
        assisted = assisted or {}
        if chosen != self._chosen or assisted != self._assisted:
            self._chosen = chosen
            self._assisted = assisted
            self._relist()

    def _relist(self) -> None:
        self.beginResetModel()
        taken = set(self._chosen)
        rest: list[int] = []
        for i in self._matches:  # stops at the listing limit, so 100,000 matches cost little
            if i not in taken:
                rest.append(i)
                if len(rest) > MAX_LISTED:
                    break
        self._rows = self._chosen + rest[:MAX_LISTED]
        self.endResetModel()

    def chosen_count(self) -> int:
        return len(self._chosen)

    def match_count(self) -> int:
        """Values matching the filter that are not already coded, listed or not."""
        return len(self._matches) - sum(1 for i in self._chosen if i in self._matches_set())

    def _matches_set(self) -> set[int]:
        if self._matches_cache is None or self._matches_cache[0] is not self._matches:
            self._matches_cache = (self._matches, set(self._matches))
        return self._matches_cache[1]

    def unlisted_count(self) -> int:
        """Matches beyond the listing limit: the filter has to narrow them down."""
        return max(0, self.match_count() - (len(self._rows) - len(self._chosen)))

    def value_of(self, key: str) -> CodeValue | None:
        """The value ``key`` by look-up (``Dimension.value`` walks every value)."""
        position = self._position.get(key)
        return None if position is None else self.values[position]

    def value_at(self, row: int) -> CodeValue:
        return self.values[self._rows[row]]

    def row_of(self, key: str) -> int | None:
        """The row listing value ``key``, or None when the filter hides it."""
        position = self._position.get(key)
        if position is None:
            return None
        try:
            return self._rows.index(position)  # a C loop, fast even over 100,000 rows
        except ValueError:
            return None

    # --- Qt's side -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self.values[self._rows[index.row()]]
        how = self._assisted.get(value.key) if index.row() < len(self._chosen) else None
        if role == Qt.ItemDataRole.DisplayRole:
            mark = f" {ASSISTED_MARK}" if how else ""
            return value_line(value) + mark + (f"   {value.shortcut}" if value.shortcut else "")
        if role == Qt.ItemDataRole.CheckStateRole and self.dimension.kind != "span":
            chosen = index.row() < len(self._chosen)
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(value.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = value.description or value.label
            text += f"\nKey: {value.shortcut}" if value.shortcut else ""
            return tip(text + (f"\n{assisted_tip(how)}" if how else ""))
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Not user-checkable: a click anywhere on the row codes it, through one path (see
        # ValueSearch), so the check box cannot toggle a second time under the same click.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


_STEPS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: VISIBLE_ROWS,
    Qt.Key.Key_PageUp: -VISIBLE_ROWS,
}


class SearchField(QLineEdit):
    """The filter field: arrows move the highlight in the list, Enter picks, Escape leaves."""

    escaped = Signal()
    moved = Signal(int)  # rows to move the highlight by

    def event(self, event: QEvent) -> bool:
        # Up and Down are also the coding area's previous/next entry keys; in this field
        # they move through the list instead, so the field claims them before the shortcut.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _STEPS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        if event.key() in _STEPS:
            self.moved.emit(_STEPS[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class ValueSearch(QWidget):
    """Filter field and value list for one long dimension.

    Enter in the field codes the highlighted value (or, in an open dimension with nothing
    matching, adds what was typed) and keeps the field for the next search with its text
    selected; Escape clears it and hands the keyboard back to the coding area, as the
    "add actor" field does. A click on a row codes it. The list never takes focus, like
    the tag panel's buttons.
    """

    def __init__(
        self,
        dimension: Dimension,
        pick: Callable[[str, str], object],
        add: Callable[[str, str], object],
        return_focus: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.dimension = dimension
        self.pick = pick
        self.add = add
        self.return_focus = return_focus
        self.setObjectName(f"values_{dimension.key}")
        self.field = SearchField(self)
        self.field.setObjectName(f"find_{dimension.key}")
        verb = "Find or add" if dimension.open and dimension.kind == "multi" else "Find"
        self.field.setPlaceholderText(
            f"{verb} {dimension.label.lower()} ({len(dimension.values):,}): type, Enter codes"
        )
        self.field.setClearButtonEnabled(True)
        self.model = ValueListModel(dimension, self)
        self.suggested = SuggestedChips(dimension.key, pick, self)
        self.list = QListView(self)
        self.list.setObjectName(f"list_{dimension.key}")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)  # row heights from one row, never from all of them
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        rows = min(VISIBLE_ROWS, max(len(dimension.values), 1))
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4)
        self.list.clicked.connect(lambda index: self._pick_row(index.row()))
        self.field.textEdited.connect(self._filter)
        self.field.returnPressed.connect(self._enter)
        self.field.escaped.connect(self._leave)
        self.field.moved.connect(self._move)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.suggested)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.more = QLabel(self)
        self.more.setObjectName(f"more_{dimension.key}")
        self.more.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.more)
        self._highlight_first()
        self._show_counts()

    def show_coded(self, keys: list[str], enabled: bool, annotation: Annotation | None = None) -> None:
        """Reflect the current entry: its values first and checked, those from suggestions marked."""
        current = self.highlighted()
        key = self.dimension.key
        assisted = {k: how for k in keys if (how := provenance(annotation, key, k)) is not None}
        self.model.set_chosen(keys, assisted)
        self._highlight(current)
        self._show_counts()
        self.field.setEnabled(enabled)
        self.list.setEnabled(enabled)

    def show_suggested(self, offered: list[Suggestion]) -> None:
        """The entry's suggestions for this dimension, best first, as chips above the field."""
        if not offered and not self.suggested.chips:
            return
        lines = {}
        for s in offered:
            value = self.model.value_of(s.value)
            if value is not None:
                lines[s.value] = (value_line(value), value.colour)
        self.suggested.show_suggested(offered, lines)
        self.suggested.setEnabled(self.field.isEnabled())

    def highlighted(self) -> CodeValue | None:
        index = self.list.currentIndex()
        return self.model.value_at(index.row()) if index.isValid() else None

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._highlight_first()
        self._show_counts()

    def _show_counts(self) -> None:
        """Say when the list stops short, or finds nothing, so the analyst knows to type on."""
        unlisted = self.model.unlisted_count()
        if unlisted:
            self.more.setText(f"… {unlisted:,} more: type to narrow the list")
        elif self.model.filter_text and not self.model.match_count():
            can_add = self.dimension.open and self.dimension.kind == "multi"
            self.more.setText("Nothing matches" + (": Enter adds it as a new value" if can_add else ""))
        self.more.setVisible(bool(unlisted) or bool(self.model.filter_text and not self.model.match_count()))

    def _highlight_first(self) -> None:
        """The best match once something is typed (the coded values above it are already
        chosen); nothing before, so an untouched list does not look like a choice."""
        row = self.model.chosen_count() if self.model.filter_text and self.model.match_count() else -1
        self._set_row(row)

    def _highlight(self, value: CodeValue | None) -> None:
        row = self.model.row_of(value.key) if value is not None else None
        if row is None:
            self._highlight_first()
        else:
            self._set_row(row)

    def _set_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        else:
            self.list.setCurrentIndex(QModelIndex())

    def _move(self, steps: int) -> None:
        current = self.list.currentIndex()
        row = current.row() + steps if current.isValid() else 0
        self._set_row(max(0, min(row, self.model.rowCount() - 1)))

    def _pick_row(self, row: int) -> None:
        self.pick(self.dimension.key, self.model.value_at(row).key)

    def _enter(self) -> None:
        typed = self.field.text().strip()
        nothing_matches = bool(self.model.filter_text) and not self.model.match_count()
        if nothing_matches and self.dimension.open and self.dimension.kind == "multi":
            self.add(self.dimension.key, typed)  # rebuilds the panel, this widget included
            self.return_focus()
            return
        value = self.highlighted()
        if value is not None and not nothing_matches:
            self.pick(self.dimension.key, value.key)
            self.field.selectAll()  # the next letters start the next search

    def _leave(self) -> None:
        self.field.clear()
        self._filter("")
        self.return_focus()
