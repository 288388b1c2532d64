"""Recovery copies on disk: whose they are, which are orphaned, and what they hold.

Each window writes its own copy (see ``autosave``), named for the project and for the
window, and records its owner in the copy's ``"recovery"`` header: the process id, the
process's start time and the machine's boot id. A copy is offered on the next start only
when its owner is gone; a process id alone is not enough, since after a reboot (or on a
busy machine) another program may run under the dead window's number.

A copy is never deleted for being older than its project file: the file may have been
rewritten by an import, a sync tool or a colleague while the window that wrote the copy
died with work nobody saved. Such a copy is offered with the file's change named.

No Qt: this is file and process bookkeeping, tested without a window.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project.file import RECOVERY_FIELD, loads_project_file, migrate, read_project_bytes

DELTA_FORMAT = "workbench-recovery-delta"
BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def recovery_folder() -> Path:
    return Path(platformdirs.user_data_dir("workbench")) / "recovery"


def boot_id() -> str | None:
    """This boot of the machine (Linux); None where the system does not say."""
    try:
        return BOOT_ID_FILE.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def process_start(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux); None if unknown.

    Field 22 of ``/proc/PID/stat``, counted after the command name, which may itself hold
    spaces and parentheses (hence the split at the last one).
    """
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
        return int(raw[raw.rindex(b")") + 2 :].split()[19])
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Owner:
    """The window that writes a copy, told apart from any later process with its pid."""

    pid: int
    started: int | None
    boot: str | None

    @classmethod
    def this_process(cls) -> Owner:
        pid = os.getpid()
        return cls(pid, process_start(pid), boot_id())

    def header(self) -> dict[str, Any]:
        return {"pid": self.pid, "started": self.started, "boot": self.boot}

    def alive(self) -> bool:
        """True while the window that wrote the copy runs (so the copy is not a leftover).

        This process's own copies count as leftovers: a window offers copies only while it
        starts, before it has written any, so these are from an earlier session in this
        process (the tests' restarts).
        """
        if self.pid == os.getpid() or self.pid <= 0 or os.name != "posix":
            return False
        here = boot_id()
        if self.boot is not None and here is not None and self.boot != here:
            return False  # written before a reboot: every process of that boot is gone
        if self.started is not None:
            now = process_start(self.pid)
            if now is not None and now != self.started:
                return False  # the pid now belongs to another process
        return _pid_exists(self.pid)


def _pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or no such pid at all
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Recovery:
    """A recovery copy found on disk."""

    file: Path
    project_path: Path | None  # None: the project was never saved
    written: float  # seconds since the epoch
    owner: Owner
    #: When the project file was last changed, if that was after the copy was written.
    file_changed: float | None = None
    #: Only the touched annotations, laid over the project file when restored.
    delta: bool = False

    def describe(self) -> str:
        name = self.project_path.name if self.project_path else "an unsaved project"
        return f"unsaved work in {name} from {_when(self.written)}"

    def change_note(self) -> str:
        """What the person must know before restoring, beyond ``describe``; may be empty."""
        if self.file_changed is None or self.project_path is None:
            return ""
        changed = (
            f"{self.project_path.name} was changed on disk at {_when(self.file_changed)}, after this "
            "copy was written (another program or a colleague saved it)."
        )
        if self.delta:
            return f"{changed} Restoring lays the recovered coding over the file as it is now."
        return (
            f"{changed} Restoring opens the copy as it was written: use Save As to keep both, "
            "as Save would replace the newer file (keeping it as .bak)."
        )


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Orphaned recovery copies worth offering, newest first; copies of running windows are left alone."""
    folder = folder or recovery_folder()
    found: list[Recovery] = []
    if not folder.is_dir():
        return found
    for file in folder.glob("*.json"):
        recovery = _read_recovery(file)
        if recovery is not None and not recovery.owner.alive():
            found.append(recovery)
    found.sort(key=lambda r: r.written, reverse=True)
    return found


def _read_recovery(file: Path) -> Recovery | None:
    """The copy's header as a ``Recovery``; None when it has none or a mangled one.

    A mangled header must not stop the start; the copy stays for a person to look at.
    """
    try:
        data = orjson.loads(file.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    info = data.get(RECOVERY_FIELD) if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return None
    try:
        project_path = Path(info["project_path"]) if info.get("project_path") else None
        started, boot = info.get("started"), info.get("boot")
        owner = Owner(
            int(info.get("pid", 0)),
            int(started) if isinstance(started, int) else None,
            boot if isinstance(boot, str) else None,
        )
        written = float(info.get("written", 0))
    except (TypeError, ValueError, OverflowError):
        return None
    delta = data.get("format") == DELTA_FORMAT
    return Recovery(file, project_path, written, owner, _changed_after(project_path, written), delta)


def _changed_after(project_path: Path | None, written: float) -> float | None:
    if project_path is None:
        return None
    try:
        mtime = project_path.stat().st_mtime
    except OSError:
        return None
    return mtime if mtime >= written else None


def remove_copy(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def load_recovered(recovery: Recovery) -> Project:
    """The project the copy holds: a whole project, or a delta laid over its project file.

    Read by ``loads_project`` like any project file, so a copy is validated the same way and
    refused with the same line. Every layer is read: the copy is deleted once it is open. A
    delta's problems name its project file, which holds everything but the delta's changes.
    """
    try:
        raw = recovery.file.read_bytes()
        data = orjson.loads(raw)
    except OSError as exc:
        raise WorkbenchError(exc.strerror or "cannot read", file=str(recovery.file)) from None
    except orjson.JSONDecodeError:
        raise WorkbenchError(
            "the recovery copy is damaged (not valid JSON)", file=str(recovery.file)
        ) from None
    named = recovery.file
    if isinstance(data, dict) and data.get("format") == DELTA_FORMAT:
        try:
            raw = orjson.dumps(_apply_delta(data, recovery.project_path))
        except WorkbenchError as exc:
            raise exc.with_file(str(recovery.file)) from None
        named = recovery.project_path or recovery.file
    return loads_project_file(raw, named)


def _apply_delta(delta: dict[str, Any], project_path: Path | None) -> dict[str, Any]:
    """The project file's dict with the delta's codebook, meta and annotations laid over it.

    Done on the raw dicts so the result is validated exactly like a project file.
    Annotations of entries the file no longer holds are dropped.
    """
    if project_path is None:
        raise WorkbenchError("the recovery copy names no project file to apply it to")
    try:
        base = migrate(orjson.loads(read_project_bytes(project_path)))
    except WorkbenchError as exc:
        raise WorkbenchError(f"its project file {project_path} cannot be read ({exc.what})") from None
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
