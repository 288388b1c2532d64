"""An entry's printed heading shows in bold above its text and in the list's tooltip; spans
an analyst marks count from the text, not the heading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import ANNOTATOR, shown_window
from workbench.cli import main
from workbench.core.model import Span
from workbench.formats.project.file import load_project

PAGE = """Here's the latest on the harbour festival

June 3, 2021

PORTO, Portugal (AP) — The harbour festival opened on Thursday with boats and music.

BOATS PARADE UNDER THE BRIDGE

Forty boats sailed under the old bridge at dusk.

MAYOR OPENS THE FISH MARKET

The mayor cut a ribbon at the rebuilt fish market.
"""


CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot, tmp_path: Path):
    """The window on a project made by ``workbench-cli import`` of the page above, active so
    that its keys (J for the next entry) work."""
    source, project_file = tmp_path / "festival.txt", tmp_path / "p.json"
    source.write_text(PAGE, encoding="utf-8")
    assert main(["import", str(source), "-o", str(project_file)]) == 0
    window = shown_window(qtbot, project_file)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, project_file


def test_the_heading_shows_in_bold_above_the_text_and_in_the_tooltip(qtbot, tmp_path: Path) -> None:
    window, _ = _window(qtbot, tmp_path)
    view, table = window.entry_view, window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, CTRL)
    shown = {}
    for _ in range(3):
        shown[view.heading.text()] = (view.heading.isVisible(), view.text.toPlainText())
        qtbot.keyClick(table, "j")
    assert shown == {
        "": (False, "PORTO, Portugal (AP) — The harbour festival opened on Thursday with boats and music."),
        "BOATS PARADE UNDER THE BRIDGE": (True, "Forty boats sailed under the old bridge at dusk."),
        "MAYOR OPENS THE FISH MARKET": (True, "The mayor cut a ribbon at the rebuilt fish market."),
    }
    assert view.heading.text() == "MAYOR OPENS THE FISH MARKET"
    assert view.heading.isVisible() and view.heading.font().bold()
    assert view.heading.geometry().bottom() <= view.text.geometry().top()
    row = table.currentIndex().row()
    tip = table.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert view.heading.text() in tip and "rebuilt fish market" in tip


def test_a_span_marked_in_the_text_counts_from_the_text_not_the_heading(qtbot, tmp_path: Path) -> None:
    window, project_file = _window(qtbot, tmp_path)
    table, text = window.navigator.table, window.entry_view.text
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, CTRL)
    qtbot.keyClick(table, "j")
    assert window.entry_view.heading.text() == "BOATS PARADE UNDER THE BRIDGE"
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_Home, CTRL)
    for _ in range(5):
        qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    for key in "mo":
        qtbot.keyClick(text, key)
    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    saved = load_project(project_file)
    entry = next(e for e in saved.entries if e.heading == "BOATS PARADE UNDER THE BRIDGE")
    annotation = saved.annotation(ANNOTATOR, entry.id)
    assert annotation is not None and annotation.spans == [Span(0, 5, "mention", "ORG")]
    assert entry.text[0:5] == "Forty"
