"""Text from project files is shown as written, never read as Qt rich text.

A codebook label, an entry, a file name or an annotator's name may hold markup: read as
HTML, ``<img src=file:///...>`` loaded local files at start-up, a link in a message box
opened ``file:///etc/passwd`` when clicked, and nested ``<table>`` markup in a legend hung
the window for minutes. So every label in the application is plain text (one filter, below:
a label added later cannot forget it), and the two places Qt guesses or assumes HTML
anyway, tooltips and pyqtgraph's text items, get their text escaped here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel

#: A label carrying this property set to True builds its own markup, escaping any data in it.
RICH_LABEL = "workbenchRichLabel"
#: Characters of data a tooltip shows: a whole 50 MB entry as a tooltip froze the window.
TIP_LIMIT = 400
_POLISH = QEvent.Type.Polish


def elided(text: str, limit: int = TIP_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def markup_escaped(text: str) -> str:
    """``text`` for a place that reads HTML (pyqtgraph legends, axis labels, notes)."""
    return html.escape(text, quote=False)


def tip(text: str) -> str:
    """A tooltip showing ``text`` literally, elided. Qt reads a tooltip as HTML when it merely
    looks like HTML, so the text is escaped inside ``<qt>``, which makes the reading sure."""
    if not text:
        return ""
    return "<qt>" + markup_escaped(elided(text)).replace("\n", "<br>") + "</qt>"


class _PlainLabels(QObject):
    """Sets every label to plain text as Qt first polishes it, before it is ever painted."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _POLISH and isinstance(watched, QLabel) and not watched.property(RICH_LABEL):
            watched.setTextFormat(Qt.TextFormat.PlainText)
            watched.setOpenExternalLinks(False)
        return False


_installed: list[_PlainLabels] = []


def install_plain_labels(app: QApplication) -> None:
    """Install the plain-label filter on ``app`` once (message boxes and dialogs included)."""
    if not _installed:
        _installed.append(_PlainLabels(app))
        app.installEventFilter(_installed[0])
