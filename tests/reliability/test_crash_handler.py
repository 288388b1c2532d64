"""An uncaught exception writes the recovery copy, logs the traceback and shows one line."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from workbench import logs
from workbench.ui.dialogs.crash import CrashHandler, summarise


@pytest.fixture
def handler_and_calls(qtbot: QtBot):
    """A handler whose recovery writer records the order of events, uninstalled afterwards."""
    events: list[str] = []
    button = QPushButton("Break")
    qtbot.addWidget(button)

    def write_recovery() -> Path:
        # The log must not hold this error yet: the recovery copy comes first.
        path = logs.log_file()
        events.append("recovery" if not path.exists() or "boom" not in path.read_text() else "late")
        return Path("/tmp/recovery.wbproj")

    handler = CrashHandler(button, write_recovery).install()
    yield handler, button, events
    if handler.dialog is not None:
        handler.dialog.close()
    handler.uninstall()
    logs.close_logging()


def _dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_and_the_app_keeps_running(qtbot: QtBot, handler_and_calls):
    handler, button, events = handler_and_calls
    clicks: list[int] = []

    def broken_slot() -> None:
        clicks.append(1)
        raise ValueError("boom in the slot\nsecond line not shown")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=3000)

    (box,) = _dialogs()
    assert box.text() == "Something went wrong: ValueError: boom in the slot"
    assert str(logs.log_file()) in box.informativeText()
    assert "recovery copy" in box.informativeText()
    assert events == ["recovery"]
    text = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "broken_slot" in text and "second line not shown" in text

    # The event loop is alive: the same button still works after the dialog is closed.
    box.close()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.handled == 2, timeout=3000)
    assert len(clicks) == 2


@pytest.mark.qt_no_exception_capture
def test_worker_thread_errors_reach_the_gui_thread(qtbot: QtBot, handler_and_calls):
    _handler, _button, events = handler_and_calls

    def work() -> None:
        raise RuntimeError("boom in a worker")

    worker = threading.Thread(target=work, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=3000)
    assert _dialogs()[0].text() == "Something went wrong: RuntimeError: boom in a worker"
    assert events == ["recovery"]
    assert "import-worker" in logs.log_file().read_text(encoding="utf-8")


def test_a_failing_recovery_writer_still_reports(qtbot: QtBot):
    def broken_recovery() -> None:
        raise OSError(28, "No space left on device")

    handler = CrashHandler(None, broken_recovery).install()
    try:
        try:
            raise KeyError("missing")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        (box,) = _dialogs()
        assert "could not be written" in box.informativeText()
        log_text = logs.log_file().read_text(encoding="utf-8")
        assert "Writing the recovery copy failed" in log_text and "No space left" in log_text
        # A second error while the dialog is open does not stack a second dialog.
        handler.handle((ValueError, ValueError("again"), None))
        assert len(_dialogs()) == 1 and handler.handled == 2
        box.close()
    finally:
        handler.uninstall()
        logs.close_logging()


def test_summary_is_one_bounded_line():
    assert summarise(ValueError("")) == "ValueError"
    long = summarise(RuntimeError("x" * 1000 + "\nmore"))
    assert len(long) == 200 and "\n" not in long


def test_log_rotates_at_its_size_limit():
    path = logs.setup_logging()
    assert path is not None
    logger = logging.getLogger("workbench.test")
    line = "y" * 1000
    for _ in range(3 * logs.MAX_LOG_BYTES // 1000):
        logger.warning(line)
    logs.close_logging()
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated[:3] == ["workbench.log", "workbench.log.1", "workbench.log.2"]
    assert all(p.stat().st_size <= logs.MAX_LOG_BYTES for p in path.parent.iterdir())


def test_nothing_unsaved_says_so(qtbot: QtBot):
    handler = CrashHandler(None, lambda: None).install()
    try:
        handler.handle((ValueError, ValueError("boom"), None))
        (box,) = _dialogs()
        assert "no unsaved work at risk" in box.informativeText()
        box.close()
    finally:
        handler.uninstall()
        logs.close_logging()


def test_a_hard_crash_leaves_its_stack_in_the_fatal_log(tmp_path) -> None:
    """A segfault skips every Python hook; faulthandler still writes where it happened."""
    code = (
        "import faulthandler\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.ui.dialogs.crash import install_crash_handler\n"
        "app = QApplication([])\n"
        "install_crash_handler()\n"
        "def deep_in_a_paint_event():\n"
        "    faulthandler._sigsegv()\n"
        "deep_in_a_paint_event()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONFAULTHANDLER", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGSEGV
    fatal = (logs.log_dir() / "fatal.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in fatal and "deep_in_a_paint_event" in fatal
