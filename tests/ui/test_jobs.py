"""Background jobs: results arrive on the UI thread, cancel stops work, errors are shown."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.ui import jobs


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    # A job a failed test left running would otherwise fail every later test's wait.
    jobs.cancel_all()


def _wait_idle(qtbot) -> None:
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=5000)


def test_result_is_delivered_on_the_ui_thread(qtbot, window):
    seen: dict[str, object] = {}

    def work(progress, cancelled):
        seen["worker_thread"] = threading.current_thread()
        for i in range(5):
            progress(i + 1, 5)
        return 42

    def done(result):
        seen["result"] = result
        seen["done_on_ui"] = QThread.currentThread() is QApplication.instance().thread()

    job = jobs.run_job(window, "Counting", work, done)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["done_on_ui"] is True
    assert seen["worker_thread"] is not threading.main_thread()
    assert job.outcome == "done"


class _ShownDialogs(QObject):
    """Records every progress dialog that appears on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QProgressDialog):
            self.titles.append(obj.windowTitle())
        return False


def test_quick_job_does_not_flash_a_dialog(qtbot, window):
    spy = _ShownDialogs()
    QApplication.instance().installEventFilter(spy)
    try:
        job = jobs.run_job(window, "Quick", lambda p, c: "ok", lambda r: None, show_after_ms=300)
        with qtbot.waitSignal(job.finished, timeout=5000):
            pass
        qtbot.wait(400)
        slow = jobs.run_job(window, "Slow", lambda p, c: time.sleep(0.5), lambda r: None, show_after_ms=50)
        with qtbot.waitSignal(slow.finished, timeout=5000):
            pass
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.titles == ["Slow"]


def _slow_work(progress, cancelled) -> str:
    """Ten seconds of work in a thousand steps, unless cancelled."""
    for i in range(1000):
        if cancelled():
            raise Cancelled()
        progress(i, 1000)
        time.sleep(0.01)
    return "finished"


def test_slow_job_shows_progress_and_cancel_stops_it(qtbot, window):
    done_calls: list[object] = []
    job = jobs.run_job(window, "Slow work", _slow_work, done_calls.append, show_after_ms=50)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: job.dialog.value() > 0, timeout=3000)
    assert job.dialog.maximum() == 1000
    qtbot.keyClick(job.dialog, Qt.Key.Key_Escape)
    _wait_idle(qtbot)
    assert job.outcome == "cancelled"
    assert done_calls == []


def test_escape_cancels_even_when_the_dialog_is_not_the_active_window(qtbot, window):
    """The progress dialog's own Escape shortcut works only in the active window; the key
    then went to QDialog.reject, which hid the dialog and left the work running unseen
    (a run of the suite in which the offscreen platform had not yet activated the dialog)."""
    job = jobs.run_job(window, "Slow work", _slow_work, lambda r: None, show_after_ms=0)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(job.dialog, Qt.Key.Key_Escape)
    assert job.is_cancelled()
    _wait_idle(qtbot)
    assert job.outcome == "cancelled"


def test_cancel_button_click_sets_the_flag(qtbot, window):
    flags: list[bool] = []

    def work(progress, cancelled):
        for _ in range(500):
            if cancelled():
                flags.append(True)
                raise Cancelled()
            progress(0, 0)
            time.sleep(0.01)
        return None

    job = jobs.run_job(window, "Clickable", work, lambda r: None, show_after_ms=0)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    button = job.dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot)
    assert flags == [True]
    assert job.outcome == "cancelled"


def test_workbench_error_shows_its_line(qtbot, window, dialogs):
    def work(progress, cancelled):
        raise WorkbenchError("no entries found", file="feed.xml", where="line 3")

    done_calls: list[object] = []
    job = jobs.run_job(window, "Import", work, done_calls.append, warn=dialogs.warn)
    _wait_idle(qtbot)
    assert dialogs.texts("warn") == ["feed.xml: line 3: no entries found"]
    assert done_calls == []
    assert job.outcome == "failed"


def test_other_errors_go_to_on_error(qtbot, window):
    errors: list[BaseException] = []

    def work(progress, cancelled):
        raise ValueError("bug in the importer")

    jobs.run_job(window, "Import", work, lambda r: None, on_error=errors.append)
    _wait_idle(qtbot)
    assert len(errors) == 1
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "bug in the importer"


def test_other_errors_without_handler_reach_the_app_handler(qtbot, window):
    def work(progress, cancelled):
        raise KeyError("unexpected")

    with qtbot.captureExceptions() as captured:
        jobs.run_job(window, "Import", work, lambda r: None)
        _wait_idle(qtbot)
    assert len(captured) == 1
    assert captured[0][0] is KeyError


def test_cancel_all_stops_running_workers(qtbot, window):
    def work(progress, cancelled):
        while not cancelled():
            time.sleep(0.01)
        raise Cancelled()

    job = jobs.run_job(window, "Endless", work, lambda r: None)
    assert jobs.cancel_all(wait_ms=3000) is True
    _wait_idle(qtbot)
    assert job.outcome == "cancelled"


def test_finishing_while_progress_is_shown_is_safe(qtbot, window, monkeypatch):
    """A job ending just as progress arrives must not be handled inside the dialog's update.

    QProgressDialog.setValue on a shown modal dialog runs a nested event loop; finishing
    (and deleting the dialog) in there crashed the process.
    """
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL_S", 0.0)
    results: list[int] = []
    depth: list[int] = []

    def work(progress, cancelled):
        time.sleep(0.05)
        for i in range(2000):
            progress(i, 2000)
        return 7

    def done(result):
        depth.append(len([j for j in jobs.active_jobs() if j.outcome is None]))
        results.append(result)

    for _ in range(5):
        job = jobs.run_job(window, "Busy", work, done, show_after_ms=0)
        with qtbot.waitSignal(job.finished, timeout=5000):
            pass
    assert results == [7] * 5
    assert depth == [0] * 5


def test_file_system_errors_show_one_line_too(qtbot, window, dialogs, tmp_path):
    missing = tmp_path / "gone.txt"
    jobs.run_job(window, "Import", lambda p, c: missing.read_bytes(), lambda r: None, warn=dialogs.warn)
    _wait_idle(qtbot)
    assert dialogs.texts("warn") == [f"{missing}: No such file or directory"]


def test_a_jobs_qt_objects_are_destroyed_on_the_ui_thread(qtbot, window):
    """A QObject destroyed on a worker thread crashed the process now and then (seen in the
    event loop while imports finished): the job must outlive its worker's last reference."""
    destroyed_on: list[str] = []

    def note_thread() -> None:
        destroyed_on.append(threading.current_thread().name)

    for _ in range(60):
        job = jobs.run_job(window, "Quick", lambda p, c: None, lambda r: None)
        job._signals.destroyed.connect(note_thread, Qt.ConnectionType.DirectConnection)
        del job
    _wait_idle(qtbot)
    qtbot.waitUntil(lambda: len(destroyed_on) == 60, timeout=5000)
    assert set(destroyed_on) == {threading.main_thread().name}
