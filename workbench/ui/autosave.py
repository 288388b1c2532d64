"""Recovery copies: unsaved coding survives a crash, a power cut or a killed process.

While there is unsaved work, a copy is written every 30 seconds to
``user_data_dir("workbench")/recovery``, with a top-level ``"recovery"`` record saying
which project file it belongs to. Serialising 150,000 entries holds the UI thread for
seconds, so when the project file on disk still holds every entry the timer writes a
*delta*: the codebook, the meta data and only the annotations touched since the last
save. A project never saved, one whose entries changed (an import), and the crash
handler's copy are full project files. Either way restoring goes through the normal,
validating loader.

A copy is removed after a save, on a clean exit, and at the next tick after the work was
undone back to the saved state. On the next start a copy newer than its project is
offered back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import platformdirs
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.codebook import codebook_to_dict
from workbench.core.commands import Change
from workbench.core.errors import WorkbenchError
from workbench.formats.project_file import (
    dumps_records,
    migrate,
    project_from_dict,
    project_to_dict,
    write_atomic,
)
from workbench.ui.session import Session

INTERVAL_MS = 30_000
RECOVERY_KEY = "recovery"
DELTA_FORMAT = "workbench-recovery-delta"


def recovery_folder() -> Path:
    return Path(platformdirs.user_data_dir("workbench")) / "recovery"


@dataclass(frozen=True)
class Recovery:
    """A recovery copy found on disk."""

    file: Path
    project_path: Path | None  # None: the project was never saved
    written: float  # seconds since the epoch
    pid: int

    def describe(self) -> str:
        name = self.project_path.name if self.project_path else "an unsaved project"
        when = datetime.fromtimestamp(self.written).strftime("%Y-%m-%d %H:%M")
        return f"unsaved work in {name} from {when}"


class Autosave(QObject):
    """Writes the session's recovery copy on a timer while there is unsaved work."""

    def __init__(self, session: Session, interval_ms: int = INTERVAL_MS, folder: Path | None = None) -> None:
        super().__init__(session)
        self.session = session
        self.folder = folder or recovery_folder()
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
        """One file per project path; an unsaved project gets one per running process."""
        path = self.session.path
        if path is None:
            return self.folder / f"untitled-{os.getpid()}.json"
        digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:12]
        return self.folder / f"{Path(path).stem}-{digest}.json"

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        self._pending = True
        if change.entries_added_or_removed:
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
            self.write_now(delta_ok=True)

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
        data[RECOVERY_KEY] = {
            "project_path": str(Path(self.session.path).resolve()) if self.session.path else None,
            "written": time.time(),
            "pid": os.getpid(),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, dumps_records(data, orjson.OPT_APPEND_NEWLINE))
        if self._written is not None and self._written != target:
            _remove(self._written)  # the project was saved under a new name since
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
                _remove(path)
        self._written = None
        self._pending = False
        self._touched = set()
        self._full = False

    def stop(self) -> None:
        self.timer.stop()


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _pid_alive(pid: int) -> bool:
    """True when another running workbench owns the copy (it is not a leftover)."""
    if pid == os.getpid() or pid <= 0 or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or no such pid at all
        return False
    except PermissionError:
        return True
    return True


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Leftover recovery copies worth offering, newest first.

    Copies older than their project file are stale (the project was saved after) and are
    deleted; copies of another running workbench are left alone.
    """
    folder = folder or recovery_folder()
    found: list[Recovery] = []
    if not folder.is_dir():
        return found
    for file in folder.glob("*.json"):
        info = _read_header(file)
        if info is None:
            continue
        try:
            project_path = Path(info["project_path"]) if info.get("project_path") else None
            recovery = Recovery(file, project_path, float(info.get("written", 0)), int(info.get("pid", 0)))
        except (TypeError, ValueError, OverflowError):
            continue  # a mangled header must not stop the start; the copy stays for a person to look at
        if _pid_alive(recovery.pid):
            continue
        if (
            project_path is not None
            and project_path.exists()
            and project_path.stat().st_mtime >= recovery.written
        ):
            _remove(file)
            continue
        found.append(recovery)
    found.sort(key=lambda r: r.written, reverse=True)
    return found


def _read_header(file: Path) -> dict[str, Any] | None:
    try:
        data = orjson.loads(file.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    info = data.get(RECOVERY_KEY) if isinstance(data, dict) else None
    return info if isinstance(info, dict) else None


def restore(session: Session, recovery: Recovery) -> None:
    """Load the copy in place of the session's project, under the original path, as modified.

    Marked modified because the copy holds work that is not in the project file yet.
    """
    try:
        data = orjson.loads(recovery.file.read_bytes())
    except OSError as exc:
        raise WorkbenchError(exc.strerror or "cannot read", file=str(recovery.file)) from None
    except orjson.JSONDecodeError:
        raise WorkbenchError(
            "the recovery copy is damaged (not valid JSON)", file=str(recovery.file)
        ) from None
    try:
        if isinstance(data, dict) and data.get("format") == DELTA_FORMAT:
            project = project_from_dict(_apply_delta(data, recovery.project_path))
        else:
            project = project_from_dict(migrate(data))
    except WorkbenchError as exc:
        raise exc.with_file(str(recovery.file)) from None
    session.replace_project(project, recovery.project_path)
    session.undo_stack.resetClean()


def _apply_delta(delta: dict[str, Any], project_path: Path | None) -> dict[str, Any]:
    """The project file's dict with the delta's codebook, meta and annotations laid over it.

    Done on the raw dicts so the result is validated exactly like a project file.
    Annotations of entries the file no longer holds are dropped.
    """
    if project_path is None:
        raise WorkbenchError("the recovery copy names no project file to apply it to")
    try:
        base = migrate(orjson.loads(project_path.read_bytes()))
    except OSError as exc:
        raise WorkbenchError(f"its project file {project_path} cannot be read ({exc.strerror})") from None
    except orjson.JSONDecodeError:
        raise WorkbenchError(f"its project file {project_path} is not valid JSON any more") from None
    annotations = delta.get("annotations")
    if not isinstance(annotations, list) or not all(
        isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], str)
        for item in annotations
    ):
        raise WorkbenchError("the recovery copy is damaged", where="annotations")
    base["codebook"] = delta.get("codebook")
    base["meta"] = delta.get("meta", {})
    known = {e.get("id") for e in base.get("entries", []) if isinstance(e, dict)}
    layers = base.setdefault("layers", {})
    for annotator, entry_id, annotation in annotations:
        if entry_id not in known:
            continue
        if annotation is None:
            layers.get(annotator, {}).pop(entry_id, None)
        else:
            layers.setdefault(annotator, {})[entry_id] = annotation
    return base


def offer_recovery(parent: QWidget | None, session: Session, autosave: Autosave) -> bool:
    """At start-up, offer the newest leftover copy back; True when it was restored.

    Restore loads it; Discard deletes it; Later keeps it for the next start.
    """
    candidates = find_recoveries(autosave.folder)
    if not candidates:
        return False
    recovery = candidates[0]
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Recover unsaved work?",
        f"The workbench did not close properly last time and kept {recovery.describe()}. Restore it?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText("Restoring opens the recovered work as unsaved changes; save it to keep it.")
    restore_button = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard_button = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is discard_button:
        _remove(recovery.file)
        return False
    if clicked is not restore_button:
        return False
    try:
        restore(session, recovery)
    except WorkbenchError as exc:
        QMessageBox.warning(parent, "Could not recover", exc.line())
        return False
    _remove(recovery.file)
    autosave.mark_all_unsaved()
    autosave.write_now()  # the recovered work is protected again, under this session's name
    return True
