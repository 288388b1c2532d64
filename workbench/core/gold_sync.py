"""Keeping the gold layer's agreed values in step with the coders' layers, in the same undo step.

Every command the window runs passes through ``keep_gold``: after an analyst's edit, the
gold of the entries it touched is recomputed (``core.adjudication.gold_changes``) and
the command grows by those gold edits, so one Ctrl+Z takes back the edit and its effect
on gold together. A plain annotation edit stays a ``ReplaceAnnotations`` (the gold
states are computed before it runs), which keeps a note typed key by key one merged step.
"""

from __future__ import annotations

from workbench.core.adjudication import GOLD_LAYER, gold_changes
from workbench.core.model import Annotation, Project
from workbench.core.undoable import Change, Command, ReplaceAnnotations

GoldEdit = tuple[str, str, Annotation | None, Annotation | None]


def keep_gold(project: Project, command: Command) -> Command:
    """``command``, extended by the gold edits its result calls for.

    While layers are still being read after opening, edits are left as they are (reading
    every layer on a key press would hold it up); the review dock brings gold up to date
    when it opens (``prefill_gold``) and exports compute it afresh.
    """
    if project.has_unread_layers():
        return command
    if isinstance(command, ReplaceAnnotations):
        named = {annotator for annotator, *_ in command.changes}
        if named == {GOLD_LAYER}:
            return command  # a reviewer's decision already is the gold it wants
        if len(named | set(project.annotators()) - {GOLD_LAYER}) < 2:
            return command  # one coder: nothing can be agreed
        overrides = {(annotator, entry_id): after for annotator, entry_id, _, after in command.changes}
        extra = gold_changes(project, dict.fromkeys(e for _, e, _, _ in command.changes), overrides)
        return ReplaceAnnotations(command.text, [*command.changes, *extra]) if extra else command
    return _WithGold(command)


class _WithGold(Command):
    """Any other command (imports, codebook edits, merged layers), then the gold it calls for."""

    def __init__(self, command: Command) -> None:
        self.command = command
        self.text = command.text
        self.gold: list[GoldEdit] | None = None  # found on the first run, replayed after

    def redo(self, project: Project) -> Change:
        change = self.command.redo(project)
        if self.gold is None:
            self.gold = gold_changes(project, sorted(change.entry_ids)) if change.annotators else []
        for _, entry_id, _, after in self.gold:
            project.set_annotation(GOLD_LAYER, entry_id, after.copy() if after else None)
        return _with_gold(change, self.gold)

    def undo(self, project: Project) -> Change:
        for _, entry_id, before, _ in reversed(self.gold or []):
            project.set_annotation(GOLD_LAYER, entry_id, before.copy() if before else None)
        return _with_gold(self.command.undo(project), self.gold or [])


def _with_gold(change: Change, gold: list[GoldEdit]) -> Change:
    if not gold:
        return change
    return Change(
        entry_ids=change.entry_ids | {entry_id for _, entry_id, _, _ in gold},
        annotators=change.annotators | {GOLD_LAYER},
        codebook=change.codebook,
        entries_added_or_removed=change.entries_added_or_removed,
        times=change.times,
    )
