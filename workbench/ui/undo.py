"""The bridge from Qt's undo stack to the core's commands.

Every change to a project is a core ``Command``; wrapping it in a ``QUndoCommand`` lets
one ``QUndoStack`` give the Edit menu, the clean/dirty state and the undo shortcuts for
free, while the command itself stays testable without Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.core.commands import Change, Command
from workbench.core.model import Project


class CoreUndoCommand(QUndoCommand):
    """Runs a core command and reports the resulting ``Change`` to ``on_change``."""

    def __init__(self, command: Command, project: Project, on_change: Callable[[Change, bool], None]) -> None:
        super().__init__(command.text)
        self.command = command
        self._project = project
        self._on_change = on_change

    def redo(self) -> None:
        self._on_change(self.command.redo(self._project), False)

    def undo(self) -> None:
        self._on_change(self.command.undo(self._project), True)
