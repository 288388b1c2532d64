"""The project index learns of changes only through ``note_change``, and takes the loader's
times once instead of reading them from a registry."""

from __future__ import annotations

from pathlib import Path

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.undoable import AddImport, DispatchDating, EntryTime, ImportBatch, RedateDispatch
from workbench.formats.project.file import load_project
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus-utc.json"


def _project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    project.entries = [
        Entry("e-0", "d-1", 0, None, "2017-01-24T09:05", "talks open"),
        Entry("e-1", "d-1", 1, None, "2017-01-24T18:40", "quiet evening"),
    ]
    return project


def test_the_loaders_times_are_taken_once_by_the_first_index() -> None:
    project = load_project(CORPUS)
    hints = project.load_hints
    assert hints is not None
    first = ProjectIndex(project)
    assert first.times is hints.times and first.utc_times is hints.utc_times
    assert project.load_hints is None  # no second owner holds them
    assert ProjectIndex(project).times.minute.tolist() == hints.times.minute.tolist()


def test_added_entries_are_found_by_text_once_the_index_is_told() -> None:
    project = _project()
    index = ProjectIndex(project)
    index.text.build()
    before = index.text
    change = AddImport(ImportBatch(entries=[Entry("e-2", "d-1", 2, None, None, "talks resume")])).redo(
        project
    )
    index.note_change(change)
    assert before.stale and index.text is not before
    assert filter_entries(index, EntryFilter(text="talks"), "ana") == [0, 2]


def test_redated_times_are_read_again_after_the_change() -> None:
    project = _project()
    index = ProjectIndex(project)
    morning = EntryFilter(minutes=(9 * 60, 10 * 60))
    assert filter_entries(index, morning, "ana") == [0]
    times = {
        "e-0": EntryTime("2017-01-24T21:05", None, None),
        "e-1": EntryTime("2017-01-24T09:40", None, None),
    }
    before = DispatchDating(None, {}, {e.id: EntryTime(e.timestamp, None, None) for e in project.entries})
    redate = RedateDispatch("Date", "d-1", before, DispatchDating("2017-01-24", {}, times))
    index.note_change(redate.redo(project))
    assert filter_entries(index, morning, "ana") == [1]
    index.note_change(redate.undo(project))
    assert filter_entries(index, morning, "ana") == [0]
