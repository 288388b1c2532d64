"""The coding conditions kept for filtering: built on demand or prepared a step at a time,
patched per change, and the same either way."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.core.code_matching import uses
from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Annotation, Entry, Project, Span
from workbench.core.undoable import edit_annotation, set_status, toggle_value
from workbench.index import coding as filtering
from workbench.index.coding import STATUS_CODE, CodingIndex
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex

CONDITIONS = [
    ("coded",),
    ("status", "done"),
    ("status", "flagged"),
    ("not todo",),
    ("code", "stance", "favor"),
    ("code", "actor", "RUS"),
    ("code", "event_type", "CONSULT"),
    ("code", "mention", "LOC"),  # a span dimension
    ("code", "actor", "NOT IN THE CODEBOOK"),
]


def _project(entries: int = 4000) -> Project:
    rows = [Entry(f"e{i}", "d", i, None, None, f"text {i}") for i in range(entries)]
    layer = {}
    for i in range(0, entries, 3):
        values: dict[str, str | list[str]] = {"actor": ["TUR", "RUS"] if i % 2 else ["USA"]}
        if i % 5 == 0:
            values["stance"] = "favor"
        if i % 7 == 0:
            values["event_type"] = ["CONSULT", "AID"]
        if i % 11 == 0:
            values["actor"] = ["NOT IN THE CODEBOOK"]
        spans = [Span(0, 4, "mention", "LOC")] if i % 13 == 0 else []
        layer[f"e{i}"] = Annotation(values, spans, status=("done", "flagged", "todo")[i % 3 and i % 2])
    layer["e1"] = Annotation(status="done")  # a status but no coding
    layer["gone"] = Annotation(status="done")  # an annotation of an entry no longer there
    return Project(
        builtin_codebook("plover"), {}, rows, {"ana": layer, "ben": {"e2": Annotation(status="done")}}
    )


def _truth(project: Project, condition: tuple[str, ...]) -> list[int]:
    """Each entry judged on its own, the slow and obvious way."""
    found = []
    for i, entry in enumerate(project.entries):
        annotation = project.annotation("ana", entry.id)
        kind, *args = condition
        if kind == "coded":
            holds = filtering.is_coded(annotation)
        elif kind == "status":
            holds = annotation is not None and annotation.status == args[0]
        elif kind == "not todo":
            holds = annotation is not None and annotation.status != "todo"
        else:
            holds = uses(annotation, *args)
        if holds:
            found.append(i)
    return found


def _prepared(project: Project, **options: bool) -> CodingIndex:
    index = ProjectIndex(project)
    coding = index.coding
    for _ in coding.preparing("ana", **options):
        pass
    return coding


@pytest.mark.parametrize("condition", CONDITIONS)
def test_prepared_and_built_on_demand_give_what_each_entry_says(condition: tuple[str, ...]) -> None:
    project = _project()
    expected = _truth(project, condition)
    assert np.flatnonzero(CodingIndex(project).entries("ana", condition)).tolist() == expected
    assert np.flatnonzero(_prepared(project).entries("ana", condition)).tolist() == expected


def test_preparing_takes_steps_and_reads_no_layer_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project()
    index = ProjectIndex(project)
    coding = index.coding
    steps = sum(1 for _ in coding.preparing("ana"))
    assert steps == -(-len(project.layer("ana")) // filtering.PREPARING_STEP) > 1
    placed = filtering._placed

    def placed_once(of: Project, annotator: str) -> tuple[np.ndarray, list[Annotation]]:
        # Only this project's layers count: another test's window may still be preparing its own.
        if of is project:
            pytest.fail("a layer was read again")
        return placed(of, annotator)

    monkeypatch.setattr(filtering, "_placed", placed_once)
    for condition in CONDITIONS[:-2]:  # the span dimension and a code not in the codebook are built on demand
        coding.entries("ana", condition)
    assert coding.statuses("ana")[0] == STATUS_CODE["done"]


def test_changes_made_while_preparing_are_in_the_result() -> None:
    project = _project()
    index = ProjectIndex(project)
    coding = index.coding
    steps = coding.preparing("ana")
    next(steps)  # the first entries are read
    for entry_id, status in (("e0", "flagged"), ("e3999", "todo")):  # one read, one not yet
        change = edit_annotation(project, "ana", entry_id, "t", set_status(status)).redo(project)
        coding.note_change(change)
    change = edit_annotation(project, "ana", "e1", "t", toggle_value("stance", "favor", False)).redo(project)
    coding.note_change(change)
    for _ in steps:
        pass
    for condition in CONDITIONS:
        assert np.flatnonzero(coding.entries("ana", condition)).tolist() == _truth(project, condition)


def test_a_codebook_change_while_preparing_leaves_nothing_prepared(monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project()
    index = ProjectIndex(project)
    coding = index.coding
    steps = coding.preparing("ana")
    next(steps)
    coding.note_change(filtering.Change(codebook=True))
    built: list[tuple[str, ...]] = []
    build = CodingIndex._build
    monkeypatch.setattr(CodingIndex, "_build", lambda self, a, c: built.append(c) or build(self, a, c))
    for _ in steps:
        pass
    coding.entries("ana", ("coded",))
    assert built == [("coded",)]


def test_steps_closed_part_way_stop_following_changes() -> None:
    project = _project()
    index = ProjectIndex(project)
    coding = index.coding
    steps = coding.preparing("ana")
    next(steps)
    steps.close()
    assert coding._changed_while_preparing == {}


def test_other_annotators_get_statuses_and_coded_without_codes() -> None:
    project = _project()
    index = ProjectIndex(project)
    coding = index.coding
    for _ in coding.preparing("ben", codes=False):
        pass
    assert ("ben", "coded") in coding._masks
    assert not any(key[1] == "code" for key in coding._masks)
    assert filter_entries(index, EntryFilter(annotator="ben", status="done"), "ana") == []
    assert filter_entries(index, EntryFilter(status="done"), "ben") == [2]


def test_conditions_combine_and_the_kept_masks_stay_as_they_were() -> None:
    project = _project()
    index = ProjectIndex(project)
    russia = EntryFilter(codes=(("actor", "RUS"),))
    alone = filter_entries(index, russia, "ana")
    done = set(_truth(project, ("status", "done")))
    flagged_or_done = set(_truth(project, ("not todo",)))
    assert filter_entries(index, EntryFilter(codes=russia.codes, status="done"), "ana") == [
        i for i in alone if i in done
    ]
    assert filter_entries(index, EntryFilter(codes=russia.codes, status="todo"), "ana") == [
        i for i in alone if i not in flagged_or_done
    ]
    assert filter_entries(index, EntryFilter(codes=russia.codes, status="uncoded"), "ana") == []
    assert filter_entries(index, russia, "ana") == alone  # combining changed no kept mask


def test_a_dimension_of_thousands_of_values_gets_no_prepared_masks_but_still_filters() -> None:
    from workbench.core.codebook import CodeValue

    project = _project()
    actor = project.codebook.dimension("actor")
    assert actor is not None
    actor.values += [CodeValue(f"ACT{n}", f"Actor {n}") for n in range(filtering.PREPARED_VALUES)]
    coding = _prepared(project)
    assert not any(key[1:3] == ("code", "actor") for key in coding._masks)  # one byte per entry each
    assert ("ana", "code", "stance", "favor") in coding._masks  # short dimensions are prepared
    condition = ("code", "actor", "RUS")
    assert np.flatnonzero(coding.entries("ana", condition)).tolist() == _truth(project, condition)
    change = edit_annotation(project, "ana", "e0", "t", toggle_value("actor", "RUS", True)).redo(project)
    coding.note_change(change)  # the mask built on first use is kept up to date
    assert np.flatnonzero(coding.entries("ana", condition)).tolist() == _truth(project, condition)
