"""The coding panel on the right, built from the codebook.

Every value is a button in its codebook colour with its key shown beside it, so an
analyst learns the keys by looking; a suggested one is outlined with its confidence
(``suggested``), apart from what the analyst chose. Buttons never take keyboard focus
(clicking one must not pull focus out of the entry list), and their checked state is
always re-read from the data after a change rather than trusted from the click.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codebook import CodeValue, Dimension
from workbench.core.model import Status
from workbench.core.undoable import Change
from workbench.ui.coding.operations import Coder
from workbench.ui.coding.suggested import ValueMarks, coding_as_text
from workbench.ui.coding.value_button import ValueButton, shortcut_label, value_button_style, value_text
from workbench.ui.coding.value_list import SCREENFUL, ValueSearch
from workbench.ui.plain_text import tip as plain_tip
from workbench.ui.session import Session

STATUS_BUTTONS: tuple[tuple[Status, str, str], ...] = (
    ("todo", "To do", ""),
    ("done", "Done", "D"),
    ("flagged", "Flagged", "F"),
)
STATUS_COLOURS = {"todo": "#8a8f98", "done": "#2a7f62", "flagged": "#c0641a"}


def _per_row(dimension: Dimension) -> int:
    """A short one-of scale (stance) fits on one line; longer lists take two columns."""
    if dimension.kind == "single" and len(dimension.values) <= 3:
        return 3
    return 2


class TypingField(QLineEdit):
    """A line edit that reports Escape, so the panel can undo the typing and hand focus back."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class TagPanel(QScrollArea):
    def __init__(
        self,
        session: Session,
        coder: Coder,
        mark_span: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.coder = coder
        self.mark_span = mark_span
        self.setObjectName("tagPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click on the panel leaves focus where it was
        self.value_buttons: dict[tuple[str, str], QPushButton] = {}
        self.status_buttons: dict[str, QPushButton] = {}
        self.add_fields: dict[str, QLineEdit] = {}
        #: Dimensions longer than a screenful: a search field and list instead of buttons.
        self.value_lists: dict[str, ValueSearch] = {}
        #: Suggested values outlined, accepted ones marked (``Coder.suggestions`` says which).
        self.marks = ValueMarks()
        self.note = TypingField()
        #: Where the keyboard goes back to after Enter or Escape in a field (the entry list).
        self.return_focus: Callable[[], None] = lambda: None
        self._note_entry = ""
        self._note_session = 0  # typing sessions: each one is a single undo step
        self._note_started = False
        self._note_before = ""
        self.build()
        session.currentEntryChanged.connect(self._entry_switched)
        session.changed.connect(self._on_change)
        session.projectReplaced.connect(self.build)
        session.annotatorChanged.connect(lambda _name: self.sync())
        session.suggestionsChanged.connect(self.sync)

    def minimumSizeHint(self) -> QSize:
        """As wide as the controls need: a narrower pane would cut off the key hints on the
        right (the panel never scrolls sideways) and elide the values' longest words."""
        least = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return least
        width = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(least.width(), width + 2 * self.frameWidth()), least.height())

    # --- building from the codebook ------------------------------------------------------

    def build(self) -> None:
        """(Re)build every control from the codebook; called when the codebook changes."""
        self.value_buttons = {}
        self.status_buttons = {}
        self.add_fields = {}
        self.value_lists = {}
        self.marks = ValueMarks()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 12, 8)
        layout.setSpacing(6)
        self.coding_as = QLabel(body)
        self.coding_as.setObjectName("codingAs")
        self.coding_as.setStyleSheet("color: #555;")
        self.coding_as.setWordWrap(True)
        layout.addWidget(self.coding_as)
        layout.addWidget(self._status_row(body))
        for dimension in self.session.project.codebook.dimensions:
            layout.addWidget(self._section_title(dimension, body))
            if len(dimension.values) > SCREENFUL:
                layout.addWidget(self._value_list(dimension, body))
                continue
            layout.addLayout(self._values_grid(dimension, body))
            if dimension.open and dimension.kind == "multi":
                layout.addWidget(self._add_field(dimension, body))
        layout.addWidget(self._heading("Note", "", body))
        self.note = TypingField(body)
        self.note.setObjectName("noteField")
        self.note.setPlaceholderText("A note on this entry (Enter keeps it, Esc drops it)")
        self.note.setClearButtonEnabled(True)
        # Tab skips the note: reached by Shift+Tab while scrolled away, it took coding keys
        # as text. A click or Edit ▸ Note (Ctrl+E) brings it into view and focus instead.
        self.note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note.textEdited.connect(self._note_typed)
        self.note.editingFinished.connect(self.commit_note)
        self.note.returnPressed.connect(lambda: self.return_focus())
        self.note.escaped.connect(self._revert_note)
        layout.addWidget(self.note)
        layout.addStretch(1)
        old = self.takeWidget()
        if old is not None:
            # The old controls may be mid-signal (Enter in "add actor" adds a value and
            # rebuilds the panel), so they are deleted later, never under their own feet.
            old.hide()
            old.deleteLater()
        self.setWidget(body)
        self.sync()

    def _heading(self, text: str, detail: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(f"{text}  {detail}".rstrip())
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        return label

    def _section_title(self, dimension: Dimension, parent: QWidget) -> QLabel:
        detail = {"single": "(pick one)", "multi": "(any number)", "span": "(select text, then press)"}[
            dimension.kind
        ]
        if dimension.target:
            detail = f"toward “{dimension.target}”  {detail}"
        label = self._heading(dimension.label, detail, parent)
        label.setToolTip(plain_tip(dimension.description))
        label.setWordWrap(True)
        return label

    def _status_row(self, parent: QWidget) -> QWidget:
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for status, label, key in STATUS_BUTTONS:
            button = QPushButton(f"{label}  {key}".rstrip(), row)
            button.setObjectName(f"status_{status}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(value_button_style(STATUS_COLOURS[status]))
            button.setToolTip(
                plain_tip(f"Mark this entry {label.lower()}" + (f" (key {key})" if key else ""))
            )
            button.clicked.connect(lambda _=False, s=status: self._set_status(s))
            layout.addWidget(button)
            self.status_buttons[status] = button
        return row

    def _values_grid(self, dimension: Dimension, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(3)
        per_row = _per_row(dimension)
        for i, value in enumerate(dimension.values):
            row, column = divmod(i, per_row)
            button = self._value_button(dimension, value, parent)
            grid.addWidget(button, row, column * 2)
            grid.addWidget(shortcut_label(value.shortcut, parent), row, column * 2 + 1)
        for column in range(per_row):
            grid.setColumnStretch(column * 2, 1)
        return grid

    def _value_button(self, dimension: Dimension, value: CodeValue, parent: QWidget) -> QPushButton:
        button = ValueButton(value_text(value, dimension.kind == "single"), parent)
        button.setObjectName(f"value_{dimension.key}_{value.key}")
        button.setCheckable(dimension.kind != "span")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setStyleSheet(value_button_style(value.colour))
        tip = value.description or value.label
        if value.shortcut:
            tip += f"\nKey: {value.shortcut}"
        button.setToolTip(plain_tip(tip))
        if dimension.kind == "span":
            button.clicked.connect(lambda _=False, d=dimension.key, v=value.key: self.mark_span(d, v))
        else:
            button.clicked.connect(lambda _=False, d=dimension.key, v=value.key: self._toggle(d, v))
            self.marks.add(dimension.key, value.key, button, value.colour, tip)
        self.value_buttons[(dimension.key, value.key)] = button
        return button

    def _value_list(self, dimension: Dimension, parent: QWidget) -> ValueSearch:
        """A long dimension's search list; in an open one its field also adds typed values."""
        pick = self.mark_span if dimension.kind == "span" else self._toggle
        values = ValueSearch(
            dimension,
            pick,
            lambda d, text: self.coder.add_value(d, text),
            lambda: self.return_focus(),
            parent,
        )
        self.value_lists[dimension.key] = values
        return values

    def _add_field(self, dimension: Dimension, parent: QWidget) -> QLineEdit:
        field = TypingField(parent)
        field.setObjectName(f"add_{dimension.key}")
        field.setPlaceholderText(f"Type to add {dimension.label.lower()} (Enter)…")
        names = sorted({v.key for v in dimension.values} | {v.label for v in dimension.values})
        completer = QCompleter(names, field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        field.setCompleter(completer)
        field.returnPressed.connect(lambda d=dimension.key, f=field: self._add_typed(d, f))
        field.escaped.connect(lambda f=field: (f.clear(), self.return_focus()))
        self.add_fields[dimension.key] = field
        return field

    # --- acting --------------------------------------------------------------------------

    def _set_status(self, status: Status) -> None:
        """One of three, like radio buttons: the checks are re-read from the data after the click."""
        self.coder.set_status(status)
        self.sync()

    def _toggle(self, dimension_key: str, value_key: str) -> None:
        self.coder.toggle(dimension_key, value_key)
        self.sync()

    def _add_typed(self, dimension_key: str, field: QLineEdit) -> None:
        text = field.text().strip()
        if not text:
            return
        self.coder.add_value(dimension_key, text)
        field.clear()
        self.return_focus()  # the next key codes again instead of typing into the field

    def _note_typed(self, text: str) -> None:
        """Store the note as it is typed, so closing the window mid-sentence loses nothing."""
        if self._note_entry and self.session.project.has_entry(self._note_entry):
            key = ("note", self._note_entry, self._note_session)
            if not self._note_started:
                annotation = self.coder.annotation(self._note_entry)
                self._note_before = annotation.note if annotation else ""
                self._note_started = True
            self.coder.set_note(text, self._note_entry, merge_key=key)

    def focus_find(self, dimension_key: str) -> bool:
        """Put the keyboard in a long dimension's search field; False when it has none."""
        values = self.value_lists.get(dimension_key)
        if values is None or not values.field.isEnabled():
            return False
        self.ensureWidgetVisible(values)
        values.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        values.field.selectAll()
        return True

    def focus_note(self) -> None:
        self.ensureWidgetVisible(self.note)
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _revert_note(self) -> None:
        """Escape puts back the note as it was before this typing and goes back to coding by keys."""
        if self._note_started:
            self.note.setText(self._note_before)
            self._note_typed(self._note_before)
        self.commit_note()
        self.return_focus()

    def commit_note(self) -> None:
        """End the typing session: the next keystrokes in the note start a new undo step."""
        self._note_session += 1
        self._note_started = False

    # --- reflecting the data -------------------------------------------------------------

    def _entry_switched(self, _entry_id: str) -> None:
        self.commit_note()
        self.sync()

    def _on_change(self, change: Change) -> None:
        if change.codebook:
            self.build()
        elif change.suggestions or self.session.current_entry_id in change.entry_ids:
            self.sync()

    def sync(self) -> None:
        """Show the current entry's coding (checked values, status and note) and its suggestions."""
        entry_id = self.session.current_entry_id
        annotation = self.coder.annotation() if entry_id else None
        values = annotation.values if annotation else {}
        enabled = bool(entry_id)
        for (dimension_key, value_key), button in self.value_buttons.items():
            coded = values.get(dimension_key)
            checked = coded == value_key or (isinstance(coded, list) and value_key in coded)
            if button.isChecked() != checked:
                button.setChecked(checked)
            button.setEnabled(enabled)
        offered = self.coder.suggestions() if entry_id else []
        self.coding_as.setText(coding_as_text(self.session, len(offered)))
        self.marks.show({(s.dimension, s.value): s for s in offered}, annotation)
        status = annotation.status if annotation else "todo"
        for key, button in self.status_buttons.items():
            button.setChecked(enabled and key == status)
            button.setEnabled(enabled)
        note = annotation.note if annotation else ""
        if self._note_entry != entry_id or not self.note.hasFocus():
            self.note.setText(note)
        self._note_entry = entry_id
        self.note.setEnabled(enabled)
        for field in self.add_fields.values():
            field.setEnabled(enabled)
        for dimension_key, value_list in self.value_lists.items():
            coded = values.get(dimension_key)
            keys = [coded] if isinstance(coded, str) else list(coded or [])
            value_list.show_coded(keys, enabled, annotation)
            value_list.show_suggested([s for s in offered if s.dimension == dimension_key])
