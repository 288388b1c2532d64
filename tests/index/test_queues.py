"""The queues and the confidence filter, without Qt: what "least certain" and "random" pick."""

from __future__ import annotations

from random import Random

import numpy as np

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, ImportedPredictions, Project
from workbench.core.undoable import (
    AddImport,
    ImportBatch,
    ReplacePredictions,
    SetBlind,
    edit_annotation,
    toggle_value,
)
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex
from workbench.index.queues import least_certain, random_uncoded
from workbench.index.suggestions import Suggestion, SuggestionRound


def _index(n: int = 6) -> ProjectIndex:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, f"talks {i}") for i in range(n)]
    index = ProjectIndex(project)
    scores = [0.9, 0.3, 0.55, 0.7, 0.6, 0.2][:n]
    by_entry = {
        f"e-{i}": [Suggestion("stance", "favor", s, "model", "stance#1")] for i, s in enumerate(scores)
    }
    margins = {f"e-{i}": m for i, m in enumerate([0.8, 0.4, 0.05, 0.1, 0.3, 0.6][:n])}
    index.suggestions.publish(SuggestionRound(by_entry, [], margins))
    return index


def _code(index: ProjectIndex, entry_id: str) -> None:
    project = index.project
    command = edit_annotation(project, "ana", entry_id, "t", toggle_value("stance", "favor", False))
    index.note_change(command.redo(project))


def test_least_certain_skips_coded_entries_and_those_outside_the_shown_ones() -> None:
    index = _index()
    everything = np.arange(6)
    assert least_certain(index, "ana", everything) == "e-2"
    _code(index, "e-2")
    assert least_certain(index, "ana", everything) == "e-3"
    assert least_certain(index, "ana", np.array([0, 4, 5])) == "e-4"
    assert least_certain(index, "ana", np.array([2])) is None  # coded
    assert least_certain(index, "ben", everything) == "e-2"  # ben has not coded it


def test_random_draws_every_uncoded_shown_entry_and_never_the_current_one_again() -> None:
    index = _index()
    _code(index, "e-0")
    rng = Random(3)
    drawn = [random_uncoded(index, "ana", np.arange(6), rng, current="e-1") for _ in range(200)]
    assert set(drawn) == {"e-2", "e-3", "e-4", "e-5"}
    assert random_uncoded(index, "ana", np.array([1]), rng, current="e-1") == "e-1"  # the only one left
    assert random_uncoded(index, "ana", np.array([0]), rng) is None


def test_the_confidence_filter_keeps_scores_in_its_range_and_nothing_for_a_blind_annotator() -> None:
    index = _index()
    below = EntryFilter(confidence=(0.0, 0.6))
    assert filter_entries(index, below, "ana") == [1, 2, 5]
    assert filter_entries(index, EntryFilter(text="talks", confidence=(0.6, 0.9)), "ana") == [3, 4]
    added = Entry("e-6", "d-1", 6, None, None, "talks 6")  # nothing suggested
    index.note_change(AddImport(ImportBatch(entries=[added])).redo(index.project))
    assert filter_entries(index, EntryFilter(confidence=(0.0, 2.0)), "ana") == [0, 1, 2, 3, 4, 5]
    index.note_change(SetBlind("ana", True).redo(index.project))
    assert filter_entries(index, below, "ana") == []
    assert filter_entries(index, below, "ben") == [1, 2, 5]


def test_the_confidence_column_follows_entries_added_through_the_change_notice() -> None:
    index = _index()
    assert len(index.suggestions.confidences()) == 6
    added = Entry("e-6", "d-1", 6, None, None, "talks 6")
    index.note_change(AddImport(ImportBatch(entries=[added])).redo(index.project))
    scores = index.suggestions.confidences()
    assert len(scores) == 7
    assert np.isnan(scores[6])
    assert scores[0] == 0.9


def test_imported_scores_count_as_confidence_and_their_import_and_undo_refilter() -> None:
    """Imported predictions are suggested like the model's, so the Confidence column and
    its filter see them too, from the change notice of their import and of its undo."""
    index = _index()
    command = ReplacePredictions(
        "Import predictions from bert.jsonl",
        None,
        ImportedPredictions("bert", "2026-12-04T10:00:00Z", {"e-5": {"stance": {"against": 0.95}}}),
    )
    above = EntryFilter(confidence=(0.9, 1.01))
    assert filter_entries(index, above, "ana") == [0]
    index.note_change(command.redo(index.project))
    assert index.suggestions.confidence("e-5") == 0.95
    assert filter_entries(index, above, "ana") == [0, 5]
    index.note_change(command.undo(index.project))
    assert filter_entries(index, above, "ana") == [0]
