"""``workbench`` as started from the command line: crash handling and recovery are wired in."""

from __future__ import annotations

import sys
import threading

import orjson
from lifecycle_helpers import make_project
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project.file import save_project
from workbench.ui import app as app_module
from workbench.ui.main_window import MainWindow
from workbench.ui.project.autosave import find_recoveries


def test_an_uncaught_error_writes_the_recovery_copy_first(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ANNOTATOR", "alice")
    # The app installs process-wide hooks; put them back afterwards.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = tmp_path / "strike.json"
    save_project(make_project(), path)
    seen: dict[str, object] = {}

    def act() -> None:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        session = window.session
        seen["path"] = session.path
        session.push(edit_annotation(session.project, "alice", "e2", "Stance", set_value("stance", "favor")))
        sys.excepthook(RuntimeError, RuntimeError("simulated bug"), None)
        QTimer.singleShot(200, lambda: finish(window))

    def finish(window: MainWindow) -> None:
        seen["recoveries"] = find_recoveries()
        seen["copies"] = [orjson.loads(r.file.read_bytes()) for r in seen["recoveries"]]
        seen["dialogs"] = [
            w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
        ]
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox):
                widget.close()
        window.session.undo_stack.setClean()
        window.close()

    QTimer.singleShot(300, act)
    assert app_module.main([str(path)]) == 0
    assert seen["path"] == path
    assert [r.project_path for r in seen["recoveries"]] == [path.resolve()]
    # Written by the crash handler: a whole project, readable without the project file.
    assert seen["copies"][0]["layers"]["alice"]["e2"]["values"]["stance"] == "favor"
    assert find_recoveries() == []  # the clean exit afterwards removed it
    assert any("simulated bug" in text for text in seen["dialogs"])
