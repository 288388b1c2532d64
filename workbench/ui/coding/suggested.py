"""Suggestions in the tag panel: outlined values with their confidence, and the marks of
values that came from one.

What the analyst chose is filled in its colour; what is only suggested keeps the button
empty with a dashed outline in that colour and the confidence beside the label ("Favor
72%"), so the two never read alike. A coded value that came from a suggestion carries a
small ✦, and its tooltip says what proposed it: journals ask which codes a model proposed,
and the analyst should see it while coding too. Which suggestions an entry is offered is
``Coder.suggestions``; this module only shows them and wires the window's two actions
(accept all, code blind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.app_keys import keys_of
from workbench.core.model import Annotation, Provenance
from workbench.core.provenance import is_blind, provenance
from workbench.core.undoable import Change, SetBlind
from workbench.index.suggestions import Suggestion
from workbench.ui.plain_text import tip as plain_tip
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: The mark after a coded value that came from a suggestion.
ASSISTED_MARK = "✦"
#: Suggested values shown at most above a long dimension's search field.
MAX_CHIPS = 6
#: The key that accepts an entry's suggestions, as the panel's texts name it.
ACCEPT_KEY = keys_of("accept suggestions")[0]


def percent(score: float | None) -> str:
    return "" if score is None else f"{round(score * 100)}%"


def origin(source: str, version: str) -> str:
    """What proposed a value, as the analyst reads it: "the local model (stance#3)"."""
    if source == "model":
        return f"the local model ({version})" if version else "the local model"
    if source == "predictions":
        return f"imported predictions ({version})" if version else "imported predictions"
    if source == "alias":
        return f"the alias “{version}” in the text" if version else "an alias in the text"
    return f"{source} ({version})" if version else source


def suggestion_tip(s: Suggestion) -> str:
    return (
        f"Suggested by {origin(s.source, s.version)}, {percent(s.score)} sure.\n"
        f"Its key or a click codes it; {ACCEPT_KEY} accepts every suggestion on the entry."
    )


def assisted_tip(how: Provenance) -> str:
    sure = f", {percent(how.score)} sure" if how.score is not None else ""
    taken = "chosen by its own key" if how.confirmed else f"accepted with the others ({ACCEPT_KEY})"
    return f"{ASSISTED_MARK} From a suggestion by {origin(how.source, how.version)}{sure}; {taken}."


def coding_as_text(session: Session, offered: int) -> str:
    """The panel's first line: who codes, and whether (and how many) suggestions are shown."""
    text = f"Coding as {session.annotator}"
    if is_blind(session.project, session.annotator):
        return f"{text}  ·  blind: no suggestions shown"
    if offered:
        return f"{text}  ·  {offered} suggested (outlined): {ACCEPT_KEY} accepts {'all' if offered > 1 else 'it'}"
    return text


def outlined_style(colour: str) -> str:
    """A suggestion chip's look: a dashed outline in the value's colour, never filled."""
    return (
        "QPushButton { text-align: left; padding: 2px 6px; border-radius: 3px;"
        f" border: 2px dashed {colour}; border-left: 6px solid {colour};"
        " background: #ffffff; color: #333333; font-style: italic; }"
        f"QPushButton:hover {{ background: {QColor(colour).lighter(185).name()}; }}"
    )


def outline(colour: str) -> Callable[[QPushButton], None]:
    """Paints a suggested value's dashed outline in its colour over the button's own look.

    Painted, not styled: swapping a button's style sheet costs ~10 ms, and the outlines
    change on nearly every entry switch."""
    pen = QPen(QColor(colour), 2, Qt.PenStyle.DashLine)

    def paint(button: QPushButton) -> None:
        if button.isChecked():
            return
        painter = QPainter(button)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(button.rect()).adjusted(1, 1, -1, -1), 3, 3)
        painter.end()

    return paint


class Markable(Protocol):
    """The tag panel's value button (``value_button.ValueButton``) as the marks need it."""

    full_text: str
    overlay: Callable[[QPushButton], None] | None

    def set_full_text(self, text: str) -> None: ...
    def setToolTip(self, text: str) -> None: ...
    def font(self) -> QFont: ...
    def setFont(self, font: QFont) -> None: ...
    def update(self) -> None: ...


@dataclass
class _Plain:
    """A value button as the codebook made it, before any suggestion marked it."""

    button: Markable
    text: str
    tip: str
    outline: Callable[[QPushButton], None]


class ValueMarks:
    """The suggestion marks on the tag panel's value buttons, re-read from the data on
    every sync, changing only the buttons whose mark changed."""

    def __init__(self) -> None:
        self._plain: dict[tuple[str, str], _Plain] = {}
        self._shown: dict[tuple[str, str], object] = {}

    def add(self, dimension: str, value: str, button: Markable, colour: str, tip: str) -> None:
        """Mark ``button`` from now on; ``tip`` is its own tooltip's text (not yet escaped)."""
        self._plain[dimension, value] = _Plain(button, button.full_text, tip, outline(colour))

    def show(self, offered: dict[tuple[str, str], Suggestion], annotation: Annotation | None) -> None:
        for key, plain in self._plain.items():
            s = offered.get(key)
            how = provenance(annotation, *key)
            state: object = ("suggested", s) if s else ("assisted", how) if how else None
            if self._shown.get(key) == state:
                continue
            self._shown[key] = state
            button = plain.button
            if s is not None:
                text, tip = f"{plain.text}  {percent(s.score)}", f"{plain.tip}\n{suggestion_tip(s)}"
            elif how is not None:
                text, tip = f"{plain.text} {ASSISTED_MARK}", f"{plain.tip}\n{assisted_tip(how)}"
            else:
                text, tip = plain.text, plain.tip
            button.overlay = plain.outline if s is not None else None
            font = button.font()
            font.setItalic(s is not None)
            button.setFont(font)
            button.set_full_text(text)
            button.setToolTip(plain_tip(tip))
            button.update()


class Chip(QPushButton):
    """A suggested value above a long dimension's search: elided to its column rather than
    widening the panel (its tooltip and the list below hold the whole label)."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()
        font = self.font()
        font.setItalic(True)  # the style sheet's face
        self.setText(QFontMetrics(font).elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, room))


class SuggestedChips(QWidget):
    """ "Suggested:" and outlined chips above a long dimension's search field: its values
    are not buttons, so its suggestions would otherwise be out of sight in the list."""

    def __init__(self, dimension_key: str, pick: Callable[[str, str], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.dimension_key = dimension_key
        self.pick = pick
        self.setObjectName(f"suggested_{dimension_key}")
        self.chips: list[Chip] = []
        self._shown: list[Suggestion] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        title = QLabel("Suggested:", self)
        title.setStyleSheet("color: #555;")
        layout.addWidget(title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        self.setVisible(False)

    def show_suggested(self, offered: list[Suggestion], lines: dict[str, tuple[str, str]]) -> None:
        """Show ``offered`` (best first); ``lines`` gives each value's text and colour."""
        offered = [s for s in offered if s.value in lines][:MAX_CHIPS]
        if offered == self._shown:
            return
        self._shown = offered
        for chip in self.chips:
            self.grid.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for i, s in enumerate(offered):
            text, colour = lines[s.value]
            chip = Chip(f"{text}  {percent(s.score)}", self)
            chip.setObjectName(f"chip_{self.dimension_key}_{s.value}")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setStyleSheet(
                "QPushButton { text-align: left; padding: 2px 6px; border-radius: 3px; }"
                + outlined_style(colour)
            )
            chip.setToolTip(plain_tip(suggestion_tip(s)))
            chip.clicked.connect(lambda _=False, v=s.value: self.pick(self.dimension_key, v))
            self.grid.addWidget(chip, i // 2, i % 2)
            self.chips.append(chip)
        self.setVisible(bool(offered))


class BlindAction(QAction):
    """Edit ▸ Code blind: this window's annotator sees no suggestions (the reliability
    sample). Kept in the project (``SetBlind``, undoable), so the check mark is re-read
    whenever the annotator, the project or the setting changes, undo included."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__("Code &blind (no suggestions)", parent)
        self.session = session
        self.setObjectName("actionCodeBlind")
        self.setCheckable(True)
        self.triggered.connect(lambda checked: session.push(SetBlind(session.annotator, checked)))
        session.annotatorChanged.connect(lambda _name: self.sync())
        session.projectReplaced.connect(self.sync)
        session.changed.connect(self._on_change)
        self.sync()

    def _on_change(self, change: Change) -> None:
        if change.suggestions:
            self.sync()

    def sync(self) -> None:
        with QSignalBlocker(self):
            self.setChecked(is_blind(self.session.project, self.session.annotator))


def add_suggestion_actions(window: MainWindow) -> None:
    """Edit ▸ Accept suggestions (S, a coding-area key like D and F) and Code blind (their
    places, texts and keys: ``ui/menus``)."""

    def accept_all() -> None:
        count = window.coder.accept_suggestions()
        many = count != 1
        session = window.session
        if count:
            text = f"Accepted {count} suggestion{'s' * many}."
        elif is_blind(session.project, session.annotator):
            text = f"{session.annotator} codes blind: no suggestions are shown (Edit ▸ Code blind)."
        else:
            text = "No suggestions on this entry."
        window.statusBar().showMessage(text, 4000)

    window.menu_actions.bind("accept suggestions", accept_all)
    window.menu_actions.adopt("code blind", BlindAction(window.session, window))
