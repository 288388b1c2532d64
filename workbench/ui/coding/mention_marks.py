"""How the entry text shows mention suggestions (``index/mentions``) and offers to take them.

A dotted underline in the value's colour and no fill, so a suggestion never reads as a
mark; its tooltip asks ("Kremlin: Actor RUS?"); a click or the context menu offers
"Mark as Actor ▸ RUS", which ``Coder.accept_mention`` takes as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit

from workbench.core.codebook import Codebook
from workbench.index.mentions import Mention
from workbench.ui.coding.span_offsets import to_qt


def underlines(
    view: QPlainTextEdit, text: str, codebook: Codebook, mentions: list[Mention]
) -> tuple[list[QTextEdit.ExtraSelection], dict[tuple[int, int], str]]:
    """One dotted underline per stretch of ``text`` (the entry's, shown in ``view``) in its
    first value's colour, and each stretch's tooltip."""
    tips: dict[tuple[int, int], str] = {}
    selections: list[QTextEdit.ExtraSelection] = []
    for mention in mentions:
        dimension = codebook.dimension(mention.dimension)
        key = (mention.start, mention.end)
        earlier = tips.get(key)
        if earlier:  # "Washington: Actor USA or ..."
            tips[key] = f"{earlier[:-1]} or {mention.value}?"
            continue
        tips[key] = f"{mention.text}: {dimension.label if dimension else mention.dimension} {mention.value}?"
        code = dimension.value(mention.value) if dimension else None
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(view.document())
        cursor.setPosition(to_qt(text, mention.start))
        cursor.setPosition(to_qt(text, mention.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        char_format = QTextCharFormat()
        char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        char_format.setUnderlineColor(QColor(code.colour if code else "#777777").darker(120))
        selection.format = char_format
        selections.append(selection)
    return selections, tips


def add_actions(
    menu: QMenu, codebook: Codebook, mentions: list[Mention], accept: Callable[[Mention], object]
) -> None:
    """ "Mark as Actor ▸ RUS (Russia)" for each mention, one submenu per dimension."""
    submenus: dict[str, QMenu] = {}
    for mention in mentions:
        dimension = codebook.dimension(mention.dimension)
        if dimension is None:
            continue
        submenu = submenus.get(dimension.key)
        if submenu is None:
            submenu = submenus[dimension.key] = menu.addMenu(f"Mark as {dimension.label}")
        code = dimension.value(mention.value)
        label = mention.value if code is None or code.label == code.key else f"{code.key} ({code.label})"
        action = submenu.addAction(label)
        action.triggered.connect(lambda _=False, m=mention: accept(m))
