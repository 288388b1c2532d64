"""A real workbench window in a child process, for tests that kill or signal it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def child_window(code: str, project_path: Path, ready: bytes, **env: str) -> Iterator[subprocess.Popen]:
    """Runs ``code`` (given the project path) offscreen and yields once it prints ``ready``;
    the child is killed and its pipes closed whatever the test does with it."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(project_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )
    try:
        deadline = time.monotonic() + 60
        line = b""
        while ready not in line and time.monotonic() < deadline and child.poll() is None:
            line = child.stdout.readline()
        assert ready in line, child.stderr.read().decode(errors="replace")[-2000:]
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        child.stdout.close()
        child.stderr.close()
