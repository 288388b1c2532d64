"""Each layer's annotations placed among the entries: the entry position of every annotation.

Part of the project index (``ProjectIndex.positions``). The navigator's statuses, the coding
masks and the chart's columns all start from these positions on the way to the window, where
each pass of 120,000 look-ups by id costs 50-100 ms; the loader has them already from
checking the file, and hands them over in ``LoadHints.layer_positions`` (a layer read late
adds its own there when its last slice is read). Kept positions are stale exactly when a
``Change`` says so: entries added or removed drop them all, an annotator the change names
drops that annotator's.
"""

from __future__ import annotations

from workbench.core.model import Project
from workbench.core.undoable import Change


class LayerPositions:
    """Per annotator, the index into ``project.entries`` of each annotation, in the layer's
    order (None for an id that is no entry).

    ``found`` is the loader's ``LoadHints.layer_positions``: taken as it is (not copied),
    because the readers of layers left unread add to it as they finish. Without an owner
    that sees every change (the CLI, analysis), make one for the question at hand.
    """

    def __init__(self, project: Project, found: dict[str, list[int | None]] | None = None) -> None:
        self.project = project
        self._found = {} if found is None else found
        self._kept: dict[str, list[int | None]] = {}

    def of(self, annotator: str) -> list[int | None]:
        """``annotator``'s positions (empty without a layer); do not modify."""
        kept = self._kept.get(annotator)
        if kept is None:
            layer = self.project.layer(annotator) or {}  # reads it now if it was left unread
            kept = self._found.pop(annotator, None)
            if kept is None:
                kept = list(map(self.project.positions().get, layer))
            self._kept[annotator] = kept
        return kept

    def note_change(self, change: Change) -> None:
        """Drop what ``change`` made stale (already applied to the project)."""
        if change.entries_added_or_removed:
            self._kept.clear()
            # The loader's positions were found among the entries as they were; a layer
            # still unread files its positions here, so a fresh dict leaves them unheard.
            self._found = {}
            return
        for annotator in change.annotators:
            self._kept.pop(annotator, None)
            self._found.pop(annotator, None)
