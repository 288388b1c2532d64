"""The project lifecycle, driven through the File menu as a person would."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest
from lifecycle_helpers import answer_next_dialog
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from workbench.core.commands import edit_annotation, set_value
from workbench.formats.project_file import load_project
from workbench.ui import jobs
from workbench.ui.autosave import find_recoveries
from workbench.ui.lifecycle import install_lifecycle
from workbench.ui.main_window import MainWindow
from workbench.ui.session import Session
from workbench.ui.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def window(qtbot, project_file: Path):
    """The conftest window, but marked saved just before pytest-qt closes it at teardown,
    so the unsaved-work question cannot block the test run."""
    session = Session(load_project(project_file), project_file, annotator="ana")
    main = MainWindow(session)
    qtbot.addWidget(main, before_close_func=lambda w: w.session.undo_stack.setClean())
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def lifecycle(window):
    return install_lifecycle(window, autosave_interval_ms=60_000)


def _code(window, entry_id: str, stance: str) -> None:
    session = window.session
    session.push(
        edit_annotation(session.project, session.annotator, entry_id, "Stance", set_value("stance", stance))
    )


def _menu_action(window, text: str):
    for action in window.menu("File").actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File menu action '{text}'")


def _wait_jobs(qtbot) -> None:
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=10_000)


def test_file_menu_offers_the_project_actions(lifecycle, window):
    texts = [a.text().replace("&", "") for a in window.menu("File").actions() if a.text()]
    for wanted in ("New…", "Open…", "Open Recent", "Save", "Save As…", "Import files…", "Quit"):
        assert wanted in texts
    assert texts.count("Save") == 1
    assert texts.index("Save") < texts.index("Quit")


def test_save_as_then_open_round_trip(lifecycle, window, qtbot, tmp_path, monkeypatch):
    _code(window, "e1", "against")
    assert window.windowTitle().startswith("coding*")
    target = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _menu_action(window, "Save As…").trigger()
    saved = target.with_suffix(".json")
    assert load_project(saved).annotation("ana", "e1").values["stance"] == "against"
    assert window.session.path == saved
    assert window.windowTitle().startswith("copy —")
    assert Settings().recent_files()[0] == saved

    _code(window, "e2", "favor")
    answer_next_dialog("Don't Save")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    _menu_action(window, "Open…").trigger()
    _wait_jobs(qtbot)
    project = window.session.project
    assert project.annotation("ana", "e1").values["stance"] == "against"
    assert project.annotation("ana", "e2") is None
    assert window.session.undo_stack.isClean()
    # What was opened is remembered, so a later change by someone else is noticed at save.
    later = time.time() + 3
    os.utime(saved, (later, later))
    _code(window, "e3", "favor")
    seen = answer_next_dialog("Cancel")
    assert lifecycle.save() is False
    assert "was changed by another program" in seen.texts[0]


def test_open_recent_lists_saved_projects(lifecycle, window, tmp_path, monkeypatch):
    target = tmp_path / "recent.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    lifecycle.save_as()
    lifecycle.recent_menu.aboutToShow.emit()
    names = [a.text() for a in lifecycle.recent_menu.actions()]
    assert names[0] == "recent.json"
    assert "coding.json" in names


def test_corrupt_project_shows_the_reason_and_keeps_the_current_one(
    lifecycle, window, qtbot, tmp_path, monkeypatch
):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "workbench-project", "version": 1, "codebook": ', encoding="utf-8")
    newer = tmp_path / "newer.json"
    newer.write_bytes(orjson.dumps({"format": "workbench-project", "version": 99}))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    before_path = window.session.path
    before_entries = len(window.session.project.entries)
    for path in (bad, newer):
        lifecycle.open_project(path)
        _wait_jobs(qtbot)
    assert shown[0].startswith(f"{bad}: not valid JSON")
    assert shown[1].startswith(f"{newer}: version: made by a newer workbench")
    assert window.session.path == before_path
    assert len(window.session.project.entries) == before_entries


def test_closing_with_unsaved_work_asks(lifecycle, window, project_file):
    _code(window, "e1", "neutral")
    seen = answer_next_dialog("Cancel")
    assert window.close() is False
    assert window.isVisible()
    assert "Save the changes to coding before closing?" in seen.texts[0]

    answer_next_dialog("Save")
    assert window.close() is True
    assert load_project(project_file).annotation("ana", "e1").values["stance"] == "neutral"


def test_closing_and_not_saving_leaves_the_file_alone(lifecycle, window, project_file):
    original = project_file.read_bytes()
    _code(window, "e1", "neutral")
    answer_next_dialog("Don't Save")
    assert window.close() is True
    assert project_file.read_bytes() == original
    assert find_recoveries() == []


def test_file_changed_on_disk_is_not_overwritten_without_asking(lifecycle, window, project_file):
    other = load_project(project_file)
    other.meta["note"] = "written by a colleague"
    from workbench.formats.project_file import save_project

    save_project(other, project_file)
    later = time.time() + 2
    os.utime(project_file, (later, later))
    _code(window, "e1", "favor")

    seen = answer_next_dialog("Cancel")
    assert lifecycle.save() is False
    assert "was changed by another program" in seen.texts[0]
    assert load_project(project_file).meta["note"] == "written by a colleague"

    answer_next_dialog("Overwrite")
    assert lifecycle.save() is True
    assert load_project(project_file).annotation("ana", "e1").values["stance"] == "favor"
    # Our own save is not mistaken for someone else's change.
    _code(window, "e2", "favor")
    assert lifecycle.save() is True


def test_import_with_progress_adds_entries_and_undo_removes_them(lifecycle, window, qtbot, monkeypatch):
    sample = SAMPLES / "port-strike.txt"
    before = len(window.session.project.entries)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(sample)], ""))
    _menu_action(window, "Import files…").trigger()
    _wait_jobs(qtbot)
    after = len(window.session.project.entries)
    assert after > before
    assert any("port of Mersin" in d.title for d in window.session.project.dispatches.values())
    assert window.session.undo_stack.undoText() == "Import port-strike.txt"
    window.undo_action.trigger()
    assert len(window.session.project.entries) == before
    window.redo_action.trigger()
    assert len(window.session.project.entries) == after


def test_importing_the_same_file_again_adds_nothing(lifecycle, window, qtbot):
    sample = SAMPLES / "port-strike.txt"
    lifecycle.import_paths([sample])
    _wait_jobs(qtbot)
    steps = window.session.undo_stack.count()
    lifecycle.import_paths([sample])
    _wait_jobs(qtbot)
    assert window.session.undo_stack.count() == steps
    assert "Nothing new" in window.statusBar().currentMessage()


def test_failed_import_adds_nothing_and_says_why(lifecycle, window, qtbot, tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLES / "flood-relief.txt").read_bytes())
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    before = len(window.session.project.entries)
    lifecycle.import_paths([good, empty])
    _wait_jobs(qtbot)
    assert len(window.session.project.entries) == before
    assert window.session.undo_stack.count() == 0
    assert shown and shown[0].startswith(str(empty))


def test_new_project_with_a_builtin_codebook(lifecycle, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: (items[1], True))
    _code(window, "e1", "favor")
    answer_next_dialog("Don't Save")
    assert lifecycle.new_project() is True
    assert window.session.project.entries == []
    assert window.session.project.codebook.name == "cameo"
    assert window.session.path is None
    assert window.windowTitle().startswith("Untitled")


def test_startup_opens_the_last_project_else_the_sample(tmp_path, capsys):
    from workbench.ui.startup_project import sample_project_path, startup_project

    settings = Settings()
    project, path = startup_project(settings)
    assert path is None  # first run: the sample, untitled so Save asks where to keep it
    if sample_project_path().is_file():
        assert project.entries == load_project(sample_project_path()).entries
    else:
        assert project.entries == []

    mine = tmp_path / "mine.json"
    from lifecycle_helpers import make_project

    from workbench.formats.project_file import save_project

    save_project(make_project(), mine)
    settings.add_recent(mine)
    project, path = startup_project(settings)
    assert path == mine
    assert project.entries[0].text == make_project().entries[0].text

    mine.write_text("not json", encoding="utf-8")
    project, path = startup_project(settings)
    assert path is None
    assert f"{mine}: not valid JSON" in capsys.readouterr().err


def _second_window(qtbot, path: Path, answer: str | None) -> MainWindow:
    session = Session(load_project(path), path, annotator="ana")
    main = MainWindow(session)
    qtbot.addWidget(main, before_close_func=lambda w: w.session.undo_stack.setClean())
    if answer:
        answer_next_dialog(answer)
    install_lifecycle(main, autosave_interval_ms=60_000)
    main.show()
    return main


def test_autosave_then_crash_then_restart_restores_the_edits(qtbot, window, project_file):
    lifecycle = install_lifecycle(window, autosave_interval_ms=30, offer_recovered_work=False)
    _code(window, "e1", "favor")
    _code(window, "e3", "against")
    qtbot.waitUntil(lambda: bool(find_recoveries()), timeout=3000)
    # The crash: the window is gone without saving and without its clean exit.
    lifecycle.autosave.stop()
    window.removeEventFilter(lifecycle)

    restarted = _second_window(qtbot, project_file, "Restore")
    project = restarted.session.project
    assert project.annotation("ana", "e1").values["stance"] == "favor"
    assert project.annotation("ana", "e3").values["stance"] == "against"
    assert restarted.session.path == project_file
    assert restarted.windowTitle().startswith("coding*")


def test_dropping_files_on_the_window_imports_them(lifecycle, window, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES / "flood-relief.txt"))])
    pos = window.rect().center()
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    before = len(window.session.project.entries)
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    _wait_jobs(qtbot)
    assert len(window.session.project.entries) > before
    assert window.session.undo_stack.undoText() == "Import flood-relief.txt"


def test_window_layout_is_remembered_across_a_clean_exit(lifecycle, window, qtbot, project_file):
    from PySide6.QtCore import Qt

    window.resize(window.width(), 530)  # the offscreen screen is narrower than the window
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.chart_dock)
    qtbot.wait(50)
    assert window.close() is True
    again = _second_window(qtbot, project_file, None)
    qtbot.waitExposed(again)
    assert again.height() == 530
    assert again.dockWidgetArea(again.chart_dock) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_changing_the_annotator_name_is_remembered(lifecycle, window, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ANNOTATOR", raising=False)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ben", True))
    _menu_action(window, "Change annotator name…").trigger()
    assert window.session.annotator == "ben"
    assert "Coding as ben" in window.annotator_label.text()
    assert Settings().annotator() == "ben"


def test_new_project_with_a_codebook_file_and_a_broken_one(lifecycle, window, tmp_path, monkeypatch):
    from workbench.core.codebook import builtin_codebook, codebook_to_dict
    from workbench.ui.lifecycle import CODEBOOK_FROM_FILE

    mine = builtin_codebook("plover")
    mine.name, mine.label = "harbour", "Harbour strike codes"
    good = tmp_path / "harbour.json"
    good.write_bytes(orjson.dumps(codebook_to_dict(mine)))
    broken = tmp_path / "broken.json"
    broken.write_text('{"dimensions": [{"key": "stance"}]}', encoding="utf-8")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: (CODEBOOK_FROM_FILE, True))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    assert lifecycle.new_project() is False
    assert shown == [f"{broken}: codebook.dimensions[0]: missing 'kind'"]
    assert window.session.path is not None  # the current project stayed open

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    assert lifecycle.new_project() is True
    assert window.session.project.codebook.label == "Harbour strike codes"


def test_importing_a_folder_reports_what_was_skipped(lifecycle, window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "dispatches"
    folder.mkdir()
    (folder / "port.txt").write_bytes((SAMPLES / "port-strike.txt").read_bytes())
    (folder / "photo.xyz").write_bytes(b"\x00\x01")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    seen = answer_next_dialog("OK")
    before = len(window.session.project.entries)
    _menu_action(window, "Import folder…").trigger()
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(seen.texts), timeout=5000)
    assert len(window.session.project.entries) > before
    assert seen.texts[0].startswith("Imported ")
    assert "from dispatches" in seen.texts[0]


def test_startup_takes_the_last_project_or_says_why_not(tmp_path, capsys):
    from lifecycle_helpers import make_project

    from workbench.formats.project_file import save_project
    from workbench.ui.startup_project import startup_project

    settings = Settings()
    mine = tmp_path / "mine.json"
    save_project(make_project(), mine)
    settings.add_recent(mine)
    project, path = startup_project(settings)
    assert path == mine
    assert project.entries[0].text == make_project().entries[0].text

    mine.write_text("not json", encoding="utf-8")
    project, path = startup_project(settings)
    assert path is None  # the sample (or an empty project) instead, and the reason on stderr
    assert f"{mine}: not valid JSON" in capsys.readouterr().err


def test_an_ambiguous_label_studio_text_field_is_asked_for(lifecycle, window, qtbot, tmp_path, monkeypatch):
    task = {"data": {"title": "Port strike", "body": "Dockers walked out at dawn."}}
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps([task]))
    asked: list[list[str]] = []

    def choose(parent, title, label, items, *args):  # type: ignore[no-untyped-def]
        asked.append(list(items))
        return "body", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)  # a refusal would end it here
    lifecycle.import_paths([path])
    entries = window.session.project.entries
    qtbot.waitUntil(lambda: any(e.text == "Dockers walked out at dawn." for e in entries), timeout=10_000)
    assert asked == [["title", "body"]]
    assert not any(e.text == "Port strike" for e in window.session.project.entries)


def test_the_import_summary_names_a_dispatch_whose_date_was_not_found(
    lifecycle, window, qtbot, tmp_path, monkeypatch
):
    page = tmp_path / "undated-page.txt"
    page.write_text("Orchard fire contained\n\n3 p.m.\n\nCrews held the line.\n\n1 p.m.\n\nWind turned.\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(page)], ""))
    seen = answer_next_dialog("OK")
    _menu_action(window, "Import files…").trigger()
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(seen.details), timeout=5000)
    assert seen.texts[0].startswith("Imported 2 new entries")
    assert "undated-page.txt: 'Orchard fire contained': no date found" in seen.details[0]
