"""Autosave: recovery copies appear while work is unsaved, vanish when it is safe, and restore."""

from __future__ import annotations

import os
import time

import orjson
from lifecycle_helpers import make_project

from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project.file import load_project, save_project
from workbench.ui.project.autosave import Autosave, find_recoveries, offer_recovery, recovery_folder
from workbench.ui.session import Session


def _code(session: Session, entry_id: str, stance: str) -> None:
    session.push(
        edit_annotation(session.project, session.annotator, entry_id, "Stance", set_value("stance", stance))
    )


def _saved_session(tmp_path, qtbot) -> Session:
    path = tmp_path / "strike.json"
    save_project(make_project(), path)
    os.utime(path, (time.time() - 60, time.time() - 60))  # saved a minute ago
    return Session(load_project(path), path, annotator="alice")


def test_timer_writes_a_copy_only_while_work_is_unsaved(tmp_path, qtbot, dialogs):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=30)
    qtbot.wait(100)
    assert not autosave.recovery_file().exists()
    _code(session, "e1", "favor")
    qtbot.waitUntil(autosave.recovery_file().exists, timeout=2000)
    data = orjson.loads(autosave.recovery_file().read_bytes())
    # The project file holds every entry, so only what changed is written.
    assert data["format"] == "workbench-recovery-delta"
    assert data["annotations"] == [
        [
            "alice",
            "e1",
            {
                "values": {"stance": "favor"},
                "spans": [],
                "note": "",
                "status": "todo",
                "modified": session.project.annotation("alice", "e1").modified,
            },
        ]
    ]
    assert "entries" not in data
    assert data["recovery"]["project_path"] == str(session.path.resolve())
    assert autosave.recovery_file().parent == recovery_folder()


def test_saving_or_undoing_to_the_saved_state_removes_the_copy(tmp_path, qtbot):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=30)
    _code(session, "e1", "favor")
    copy = autosave.write_now()
    assert copy is not None and copy.exists()
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not copy.exists(), timeout=2000)
    _code(session, "e2", "neutral")
    qtbot.waitUntil(copy.exists, timeout=2000)
    session.undo_stack.setClean()  # what a successful save does
    autosave.discard()  # and the lifecycle tells autosave at once
    assert not copy.exists()
    assert autosave.write_now() is None  # nothing unsaved, nothing written


def test_crash_then_restart_offers_and_restores_the_edits(tmp_path, qtbot, dialogs):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=30)
    _code(session, "e1", "favor")
    _code(session, "e2", "against")
    qtbot.waitUntil(autosave.recovery_file().exists, timeout=2000)
    path = session.path
    # The crash: nothing more runs in the old session; no save, no clean exit.
    autosave.stop()

    restarted = Session(load_project(path), path, annotator="alice")
    assert restarted.project.annotation("alice", "e1") is None
    new_autosave = Autosave(restarted, interval_ms=60_000)
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, restarted, new_autosave) is True
    assert "strike.json" in dialogs.texts("ask")[0]
    assert restarted.project.annotation("alice", "e1").values["stance"] == "favor"
    assert restarted.project.annotation("alice", "e2").values["stance"] == "against"
    assert restarted.path == path
    assert not restarted.undo_stack.isClean()
    # Still protected until saved, then gone.
    assert new_autosave.recovery_file().exists()
    save_project(restarted.project, path)
    restarted.undo_stack.setClean()
    new_autosave.discard()
    assert find_recoveries() == []


def test_discarding_the_offer_deletes_the_copy(tmp_path, qtbot, dialogs):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    autosave.write_now()
    autosave.stop()

    restarted = Session(load_project(session.path), session.path, annotator="alice")
    dialogs.answer("ask", "Discard")
    assert offer_recovery(dialogs, restarted, Autosave(restarted, interval_ms=60_000)) is False
    assert restarted.project.annotation("alice", "e1") is None
    assert find_recoveries() == []


def test_copy_of_an_unsaved_project_is_offered(tmp_path, qtbot):
    session = Session(make_project(), None, annotator="alice")
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "neutral")
    autosave.write_now()
    autosave.stop()
    found = find_recoveries()
    assert len(found) == 1
    assert found[0].project_path is None
    assert "an unsaved project" in found[0].describe()


def test_an_import_makes_the_copy_a_full_project(tmp_path, qtbot):
    from workbench.core.model import Entry
    from workbench.core.undoable import AddImport, ImportBatch

    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    extra = Entry("x1", "d-harbour", 9, None, None, "A late entry about the harbour.")
    session.push(AddImport(ImportBatch(entries=[extra])))
    data = orjson.loads(autosave.write_now(delta_ok=True).read_bytes())
    assert data["format"] == "workbench-project"
    assert [e["id"] for e in data["entries"]][-1] == "x1"


def test_a_restored_copy_survives_a_second_crash(tmp_path, qtbot, dialogs):
    session = _saved_session(tmp_path, qtbot)
    first = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    first.write_now(delta_ok=True)
    first.stop()

    second_session = Session(load_project(session.path), session.path, annotator="alice")
    second = Autosave(second_session, interval_ms=60_000)
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, second_session, second) is True
    _code(second_session, "e2", "neutral")
    second.write_now(delta_ok=True)
    second.stop()  # crash again

    third_session = Session(load_project(session.path), session.path, annotator="alice")
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, third_session, Autosave(third_session, interval_ms=60_000)) is True
    assert third_session.project.annotation("alice", "e1").values["stance"] == "favor"
    assert third_session.project.annotation("alice", "e2").values["stance"] == "neutral"


def test_codebook_changes_and_removed_coding_are_recovered(tmp_path, qtbot, dialogs):
    from workbench.core.codebook_edits import rename_value

    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    session.push(rename_value(session.project, "actor", "TUR", "TUR GOV"))
    session.push(edit_annotation(session.project, "alice", "e0", "Clear", lambda ann: ann.values.clear()))
    autosave.write_now()
    autosave.stop()
    restarted = Session(load_project(session.path), session.path, annotator="alice")
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, restarted, Autosave(restarted, interval_ms=60_000)) is True
    assert restarted.project.codebook.dimension("actor").value("TUR GOV") is not None
    assert restarted.project.annotation("alice", "e0") is None


def test_a_copy_whose_project_file_vanished_says_so(tmp_path, qtbot, dialogs):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    copy = autosave.write_now(delta_ok=True)
    autosave.stop()
    session.path.unlink()
    fresh = Session(make_project(), None, annotator="alice")
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, fresh, Autosave(fresh, interval_ms=60_000)) is False
    assert dialogs.texts("warn")[0].startswith(f"{copy}: its project file {session.path} cannot be read")
    assert copy.exists()  # kept: nothing was restored from it


def test_a_direct_write_is_a_whole_project_that_loads_on_its_own(tmp_path, qtbot):
    """What the crash handler writes must not depend on the project file."""
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    copy = autosave.write_now()
    session.path.unlink()
    assert load_project(copy).annotation("alice", "e1").values["stance"] == "favor"


def test_a_codebook_edit_that_rewrites_imported_predictions_makes_a_full_copy(tmp_path, qtbot, dialogs):
    from workbench.core.codebook_edits import rename_value
    from workbench.core.model import ImportedPredictions

    path = tmp_path / "strike.json"
    project = make_project()
    project.predictions = ImportedPredictions("bert", "2026-12-01T10:00:00Z", {"e0": {"actor": {"TUR": 0.7}}})
    save_project(project, path)
    session = Session(load_project(path), path, annotator="alice")
    autosave = Autosave(session, interval_ms=60_000)
    session.push(rename_value(session.project, "actor", "TUR", "TUR GOV"))
    autosave.write_now(delta_ok=True)
    autosave.stop()
    restarted = Session(load_project(path), path, annotator="alice")
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, restarted, Autosave(restarted, interval_ms=60_000)) is True
    assert restarted.project.predictions is not None
    assert restarted.project.predictions.scores == {"e0": {"actor": {"TUR GOV": 0.7}}}


def test_imported_predictions_make_a_full_copy(tmp_path, qtbot, dialogs):
    """A delta carries annotations, codebook and meta only: the predictions a window
    imported (File ▸ Import predictions) were lost from the copy it restored."""
    from workbench.core.model import ImportedPredictions
    from workbench.core.undoable import ReplacePredictions

    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    bert = ImportedPredictions("bert", "2026-12-04T10:00:00Z", {"e0": {"stance": {"favor": 0.7}}})
    session.push(ReplacePredictions("Import predictions from bert.jsonl", None, bert))
    autosave.write_now(delta_ok=True)
    autosave.stop()
    restarted = Session(load_project(session.path), session.path, annotator="alice")
    dialogs.answer("ask", "Restore")
    assert offer_recovery(dialogs, restarted, Autosave(restarted, interval_ms=60_000)) is True
    assert restarted.project.predictions == bert
