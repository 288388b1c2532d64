"""Edit ▸ Set dispatch date… as an analyst uses it: keys in a date field, Enter, Ctrl+Z.

The window's project (tests/ui/conftest.py) has its second dispatch made undated here:
"The Latest: Protests at the embassy", entries printed 4:50 p.m., 1:20 p.m. and 10 a.m.,
newest first, as an import leaves a page that states no date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog

from tests.ui.conftest import make_project, shown_window
from workbench.core.filtering import EntryFilter
from workbench.formats.project.file import load_project, save_project
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.navigator.entry_model import TIME_COLUMN

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
UNDATED = ["e4", "e5", "e6"]


@pytest.fixture
def window(qtbot, tmp_path: Path):
    project = make_project()
    project.dispatches["d2"].published = None
    for entry in project.entries:
        if entry.dispatch_id == "d2":
            entry.timestamp = None
    path = tmp_path / "undated.json"
    save_project(project, path)
    return shown_window(qtbot, path)


def on_next_dialog(act) -> list[QDialog]:
    """Run ``act(dialog)`` on the next modal dialog once it shows (the code under test sits
    in ``exec()``); a failing ``act`` closes the dialog, so the failure is reported, not a hang."""
    seen: list[QDialog] = []
    polls = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        polls[0] += 1
        if (
            isinstance(dialog, QDialog)
            and dialog.isVisible()
            and (dialog.isAncestorOf(focus) or polls[0] > 250)
        ):
            seen.append(dialog)
            try:
                act(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_date(year: str, month: str, day: str, finish: Qt.Key):
    """Type a date into the field that has the focus, as a person does, then press ``finish``."""

    def act(dialog: QDialog) -> None:
        field = QApplication.focusWidget()
        assert field is dialog.findChild(QDateEdit, "dispatchDate")  # where the keys go
        for number in (year, month, day):  # a full section moves on to the next by itself
            QTest.keyClicks(field, number)
        assert field.text() == f"{year}-{month}-{day}"
        QTest.keyClick(field, finish)

    return act


def undo(qtbot, window) -> None:
    """Ctrl+Z in the entry list, once the window has the keyboard back from the dialog (a
    window manager gives it back; the offscreen platform is told to)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)


def choose(qtbot, window, entry_id: str) -> None:
    table = window.navigator.table
    row = window.navigator.model.row_of(entry_id)
    assert row is not None
    rect = table.visualRect(window.navigator.model.index(row, TIME_COLUMN))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.current_entry_id == entry_id


def time_column(window, entry_id: str) -> str:
    model = window.navigator.model
    return model.data(model.index(model.row_of(entry_id), TIME_COLUMN))


def stamps(window) -> list[str | None]:
    project = window.session.project
    return [project.entry(e).timestamp for e in UNDATED]


def test_a_date_typed_in_the_dialog_stamps_the_list_and_ctrl_z_takes_it_back(qtbot, window) -> None:
    choose(qtbot, window, "e5")
    assert time_column(window, "e5") == "1:20 p.m."
    seen = on_next_dialog(type_date("2026", "03", "05", Qt.Key.Key_Return))
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_D, CTRL | SHIFT)
    assert len(seen) == 1
    assert stamps(window) == ["2026-03-05T16:50:00", "2026-03-05T13:20:00", "2026-03-05T10:00:00"]
    assert time_column(window, "e5") == "1:20 p.m. · Mar 5"
    assert "Mar 5" in window.entry_view.dateline.text()
    message = window.statusBar().currentMessage()
    assert "Dated 'The Latest: Protests at the embassy' 2026-03-05: 3 entries stamped" in message

    undo(qtbot, window)
    assert stamps(window) == [None, None, None]
    assert time_column(window, "e5") == "1:20 p.m."
    assert window.session.project.dispatches["d2"].published is None
    assert window.session.project.dispatches["d2"].meta == {}


def test_escape_leaves_the_dispatch_as_it_was(qtbot, window) -> None:
    choose(qtbot, window, "e4")
    seen = on_next_dialog(type_date("2026", "03", "05", Qt.Key.Key_Escape))
    window.findChild(type(window.undo_action), "actionSetDispatchDate").trigger()
    assert len(seen) == 1
    assert stamps(window) == [None, None, None]
    assert window.session.undo_stack.count() == 0


def test_correcting_a_date_offers_the_current_one_and_is_saved(qtbot, window) -> None:
    """The first dispatch is dated 2026-03-02; Enter with nothing typed changes nothing."""
    choose(qtbot, window, "e1")
    offered: list[str] = []

    def read_and_accept(dialog: QDialog) -> None:
        offered.append(dialog.findChild(QDateEdit, "dispatchDate").text())
        QTest.keyClick(dialog.findChild(QDateEdit, "dispatchDate"), Qt.Key.Key_Return)

    on_next_dialog(read_and_accept)
    window.findChild(type(window.undo_action), "actionSetDispatchDate").trigger()
    assert offered == ["2026-03-02"]
    assert window.session.undo_stack.count() == 0
    assert "already dated 2026-03-02" in window.statusBar().currentMessage()

    on_next_dialog(type_date("2026", "03", "09", Qt.Key.Key_Return))
    window.findChild(type(window.undo_action), "actionSetDispatchDate").trigger()
    assert time_column(window, "e1") == "6:15 p.m. · Mar 9"
    window.findChild(type(window.undo_action), "actionSave").trigger()
    saved = load_project(window.session.path)
    assert saved.entry("e1").timestamp == "2026-03-09T18:15:00"
    assert saved.dispatches["d1"].meta["date_source"] == "set by hand"


def test_the_chart_and_date_filter_follow_the_date_and_its_undo(qtbot, window) -> None:
    panel = window.chart_dock.widget()
    assert isinstance(panel, ActivityChartPanel)
    panel.tabs.setCurrentIndex(1)  # days
    qtbot.waitUntil(lambda: panel.days_counts is not None)

    def days() -> dict[str, int]:
        counts = panel.days_counts
        return {str(d): int(n) for d, n in zip(counts.days, counts.totals, strict=True) if n}

    assert days() == {"2026-03-02": 4} and panel.days_counts.no_time == 3
    choose(qtbot, window, "e6")
    on_next_dialog(type_date("2026", "03", "05", Qt.Key.Key_Return))
    window.findChild(type(window.undo_action), "actionSetDispatchDate").trigger()
    qtbot.waitUntil(lambda: panel.days_counts.no_time == 0)
    assert days() == {"2026-03-02": 4, "2026-03-05": 3}
    window.session.set_filter(EntryFilter(dates=("2026-03-05", "2026-03-05")))
    assert window.navigator.model.rowCount() == 3

    undo(qtbot, window)
    assert window.navigator.model.rowCount() == 0
    qtbot.waitUntil(lambda: panel.days_counts.no_time == 3)
    assert days() == {"2026-03-02": 4}
