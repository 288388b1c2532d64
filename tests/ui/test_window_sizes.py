"""The window at the screen sizes analysts have (1280x720, 1400x900): nothing cut or hidden.

Each test builds the window on the sample project (the one the README's screenshots show),
shows it at a size, and checks what a person would see there: key hints whole and inside
the panel, value labels whole, the Mention values and the Note in view, a Dispatch column
that shows more than a word, the activity dock low.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QWidget

from workbench.formats.project.file import load_project
from workbench.ui.app import SAMPLE_PROJECT
from workbench.ui.chart.bars import MIN_BARS_HEIGHT
from workbench.ui.coding.value_button import value_text
from workbench.ui.main_window import MainWindow
from workbench.ui.navigator.entry_model import DISPATCH_COLUMN, short_title
from workbench.ui.session import Session
from workbench.ui.settings import Settings

#: The least a Dispatch cell shows of its title, in characters.
DISPATCH_CHARS = 18


def settle() -> None:
    """Let the layouts finish (wrapped labels ask for new heights once they know their width)."""
    for _ in range(5):
        QApplication.processEvents()


def shown_at(qtbot, width: int, height: int, settings: Settings | None = None) -> MainWindow:
    project = load_project(SAMPLE_PROJECT)
    window = MainWindow(Session(project, None, next(iter(project.annotators()))))
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    if settings is not None:
        settings.restore_window(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def in_view(widget: QWidget, viewport: QWidget) -> bool:
    """Whether all of ``widget`` lies inside ``viewport`` (the tag panel's visible part)."""
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def key_hints(window: MainWindow) -> list[QLabel]:
    shortcuts = {
        v.shortcut for d in window.session.project.codebook.dimensions for v in d.values if v.shortcut
    }
    body = window.tag_panel.widget()
    hints = [label for label in body.findChildren(QLabel) if label.text() in shortcuts]
    assert len(hints) == len(shortcuts)
    return hints


@pytest.mark.parametrize("size", [(1280, 720), (1400, 900)])
def test_key_hints_are_whole_and_inside_the_panel(qtbot, size: tuple[int, int]) -> None:
    window = shown_at(qtbot, *size)
    viewport = window.tag_panel.viewport()
    for hint in key_hints(window):
        assert hint.fontMetrics().horizontalAdvance(hint.text()) <= hint.contentsRect().width(), hint.text()
        right = hint.mapTo(viewport, QPoint(hint.width(), 0)).x()
        assert right <= viewport.width(), f"{hint.text()!r} is cut off at the panel's right edge"


def test_value_labels_are_whole_at_1280x720(qtbot) -> None:
    """Long actor labels wrap onto more lines instead of ending in "…"."""
    window = shown_at(qtbot, 1280, 720)
    viewport = window.tag_panel.viewport()
    for dimension in window.session.project.codebook.dimensions:
        for value in dimension.values:
            button = window.tag_panel.value_buttons[(dimension.key, value.key)]
            shown = button.text()
            assert " ".join(shown.split()).replace("- ", "-") == value_text(value, dimension.kind == "single")
            bold = button.font()
            bold.setBold(True)  # the checked face, the wider one
            metrics = QFontMetrics(bold)
            widest = max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
            assert widest < button.width(), shown
            assert button.mapTo(viewport, QPoint(button.width(), 0)).x() <= viewport.width()


def test_mention_values_and_note_are_in_view_at_1400x900(qtbot) -> None:
    window = shown_at(qtbot, 1400, 900)
    panel = window.tag_panel
    mentions = [b for (dim, _value), b in panel.value_buttons.items() if dim == "mention"]
    assert mentions
    for widget in [*mentions, panel.note]:
        assert in_view(widget, panel.viewport()), widget.objectName()
    assert window.rect().contains(QRect(panel.note.mapTo(window, QPoint(0, 0)), panel.note.size()))


def test_note_is_reached_by_scrolling_at_1280x720(qtbot) -> None:
    window = shown_at(qtbot, 1280, 720)
    panel = window.tag_panel
    bar = panel.verticalScrollBar()
    bar.setValue(bar.maximum())  # a person drags the panel's scroll bar to the bottom
    settle()
    assert in_view(panel.note, panel.viewport())
    qtbot.mouseClick(panel.note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.note, "check the date")
    annotation = window.session.project.annotation(window.session.annotator, window.session.current_entry_id)
    assert annotation is not None and annotation.note.endswith("check the date")


@pytest.mark.parametrize("size", [(1280, 720), (1400, 900), (1920, 1080)])
def test_dispatch_column_shows_more_than_a_word(qtbot, size: tuple[int, int]) -> None:
    window = shown_at(qtbot, *size)
    table = window.navigator.table
    header = table.horizontalHeader()
    title = short_title(
        window.session.project.dispatches[window.session.project.entries[0].dispatch_id].title
    )
    room = header.sectionSize(DISPATCH_COLUMN) - 2 * table.style().pixelMetric(
        table.style().PixelMetric.PM_FocusFrameHMargin
    )
    shown = table.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room).rstrip("…")
    assert len(shown) >= DISPATCH_CHARS, shown
    left = header.sectionViewportPosition(DISPATCH_COLUMN)
    assert left >= 0 and left + header.sectionSize(DISPATCH_COLUMN) <= table.viewport().width()


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)])
def test_every_list_column_is_in_view_from_1400x900(qtbot, size: tuple[int, int]) -> None:
    window = shown_at(qtbot, *size)
    table = window.navigator.table
    header = table.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()


def test_list_headers_tell_their_whole_title(qtbot) -> None:
    window = shown_at(qtbot, 1280, 720)
    model = window.navigator.model
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert title in model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize("size", [(1280, 720), (1400, 900)])
def test_activity_dock_starts_low_with_its_bars_in_view(qtbot, size: tuple[int, int]) -> None:
    width, height = size
    window = shown_at(qtbot, width, height)
    assert window.chart_dock.height() <= 0.30 * height
    chart = window.chart_dock.widget()
    bars = chart.hours_chart.plot.vb  # the area the bars are drawn in
    assert bars.height() >= MIN_BARS_HEIGHT - 8
    # Stacked by event type, the legend takes two rows: the dock grows rather than squash the bars.
    chart.breakdown_box.setCurrentIndex(chart.breakdown_box.findText("Event type"))
    qtbot.waitUntil(lambda: len(chart.hours_chart.legend_labels()) > 8)
    qtbot.waitUntil(lambda: bars.height() >= MIN_BARS_HEIGHT)
    note = chart.hours_chart.note
    assert note.mapRectToScene(note.boundingRect()).bottom() <= chart.hours_chart.viewport().height()


def test_a_saved_layout_wins_over_the_default(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "workbench.ini")
    first = shown_at(qtbot, 1280, 720)
    first.resizeDocks([first.chart_dock], [380], Qt.Orientation.Vertical)
    settle()
    tall = first.chart_dock.height()
    assert tall > 0.4 * 720
    settings.save_window(first)
    first.close()
    again = shown_at(qtbot, 1280, 720, settings)
    assert abs(again.chart_dock.height() - tall) <= 4


def test_the_legend_takes_one_row_when_the_chart_is_wide_enough(qtbot) -> None:
    window = shown_at(qtbot, 1920, 1080)
    chart = window.chart_dock.widget()
    chart.breakdown_box.setCurrentIndex(chart.breakdown_box.findText("Event type"))
    legend = chart.hours_chart.legend
    qtbot.waitUntil(lambda: len(legend.items) > 8)
    settle()
    rows = {round(label.mapToScene(0, 0).y()) for _sample, label in legend.items}
    assert len(rows) == 1
    right = max(label.mapRectToScene(label.boundingRect()).right() for _sample, label in legend.items)
    assert right <= chart.hours_chart.viewport().width()


def test_a_layout_saved_before_the_tag_panel_was_a_dock_still_shows_every_control(qtbot, tmp_path) -> None:
    """A layout saved by an earlier version names only the bottom docks: they keep their
    saved height, and the tag panel still gets its default width."""
    settings = Settings(tmp_path / "workbench.ini")
    earlier = QMainWindow()  # the earlier window: the tag panel inside the central splitter
    qtbot.addWidget(earlier)
    earlier.setCentralWidget(QWidget(earlier))
    docks = []
    for name in ("activityDock", "reviewDock"):
        dock = QDockWidget(name, earlier)
        dock.setObjectName(name)
        dock.setWidget(QWidget(dock))
        earlier.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        docks.append(dock)
    earlier.tabifyDockWidget(*docks)  # the review dock shares the activity dock's place
    docks[1].hide()
    earlier.resize(1400, 900)
    earlier.show()
    qtbot.waitExposed(earlier)
    settings.save_window(earlier)
    window = shown_at(qtbot, 1400, 900, settings)
    assert abs(window.coding_dock.width() - 0.30 * 1400) <= 12
    panel = window.tag_panel
    assert in_view(panel.note, panel.viewport())
    for hint in key_hints(window):
        assert hint.mapTo(panel.viewport(), QPoint(hint.width(), 0)).x() <= panel.viewport().width()
