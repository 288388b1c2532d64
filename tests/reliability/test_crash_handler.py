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
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.scripted_dialogs import Question, ScriptedDialogs
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

    dialogs = ScriptedDialogs()
    handler = CrashHandler(dialogs, write_recovery).install()
    yield handler, button, events
    handler.uninstall()
    logs.close_logging()


def _reports(handler: CrashHandler) -> list[Question]:
    """The crash reports on screen (the handler's dialogs are scripted)."""
    assert isinstance(handler.dialogs, ScriptedDialogs)
    return handler.dialogs.showing()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_and_the_app_keeps_running(qtbot: QtBot, handler_and_calls):
    handler, button, events = handler_and_calls
    clicks: list[int] = []

    def broken_slot() -> None:
        clicks.append(1)
        raise ValueError("boom in the slot\nsecond line not shown")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_reports(handler)), timeout=3000)

    (box,) = _reports(handler)
    assert (box.title, box.text) == ("Unexpected error", "Something went wrong: ValueError: boom in the slot")
    assert str(logs.log_file()) in box.informative
    assert "recovery copy" in box.informative
    assert "broken_slot" in box.details
    assert events == ["recovery"]
    text = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "broken_slot" in text and "second line not shown" in text

    # The event loop is alive: the same button still works after the report is closed.
    handler.dialogs.notices[-1].close()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.handled == 2, timeout=3000)
    assert len(clicks) == 2


@pytest.mark.qt_no_exception_capture
def test_worker_thread_errors_reach_the_gui_thread(qtbot: QtBot, handler_and_calls):
    handler, _button, events = handler_and_calls

    def work() -> None:
        raise RuntimeError("boom in a worker")

    worker = threading.Thread(target=work, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(_reports(handler)), timeout=3000)
    assert _reports(handler)[0].text == "Something went wrong: RuntimeError: boom in a worker"
    assert events == ["recovery"]
    assert "import-worker" in logs.log_file().read_text(encoding="utf-8")


def test_a_failing_recovery_writer_still_reports(qtbot: QtBot):
    def broken_recovery() -> None:
        raise OSError(28, "No space left on device")

    handler = CrashHandler(ScriptedDialogs(), broken_recovery).install()
    try:
        try:
            raise KeyError("missing")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        (box,) = _reports(handler)
        assert "could not be written" in box.informative
        log_text = logs.log_file().read_text(encoding="utf-8")
        assert "Writing the recovery copy failed" in log_text and "No space left" in log_text
        # A second error while the report is open does not stack a second one ...
        handler.handle((ValueError, ValueError("again"), None))
        assert len(_reports(handler)) == 1 and handler.handled == 2
        # ... but once it is closed, the next error is reported.
        handler.dialogs.notices[-1].close()
        handler.handle((ValueError, ValueError("third"), None))
        assert [q.text for q in _reports(handler)] == ["Something went wrong: ValueError: third"]
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
    handler = CrashHandler(ScriptedDialogs(), lambda: None).install()
    try:
        handler.handle((ValueError, ValueError("boom"), None))
        (box,) = _reports(handler)
        assert "no unsaved work at risk" in box.informative
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
