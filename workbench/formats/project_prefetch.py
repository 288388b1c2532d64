"""Reading a project file on a worker thread while start-up does other work.

Reading a large file is one system call that does not hold the interpreter lock, so it
can overlap the import of Qt and the window's modules, which do: at 150,000 entries the
read is about 0.3 s of a 3.5 s launch, and started first it is hidden behind the imports.
"""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project_file import load_project, loads_project_file, read_project_bytes


class ProjectPrefetch:
    """The bytes of ``path``, read from construction on; ``load`` turns them into the project."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._raw: bytes | None = None
        self._error: WorkbenchError | None = None
        self._thread = threading.Thread(target=self._read, name="project prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            self._raw = read_project_bytes(self.path)
        except WorkbenchError as exc:
            self._error = exc

    def load(self, path: Path, *, first_layer: str | None = None) -> Project:
        """The project at ``path``: from the bytes read ahead when it is this prefetch's file
        (once: they are released to the parser), otherwise read now like ``load_project``
        (``first_layer`` as there)."""
        if path != self.path:
            return load_project(path, first_layer=first_layer)
        self._thread.join()
        raw, self._raw = self._raw, None
        if raw is None:
            if self._error is not None:
                raise self._error
            return load_project(path, first_layer=first_layer)  # loaded before: read it again
        return loads_project_file(raw, path, first_layer=first_layer)
