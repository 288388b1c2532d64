"""The activity chart inside the main window: docked, listed under View, linked to the entry list.

Uses the hand-made corpus described in ``tests/analysis/test_activity.py``; e5 (13:45) is
the only entry between 13:00 and 14:00. Clicks go through the chart viewport as in
``test_chart_panel.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from workbench.core.filtering import EntryFilter
from workbench.formats.project.file import load_project
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.main_window import MainWindow
from workbench.ui.session import Session

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus.json"


@pytest.fixture
def window(qtbot) -> MainWindow:
    main = MainWindow(Session(load_project(CORPUS), None, "ana"))
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_chart_is_docked_and_filters_the_entry_list(qtbot, window: MainWindow) -> None:
    dock = window.findChild(type(window.chart_dock), "activityDock")
    assert dock is not None and dock.isVisible()
    assert dock.toggleViewAction() in window.menu("View").actions()
    panel = dock.widget()
    assert isinstance(panel, ActivityChartPanel)
    qtbot.waitUntil(lambda: panel.hours_counts is not None)
    assert window.navigator.model.rowCount() == 8
    chart = panel.hours_chart
    qtbot.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.mapFromScene(chart.scene_pos_of_bar(13))
    )
    qtbot.waitUntil(lambda: window.navigator.model.rowCount() == 1)
    assert "1 of 8 entries" in window.counts_label.text()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.navigator.model.rowCount() == 8)


def test_closing_the_dock_stops_redrawing_until_shown_again(qtbot, window: MainWindow) -> None:
    panel = window.chart_dock.widget()
    qtbot.waitUntil(lambda: panel.hours_counts is not None)
    window.chart_dock.toggleViewAction().trigger()
    assert not panel.isVisible()
    drawn = panel.hours_counts
    window.session.set_filter(EntryFilter(text="ferries"))
    qtbot.wait(20)
    assert panel.hours_counts is drawn  # hidden: nothing recounted
    window.chart_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: panel.hours_counts is not drawn and int(panel.hours_counts.totals.sum()) == 1)
