"""``workbench PROJECT`` opens on the analyst's own layer and reads the others once the
window shows; a wrong layer found then refuses the project as File ▸ Open does, naming the
problem, and the window goes back to what it had before (at start-up, nothing)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from lifecycle_helpers import answer_next_dialog, make_project
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from workbench.core.model import Annotation, Project
from workbench.formats.project import late_layers as layer_reading
from workbench.formats.project.file import dumps_project, load_project
from workbench.index import plan
from workbench.index.coding import CodingIndex
from workbench.ui import app as app_module
from workbench.ui.main_window import MainWindow

OTHERS = ("amira", "chiara")


def three_layer_file(tmp_path: Path) -> Path:
    """amira, ben and chiara have each coded every entry (ben is the one at the keyboard)."""
    project = make_project(n_entries=5, annotator="ben")
    for name in OTHERS:
        for entry in project.entries:
            project.set_annotation(name, entry.id, Annotation(values={"stance": "neutral"}, note=name))
    project.replace_layers({name: project.layer(name) for name in ("amira", "ben", "chiara")})
    path = tmp_path / "strike.json"
    path.write_bytes(dumps_project(project))
    return path


def shown_window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())


def run_app(path: Path, monkeypatch, act) -> list[bool]:
    """Run ``workbench PATH`` as ben, reading one annotation per step, calling ``act(window)``
    from the event loop; returns, per reading step, whether the window was showing."""
    monkeypatch.setenv("WORKBENCH_ANNOTATOR", "ben")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs process-wide hooks
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(layer_reading, "STEP_BYTES", 1)
    steps: list[bool] = []
    read_step = Project.read_layers_step

    def watched_step(project: Project) -> bool:
        steps.append(any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()))
        return read_step(project)

    monkeypatch.setattr(Project, "read_layers_step", watched_step)
    failures: list[BaseException] = []

    def acting() -> None:
        window = shown_window()
        try:
            act(window)
        except BaseException as exc:  # reported once the event loop has ended, not left to hang it
            failures.append(exc)
            window.session.undo_stack.setClean()
            window.close()

    QTimer.singleShot(0, acting)
    assert app_module.main([str(path)]) == 0
    if failures:
        raise failures[0]
    return steps


def test_the_other_layers_are_read_after_the_window_shows_and_saved_with_the_edits(
    qtbot, tmp_path, monkeypatch
) -> None:
    path = three_layer_file(tmp_path)
    tagged: list[str] = []

    def act(window: MainWindow) -> None:
        assert window.session.project.annotators() == ["amira", "ben", "chiara"]
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        table = window.navigator.table
        table.setFocus()
        qtbot.keyClick(table, "j")
        qtbot.keyClick(table, "3")  # ben: favor
        tagged.append(window.session.current_entry_id)
        qtbot.waitUntil(lambda: not window.session.project.has_unread_layers())
        qtbot.keyClick(table, "s", Qt.KeyboardModifier.ControlModifier)
        window.close()

    steps = run_app(path, monkeypatch, act)
    assert len(steps) == 10 and all(steps)  # five annotations each of amira's and chiara's
    saved = load_project(path)
    assert list(saved.annotators()) == ["amira", "ben", "chiara"]
    assert saved.layer("ben")[tagged[0]].values == {"stance": "favor"}
    for name in OTHERS:
        assert [a.note for a in saved.layer(name).values()] == [name] * 5


def test_a_wrong_layer_found_after_the_window_shows_refuses_the_project_as_open_does(
    qtbot, tmp_path, monkeypatch
) -> None:
    path = three_layer_file(tmp_path)
    broken = path.read_bytes().replace(b'"e3": {', b'"e-99": {', 1)  # amira's e3: no such entry
    path.write_bytes(broken)
    seen: dict[str, object] = {}

    def act(window: MainWindow) -> None:
        # The message box runs its own event loop inside the reading step: answer it from there.
        seen["box"] = answer_next_dialog("OK")

        def once_closed(polls: int = 0) -> None:
            if window.session.path is not None and polls < 250:
                QTimer.singleShot(20, lambda: once_closed(polls + 1))
                return
            window.session.undo_stack.setClean()  # so a failing run is not held by the question
            seen["entries"] = len(window.session.project.entries)
            seen["title bar"] = window.windowTitle()
            window.close()

        once_closed()

    run_app(path, monkeypatch, act)
    box = seen["box"]
    assert box.titles == ["Could not open the project"]
    # The same one line as File ▸ Open, Open Recent and a recovery copy (``test_opening``).
    assert box.texts == [f"{path}: layers.amira.e-99: annotation of an entry that is not in the project"]
    assert seen["entries"] == 0
    assert "strike" not in str(seen["title bar"])
    assert path.read_bytes() == broken


def test_coding_conditions_are_prepared_once_every_layer_is_read(qtbot, tmp_path, monkeypatch) -> None:
    path = three_layer_file(tmp_path)
    monkeypatch.setattr(plan, "CODING_DELAY_MS", 5)  # sooner than the reading ends
    started: list[tuple[Project, str, bool]] = []  # windows of earlier tests may still prepare theirs
    preparing = CodingIndex.preparing

    def watched(self: CodingIndex, annotator: str, codes: bool = True) -> Iterator[None]:
        started.append((self.project, annotator, self.project.has_unread_layers()))
        yield from preparing(self, annotator, codes)

    monkeypatch.setattr(CodingIndex, "preparing", watched)
    opened: list[Project] = []

    def ours() -> list[tuple[str, bool]]:
        return [(name, unread) for project, name, unread in started if project is opened[0]]

    def act(window: MainWindow) -> None:
        opened.append(window.session.project)
        qtbot.waitUntil(lambda: len(ours()) == 3, timeout=5000)
        window.close()

    run_app(path, monkeypatch, act)
    assert ours() == [("ben", False), ("amira", False), ("chiara", False)]  # ben's own first
