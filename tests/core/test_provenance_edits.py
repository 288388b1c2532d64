"""Every edit that removes or replaces a value keeps ``Annotation.assisted`` in step."""

from __future__ import annotations

from tests.oracles import CommandStack
from workbench.core import codebook_edits as ce
from workbench.core.adjudication import GOLD_LAYER, derived_gold, take_value
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, ImportedPredictions, Project, Provenance
from workbench.core.undoable import edit_annotation, set_value, toggle_value

MODEL = Provenance("model", "stance#1", 0.9)
ALIAS = Provenance("alias", "Ankara", None, True)


def _project() -> Project:
    entries = [Entry(f"e{i}", "d1", i, None, None, f"Dispatch text {i}.") for i in range(2)]
    project = Project(
        codebook=builtin_codebook("plover"),
        dispatches={"d1": Dispatch(id="d1", title="Talks")},
        entries=entries,
    )
    project.set_annotation(
        "alice",
        "e0",
        Annotation(
            values={"stance": "against", "actor": ["RUS", "TUR"]},
            assisted={"stance": {"against": MODEL}, "actor": {"TUR": ALIAS}},
        ),
    )
    return project


def _assisted(project: Project, annotator: str = "alice", entry: str = "e0") -> object:
    ann = project.annotation(annotator, entry)
    return None if ann is None else ann.assisted


def test_toggling_a_value_off_or_replacing_it_forgets_its_provenance() -> None:
    project = _project()
    stack = CommandStack(project)
    stack.push(edit_annotation(project, "alice", "e0", "actor", toggle_value("actor", "TUR", True)))
    assert _assisted(project) == {"stance": {"against": MODEL}}
    stack.push(edit_annotation(project, "alice", "e0", "actor", toggle_value("actor", "TUR", True)))
    assert _assisted(project) == {"stance": {"against": MODEL}}  # coded again by hand: no record
    stack.push(edit_annotation(project, "alice", "e0", "stance", toggle_value("stance", "favor", False)))
    assert _assisted(project) is None
    stack.undo()
    stack.undo()
    stack.undo()
    assert _assisted(project) == {"stance": {"against": MODEL}, "actor": {"TUR": ALIAS}}


def test_setting_a_value_keeps_the_records_of_the_values_it_keeps() -> None:
    project = _project()
    CommandStack(project).push(edit_annotation(project, "alice", "e0", "actor", set_value("actor", ["TUR"])))
    assert _assisted(project) == {"stance": {"against": MODEL}, "actor": {"TUR": ALIAS}}
    CommandStack(project).push(edit_annotation(project, "alice", "e0", "stance", set_value("stance", None)))
    assert _assisted(project) == {"actor": {"TUR": ALIAS}}


def test_a_renamed_value_keeps_its_record_a_deleted_one_loses_it() -> None:
    project = _project()
    stack = CommandStack(project)
    stack.push(ce.rename_value(project, "actor", "TUR", "TURK"))
    assert _assisted(project) == {"stance": {"against": MODEL}, "actor": {"TURK": ALIAS}}
    stack.push(ce.delete_value(project, "stance", "against", remove_from_annotations=True))
    assert _assisted(project) == {"actor": {"TURK": ALIAS}}
    stack.undo()
    stack.undo()
    assert _assisted(project) == {"stance": {"against": MODEL}, "actor": {"TUR": ALIAS}}


def test_merging_into_a_value_coded_by_hand_leaves_it_hand_chosen() -> None:
    project = _project()
    CommandStack(project).push(ce.merge_values(project, "actor", "TUR", "RUS"))
    ann = project.annotation("alice", "e0")
    assert ann is not None and ann.values["actor"] == ["RUS"]
    assert ann.assisted == {"stance": {"against": MODEL}}
    project = _project()
    CommandStack(project).push(ce.merge_values(project, "actor", "TUR", "IRN"))
    assert _assisted(project) == {"stance": {"against": MODEL}, "actor": {"IRN": ALIAS}}


def test_renaming_or_deleting_a_dimension_moves_or_drops_its_records() -> None:
    project = _project()
    stack = CommandStack(project)
    stack.push(ce.rename_dimension(project, "actor", "actors"))
    assert _assisted(project) == {"stance": {"against": MODEL}, "actors": {"TUR": ALIAS}}
    stack.push(ce.delete_dimension(project, "stance", remove_from_annotations=True))
    assert _assisted(project) == {"actors": {"TUR": ALIAS}}


def test_imported_predictions_follow_codebook_edits_and_undo() -> None:
    project = _project()
    before = ImportedPredictions("bert", "2026-12-01T10:00:00Z", {"e1": {"actor": {"TUR": 0.4, "RUS": 0.7}}})
    project.predictions = before
    stack = CommandStack(project)
    change = stack.push(ce.rename_value(project, "actor", "TUR", "TURK"))
    assert change is not None and change.suggestions
    assert project.predictions.scores == {"e1": {"actor": {"TURK": 0.4, "RUS": 0.7}}}
    stack.push(ce.merge_values(project, "actor", "TURK", "RUS"))
    assert project.predictions.scores == {"e1": {"actor": {"RUS": 0.7}}}
    stack.push(ce.delete_dimension(project, "actor", remove_from_annotations=True))
    assert project.predictions.scores == {}
    for _ in range(3):
        stack.undo()
    assert project.predictions == before


def test_gold_keeps_a_suggestion_record_only_when_no_coder_chose_the_value_by_hand() -> None:
    project = _project()
    project.set_annotation(
        "bob",
        "e0",
        Annotation(values={"stance": "against", "actor": ["RUS", "TUR"]}, assisted={"actor": {"TUR": ALIAS}}),
    )
    gold = derived_gold(project, "e0")
    assert gold is not None and gold.values == {"stance": "against", "actor": ["RUS", "TUR"]}
    assert gold.assisted == {"actor": {"TUR": ALIAS}}  # alice's stance came from the model, bob's by hand
    project.set_annotation(GOLD_LAYER, "e0", gold)
    CommandStack(project).push(take_value(project, "alice", "e0", "actor"))
    decided = project.annotation(GOLD_LAYER, "e0")
    assert decided is not None and decided.decided == ["actor"] and decided.assisted is None
