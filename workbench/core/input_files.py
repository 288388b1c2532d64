"""Reading a file a person named: only regular files, and never more than a stated limit.

Every file the workbench is asked to read (imports, project files, codebooks, layers to
add, REFI-QDA archives) comes through ``read_input``. A name can point anywhere: a link to
``/dev/zero`` or ``/dev/urandom`` read whole until memory ran out, and a named pipe (FIFO)
hung the window for ever on open. So the file is opened without blocking, refused unless
it is a regular file, and read only up to its limit, in case it grows (or lies about its
size) after the check.

This lives in ``core`` because the codebook reader needs it and ``core`` imports nothing
from ``formats``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from workbench.core.errors import WorkbenchError

#: What a file that is not regular is, in words an analyst recognises.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def special_file_problem(path: Path) -> str | None:
    """ "not a regular file: it is a named pipe (FIFO)" for a path that exists but is not a
    regular file or a folder; None otherwise (so callers can still say "no such file")."""
    try:
        kind = _kind(os.stat(path).st_mode)
    except OSError:
        return None
    return None if kind in (None, "a folder") else f"not a regular file: it is {kind}"


def _size_text(size: int) -> str:
    return f"{size / 1024**3:.1f} GiB" if size >= 1024**3 else f"{size / 1024**2:.0f} MB"


def read_input(path: Path, limit: int, limit_name: str = "limit", advice: str = "") -> bytes:
    """The bytes of ``path``, or a one-line ``WorkbenchError`` naming it and the problem.

    ``limit`` is the most bytes such a file may hold; ``limit_name`` says which limit
    ("import limit"), and ``advice`` what to do instead, for the message when it is over.
    """
    too_big = f"over the {_size_text(limit)} {limit_name}" + (f"; {advice}" if advice else "")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for files.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            kind = _kind(info.st_mode)
            if stat.S_ISDIR(info.st_mode):  # the system's own words, as for a missing file
                raise WorkbenchError(os.strerror(errno.EISDIR), file=str(path))
            if kind is not None:
                raise WorkbenchError(f"not a regular file: it is {kind}", file=str(path))
            if info.st_size > limit:
                raise WorkbenchError(f"file is {_size_text(info.st_size)}, {too_big}", file=str(path))
            with os.fdopen(fd, "rb", closefd=False) as handle:
                # A sized read avoids a large buffer for each small file; a byte more shows growth.
                data = handle.read(info.st_size + 1)
                if len(data) > info.st_size:
                    data += handle.read(limit + 1 - len(data))
        finally:
            os.close(fd)
    except OSError as exc:
        raise WorkbenchError(exc.strerror or "cannot read", file=str(path)) from None
    if len(data) > limit:
        raise WorkbenchError(f"file is {too_big}", file=str(path))
    return data
