"""Kept filter results, without Qt: a coding change patches the result without time
conditions (what the chart counts), while the shown list keeps its rows until asked again."""

from __future__ import annotations

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.undoable import AddImport, ImportBatch, edit_annotation, set_status
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex


def _project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    stamps = ["2017-01-24T09:05", "2017-01-24T09:40", "2017-01-24T18:40", None]
    project.entries = [Entry(f"e-{i}", "d-1", i, None, stamp, f"talks {i}") for i, stamp in enumerate(stamps)]
    return project


def _flag(index: ProjectIndex, entry_id: str, status: str) -> None:
    project = index.project
    index.note_change(edit_annotation(project, "ana", entry_id, "Status", set_status(status)).redo(project))


def test_a_coding_change_patches_the_untimed_result_and_keeps_the_shown_rows() -> None:
    index = ProjectIndex(_project())
    todo = EntryFilter(text="talks", status="todo")
    morning_todo = EntryFilter(text="talks", status="todo", minutes=(9 * 60, 10 * 60))
    assert index.results.shown(todo, "ana") == [0, 1, 2, 3]
    assert index.results.indices_for(morning_todo, "ana") == [0, 1]
    _flag(index, "e-1", "done")
    assert index.results.indices_for(morning_todo, "ana") == [0]  # what the chart counts
    assert index.results.indices_array_for(todo.without_time(), "ana", morning_todo).tolist() == [0, 2, 3]
    assert index.results.shown(todo, "ana") == [0, 1, 2, 3]  # the list keeps e-1 until filtered again
    index.results.forget_shown()  # the analyst picks another filter and back
    assert index.results.shown(todo, "ana") == [0, 2, 3]
    index.results.forget()
    assert (
        index.results.shown(todo, "ana")
        == filter_entries(ProjectIndex(index.project), todo, "ana")
        == [0, 2, 3]
    )


def test_results_are_kept_per_annotator_and_dropped_when_entries_change() -> None:
    index = ProjectIndex(_project())
    done = EntryFilter(status="done")
    _flag(index, "e-0", "done")
    assert index.results.shown(done, "ana") == [0]
    assert index.results.shown(done, "ben") == []
    added = AddImport(ImportBatch(entries=[Entry("e-4", "d-1", 4, None, None, "talks 4")]))
    index.note_change(added.redo(index.project))
    assert index.results.shown(EntryFilter(text="talks"), "ana") == [0, 1, 2, 3, 4]
