"""Autosave: recovery copies appear while work is unsaved, vanish when it is safe, and restore."""

from __future__ import annotations

import os
import time

import orjson
from lifecycle_helpers import answer_next_dialog, make_project

from workbench.core.commands import edit_annotation, set_value
from workbench.formats.project_file import load_project, save_project
from workbench.ui.autosave import Autosave, find_recoveries, offer_recovery, recovery_folder
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


def test_timer_writes_a_copy_only_while_work_is_unsaved(tmp_path, qtbot):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=30)
    qtbot.wait(100)
    assert not autosave.recovery_file().exists()
    _code(session, "e1", "favor")
    qtbot.waitUntil(autosave.recovery_file().exists, timeout=2000)
    data = orjson.loads(autosave.recovery_file().read_bytes())
    assert data["layers"]["alice"]["e1"]["values"]["stance"] == "favor"
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


def test_crash_then_restart_offers_and_restores_the_edits(tmp_path, qtbot):
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
    seen = answer_next_dialog("Restore")
    assert offer_recovery(None, restarted, new_autosave) is True
    assert "strike.json" in seen.texts[0]
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


def test_discarding_the_offer_deletes_the_copy(tmp_path, qtbot):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    autosave.write_now()
    autosave.stop()

    restarted = Session(load_project(session.path), session.path, annotator="alice")
    answer_next_dialog("Discard")
    assert offer_recovery(None, restarted, Autosave(restarted, interval_ms=60_000)) is False
    assert restarted.project.annotation("alice", "e1") is None
    assert find_recoveries() == []


def test_copy_older_than_the_project_is_stale_and_removed(tmp_path, qtbot):
    session = _saved_session(tmp_path, qtbot)
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    copy = autosave.write_now()
    autosave.stop()
    later = time.time() + 5
    os.utime(session.path, (later, later))  # the project was saved after the copy
    assert find_recoveries() == []
    assert not copy.exists()


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
