"""What the analyst sees when the disk fills up, a bug strikes, or the workbench is killed.

These drive the real window: the File menu's Save, the crash handler wired to the
autosave, and a whole workbench process killed with SIGKILL after its recovery copy was
written, then restarted and asked to restore.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.reliability.child_window import child_window
from tests.ui.scripted_dialogs import ScriptedDialogs
from workbench import logs
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project import file as project_file
from workbench.formats.project.file import load_project, save_project
from workbench.ui.dialogs.crash import install_crash_handler
from workbench.ui.main_window import MainWindow
from workbench.ui.project.autosave import find_recoveries
from workbench.ui.project.lifecycle import install_lifecycle
from workbench.ui.session import Session

ANNOTATOR = "ana"


def _project() -> Project:
    dispatch = Dispatch(id="d-port", title="The Latest: port reopens after storm", published="2026-03-04")
    texts = [
        "Harbour pilots guided the first ferry out at dawn.",
        "The coast guard said two fishing boats were still missing.",
        "Dock workers cleared debris from the container terminal.",
    ]
    entries = [
        Entry(f"e-{i}", dispatch.id, i, f"{8 + i} a.m.", f"2026-03-04T{8 + i:02d}:00:00", text)
        for i, text in enumerate(texts)
    ]
    return Project(codebook=builtin_codebook("plover"), dispatches={dispatch.id: dispatch}, entries=entries)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "port.json"
    save_project(_project(), path)
    return path


@pytest.fixture
def opened(qtbot, project_path: Path):
    """The window with its lifecycle, as ``workbench port.json`` opens it."""
    session = Session(load_project(project_path), project_path, annotator=ANNOTATOR)
    window = MainWindow(session, dialogs=ScriptedDialogs())
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    lifecycle = install_lifecycle(window, autosave_interval_ms=60_000, offer_recovered_work=False)
    window.show()
    qtbot.waitExposed(window)
    return window, lifecycle


def _code(session: Session, entry_id: str, stance: str) -> None:
    session.push(edit_annotation(session.project, ANNOTATOR, entry_id, "Stance", set_value("stance", stance)))


def _file_action(window: MainWindow, text: str):
    for action in window.menu("File").actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File menu action '{text}'")


def test_a_full_disk_shows_the_reason_and_keeps_the_file_and_the_work(opened, project_path, monkeypatch):
    window, _lifecycle = opened
    session = window.session
    before = project_path.read_bytes()
    _code(session, "e-1", "favor")

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(project_file.os, "fsync", no_space)
    _file_action(window, "Save").trigger()

    shown = window.dialogs.texts("warn")
    assert len(shown) == 1 and "\n" not in shown[0]
    assert str(project_path) in shown[0] and "No space left on device" in shown[0]
    assert project_path.read_bytes() == before
    assert [p.name for p in project_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert not session.undo_stack.isClean(), "the failed save must not mark the work as saved"

    monkeypatch.undo()  # the disk has room again: the same Save now succeeds
    _file_action(window, "Save").trigger()
    assert load_project(project_path).annotation(ANNOTATOR, "e-1").values == {"stance": "favor"}
    assert session.undo_stack.isClean()


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_writes_the_recovery_copy_logs_and_keeps_the_window(opened, qtbot):
    window, lifecycle = opened
    session = window.session
    handler = install_crash_handler(window.dialogs, lifecycle.autosave.write_now)
    try:
        _code(session, "e-0", "against")

        def broken() -> None:
            raise ZeroDivisionError("division by zero in the chart")

        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: bool(window.dialogs.showing()), timeout=5000)
        (box,) = window.dialogs.showing()
        assert box.text == "Something went wrong: ZeroDivisionError: division by zero in the chart"
        assert "saved to a recovery copy" in box.informative
        assert str(logs.log_file()) in box.informative
        (recovery,) = [r for r in find_recoveries() if r.project_path == project_path_of(session)]
        assert load_project(recovery.file).annotation(ANNOTATOR, "e-0").values == {"stance": "against"}
        assert "ZeroDivisionError" in logs.log_file().read_text(encoding="utf-8")
        window.dialogs.notices[-1].close()
        # Still working: the next edit lands and undo still works.
        _code(session, "e-1", "neutral")
        assert session.project.annotation(ANNOTATOR, "e-1").values == {"stance": "neutral"}
        session.undo_stack.undo()
        assert session.project.annotation(ANNOTATOR, "e-1") is None
    finally:
        handler.uninstall()
        logs.close_logging()


def project_path_of(session: Session) -> Path:
    assert session.path is not None
    return Path(session.path).resolve()


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from workbench.core.undoable import edit_annotation, set_note, set_value
    from workbench.formats.project.file import load_project
    from workbench.ui.project.lifecycle import install_lifecycle
    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    path = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    session = Session(load_project(path), path, annotator="ana")
    window = MainWindow(session)
    lifecycle = install_lifecycle(window, autosave_interval_ms=100, offer_recovered_work=False)
    window.show()
    for entry_id, stance in (("e-0", "favor"), ("e-2", "against")):
        session.push(edit_annotation(session.project, "ana", entry_id, "Stance", set_value("stance", stance)))
    session.push(edit_annotation(session.project, "ana", "e-2", "Note", set_note("check the boat count")))
    copy = lifecycle.autosave.recovery_file()

    def report():
        if copy.exists():
            print("recovery-written", flush=True)
        else:
            QTimer.singleShot(50, report)

    QTimer.singleShot(50, report)
    app.exec()
    """
)


def test_a_killed_session_is_offered_back_with_its_edits(qtbot, project_path: Path):
    with child_window(CHILD, project_path, b"recovery-written") as child:
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL

    assert load_project(project_path).annotation(ANNOTATOR, "e-0") is None, "the child never saved"
    session = Session(load_project(project_path), project_path, annotator=ANNOTATOR)
    dialogs = ScriptedDialogs().answer("ask", "Restore")
    window = MainWindow(session, dialogs=dialogs)
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    lifecycle = install_lifecycle(window, autosave_interval_ms=60_000, offer_recovered_work=True)

    (offered,) = dialogs.asked
    assert offered.title == "Recover unsaved work?" and "port.json" in offered.text
    restored = window.session.project
    assert restored.annotation(ANNOTATOR, "e-0").values == {"stance": "favor"}
    assert restored.annotation(ANNOTATOR, "e-2").values == {"stance": "against"}
    assert restored.annotation(ANNOTATOR, "e-2").note == "check the boat count"
    assert not window.session.undo_stack.isClean()
    assert lifecycle.save()
    assert load_project(project_path).annotation(ANNOTATOR, "e-2").note == "check the boat count"


@pytest.mark.parametrize(
    ("header", "offered"),
    [
        ({"written": "yesterday", "pid": 1, "project_path": None}, False),
        ({"written": 1.0, "pid": [1], "project_path": None}, False),
        ({"written": 1.0, "pid": 1, "project_path": 5}, False),
        ({"written": 1.0, "pid": 2**70, "project_path": None}, True),  # no such process: a leftover
    ],
)
def test_a_damaged_recovery_copy_does_not_stop_the_start(header: dict, offered: bool) -> None:
    """Start-up reads every leftover copy; a mangled header is skipped or offered, never a crash."""
    from workbench.ui.project.autosave import recovery_folder

    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mangled.json").write_text(json.dumps({"recovery": header}), encoding="utf-8")
    assert len(find_recoveries()) == int(offered)


@pytest.mark.qt_no_exception_capture
def test_a_full_disk_during_autosave_shows_one_calm_notice(qtbot, project_path, monkeypatch):
    session = Session(load_project(project_path), project_path, annotator=ANNOTATOR)
    window = MainWindow(session, dialogs=ScriptedDialogs())
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    lifecycle = install_lifecycle(window, autosave_interval_ms=20, offer_recovered_work=False)
    handler = install_crash_handler(window.dialogs, lifecycle.autosave.write_now)
    attempts: list[int] = []

    def no_space(_fd: int) -> None:
        attempts.append(1)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    try:
        window.show()
        for n, entry_id in enumerate(("e-0", "e-1", "e-2")):
            _code(session, entry_id, "favor")  # new work each time, so every tick tries again
            qtbot.waitUntil(lambda n=n: len(attempts) > n, timeout=5000)
        notices = window.dialogs.showing()
        assert [n.title for n in notices] == ["Recovery copy not written"]  # one, and no crash report
        assert "No space left on device" in notices[0].text
        assert str(lifecycle.autosave.recovery_file()) in notices[0].text
        assert handler.notice is None, "no crash report"
        monkeypatch.undo()  # room again: the next tick writes the copy
        _code(session, "e-0", "against")
        qtbot.waitUntil(lifecycle.autosave.recovery_file().exists, timeout=5000)
    finally:
        handler.uninstall()
        logs.close_logging()
