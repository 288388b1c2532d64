"""The bridge from Qt's undo stack to the core's commands.

Every change to a project is a core ``Command``; wrapping it in a ``QUndoCommand`` lets
one ``QUndoStack`` give the Edit menu, the clean/dirty state and the undo shortcuts for
free, while the command itself stays testable without Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtGui import QUndoCommand

from workbench.core.model import Annotation, Project
from workbench.core.undoable import Change, Command, ReplaceAnnotations


def _same_coding(before: Annotation | None, after: Annotation | None) -> bool:
    """Equal but for the modification time (an empty annotation counts as none)."""
    if before is None or after is None:
        return (before is None or before.is_empty()) and (after is None or after.is_empty())
    return (before.values, before.spans, before.note, before.status) == (
        after.values,
        after.spans,
        after.note,
        after.status,
    )


#: Qt merges consecutive commands only when their ``id()`` is equal and not -1.
_MERGEABLE = 1


class CoreUndoCommand(QUndoCommand):
    """Runs a core command and reports the resulting ``Change`` to ``on_change``.

    Commands pushed with the same ``merge_key`` one after another become one undo step:
    a note is stored as it is typed (nothing is lost if the window closes mid-sentence)
    yet undone in one go. A merge that ends where it started leaves no step behind.
    """

    def __init__(
        self,
        command: Command,
        project: Project,
        on_change: Callable[[Change, bool], None],
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(command.text)
        self.command = command
        self.merge_key = merge_key
        self._project = project
        self._on_change = on_change

    def id(self) -> int:
        return _MERGEABLE if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, CoreUndoCommand)
            and other.merge_key == self.merge_key
            and isinstance(self.command, ReplaceAnnotations)
            and isinstance(other.command, ReplaceAnnotations)
            and len(self.command.changes) == len(other.command.changes) == 1
        ):
            return False
        annotator, entry_id, before, _ = self.command.changes[0]
        other_annotator, other_entry, _, after = other.command.changes[0]
        if (annotator, entry_id) != (other_annotator, other_entry):
            return False
        self.command = ReplaceAnnotations(self.command.text, [(annotator, entry_id, before, after)])
        self.setObsolete(_same_coding(before, after))
        return True

    def redo(self) -> None:
        self._on_change(self.command.redo(self._project), False)

    def undo(self) -> None:
        self._on_change(self.command.undo(self._project), True)
