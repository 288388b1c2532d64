"""Recovery copies when several windows, rewritten files or reused process ids are involved."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from lifecycle_helpers import make_project
from scripted_dialogs import ScriptedDialogs

from workbench.core.model import Entry
from workbench.core.undoable import AddImport, ImportBatch, edit_annotation, set_value
from workbench.formats.project.file import load_project, save_project
from workbench.ui.main_window import MainWindow
from workbench.ui.project.autosave import Autosave, find_recoveries, offer_recovery
from workbench.ui.project.lifecycle import install_lifecycle
from workbench.ui.session import Session

ENTRY_IDS = [f"e{i}" for i in range(6)]


def _code(session: Session, entry_id: str, stance: str) -> None:
    session.push(
        edit_annotation(session.project, session.annotator, entry_id, "Stance", set_value("stance", stance))
    )


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.json"
    save_project(make_project(n_entries=6), path)
    return path


def _answer(dialogs: ScriptedDialogs, *buttons: str) -> None:
    """Click ``buttons`` in the next questions, one each."""
    for button in buttons:
        dialogs.answer("ask", button)


def _seen(dialogs: ScriptedDialogs) -> list[str]:
    """Each question's text and informative text, as the person read them."""
    return [f"{q.text}\n{q.informative}" for q in dialogs.asked if q.kind == "ask"]


def _restart(project_path: Path, annotator: str = "carla") -> tuple[Session, Autosave]:
    session = Session(load_project(project_path), project_path, annotator=annotator)
    return session, Autosave(session, interval_ms=60_000)


def test_a_second_window_saving_and_closing_keeps_the_first_windows_copy(qtbot, project_path, dialogs):
    first = Session(load_project(project_path), project_path, annotator="carla")
    first_autosave = Autosave(first, interval_ms=60_000)
    for entry_id in ENTRY_IDS[1:]:
        _code(first, entry_id, "favor")
    first_autosave.write_now(delta_ok=True)

    # A second window on the same file: the analyst codes there, autosaves, saves, closes.
    second = MainWindow(Session(load_project(project_path), project_path, annotator="dev"))
    qtbot.addWidget(second, before_close_func=lambda w: w.session.undo_stack.setClean())
    lifecycle = install_lifecycle(second, autosave_interval_ms=60_000, offer_recovered_work=False)
    _code(second.session, "e0", "against")
    lifecycle.autosave.write_now(delta_ok=True)
    assert lifecycle.save()
    second.close()

    first_autosave.stop()  # the first window crashes
    restarted, autosave = _restart(project_path)
    _answer(dialogs, "Restore")
    assert offer_recovery(dialogs, restarted, autosave) is True
    coded = [e for e in ENTRY_IDS if restarted.project.annotation("carla", e) is not None]
    assert coded == ENTRY_IDS[1:], "all five entries the first window coded come back"
    assert restarted.project.annotation("dev", "e0").values == {"stance": "against"}


def test_every_orphaned_copy_is_offered(qtbot, project_path, dialogs):
    for annotator, entry_id in (("carla", "e1"), ("dev", "e2")):
        session = Session(load_project(project_path), project_path, annotator=annotator)
        autosave = Autosave(session, interval_ms=60_000)
        _code(session, entry_id, "neutral")
        autosave.write_now(delta_ok=True)
        autosave.stop()  # two windows died
    restarted, autosave = _restart(project_path)
    _answer(dialogs, "Later", "Restore")
    assert offer_recovery(dialogs, restarted, autosave) is True
    assert len(_seen(dialogs)) == 2
    values = {a: restarted.project.annotation(a, e) for a, e in (("carla", "e1"), ("dev", "e2"))}
    assert sum(v is not None for v in values.values()) == 1, "one window's work restored"
    others = [r for r in find_recoveries() if r.file != autosave.recovery_file()]
    assert len(others) == 1, "the other copy stays for the next start"


def test_a_copy_survives_the_project_file_being_rewritten_and_says_so(qtbot, project_path, dialogs):
    session = Session(load_project(project_path), project_path, annotator="carla")
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e3", "favor")
    autosave.write_now(delta_ok=True)
    autosave.stop()  # crash

    # Then something else rewrites the file (an import -o, a sync tool, a colleague).
    colleague = load_project(project_path)
    AddImport(ImportBatch(entries=[Entry("x9", "d-harbour", 9, None, None, "A ferry left at dusk.")])).redo(
        colleague
    )
    save_project(colleague, project_path)

    restarted, new_autosave = _restart(project_path)
    _answer(dialogs, "Restore")
    assert offer_recovery(dialogs, restarted, new_autosave) is True
    assert "harbour.json was changed on disk" in _seen(dialogs)[0]
    assert restarted.project.annotation("carla", "e3").values == {"stance": "favor"}
    assert restarted.project.has_entry("x9"), "the colleague's change is kept too"


def _orphan_with_header(project_path: Path, **header: object) -> Path:
    session = Session(load_project(project_path), project_path, annotator="carla")
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e4", "against")
    copy = autosave.write_now()
    autosave.stop()
    data = orjson.loads(copy.read_bytes())
    data["recovery"].update(header)
    copy.write_bytes(orjson.dumps(data))
    return copy


@pytest.fixture
def other_process():
    """A live process that is not a workbench window: it holds a dead window's old pid."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield child
    child.kill()
    child.wait(10)


def test_a_copy_whose_pid_now_belongs_to_another_process_is_offered(project_path, other_process):
    if not Path(f"/proc/{other_process.pid}/stat").exists():
        pytest.skip("no /proc here to tell processes apart by start time")
    # The dead window started one tick after boot; the live process long after.
    copy = _orphan_with_header(project_path, pid=other_process.pid, started=1)
    assert [r.file for r in find_recoveries()] == [copy]


def test_a_copy_from_before_a_reboot_is_offered(project_path, other_process):
    if not Path("/proc/sys/kernel/random/boot_id").exists():
        pytest.skip("no boot id on this system")
    copy = _orphan_with_header(project_path, pid=other_process.pid, boot="an-earlier-boot", started=None)
    assert [r.file for r in find_recoveries()] == [copy]


def test_a_copy_of_a_window_still_running_is_not_offered(project_path, other_process):
    from workbench.formats.project.recovery import boot_id, process_start

    _orphan_with_header(
        project_path, pid=other_process.pid, started=process_start(other_process.pid), boot=boot_id()
    )
    assert find_recoveries() == []


def test_a_copy_of_a_long_named_project_is_written_and_private(tmp_path, qtbot):
    """Copies stay 0600 whatever the umask: they gather every project's unsaved work in one folder."""
    path = tmp_path / ("n" * 250 + ".json")
    save_project(make_project(), path)
    session = Session(load_project(path), path, annotator="carla")
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e1", "favor")
    old = os.umask(0o022)
    try:
        copy = autosave.write_now()
    finally:
        os.umask(old)
    assert load_recovered_value(copy) == {"stance": "favor"}
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700


def load_recovered_value(copy: Path) -> dict:
    return load_project(copy).annotation("carla", "e1").values


def test_a_whole_copy_over_a_changed_file_says_save_as_keeps_both(qtbot, project_path, dialogs):
    session = Session(make_project(n_entries=6), None, annotator="carla")
    session.set_path(project_path)  # a whole copy: what the crash handler writes
    autosave = Autosave(session, interval_ms=60_000)
    _code(session, "e2", "favor")
    autosave.write_now()
    autosave.stop()
    save_project(make_project(n_entries=6), project_path)  # rewritten afterwards

    restarted, new_autosave = _restart(project_path)
    _answer(dialogs, "Later")
    assert offer_recovery(dialogs, restarted, new_autosave) is False
    assert "harbour.json was changed on disk" in _seen(dialogs)[0]
    assert "use Save As to keep both" in _seen(dialogs)[0]
    assert len(find_recoveries()) == 1
