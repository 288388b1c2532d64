"""Saving the window's project: to its file, or Save As, never over someone else's changes.

Saving is atomic (``formats.project.file.save_project``), and a file changed on disk since
it was opened or saved is not overwritten without asking: another analyst, a sync tool or a
second window may have written it. ``ProjectLifecycle`` owns one ``ProjectSaving`` and tells
it the file's ``disk_stamp`` whenever it opens a project.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from workbench.core.errors import WorkbenchError
from workbench.formats.project.file import save_project
from workbench.ui.project.autosave import Autosave
from workbench.ui.settings import Settings

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

PROJECT_FILTER = "Workbench project (*.json);;All files (*)"


@dataclass(frozen=True)
class DiskStamp:
    """What a project file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path | None) -> DiskStamp | None:
        if path is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size)


class ProjectSaving:
    """Save and Save As for ``window``'s session; ``folder()`` is where a file chooser
    starts, ``status(text)`` shows a line in the window's status bar."""

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        autosave: Autosave,
        folder: Callable[[], str],
        status: Callable[[str], None],
    ) -> None:
        self.session = window.session
        self.dialogs = window.dialogs
        self.settings = settings
        self.autosave = autosave
        self._folder = folder
        self._status = status
        #: The project file as last read or written; None for a new project.
        self.disk_stamp = DiskStamp.of(self.session.path)

    def save(self) -> bool:
        """Save to the project's file (asking for one the first time); True when saved."""
        path = self.session.path
        if path is None:
            return self.save_as()
        if not self._may_overwrite(path):
            return False
        return self._write(path)

    def save_as(self) -> bool:
        suggestion = str(self.session.path or Path(self._folder()) / f"{self.session.display_name}.json")
        path = self.dialogs.save_file("Save project as", suggestion, PROJECT_FILTER)
        if path is None:
            return False
        if not path.suffix:
            path = path.with_suffix(".json")
        return self._write(path)

    def _may_overwrite(self, path: Path) -> bool:
        """Warn when the file changed on disk since we read or wrote it."""
        now = DiskStamp.of(path)
        if now is None or self.disk_stamp is None or now == self.disk_stamp:
            return True
        answer = self.dialogs.ask(
            "File changed on disk",
            f"{path.name} was changed by another program since you opened it.",
            [("Overwrite", "destructive"), ("Save As…", "accept"), ("Cancel", "reject")],
            informative="Overwriting replaces those changes with yours (the previous file is kept as "
            f"{path.name}.bak). Save As keeps both.",
            default="Save As…",
        )
        if answer == "Save As…":
            self.save_as()
            return False  # save_as did (or declined) the saving itself
        return answer == "Overwrite"

    def _write(self, path: Path) -> bool:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            save_project(self.session.project, path)
        except (OSError, WorkbenchError) as exc:
            line = exc.line() if isinstance(exc, WorkbenchError) else f"{path}: {exc.strerror or exc}"
            QApplication.restoreOverrideCursor()
            self.dialogs.warn("Could not save", line)
            return False
        QApplication.restoreOverrideCursor()
        renamed = self.session.path != path
        self.session.set_path(path)
        self.disk_stamp = DiskStamp.of(path)
        stack = self.session.undo_stack
        if renamed and stack.isClean():
            stack.resetClean()  # so the title, which follows cleanChanged, shows the new name
        stack.setClean()
        self.autosave.discard()
        self.settings.add_recent(path)
        self._status(f"Saved {path}")
        return True
