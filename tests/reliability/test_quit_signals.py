"""TERM, HUP and INT sent to a running workbench keep the unsaved work for the next start."""

from __future__ import annotations

import os
import signal
import textwrap
from pathlib import Path

import pytest

from tests.reliability.child_window import child_window
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Dispatch, Entry, Project
from workbench.formats.project.file import load_project, save_project
from workbench.formats.project.recovery import load_recovered
from workbench.ui.project.autosave import find_recoveries

#: The real ``workbench PROJECT`` start (``app.main``), with an analyst coding two entries.
CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from workbench.core.undoable import edit_annotation, set_value
    from workbench.ui import app as app_module
    from workbench.ui.main_window import MainWindow

    qt_app = QApplication(sys.argv[:1])

    def code():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        session = window.session
        for entry_id, stance in (("e-0", "favor"), ("e-1", "against")):
            session.push(edit_annotation(session.project, "ana", entry_id, "Stance", set_value("stance", stance)))
        print("coded", flush=True)

    QTimer.singleShot(0, code)
    sys.exit(app_module.main([sys.argv[1]]))
    """
)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    dispatch = Dispatch(
        id="d-river", title="The Latest: river crests below the levee", published="2026-04-02"
    )
    entries = [
        Entry("e-0", dispatch.id, 0, "6 a.m.", None, "Volunteers stacked sandbags along the east bank."),
        Entry("e-1", dispatch.id, 1, "7 a.m.", None, "The mayor said the bridge would stay closed."),
    ]
    path = tmp_path / "river.json"
    project = Project(
        codebook=builtin_codebook("plover"), dispatches={dispatch.id: dispatch}, entries=entries
    )
    save_project(project, path)
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_quit_signal_writes_the_recovery_copy_then_closes(project_path: Path, signum: int) -> None:
    with child_window(CHILD, project_path, b"coded", WORKBENCH_ANNOTATOR="ana") as child:
        os.kill(child.pid, signum)
        code = child.wait(60)
        stderr = child.stderr.read().decode(errors="replace")

    assert code == 128 + signum, stderr[-2000:]
    assert "Traceback" not in stderr
    assert load_project(project_path).annotation("ana", "e-0") is None, (
        "nothing was saved behind the analyst's back"
    )
    (recovery,) = find_recoveries()
    recovered = load_recovered(recovery)
    assert recovered.annotation("ana", "e-0").values == {"stance": "favor"}
    assert recovered.annotation("ana", "e-1").values == {"stance": "against"}


def test_the_handlers_run_in_the_event_loop_and_are_put_back(qtbot) -> None:
    from workbench.ui.project.quit_signals import QuitSignals

    before = signal.getsignal(signal.SIGHUP)
    received: list[int] = []
    quit_signals = QuitSignals(received.append)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        qtbot.waitUntil(lambda: received == [signal.SIGHUP], timeout=5000)
    finally:
        quit_signals.uninstall()
    assert signal.getsignal(signal.SIGHUP) is before
    assert signal.set_wakeup_fd(-1) == -1, "no wake-up descriptor left pointing at a closed socket"
