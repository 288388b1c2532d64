"""View ▸ Clock, used as an analyst would: every time the window shows follows the choice.

The window is the full one ``workbench PROJECT`` builds (settings in the test's temporary
config folder, see tests/conftest.py), on the hand-written project of tests/ui/conftest.py:
entry e0 is 9:40 p.m. on Mar 2, e2 noon, e6 has a printed time and no timestamp.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPainter, QPicture
from PySide6.QtWidgets import QMenu

from tests.ui.conftest import ANNOTATOR, make_project, shown_window
from workbench.core.model import Annotation, Dispatch, Entry
from workbench.core.undoable import AddImport, ImportBatch
from workbench.formats.project.file import save_project
from workbench.ui.chart.bars import LabelAxis
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.main_window import MainWindow
from workbench.ui.navigator.entry_model import TIME_COLUMN
from workbench.ui.settings import Settings


def clock_action(window: MainWindow, clock: str) -> QAction:
    """The action as the analyst finds it: View ▸ Clock ▸ 12-hour / 24-hour clock."""
    view = window.menu("View")
    (submenu,) = [a.menu() for a in view.actions() if a.menu() is not None and a.text() == "&Clock"]
    assert isinstance(submenu, QMenu)
    (action,) = [a for a in submenu.actions() if a.text() == f"&{clock[:2]}-hour clock"]
    return action


def time_cells(window: MainWindow) -> list[str]:
    model = window.navigator.model
    return [model.index(row, TIME_COLUMN).data() for row in range(model.rowCount())]


def chart_panel(qtbot, window: MainWindow) -> ActivityChartPanel:
    panel = window.chart_dock.widget()
    assert isinstance(panel, ActivityChartPanel)
    qtbot.waitUntil(lambda: panel.hours_counts is not None)
    return panel


def drawn_ticks(axis: LabelAxis) -> list[str]:
    """The tick labels the axis paints, taken from pyqtgraph's own drawing specs; none may
    overlap its neighbour."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert specs is not None
    rects = sorted((rect.left(), rect.right()) for rect, _flags, _text in specs[2])
    gaps = [left - right for (_, right), (left, _) in pairwise(rects)]
    assert all(gap > 0 for gap in gaps), f"tick labels overlap: {[t for _r, _f, t in specs[2]]}"
    return [text for _rect, _flags, text in specs[2]]


def test_the_12_hour_clock_is_the_default_and_reads_like_the_wire(qtbot, window: MainWindow) -> None:
    assert clock_action(window, "12h").isChecked() and not clock_action(window, "24h").isChecked()
    assert time_cells(window)[:3] == ["9:40 p.m. · Mar 2", "6:15 p.m. · Mar 2", "noon · Mar 2"]
    assert "9:40 p.m. · Mar 2" in window.entry_view.dateline.text()
    ticks = drawn_ticks(chart_panel(qtbot, window).hours_chart.axis)
    assert "noon" in ticks and not any(":" in t for t in ticks)


def test_choosing_the_24_hour_clock_redraws_every_time_at_once(qtbot, window: MainWindow) -> None:
    panel = chart_panel(qtbot, window)
    scroll_before = window.entry_view.text.verticalScrollBar().value()
    clock_action(window, "24h").trigger()

    assert clock_action(window, "24h").isChecked() and not clock_action(window, "12h").isChecked()
    cells = time_cells(window)
    assert cells[:4] == ["21:40 · Mar 2", "18:15 · Mar 2", "12:00 · Mar 2", "08:05 · Mar 2"]
    assert cells[6] == "10 a.m."  # no timestamp: the time as printed is all there is
    first = window.navigator.model.index(0, 1)
    assert "21:40 · Mar 2" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert window.entry_view.dateline.text() == "ANKARA, Turkey · 21:40 · Mar 2 · local time"
    assert window.entry_view.text.verticalScrollBar().value() == scroll_before
    ticks = drawn_ticks(panel.hours_chart.axis)
    assert "12:00" in ticks and "noon" not in ticks
    assert panel.bar_text(panel.hours_counts, 21).startswith("21:00–22:00: 1 entry")

    clock_action(window, "12h").trigger()
    assert time_cells(window)[0] == "9:40 p.m. · Mar 2"
    assert "noon" in drawn_ticks(panel.hours_chart.axis)
    assert panel.bar_text(panel.hours_counts, 21).startswith("9 p.m.–10 p.m.: 1 entry")


def test_the_clock_is_remembered_for_the_next_window(qtbot, window: MainWindow, project_file: Path) -> None:
    clock_action(window, "24h").trigger()
    assert Settings().clock() == "24h"
    second = shown_window(qtbot, project_file)
    assert clock_action(second, "24h").isChecked()
    assert time_cells(second)[0] == "21:40 · Mar 2"
    assert "12:00" in drawn_ticks(chart_panel(qtbot, second).hours_chart.axis)


def test_the_clock_is_chosen_from_the_keyboard_without_coding_the_entry(qtbot, window: MainWindow) -> None:
    # "2" is also the key for stance Neutral: in the open menu it must be the menu's.
    session = window.session
    view = window.menu("View")
    view.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_C)  # &Clock
    submenu = clock_action(window, "24h").parent().parent()
    assert isinstance(submenu, QMenu)
    qtbot.waitUntil(submenu.isVisible)
    qtbot.keyClick(submenu, Qt.Key.Key_2)  # &24-hour clock
    qtbot.waitUntil(lambda: time_cells(window)[0] == "21:40 · Mar 2")
    assert not submenu.isVisible()
    assert session.project.annotation(session.annotator, session.current_entry_id) is None
    assert session.undo_stack.count() == 0


@pytest.fixture
def years_file(tmp_path: Path) -> Path:
    """The test project with its first dispatch moved to New Year's Eve 2025."""
    project = make_project()
    for entry in project.entries:
        if entry.dispatch_id == "d1" and entry.timestamp:
            entry.timestamp = entry.timestamp.replace("2026-03-02", "2025-12-31")
    path = tmp_path / "years.json"
    save_project(project, path)
    return path


def test_dates_carry_their_year_only_when_the_entries_span_years(qtbot, years_file: Path) -> None:
    window = shown_window(qtbot, years_file)
    cells = time_cells(window)
    assert cells[0] == "9:40 p.m. · Dec 31, 2025" and cells[4] == "4:50 p.m. · Mar 3, 2026"
    table = window.navigator.table
    widest = max(table.fontMetrics().horizontalAdvance(c) for c in cells)
    assert table.horizontalHeader().sectionSize(TIME_COLUMN) > widest
    panel = chart_panel(qtbot, window)
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.days_counts is not None)
    qtbot.waitUntil(lambda: bool(drawn_ticks(panel.days_chart.axis)))  # laid out once the tab shows
    ticks = drawn_ticks(panel.days_chart.axis)
    assert all(t.endswith((", 2025", ", 2026")) for t in ticks)


def test_the_review_list_shows_times_on_the_chosen_clock(qtbot, tmp_path: Path) -> None:
    project = make_project()
    project.set_annotation(ANNOTATOR, "e0", Annotation(values={"stance": "against"}, status="done"))
    path = tmp_path / "two-coders.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    (review,) = [a for a in window.menu("Review").actions() if a.text() == "&Review disagreements"]
    review.trigger()
    model = window.review_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    assert model.index(0, 0).data().startswith("9:40 p.m. · Mar 2  Turkish officials")
    clock_action(window, "24h").trigger()
    assert model.index(0, 0).data().startswith("21:40 · Mar 2  Turkish officials")


def test_an_import_from_another_year_brings_the_year_in_and_undo_takes_it_out(
    qtbot, window: MainWindow
) -> None:
    panel = chart_panel(qtbot, window)
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.days_counts is not None)
    assert not any("," in t for t in drawn_ticks(panel.days_chart.axis))
    older = Entry(
        "x1", "d9", 0, "11 p.m.", "2025-12-31T23:00:00", "Fireworks were called off in the capital."
    )
    batch = ImportBatch(dispatches=[Dispatch("d9", "The Latest: New Year's Eve")], entries=[older])
    window.session.push(AddImport(batch))
    assert "11 p.m. · Dec 31, 2025" in time_cells(window)
    assert time_cells(window)[0] == "9:40 p.m. · Mar 2, 2026"
    qtbot.waitUntil(lambda: len(panel.days_counts.days) > 60)
    ticks = drawn_ticks(panel.days_chart.axis)
    assert ticks and all(t.endswith((", 2025", ", 2026")) for t in ticks)
    window.session.undo_stack.undo()
    assert time_cells(window)[0] == "9:40 p.m. · Mar 2"


def test_the_header_keeps_a_printed_zone_the_clock_leaves_out(qtbot, tmp_path: Path) -> None:
    project = make_project()
    project.entries[0].time_label = "9:40 p.m. EET"
    path = tmp_path / "zoned.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    header = window.entry_view.dateline
    assert header.text() == "ANKARA, Turkey · 9:40 p.m. · Mar 2 · printed “9:40 p.m. EET” · local time"
    clock_action(window, "24h").trigger()
    assert header.text() == "ANKARA, Turkey · 21:40 · Mar 2 · printed “9:40 p.m. EET” · local time"
    window.navigator.step(1)
    assert header.text() == "ANKARA, Turkey · 18:15 · Mar 2 · local time"


def test_the_header_shows_the_utc_time_beside_the_local_one(qtbot, tmp_path: Path) -> None:
    """A named zone gave the entry a UTC time on import: the header shows it on the same clock."""
    project = make_project()
    project.entries[0].time_label = "9:40 p.m. EET"
    project.entries[0].zone = "EET"
    project.entries[0].utc = "2026-03-02T19:40:00Z"
    path = tmp_path / "utc.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    header = window.entry_view.dateline
    assert header.text().endswith("· local time · 7:40 p.m. UTC")
    clock_action(window, "24h").trigger()
    assert header.text().endswith("· local time · 19:40 UTC")
    window.navigator.step(1)
    assert "UTC" not in header.text()  # no zone was named for the next entry
