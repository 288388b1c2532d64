"""A codebook value's button in the tag panel and the texts it is drawn from.

Kept apart from the panel that lays the buttons out: the label wraps at spaces within
its own width (a value's label is never elided), the key hint gets the width its own
font needs, and a suggestion's outline is painted over the button (``overlay``) rather
than set by swapping a style sheet on every entry switch.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from workbench.core.codebook import CodeValue


def readable_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    c = QColor(colour)
    luminance = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return "#000000" if luminance > 150 else "#ffffff"


def value_button_style(colour: str) -> str:
    return (
        "QPushButton { text-align: left; padding: 3px 8px; border: 1px solid #c8c8c8;"
        f" border-left: 6px solid {colour}; border-radius: 3px; background: #fbfbfb; color: #222; }}"
        "QPushButton:hover { background: #f0f0f0; }"
        f"QPushButton:checked {{ background: {colour}; color: {readable_on(colour)};"
        f" border: 1px solid {QColor(colour).darker(125).name()}; border-left: 6px solid"
        f" {QColor(colour).darker(125).name()}; font-weight: bold; }}"
        "QPushButton:disabled { color: #a0a0a0; background: #f2f2f2; border-color: #e0e0e0; }"
    )


def value_text(value: CodeValue, label_only: bool) -> str:
    """ "RUS Russia" shows both; "AGREE Agree" or a single choice needs only the label."""
    if label_only or value.label.casefold() == value.key.casefold():
        return value.label
    return f"{value.key} {value.label}"


#: The room after a key hint, before the next column of values.
HINT_GAP = 6


def shortcut_label(shortcut: str, parent: QWidget) -> QLabel:
    """The key beside a value, always given the width its text measures in its own font
    (a cut "A," for "A, T" taught the wrong key)."""
    label = QLabel(shortcut, parent)
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setStyleSheet("color: #6b7280;")
    label.setContentsMargins(0, 0, HINT_GAP, 0)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance(shortcut) + HINT_GAP)
    label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


#: The longest unbreakable piece of a label that is always shown whole, in average
#: characters ("intergovernmental"); a longer one is elided rather than widen the panel.
LONGEST_WHOLE_WORD = 22


def label_pieces(text: str) -> list[tuple[str, str]]:
    """``text`` as pieces a line may break after, each with what joins it to the one
    before: words joined by a space, and the parts of "Non-governmental" by nothing."""
    pieces: list[tuple[str, str]] = []
    for word in text.split():
        parts = re.findall(r"[^-]+-+|[^-]+|-+", word)
        pieces += [(" " if at == 0 and pieces else "", part) for at, part in enumerate(parts)]
    return pieces


def wrapped_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` broken at spaces and hyphens into lines no wider than ``width``; only a
    piece wider than the whole line is elided."""
    lines: list[str] = []
    for glue, piece in label_pieces(text):
        if lines and metrics.horizontalAdvance(f"{lines[-1]}{glue}{piece}") <= width:
            lines[-1] = f"{lines[-1]}{glue}{piece}"
        else:
            lines.append(piece)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines] or [""]


class ValueButton(QPushButton):
    """A value's button that shows its whole label, on more lines when the panel is narrow.

    Cut to half a narrow panel, "NGO Non-governmental organisation" read "NGO Non-govern…"
    and "SYR GOV Syrian government" "SYR GOV Syrian …", so the label wraps to the button's
    width instead. It is measured in bold, the face of the checked state, so checking a
    value never pushes its text out. The button asks for the one-line width and accepts
    any width down to its longest piece, which the tag panel's least width then keeps.
    """

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.full_text = text
        #: Drawn over the button (a suggestion's outline: no style sheet to swap per entry).
        self.overlay: Callable[[QPushButton], None] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _bold_metrics(self) -> QFontMetrics:
        font = self.font()
        font.setBold(True)
        return QFontMetrics(font)

    def _text_width(self) -> int:
        """The width the text has inside this button's border and padding."""
        self.ensurePolished()  # the style sheet's border and padding count
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()

    def sizeHint(self) -> QSize:
        shown = super().sizeHint()
        metrics = self._bold_metrics()
        widest = max(metrics.horizontalAdvance(line) for line in self.text().split("\n"))
        extra = metrics.horizontalAdvance(self.full_text) - widest
        return QSize(shown.width() + max(extra, 0), shown.height())

    def minimumSizeHint(self) -> QSize:
        metrics = self._bold_metrics()
        longest = max(
            (metrics.horizontalAdvance(piece) for _, piece in label_pieces(self.full_text)), default=0
        )
        longest = min(longest, metrics.averageCharWidth() * LONGEST_WHOLE_WORD)
        border_and_padding = self.width() - self._text_width()
        return QSize(longest + border_and_padding, super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.overlay is not None:
            self.overlay(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._wrap()

    def set_full_text(self, text: str) -> None:
        """Show ``text`` instead (a suggestion's confidence added to the label, or taken off)."""
        if text != self.full_text:
            self.full_text = text
            self._wrap()
            self.updateGeometry()

    def _wrap(self) -> None:
        text = "\n".join(wrapped_lines(self.full_text, self._bold_metrics(), self._text_width()))
        if text != self.text():
            self.setText(text)
            self.updateGeometry()
