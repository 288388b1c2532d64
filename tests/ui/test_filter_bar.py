"""Filtering from the bar above the list: what the analyst picks is what the list shows."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction

from workbench.core.filtering import EntryFilter
from workbench.ui.chart.panel import DAYS_TAB


def shown_ids(window) -> list[str]:
    model = window.navigator.model
    return [model.entry_id(row) for row in range(model.rowCount())]


def choose(qtbot, combo, text: str) -> None:
    """Pick an item the way a person does: focus the box, then step with the arrow keys."""
    target = combo.findText(text)
    assert target >= 0, text
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_typing_in_search_filters_after_a_short_pause(qtbot, window) -> None:
    search = window.filter_bar.search
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search, "CEASE-fire")
    qtbot.waitUntil(lambda: window.session.filter.text == "CEASE-fire", timeout=2000)
    assert shown_ids(window) == ["e0", "e1", "e2", "e3"]  # the first dispatch's title
    assert window.counts_label.text() == "4 of 7 entries · 0 done · 0 flagged"
    qtbot.keyClicks(search, " zebra")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert shown_ids(window) == []
    assert window.navigator.empty_label.isVisible()


def test_status_code_and_annotator_boxes(qtbot, window) -> None:
    bar = window.filter_bar
    choose(qtbot, bar.annotator, "ben")
    assert shown_ids(window) == ["e0", "e5"]
    choose(qtbot, bar.code, "Event type: Accuse")
    assert shown_ids(window) == ["e5"]
    choose(qtbot, bar.annotator, "anyone")
    assert shown_ids(window) == []  # "ana" (coding) has not coded Accuse anywhere
    choose(qtbot, bar.code, "Any code")
    choose(qtbot, bar.status, "Uncoded")
    assert len(shown_ids(window)) == 7
    window.navigator.table.setFocus()
    coded = window.session.current_entry_id
    qtbot.keyClick(window.navigator.table, "3")
    assert coded in shown_ids(window)  # coding does not pull the entry from under the analyst
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(bar.search, Qt.Key.Key_Return)  # Enter re-applies the filter
    assert window.session.filter == EntryFilter(status="uncoded")
    assert coded not in shown_ids(window)
    assert len(shown_ids(window)) == 6


def test_dates_and_the_time_of_day_chip(qtbot, window) -> None:
    bar = window.filter_bar
    bar.date_from.setDate(QDate(2026, 3, 3))
    assert shown_ids(window) == ["e4", "e5"]  # e6 has no time stamp
    bar.date_from.setDate(bar.date_from.minimumDate())
    bar.date_to.setDate(QDate(2026, 3, 2))
    assert shown_ids(window) == ["e0", "e1", "e2", "e3"]
    assert not bar.time_chip.isVisible()
    window.session.set_filter(EntryFilter(minutes=(12 * 60, 17 * 60)))  # as the activity chart does
    assert bar.time_chip.isVisible()
    assert bar.time_chip.text().startswith("noon–5 p.m.")  # on the window's clock, 12-hour by default
    twenty_four = next(a for a in window.findChildren(QAction) if a.text() == "&24-hour clock")
    twenty_four.trigger()
    assert bar.time_chip.text().startswith("12:00–17:00")
    assert bar.date_to.date() == bar.date_to.minimumDate()  # the new filter replaced the dates
    assert shown_ids(window) == ["e2", "e4", "e5"]
    qtbot.mouseClick(bar.time_chip, Qt.MouseButton.LeftButton)
    assert window.session.filter.minutes is None
    assert len(shown_ids(window)) == 7


def test_clear_filters_shows_everything_again(qtbot, window) -> None:
    bar = window.filter_bar
    assert not bar.clear_button.isEnabled()
    window.session.set_filter(EntryFilter(text="embassy", status="todo"))
    assert bar.search.text() == "embassy"
    assert bar.status.currentText() == "To do"
    assert bar.clear_button.isEnabled()
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert window.session.filter == EntryFilter()
    assert bar.search.text() == ""
    assert len(shown_ids(window)) == 7


def marked_days(panel) -> tuple[float, float] | None:
    band = panel.days_chart.selection
    return tuple(band.getRegion()) if band.isVisible() else None


def test_a_date_range_open_at_one_end_filters_and_is_marked_on_the_days_chart(qtbot, window) -> None:
    window.show()
    panel = window.chart_dock.widget()
    panel.tabs.setCurrentIndex(DAYS_TAB)  # the analyst looks at entries per day
    bar = window.filter_bar
    bar.date_to.setDate(QDate(2026, 3, 2))  # "until 2 March", no start date
    assert shown_ids(window) == ["e0", "e1", "e2", "e3"]
    qtbot.waitUntil(lambda: marked_days(panel) == (0, 1))  # the first day, 2 March, is marked
    bar.date_to.setDate(bar.date_to.minimumDate())
    bar.date_from.setDate(QDate(2026, 3, 3))  # "from 3 March", no end date
    assert shown_ids(window) == ["e4", "e5"]
    qtbot.waitUntil(lambda: marked_days(panel) == (1, 2))
