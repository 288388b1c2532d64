"""The chart's UTC button: bars move to the UTC hours, the note names what has no UTC time,
a bar chosen filters by the UTC clock, and the choice is remembered.

On ``activity-corpus-utc.json`` (see ``tests/analysis/test_activity_utc.py``): local hours
0 (4 entries), 9, 13 and 23; UTC hours 10, 20 and 21 (4 entries); e6 and e7 have no UTC time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_chart_panel import click_bar, drawn_heights, shown_panel, visible_ids

from workbench.formats.project.file import load_project
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.navigator.filter_bar import FilterBar
from workbench.ui.session import Session
from workbench.ui.settings import Settings

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus-utc.json"


@pytest.fixture
def session() -> Session:
    return Session(load_project(CORPUS), None, "ana")


def _bars(panel: ActivityChartPanel) -> dict[int, int]:
    (heights,) = drawn_heights(panel.hours_chart).values()  # one series: no breakdown
    return {hour: int(h) for hour, h in enumerate(heights) if h}


def test_the_utc_button_moves_the_bars_to_utc_hours_and_back(qtbot, session: Session) -> None:
    panel = shown_panel(qtbot, session)
    panel.set_breakdown(None)
    qtbot.waitUntil(lambda: panel.hours_counts is not None and not panel.hours_counts.series)
    assert _bars(panel) == {0: 4, 9: 1, 13: 1, 23: 1}
    assert panel.hours_chart.note.text.startswith("No time: 1 entry")

    qtbot.mouseClick(panel.utc_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.hours_counts is not None and panel.hours_counts.utc)
    assert _bars(panel) == {10: 1, 20: 1, 21: 4}
    assert "No UTC time: 2 entries (no time or no known zone; not in the bars)" in panel.hours_chart.note.text
    assert Settings().chart_in_utc()  # remembered for the next run

    qtbot.mouseClick(panel.utc_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.hours_counts is not None and not panel.hours_counts.utc)
    assert _bars(panel) == {0: 4, 9: 1, 13: 1, 23: 1}
    assert not Settings().chart_in_utc()


def test_a_new_chart_starts_on_the_remembered_clock(qtbot, session: Session) -> None:
    Settings().set_chart_in_utc(True)
    panel = shown_panel(qtbot, session)
    assert panel.utc_button.isChecked() and panel.hours_counts is not None and panel.hours_counts.utc


def test_clicking_a_utc_hour_filters_by_the_utc_clock_and_switching_clears_it(
    qtbot, session: Session
) -> None:
    panel = shown_panel(qtbot, session)
    bar = FilterBar(session)
    qtbot.addWidget(bar)
    qtbot.mouseClick(panel.utc_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.hours_counts is not None and panel.hours_counts.utc)
    click_bar(qtbot, panel.hours_chart, 21)
    assert "UTC" in bar.time_chip.text()  # the filter bar says which clock the range is of
    qtbot.keyClicks(bar.search, "quay")  # typing a search keeps the range and its clock
    bar.apply()
    assert (session.filter.text, session.filter.minutes, session.filter.utc) == (
        "quay",
        (21 * 60, 22 * 60),
        True,
    )
    qtbot.keyClick(bar.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(bar.search, Qt.Key.Key_Delete)
    bar.apply()
    assert (session.filter.minutes, session.filter.utc) == ((21 * 60, 22 * 60), True)
    assert visible_ids(session) == ["e1", "e2", "e3", "e4"]
    assert panel.bar_text(panel.hours_counts, 21).startswith("9 p.m.–10 p.m. UTC: 4 entries")
    qtbot.mouseClick(panel.utc_button, Qt.MouseButton.LeftButton)  # back to local hours
    assert session.filter.minutes is None
    assert len(visible_ids(session)) == 8
