"""The project lifecycle, driven through the File menu as a person would."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest

from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project.file import load_project
from workbench.ui import jobs
from workbench.ui.main_window import MainWindow
from workbench.ui.project.autosave import find_recoveries
from workbench.ui.project.lifecycle import install_lifecycle
from workbench.ui.session import Session
from workbench.ui.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def window(qtbot, project_file: Path, dialogs):
    """The conftest window, but marked saved just before pytest-qt closes it at teardown,
    so the unsaved-work question cannot block the test run; ``dialogs`` answers for the person."""
    session = Session(load_project(project_file), project_file, annotator="ana")
    main = MainWindow(session, dialogs=dialogs)
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


def test_save_as_then_open_round_trip(lifecycle, window, qtbot, tmp_path, dialogs):
    _code(window, "e1", "against")
    assert window.windowTitle().startswith("coding*")
    target = tmp_path / "copy"
    dialogs.answer("save_file", target)
    _menu_action(window, "Save As…").trigger()
    saved = target.with_suffix(".json")
    assert load_project(saved).annotation("ana", "e1").values["stance"] == "against"
    assert window.session.path == saved
    assert window.windowTitle().startswith("copy —")
    assert Settings().recent_files()[0] == saved

    _code(window, "e2", "favor")
    dialogs.answer("ask", "Don't Save").answer("open_file", saved)
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
    dialogs.answer("ask", "Cancel")
    assert lifecycle.save() is False
    assert "was changed by another program" in dialogs.texts("ask")[-1]


def test_open_recent_lists_saved_projects(lifecycle, window, tmp_path, dialogs):
    target = tmp_path / "recent.json"
    dialogs.answer("save_file", target)
    lifecycle.save_as()
    lifecycle.recent_menu.aboutToShow.emit()
    names = [a.text() for a in lifecycle.recent_menu.actions()]
    assert names[0] == "recent.json"
    assert "coding.json" in names


def test_corrupt_project_shows_the_reason_and_keeps_the_current_one(
    lifecycle, window, qtbot, tmp_path, dialogs
):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "workbench-project", "version": 1, "codebook": ', encoding="utf-8")
    newer = tmp_path / "newer.json"
    newer.write_bytes(orjson.dumps({"format": "workbench-project", "version": 99}))
    before_path = window.session.path
    before_entries = len(window.session.project.entries)
    for path in (bad, newer):
        lifecycle.open_project(path)
        _wait_jobs(qtbot)
    shown = dialogs.texts("warn")
    assert shown[0].startswith(f"{bad}: not valid JSON")
    assert shown[1].startswith(f"{newer}: version: made by a newer workbench")
    assert window.session.path == before_path
    assert len(window.session.project.entries) == before_entries


def test_closing_with_unsaved_work_asks(lifecycle, window, project_file, dialogs):
    _code(window, "e1", "neutral")
    dialogs.answer("ask", "Cancel")
    assert window.close() is False
    assert window.isVisible()
    assert "Save the changes to coding before closing?" in dialogs.texts("ask")[0]

    dialogs.answer("ask", "Save")
    assert window.close() is True
    assert load_project(project_file).annotation("ana", "e1").values["stance"] == "neutral"


def test_closing_and_not_saving_leaves_the_file_alone(lifecycle, window, project_file, dialogs):
    original = project_file.read_bytes()
    _code(window, "e1", "neutral")
    dialogs.answer("ask", "Don't Save")
    assert window.close() is True
    assert project_file.read_bytes() == original
    assert find_recoveries() == []


def test_file_changed_on_disk_is_not_overwritten_without_asking(lifecycle, window, project_file, dialogs):
    other = load_project(project_file)
    other.meta["note"] = "written by a colleague"
    from workbench.formats.project.file import save_project

    save_project(other, project_file)
    later = time.time() + 2
    os.utime(project_file, (later, later))
    _code(window, "e1", "favor")

    dialogs.answer("ask", "Cancel")
    assert lifecycle.save() is False
    assert "was changed by another program" in dialogs.texts("ask")[0]
    assert load_project(project_file).meta["note"] == "written by a colleague"

    dialogs.answer("ask", "Overwrite")
    assert lifecycle.save() is True
    assert load_project(project_file).annotation("ana", "e1").values["stance"] == "favor"
    # Our own save is not mistaken for someone else's change.
    _code(window, "e2", "favor")
    assert lifecycle.save() is True


def test_import_with_progress_adds_entries_and_undo_removes_them(lifecycle, window, qtbot, dialogs):
    sample = SAMPLES / "port-strike.txt"
    before = len(window.session.project.entries)
    dialogs.answer("open_files", [sample])
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
    lifecycle.importing.import_paths([sample])
    _wait_jobs(qtbot)
    steps = window.session.undo_stack.count()
    lifecycle.importing.import_paths([sample])
    _wait_jobs(qtbot)
    assert window.session.undo_stack.count() == steps
    assert "Nothing new" in window.statusBar().currentMessage()


def test_failed_import_adds_nothing_and_says_why(lifecycle, window, qtbot, tmp_path, dialogs):
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLES / "flood-relief.txt").read_bytes())
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    before = len(window.session.project.entries)
    lifecycle.importing.import_paths([good, empty])
    _wait_jobs(qtbot)
    shown = dialogs.texts("warn")
    assert len(window.session.project.entries) == before
    assert window.session.undo_stack.count() == 0
    assert shown and shown[0].startswith(str(empty))


def test_new_project_with_a_builtin_codebook(lifecycle, window, dialogs):
    dialogs.answer("choose", lambda items: items[1])
    _code(window, "e1", "favor")
    dialogs.answer("ask", "Don't Save")
    assert lifecycle.new_project() is True
    assert window.session.project.entries == []
    assert window.session.project.codebook.name == "cameo"
    assert window.session.path is None
    assert window.windowTitle().startswith("Untitled")


def test_startup_opens_the_last_project_else_the_sample(tmp_path, capsys):
    from workbench.ui.project.startup import sample_project_path, startup_project

    settings = Settings()
    project, path = startup_project(settings)
    assert path is None  # first run: the sample, untitled so Save asks where to keep it
    if sample_project_path().is_file():
        assert project.entries == load_project(sample_project_path()).entries
    else:
        assert project.entries == []

    mine = tmp_path / "mine.json"
    from lifecycle_helpers import make_project

    from workbench.formats.project.file import save_project

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
    from scripted_dialogs import ScriptedDialogs

    dialogs = ScriptedDialogs()
    session = Session(load_project(path), path, annotator="ana")
    main = MainWindow(session, dialogs=dialogs)
    qtbot.addWidget(main, before_close_func=lambda w: w.session.undo_stack.setClean())
    if answer:
        dialogs.answer("ask", answer)
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


def test_changing_the_annotator_name_is_remembered(lifecycle, window, monkeypatch, dialogs):
    monkeypatch.delenv("WORKBENCH_ANNOTATOR", raising=False)
    dialogs.answer("text", "ben")
    _menu_action(window, "Change annotator name…").trigger()
    assert window.session.annotator == "ben"
    assert "Coding as ben" in window.annotator_label.text()
    assert Settings().annotator() == "ben"


def test_new_project_with_a_codebook_file_and_a_broken_one(lifecycle, window, tmp_path, dialogs):
    from workbench.core.codebook import builtin_codebook, codebook_to_dict
    from workbench.ui.project.lifecycle import CODEBOOK_FROM_FILE

    mine = builtin_codebook("plover")
    mine.name, mine.label = "harbour", "Harbour strike codes"
    good = tmp_path / "harbour.json"
    good.write_bytes(orjson.dumps(codebook_to_dict(mine)))
    broken = tmp_path / "broken.json"
    broken.write_text('{"dimensions": [{"key": "stance"}]}', encoding="utf-8")
    dialogs.answer("choose", CODEBOOK_FROM_FILE).answer("open_file", broken)
    assert lifecycle.new_project() is False
    assert dialogs.texts("warn") == [f"{broken}: codebook.dimensions[0]: missing 'kind'"]
    assert window.session.path is not None  # the current project stayed open

    dialogs.answer("choose", CODEBOOK_FROM_FILE).answer("open_file", good)
    assert lifecycle.new_project() is True
    assert window.session.project.codebook.label == "Harbour strike codes"


def test_importing_a_folder_reports_what_was_skipped(lifecycle, window, qtbot, tmp_path, dialogs):
    folder = tmp_path / "dispatches"
    folder.mkdir()
    (folder / "port.txt").write_bytes((SAMPLES / "port-strike.txt").read_bytes())
    (folder / "photo.xyz").write_bytes(b"\x00\x01")
    dialogs.answer("open_folder", folder)
    before = len(window.session.project.entries)
    _menu_action(window, "Import folder…").trigger()
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(dialogs.texts("inform")), timeout=5000)
    assert len(window.session.project.entries) > before
    assert dialogs.texts("inform")[0].startswith("Imported ")
    assert "from dispatches" in dialogs.texts("inform")[0]


def test_startup_takes_the_last_project_or_says_why_not(tmp_path, capsys):
    from lifecycle_helpers import make_project

    from workbench.formats.project.file import save_project
    from workbench.ui.project.startup import startup_project

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


def test_an_ambiguous_label_studio_text_field_is_asked_for(lifecycle, window, qtbot, tmp_path, dialogs):
    task = {"data": {"title": "Port strike", "body": "Dockers walked out at dawn."}}
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps([task]))
    dialogs.answer("choose", "body")  # a refusal would show as a warning and end it here
    lifecycle.importing.import_paths([path])
    entries = window.session.project.entries
    qtbot.waitUntil(lambda: any(e.text == "Dockers walked out at dawn." for e in entries), timeout=10_000)
    assert [q.choices for q in dialogs.asked if q.kind == "choose"] == [["title", "body"]]
    assert not any(e.text == "Port strike" for e in window.session.project.entries)


def test_the_import_summary_names_a_dispatch_whose_date_was_not_found(
    lifecycle, window, qtbot, tmp_path, dialogs
):
    page = tmp_path / "undated-page.txt"
    page.write_text("Orchard fire contained\n\n3 p.m.\n\nCrews held the line.\n\n1 p.m.\n\nWind turned.\n")
    dialogs.answer("open_files", [page])
    _menu_action(window, "Import files…").trigger()
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(dialogs.texts("inform")), timeout=5000)
    informed = [q for q in dialogs.asked if q.kind == "inform"]
    assert informed[0].text.startswith("Imported 2 new entries")
    assert "undated-page.txt: 'Orchard fire contained': no date found" in informed[0].details


def test_save_as_tells_whoever_follows_the_path(lifecycle, window, tmp_path, dialogs):
    heard: list[object] = []
    window.session.pathChanged.connect(heard.append)
    dialogs.answer("save_file", tmp_path / "elsewhere.json")
    assert lifecycle.save_as() is True
    assert heard == [tmp_path / "elsewhere.json"]
    assert lifecycle.save() is True  # saved again in the same place: the path did not change
    assert heard == [tmp_path / "elsewhere.json"]
    dialogs.answer("choose", lambda items: items[0])
    assert lifecycle.new_project() is True
    assert heard == [tmp_path / "elsewhere.json", None]


def test_the_file_menu_reads_project_then_import_then_export_then_quit(lifecycle, window):
    """Each feature's File item lands in its section, as the one table declares them
    (``ui/menus.MENUS``), whichever module binds it and when."""
    texts = [a.text().replace("&", "") or "—" for a in window.menu("File").actions()]
    assert texts == [
        "New…",
        "Open…",
        "Open Recent",
        "—",
        "Save",
        "Save As…",
        "—",
        "Import files…",
        "Import folder…",
        "Import predictions…",
        "—",
        "Export…",
        "—",
        "Change annotator name…",
        "Quit",
    ]
