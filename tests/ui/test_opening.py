"""One way to open a project: File ▸ Open, Open Recent and a recovery copy refuse a file with
a wrong layer (one read after the window took the project, or read whole) with the same one
line, and the window keeps the project it had. Start-up: ``test_idle_reading``."""

from __future__ import annotations

from pathlib import Path

from lifecycle_helpers import make_project
from scripted_dialogs import ScriptedDialogs

from workbench.core.model import Annotation
from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project import late_layers as layer_reading
from workbench.formats.project.file import dumps_project, load_project, save_project
from workbench.ui.main_window import MainWindow
from workbench.ui.project.autosave import Autosave, find_recoveries
from workbench.ui.project.lifecycle import ProjectLifecycle, install_lifecycle
from workbench.ui.session import Session


def wrong_late_layer(tmp_path: Path) -> tuple[Path, str]:
    """amira, ben and chiara's layers, amira's (read after ben's) coding an entry that is not
    there; and the line that refuses it."""
    project = make_project(n_entries=5, annotator="ben")
    for name in ("amira", "chiara"):
        for entry in project.entries:
            project.set_annotation(name, entry.id, Annotation(values={"stance": "neutral"}))
    project.replace_layers({name: project.layer(name) or {} for name in ("amira", "ben", "chiara")})
    path = tmp_path / "strike.json"
    path.write_bytes(dumps_project(project).replace(b'"e3": {', b'"e-99": {', 1))
    return path, f"{path}: layers.amira.e-99: annotation of an entry that is not in the project"


def ben_at_work(
    qtbot, tmp_path: Path, dialogs: ScriptedDialogs, *, offer_recovered_work: bool = False
) -> tuple[MainWindow, ProjectLifecycle]:
    """A window on ben's own project, where he has coded e1 without saving yet; ``dialogs``
    answers for him."""
    current = tmp_path / "harbour.json"
    save_project(make_project(n_entries=3, annotator="ben"), current)
    window = MainWindow(Session(load_project(current), current, annotator="ben"), dialogs=dialogs)
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    lifecycle = install_lifecycle(
        window, autosave_interval_ms=60_000, offer_recovered_work=offer_recovered_work
    )
    window.show()
    qtbot.waitExposed(window)
    return window, lifecycle


def code_e1(session: Session) -> None:
    session.push(edit_annotation(session.project, "ben", "e1", "Stance", set_value("stance", "favor")))


def refusals(dialogs: ScriptedDialogs) -> list[tuple[str, str]]:
    """The refusals shown so far, title and line."""
    return [(q.title, q.text) for q in dialogs.asked if q.kind == "warn"]


def assert_kept(window: MainWindow, tmp_path: Path, *, unsaved: bool) -> None:
    assert window.session.path == tmp_path / "harbour.json"
    assert "harbour" in window.windowTitle()
    assert [e.id for e in window.session.project.entries] == ["e0", "e1", "e2"]
    assert window.session.project.annotators() == ["ben"]
    assert window.session.undo_stack.isClean() is not unsaved


def test_file_open_refuses_a_wrong_late_layer_and_goes_back_to_the_project_with_its_work(
    qtbot, tmp_path, dialogs
) -> None:
    wrong, line = wrong_late_layer(tmp_path)
    window, lifecycle = ben_at_work(qtbot, tmp_path, dialogs)
    code_e1(window.session)
    dialogs.answer("open_file", wrong).answer("ask", "Don't Save")  # the unsaved question first
    recent = lifecycle.settings.recent_files()
    lifecycle.open_action.trigger()
    qtbot.waitUntil(lambda: bool(refusals(dialogs)), timeout=10_000)
    assert [q.kind for q in dialogs.asked] == ["open_file", "ask", "warn"]
    assert refusals(dialogs) == [("Could not open the project", line)]
    assert_kept(window, tmp_path, unsaved=True)  # its unsaved coding is there, still unsaved
    assert window.session.project.annotation("ben", "e1").values == {"stance": "favor"}
    assert lifecycle.settings.recent_files() == recent  # as a file refused up front leaves them


def test_open_recent_refuses_it_with_the_same_line_and_keeps_the_project(qtbot, tmp_path, dialogs) -> None:
    wrong, line = wrong_late_layer(tmp_path)
    window, lifecycle = ben_at_work(qtbot, tmp_path, dialogs)
    lifecycle.settings.add_recent(wrong)
    lifecycle.recent_menu.aboutToShow.emit()
    (recent,) = [a for a in lifecycle.recent_menu.actions() if a.text() == wrong.name]
    recent.trigger()
    qtbot.waitUntil(lambda: bool(refusals(dialogs)), timeout=10_000)
    assert refusals(dialogs) == [("Could not open the project", line)]
    assert_kept(window, tmp_path, unsaved=False)
    assert not window.session.project.has_unread_layers()


def test_a_recovery_copy_of_it_is_refused_with_the_same_line_and_kept(qtbot, tmp_path, dialogs) -> None:
    wrong, line = wrong_late_layer(tmp_path)
    crashed = Session(load_project(wrong, first_layer="ben"), wrong, annotator="ben")
    autosave = Autosave(crashed, interval_ms=60_000)
    code_e1(crashed)
    autosave.write_now(delta_ok=True)
    autosave.stop()  # the window died with ben's coding in its copy
    dialogs.answer("ask", "Restore")
    window, _ = ben_at_work(qtbot, tmp_path, dialogs, offer_recovered_work=True)
    assert [q.title for q in dialogs.asked][:1] == ["Recover unsaved work?"]
    assert refusals(dialogs) == [("Could not open the project", line)]
    assert_kept(window, tmp_path, unsaved=False)
    assert [r.project_path for r in find_recoveries()] == [wrong]  # the work in it is not lost


def test_file_open_reads_the_other_layers_after_the_window_took_it_as_start_up_does(
    qtbot, tmp_path, monkeypatch, dialogs
) -> None:
    wrong, _ = wrong_late_layer(tmp_path)
    good = tmp_path / "strike-fixed.json"
    good.write_bytes(wrong.read_bytes().replace(b'"e-99": {', b'"e3": {', 1))
    window, lifecycle = ben_at_work(qtbot, tmp_path, dialogs)
    monkeypatch.setattr(layer_reading, "STEP_BYTES", 1)  # one annotation per idle step
    dialogs.answer("open_file", good)
    taken: list[tuple[bool, list[str]]] = []
    session = window.session
    session.projectReplaced.connect(
        lambda: taken.append((session.project.has_unread_layers(), session.project.annotators()))
    )
    lifecycle.open_action.trigger()
    qtbot.waitUntil(lambda: window.session.path == good, timeout=10_000)
    assert taken == [(True, ["amira", "ben", "chiara"])]  # ben's layer first, as at start-up
    qtbot.waitUntil(lambda: not window.session.project.has_unread_layers(), timeout=10_000)
    assert lifecycle.save()
    saved = load_project(good)
    assert saved.annotators() == ["amira", "ben", "chiara"]
    assert [len(saved.layer(name) or {}) for name in ("amira", "ben", "chiara")] == [5, 1, 5]
