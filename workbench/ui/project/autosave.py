"""Recovery copies: unsaved coding survives a crash, a power cut or a killed process.

While there is unsaved work, a copy is written every 30 seconds to
``user_data_dir("workbench")/recovery``, with a top-level ``"recovery"`` record saying
which project file it belongs to. Serialising 150,000 entries holds the UI thread for
seconds, so when the project file on disk still holds every entry the timer writes a
*delta*: the codebook, the meta data and only the annotations touched since the last
save. A project never saved, one whose entries changed (an import), and the crash
handler's copy are full project files. Either way restoring goes through the normal,
validating loader.

Each window has its own copy, named for the project and the window, so two windows on
one project never overwrite or delete each other's work. A window removes only its own
copy: after a save, on a clean exit, and at the next tick after the work was undone back
to the saved state. On the next start every orphaned copy is offered back, one by one
(see ``project.recovery`` for which copies count as orphaned).

A copy that cannot be written (a full disk) is reported once, calmly, until one is
written again: the timer keeps trying, and the window keeps working.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from workbench.core.codebook import codebook_to_dict
from workbench.core.errors import WorkbenchError
from workbench.core.undoable import Change
from workbench.formats.atomic_write import write_atomic
from workbench.formats.project.file import RECOVERY_FIELD, dumps_records, project_to_dict
from workbench.formats.project.recovery import (
    DELTA_FORMAT,
    Owner,
    Recovery,
    find_recoveries,
    load_recovered,
    recovery_folder,
    remove_copy,
)
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.session import Session

INTERVAL_MS = 30_000
#: Characters of the project's name kept in a copy's file name (the rest is the digest and window).
NAME_CHARS = 60


class Autosave(QObject):
    """Writes the session's recovery copy on a timer while there is unsaved work."""

    #: The timer's copy could not be written (one line naming it); sent once until one is written again.
    failed = Signal(str)

    def __init__(self, session: Session, interval_ms: int = INTERVAL_MS, folder: Path | None = None) -> None:
        super().__init__(session)
        self.session = session
        self.folder = folder or recovery_folder()
        self.owner = Owner.this_process()
        # Tells this window's copies from those of other windows, in this process or another.
        self.window_id = f"{self.owner.pid}-{secrets.token_hex(4)}"
        self._failing = False
        self._pending = False  # changed since the last copy was written
        self._written: Path | None = None
        # What differs from the project file: these (annotator, entry id) pairs, unless
        # ``_full`` says the entries themselves changed and only a full copy will do.
        self._touched: set[tuple[str, str]] = set()
        self._full = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        session.changed.connect(self._on_changed)
        session.projectReplaced.connect(self.discard)

    def recovery_file(self) -> Path:
        """This window's copy of its project: one per window, so windows never share one."""
        path = self.session.path
        if path is None:
            return self.folder / f"untitled-{self.window_id}.json"
        digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:12]
        return self.folder / f"{Path(path).stem[:NAME_CHARS]}-{digest}-{self.window_id}.json"

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        self._pending = True
        if change.entries_added_or_removed or change.times or change.predictions:
            # Entries or dispatches changed, not only annotations; or the imported predictions
            # did (an import, or a codebook edit that rewrote them), which a delta does not
            # carry (laid over the file's old predictions, a new codebook would refuse them).
            self._full = True
        elif not self._full:
            self._touched.update((a, e) for a in change.annotators for e in change.entry_ids)

    def mark_all_unsaved(self) -> None:
        """The project differs from its file in ways not tracked here (a restored copy)."""
        self._full = True
        self._pending = True

    @Slot()
    def _tick(self) -> None:
        """Write when there is new unsaved work; drop the copy once the work is safe again.

        Checked here rather than on ``cleanChanged`` because a dying undo stack also
        reports itself clean, which must not delete the copy of a crashed session.
        """
        if self.session.undo_stack.isClean():
            if self._written is not None:
                self.discard()
        elif self._pending:
            try:
                self.write_now(delta_ok=True)
            except (OSError, WorkbenchError) as exc:
                line = (
                    exc.line()
                    if isinstance(exc, WorkbenchError)
                    else f"{exc.filename}: {exc.strerror or exc}"
                )
                if not self._failing:
                    self.failed.emit(line)
                self._failing = True
                return
            self._failing = False

    def write_now(self, *, delta_ok: bool = False) -> Path | None:
        """Write the recovery copy immediately (the crash handler calls this first).

        The timer passes ``delta_ok`` so the pause stays short while coding. A direct call
        writes a full project: after a crash the copy then stands on its own, readable by
        ``load_project`` whatever happens to the project file.
        Returns the file written, or None when there is no unsaved work to protect.
        """
        if self.session.undo_stack.isClean():
            return None
        target = self.recovery_file()
        delta = delta_ok and self._can_write_delta()
        data = self._delta() if delta else project_to_dict(self.session.project)
        data[RECOVERY_FIELD] = {
            "project_path": str(Path(self.session.path).resolve()) if self.session.path else None,
            "written": time.time(),
            **self.owner.header(),
        }
        # Private (0700 folder, 0600 copies) whatever the umask: the copies gather every
        # project's unsaved work in one place, which the projects' own folders may not share.
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(target, dumps_records(data, orjson.OPT_APPEND_NEWLINE), private=True)
        if self._written is not None and self._written != target:
            remove_copy(self._written)  # the project was saved under a new name since
        self._written = target
        self._pending = False
        return target

    def _can_write_delta(self) -> bool:
        return not self._full and self.session.path is not None and Path(self.session.path).is_file()

    def _delta(self) -> dict[str, Any]:
        project = self.session.project
        return {
            "format": DELTA_FORMAT,
            "version": 1,
            "codebook": codebook_to_dict(project.codebook),
            "meta": project.meta,
            "annotations": [[a, e, project.annotation(a, e)] for a, e in sorted(self._touched)],
        }

    @Slot()
    def discard(self) -> None:
        """Remove this session's recovery copy: the work is saved, or knowingly dropped."""
        for path in {self._written, self.recovery_file()}:
            if path is not None:
                remove_copy(path)
        self._written = None
        self._pending = False
        self._touched = set()
        self._full = False

    def stop(self) -> None:
        self.timer.stop()


def restore(session: Session, recovery: Recovery) -> None:
    """Load the copy in place of the session's project, under the original path, as modified.

    Marked modified because the copy holds work that is not in the project file yet.
    """
    project = load_recovered(recovery)
    session.replace_project(project, recovery.project_path)
    session.undo_stack.resetClean()


def offer_recovery(
    dialogs: Dialogs,
    session: Session,
    autosave: Autosave,
    open_copy: Callable[[Recovery], None] | None = None,
    refused: Callable[[str], None] | None = None,
) -> bool:
    """At start-up, offer each orphaned copy back, newest first; True when one was restored.

    Restore opens it (the rest stay for the next start: a window holds one project) with
    ``open_copy``, which the window's lifecycle gives so a copy opens like any project
    (``ProjectLifecycle.restore_copy``; ``restore`` without one); a copy that cannot be
    opened is reported with ``refused``. Discard deletes it; Later keeps it for the next
    start. Either of those goes on to the next copy, so the work of every window that died
    is offered.
    """
    opening = open_copy or (lambda recovery: restore(session, recovery))
    refusing = refused or (lambda line: dialogs.warn("Could not recover", line))
    for recovery in find_recoveries(autosave.folder):
        answer = _ask(dialogs, recovery)
        if answer == "Discard":
            remove_copy(recovery.file)
        elif answer == "Restore":
            try:
                opening(recovery)
            except WorkbenchError as exc:
                refusing(exc.line())
                continue
            remove_copy(recovery.file)
            autosave.mark_all_unsaved()
            autosave.write_now()  # the recovered work is protected again, under this window's name
            return True
    return False


def _ask(dialogs: Dialogs, recovery: Recovery) -> str:
    """ "Restore", "Discard" or "Later", as the person answers for this copy."""
    note = recovery.change_note()
    restoring = "Restoring opens the recovered work as unsaved changes; save it to keep it."
    if note:
        restoring = f"{note} Later keeps the copy for the next start."
    return dialogs.ask(
        "Recover unsaved work?",
        f"The workbench did not close properly and kept {recovery.describe()}. Restore it?",
        [("Restore", "accept"), ("Discard", "destructive"), ("Later", "reject")],
        informative=restoring,
        default="Restore",
        icon="question",
    )


def notify_failures(autosave: Autosave, dialogs: Dialogs) -> None:
    """Show a failing recovery copy once, without blocking: the person can go on and save."""

    def show(line: str) -> None:
        dialogs.notice(
            "Recovery copy not written",
            f"Your unsaved work could not be kept in a recovery copy: {line}",
            informative="The workbench keeps trying; save your project as soon as there is room.",
        )

    autosave.failed.connect(show)
