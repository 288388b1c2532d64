"""Undoable commands: every edit is one step, no-ops add none, imports never destroy coding."""

from __future__ import annotations

import pytest

from tests.oracles import CommandStack
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.core.undoable import (
    AddImport,
    ImportBatch,
    add_span,
    edit_annotation,
    remove_span,
    set_note,
    set_status,
    set_value,
    toggle_value,
)

TEXT = "Envoys met in Astana on Tuesday."


def _project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="The Latest: Envoys meet")
    project.entries = [
        Entry("e-1", "d-1", 0, "8 p.m.", "2017-01-24T20:00:00", TEXT),
        Entry("e-2", "d-1", 1, "4:50 p.m.", "2017-01-24T16:50:00", "Shelling was reported overnight."),
    ]
    return project


def _push(stack: CommandStack, edit, entry_id: str = "e-1", annotator: str = "amira"):  # type: ignore[no-untyped-def]
    return stack.push(edit_annotation(stack.project, annotator, entry_id, "edit", edit))


def test_toggle_single_value_replaces_then_clears() -> None:
    stack = CommandStack(_project())
    _push(stack, toggle_value("stance", "favor", multi=False))
    assert stack.project.annotation("amira", "e-1").values == {"stance": "favor"}
    _push(stack, toggle_value("stance", "against", multi=False))
    assert stack.project.annotation("amira", "e-1").values == {"stance": "against"}
    _push(stack, toggle_value("stance", "against", multi=False))
    # Nothing left recorded but the status: the annotation disappears rather than lingering empty.
    assert stack.project.annotation("amira", "e-1") is None


def test_toggle_multi_value_adds_and_removes_in_order() -> None:
    stack = CommandStack(_project())
    for actor in ("RUS", "TUR", "IRN"):
        _push(stack, toggle_value("actor", actor, multi=True))
    assert stack.project.annotation("amira", "e-1").values["actor"] == ["RUS", "TUR", "IRN"]
    _push(stack, toggle_value("actor", "TUR", multi=True))
    assert stack.project.annotation("amira", "e-1").values["actor"] == ["RUS", "IRN"]
    _push(stack, toggle_value("actor", "RUS", multi=True))
    _push(stack, toggle_value("actor", "IRN", multi=True))
    assert stack.project.annotation("amira", "e-1") is None


def test_toggle_multi_upgrades_a_single_stored_value() -> None:
    project = _project()
    project.set_annotation("amira", "e-1", Annotation(values={"actor": "RUS"}))
    stack = CommandStack(project)
    _push(stack, toggle_value("actor", "USA", multi=True))
    assert project.annotation("amira", "e-1").values["actor"] == ["RUS", "USA"]


def test_spans_are_kept_sorted_and_not_duplicated() -> None:
    stack = CommandStack(_project())
    astana = Span(14, 20, "mention", "LOC")
    envoys = Span(0, 6, "mention", "PER")
    assert TEXT[astana.start : astana.end] == "Astana"
    _push(stack, add_span(astana))
    _push(stack, add_span(envoys))
    assert stack.project.annotation("amira", "e-1").spans == [envoys, astana]
    assert edit_annotation(stack.project, "amira", "e-1", "again", add_span(astana)) is None
    _push(stack, remove_span(envoys))
    assert stack.project.annotation("amira", "e-1").spans == [astana]
    assert edit_annotation(stack.project, "amira", "e-1", "absent", remove_span(envoys)) is None


def test_note_and_status_are_recorded_and_stamped() -> None:
    stack = CommandStack(_project())
    _push(stack, set_note("casualty figure unclear"))
    _push(stack, set_status("flagged"))
    ann = stack.project.annotation("amira", "e-1")
    assert (ann.note, ann.status) == ("casualty figure unclear", "flagged")
    assert ann.modified is not None and ann.modified.endswith("Z")


@pytest.mark.parametrize(
    "edit",
    [
        set_value("stance", "favor"),
        set_note("n"),
        set_status("done"),
    ],
)
def test_edits_that_change_nothing_return_none(edit) -> None:  # type: ignore[no-untyped-def]
    project = _project()
    project.set_annotation(
        "amira", "e-1", Annotation(values={"stance": "favor"}, note="n", status="done", modified="x")
    )
    assert edit_annotation(project, "amira", "e-1", "edit", edit) is None


def test_empty_edits_of_uncoded_entries_return_none() -> None:
    project = _project()
    assert edit_annotation(project, "amira", "e-1", "n", set_note("")) is None
    assert edit_annotation(project, "amira", "e-1", "s", set_status("todo")) is None
    assert edit_annotation(project, "amira", "e-1", "v", set_value("stance", None)) is None
    assert project.read_every_layer() == {}


def test_undo_and_redo_walk_the_history() -> None:
    stack = CommandStack(_project())
    _push(stack, toggle_value("stance", "favor", multi=False))
    _push(stack, toggle_value("actor", "RUS", multi=True))
    change = _push(stack, set_note("n"), entry_id="e-2", annotator="ben")
    assert change.entry_ids == {"e-2"} and change.annotators == {"ben"}

    stack.undo()
    assert stack.project.annotation("ben", "e-2") is None
    stack.undo()
    assert stack.project.annotation("amira", "e-1").values == {"stance": "favor"}
    stack.undo()
    assert stack.project.annotation("amira", "e-1") is None
    assert stack.undo() is None

    stack.redo()
    stack.redo()
    assert stack.project.annotation("amira", "e-1").values == {"stance": "favor", "actor": ["RUS"]}
    # A new edit drops the redo branch.
    _push(stack, set_status("done"))
    assert stack.redo() is None
    assert stack.project.annotation("ben", "e-2") is None


def test_undo_restores_a_snapshot_not_a_shared_object() -> None:
    stack = CommandStack(_project())
    _push(stack, toggle_value("actor", "RUS", multi=True))
    _push(stack, toggle_value("actor", "TUR", multi=True))
    stack.project.annotation("amira", "e-1").values["actor"].append("mutated behind the stack's back")
    stack.undo()
    stack.redo()
    assert stack.project.annotation("amira", "e-1").values["actor"] == ["RUS", "TUR"]


def _batch() -> ImportBatch:
    return ImportBatch(
        dispatches=[
            Dispatch(id="d-1", title="changed title"),
            Dispatch(id="d-2", title="The Latest: Aid arrives"),
        ],
        entries=[
            Entry("e-1", "d-1", 0, "8 p.m.", "2017-01-24T20:00:00", "a different text for the same id"),
            Entry("e-3", "d-2", 0, "noon", "2017-01-25T12:00:00", "Trucks crossed at noon."),
        ],
        layers={
            "amira": {
                "e-1": Annotation(values={"stance": "against"}),
                "e-3": Annotation(values={"stance": "favor"}),
            },
            "imported": {"e-1": Annotation(values={"actor": ["UNO"]})},
        },
    )


def test_import_adds_only_new_entries_and_never_overwrites_coding() -> None:
    project = _project()
    project.set_annotation("amira", "e-1", Annotation(values={"stance": "favor"}, status="done"))
    stack = CommandStack(project)
    command = AddImport(_batch())
    change = stack.push(command)

    assert [e.id for e in project.entries] == ["e-1", "e-2", "e-3"]
    assert project.entry("e-1").text == TEXT
    assert project.dispatches["d-1"].title == "The Latest: Envoys meet"
    assert project.annotation("amira", "e-1") == Annotation(values={"stance": "favor"}, status="done")
    assert project.annotation("amira", "e-3").values == {"stance": "favor"}
    assert project.annotation("imported", "e-1").values == {"actor": ["UNO"]}
    assert command.skipped_annotations == 1
    assert change.entries_added_or_removed and "e-3" in change.entry_ids

    # Importing the same batch again adds nothing at all.
    again = AddImport(_batch())
    stack.push(again)
    assert [e.id for e in project.entries] == ["e-1", "e-2", "e-3"]
    assert again.added_entries == [] and again.added_annotations == [] and again.skipped_annotations == 3


def test_undo_of_import_removes_exactly_what_it_added() -> None:
    project = _project()
    project.set_annotation("amira", "e-1", Annotation(values={"stance": "favor"}))
    stack = CommandStack(project)
    stack.push(AddImport(_batch()))
    stack.undo()
    assert [e.id for e in project.entries] == ["e-1", "e-2"]
    assert set(project.dispatches) == {"d-1"}
    assert project.read_every_layer() == {"amira": {"e-1": Annotation(values={"stance": "favor"})}}
    assert not project.has_entry("e-3")
    stack.redo()
    assert project.has_entry("e-3") and project.annotation("imported", "e-1") is not None


def test_imported_annotations_are_copies() -> None:
    batch = _batch()
    project = _project()
    CommandStack(project).push(AddImport(batch))
    batch.layers["amira"]["e-3"].values["stance"] = "against"
    assert project.annotation("amira", "e-3").values == {"stance": "favor"}
