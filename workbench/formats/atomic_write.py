"""Writing a file so that readers only ever see the whole old or the whole new one.

Every file the workbench writes goes through here: project saves (with their ``.bak``),
recovery copies, exports, reports and charts. So the rules live in one place:

* the data goes to a uniquely named temporary file beside the target, is ``fsync``\\ ed,
  renamed over the target and the folder is ``fsync``\\ ed: a crash leaves old or new;
* saving through a symbolic link writes the link's target (the link stays a link, and a
  file shared through it is really updated);
* a replaced file keeps its mode, owner and group; a new one gets the umask's mode,
  like any other program's file (recovery copies ask for ``private`` instead);
* temporary names stay within the file system's 255-byte name limit whatever the target
  is called, and are unique, so two processes saving at once never collide;
* a failure names the file the person chose, never the temporary one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: The longest file name most file systems take (ext4, XFS, btrfs, APFS, NTFS), in bytes.
NAME_MAX = 255
#: Bytes of the target's name kept in a temporary name: ``.NAME.RANDOM.tmp`` must fit NAME_MAX.
_TEMP_NAME_BYTES = 200
#: A temp file untouched this long belongs to a save that was killed, not one in progress.
STALE_TEMP_SECONDS = 60
_NEW_FILE_MODE = 0o666  # the kernel takes the umask off
_PRIVATE_MODE = 0o600


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = False, private: bool = False) -> None:
    """Replace ``path`` with ``data`` (see the module's rules); ``keep_backup`` keeps ``NAME.bak``."""
    with atomic_writer(path, keep_backup=keep_backup, private=private) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, *, keep_backup: bool = False, private: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` when the block ends without error.

    An exception in the block (a cancelled export, a full disk) leaves ``path`` untouched
    and no temporary file behind. ``OSError`` comes out naming ``path``.
    """
    target = real_target(Path(path))
    folder = target.parent
    try:
        fd, tmp = _create_temp(folder, target.name, _PRIVATE_MODE if private else _NEW_FILE_MODE)
    except OSError as exc:
        raise _named(exc, path) from None
    backup_tmp: Path | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            _keep_ownership(handle.fileno(), target, private)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and target.exists():
            backup_tmp = _backup_temp(target)
            os.replace(backup_tmp, backup_path(target))
        os.replace(tmp, target)
    except BaseException as exc:
        for leftover in (tmp, backup_tmp):
            if leftover is not None:
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        if isinstance(exc, OSError):
            raise _named(exc, path) from None
        raise
    fsync_folder(folder)
    _remove_stale_temps(folder, target.name)


def real_target(path: Path) -> Path:
    """The file a save through ``path`` must replace: a symbolic link's target, else ``path``."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def backup_path(path: Path) -> Path:
    """``NAME.bak``, or a shortened name where ``NAME.bak`` would be longer than a name may be."""
    return path.with_name(_shortened(path.name, NAME_MAX - len(".bak")) + ".bak")


def new_folder_mode(folder: Path) -> None:
    """Give a folder made by ``tempfile.mkdtemp`` (always 0700) the mode the umask asks for."""
    os.chmod(folder, 0o777 & ~_umask())


def replace_folder(built: Path, out: Path) -> None:
    """Put the folder ``built`` beside ``out`` in its place, durably: every file and folder in
    it is fsynced before the rename and the parent folder after it (a folder export)."""
    sync_tree(built)
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
        os.replace(built, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(built, out)
    fsync_folder(out.parent)


def sync_tree(folder: Path) -> None:
    """``fsync`` every file and folder under ``folder``, before it is renamed into place."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                os.fsync(handle.fileno())
        fsync_folder(Path(root))


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; not every platform allows opening a folder."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _umask() -> int:
    """The process's umask; reading it means setting it, so it is set straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _shortened(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` bytes as the file system counts them."""
    raw = os.fsencode(name)
    return name if len(raw) <= limit else os.fsdecode(raw[:limit])


def _temp_prefix(name: str) -> str:
    return f".{_shortened(name, _TEMP_NAME_BYTES)}."


def _create_temp(folder: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new, uniquely named file beside the target, opened for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f"{_temp_prefix(name)}{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue


def _keep_ownership(fd: int, target: Path, private: bool) -> None:
    """A replaced file keeps its owner, group and mode (a shared project stays shared).

    Changing the owner needs privileges; the group works where the person belongs to it;
    either failing leaves the new file as the person's own, which is all a save can do.
    """
    if private:
        return
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return
    if hasattr(os, "fchown"):
        for uid in (st.st_uid, -1):
            try:
                os.fchown(fd, uid, st.st_gid)
                break
            except PermissionError:
                continue
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(st.st_mode))


def _backup_temp(target: Path) -> Path:
    """The old file under a unique temporary name, to be renamed to ``NAME.bak``.

    A hard link when possible, so a large project is not copied on every save; a copy
    (mode and times included) where the file system has no links.
    """
    while True:
        tmp = target.with_name(f"{_temp_prefix(target.name)}bak.{secrets.token_hex(6)}.tmp")
        try:
            os.link(target, tmp)
            return tmp
        except FileExistsError:
            continue
        except OSError:
            fd, tmp = _create_temp(target.parent, target.name, _PRIVATE_MODE)
            os.close(fd)
            try:
                shutil.copy2(target, tmp)
            except BaseException:
                tmp.unlink()
                raise
            return tmp


def _named(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file the person chose rather than a temporary one."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Delete what killed saves left behind; loading ignores them, this only frees the disk."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in folder.glob(f"{glob.escape(_temp_prefix(name))}*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass
