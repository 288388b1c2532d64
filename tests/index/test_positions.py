"""Layer positions belong to the project index: taken from the loader, stale exactly when a
``Change`` says so (entries added or removed, or the annotators it names)."""

from __future__ import annotations

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.core.undoable import AddImport, Change, ImportBatch, ReplaceAnnotations
from workbench.index.positions import LayerPositions
from workbench.index.project_index import ProjectIndex


def _project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    project.entries = [
        Entry("e-a", "d-1", 0, None, "2017-01-24T09:05", "talks open"),
        Entry("e-b", "d-1", 1, None, "2017-01-24T18:40", "quiet evening"),
    ]
    return project


def _code(index: ProjectIndex, annotator: str, entry_id: str, note: str) -> None:
    """One coding command, as the session runs it: applied, then told to the index."""
    change = ReplaceAnnotations("code", [(annotator, entry_id, None, Annotation(note=note))])
    index.note_change(change.redo(index.project))


def test_positions_follow_coding_and_added_entries_through_the_change() -> None:
    project = _project()
    index = ProjectIndex(project)
    assert index.positions.of("amira") == []  # no layer yet
    _code(index, "amira", "e-b", "first")
    assert index.positions.of("amira") == [1]
    _code(index, "amira", "e-a", "second")
    assert index.positions.of("amira") == [1, 0]  # the layer's order
    batch = ImportBatch(
        entries=[Entry("e-c", "d-1", 2, None, None, "a new one")],
        layers={"ben": {"e-c": Annotation(note="new")}},
    )
    index.note_change(AddImport(batch).redo(project))
    assert index.positions.of("ben") == [2]
    assert index.positions.of("amira") == [1, 0]


def test_a_change_naming_one_annotator_leaves_the_others_kept() -> None:
    project = _project()
    index = ProjectIndex(project)
    _code(index, "amira", "e-a", "x")
    _code(index, "ben", "e-b", "y")
    kept = index.positions.of("ben")
    _code(index, "amira", "e-b", "z")
    assert index.positions.of("ben") is kept  # not made again
    assert index.positions.of("amira") == [0, 1]


def test_the_loaders_positions_are_used_until_a_change_names_the_layer() -> None:
    project = _project()
    project.set_annotation("amira", "e-a", Annotation(note="x"))
    placed = LayerPositions(project, {"amira": [1]})  # deliberately wrong, to see which answer is used
    assert placed.of("amira") == [1]
    change = ReplaceAnnotations("code", [("amira", "e-b", None, Annotation(note="y"))]).redo(project)
    placed.note_change(change)
    assert placed.of("amira") == [0, 1]


def test_entries_added_or_removed_drop_the_loaders_positions_too() -> None:
    project = _project()
    project.set_annotation("amira", "e-a", Annotation(note="x"))
    placed = LayerPositions(project, {"amira": [1], "ben": [0]})  # wrong, to see which is used
    placed.note_change(Change(entries_added_or_removed=True))
    assert placed.of("amira") == [0]
    assert placed.of("ben") == []


def test_an_index_with_no_owner_of_changes_finds_positions_itself() -> None:
    project = _project()
    project.set_annotation("amira", "e-b", Annotation(note="x"))
    assert LayerPositions(project).of("amira") == [1]
