"""Codebook edits carry coding along, refuse clashes, and undo as one step."""

from __future__ import annotations

import pytest

from tests.oracles import CommandStack
from workbench.core import codebook_edits as ce
from workbench.core.code_matching import annotations_using
from workbench.core.codebook import builtin_codebook, codebook_to_dict
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.project.file import project_to_dict


def _project() -> Project:
    dispatch = Dispatch(id="d1", title="The Latest: talks resume")
    texts = ["Rebels shelled the town.", "Ankara welcomed the truce.", "Moscow and Ankara met."]
    entries = [Entry(f"e{i}", "d1", i, None, None, t) for i, t in enumerate(texts)]
    project = Project(codebook=builtin_codebook("plover"), dispatches={"d1": dispatch}, entries=entries)
    project.set_annotation(
        "alice",
        "e0",
        Annotation(
            values={"stance": "against", "actor": ["RUS", "TUR"]}, spans=[Span(0, 6, "mention", "ORG")]
        ),
    )
    project.set_annotation("alice", "e1", Annotation(values={"stance": "favor", "actor": ["TUR"]}))
    project.set_annotation(
        "bob", "e2", Annotation(values={"actor": ["RUS", "TUR"]}, spans=[Span(0, 6, "mention", "LOC")])
    )
    return project


def _snapshot(project: Project) -> dict:
    return project_to_dict(project) | {"codebook": codebook_to_dict(project.codebook)}


def test_rename_value_carries_annotations_and_undo_restores_them():
    project = _project()
    before = _snapshot(project)
    stack = CommandStack(project)
    stack.push(ce.rename_value(project, "actor", "TUR", "TUR GOV", new_label="Turkish government"))
    dim = project.codebook.dimension("actor")
    assert dim.value("TUR") is None
    assert dim.value("TUR GOV").label == "Turkish government"
    assert project.annotation("alice", "e0").values["actor"] == ["RUS", "TUR GOV"]
    assert project.annotation("alice", "e1").values["actor"] == ["TUR GOV"]
    assert project.annotation("bob", "e2").values["actor"] == ["RUS", "TUR GOV"]
    stack.undo()
    assert _snapshot(project) == before
    stack.redo()
    assert project.annotation("bob", "e2").values["actor"] == ["RUS", "TUR GOV"]


def test_rename_single_value_and_span_value():
    project = _project()
    CommandStack(project).push(ce.rename_value(project, "stance", "against", "oppose"))
    assert project.annotation("alice", "e0").values["stance"] == "oppose"
    assert project.codebook.dimension("stance").keys()[0] == "oppose"
    CommandStack(project).push(ce.rename_value(project, "mention", "ORG", "ORGANISATION"))
    assert project.annotation("alice", "e0").spans == [Span(0, 6, "mention", "ORGANISATION")]
    assert project.annotation("bob", "e2").spans == [Span(0, 6, "mention", "LOC")]


def test_relabel_only_rewrites_nothing():
    project = _project()
    command = ce.rename_value(project, "stance", "favor", new_label="In favour")
    assert command.rewrites.changes == []
    CommandStack(project).push(command)
    assert project.codebook.dimension("stance").value("favor").label == "In favour"


def test_rename_onto_existing_value_is_refused():
    project = _project()
    with pytest.raises(WorkbenchError, match="already has a value 'RUS'; use Merge"):
        ce.rename_value(project, "actor", "TUR", "RUS")


def test_merge_turns_source_into_target_without_duplicates():
    project = _project()
    stack = CommandStack(project)
    before = _snapshot(project)
    stack.push(ce.merge_values(project, "actor", "TUR", "RUS"))
    assert project.codebook.dimension("actor").value("TUR") is None
    assert project.annotation("alice", "e0").values["actor"] == ["RUS"]
    assert project.annotation("alice", "e1").values["actor"] == ["RUS"]
    assert project.annotation("bob", "e2").values["actor"] == ["RUS"]
    stack.undo()
    assert _snapshot(project) == before


def test_merge_spans_drops_identical_duplicates():
    project = _project()
    project.set_annotation(
        "carol", "e0", Annotation(spans=[Span(0, 6, "mention", "ORG"), Span(0, 6, "mention", "LOC")])
    )
    CommandStack(project).push(ce.merge_values(project, "mention", "ORG", "LOC"))
    assert project.annotation("carol", "e0").spans == [Span(0, 6, "mention", "LOC")]


def test_merge_into_itself_or_unknown_is_refused():
    project = _project()
    with pytest.raises(WorkbenchError, match="into itself"):
        ce.merge_values(project, "actor", "RUS", "RUS")
    with pytest.raises(WorkbenchError, match="no value 'XXX'"):
        ce.merge_values(project, "actor", "RUS", "XXX")


def test_delete_value_in_use_needs_the_flag_and_reports_the_count():
    project = _project()
    with pytest.raises(WorkbenchError, match="used in 3 annotations"):
        ce.delete_value(project, "actor", "TUR")
    command = ce.delete_value(project, "actor", "TUR", remove_from_annotations=True)
    assert len(command.rewrites.changes) == 3
    stack = CommandStack(project)
    before = _snapshot(project)
    stack.push(command)
    assert project.annotation("alice", "e0").values["actor"] == ["RUS"]
    assert "actor" not in project.annotation("alice", "e1").values
    assert project.codebook.dimension("actor").value("TUR") is None
    stack.undo()
    assert _snapshot(project) == before


def test_delete_value_making_an_annotation_empty_removes_it():
    project = _project()
    project.set_annotation("dave", "e1", Annotation(values={"stance": "neutral"}))
    CommandStack(project).push(ce.delete_value(project, "stance", "neutral", remove_from_annotations=True))
    assert project.annotation("dave", "e1") is None


def test_delete_unused_value_needs_no_flag():
    project = _project()
    CommandStack(project).push(ce.delete_value(project, "stance", "neutral"))
    assert project.codebook.dimension("stance").keys() == ["against", "favor"]


def test_add_recolour_and_move_values():
    project = _project()
    stack = CommandStack(project)
    stack.push(ce.add_value(project, "actor", "LBN HEZ", "Hezbollah", colour="#AA0000"))
    dim = project.codebook.dimension("actor")
    assert dim.keys()[-1] == "LBN HEZ"
    assert dim.value("LBN HEZ").colour == "#aa0000"
    stack.push(ce.recolour_value(project, "actor", "RUS", "#123456"))
    assert project.codebook.dimension("actor").value("RUS").colour == "#123456"
    stack.push(ce.move_value(project, "stance", "favor", -1))
    assert project.codebook.dimension("stance").keys() == ["against", "favor", "neutral"]
    stack.undo()
    assert project.codebook.dimension("stance").keys() == ["against", "neutral", "favor"]
    with pytest.raises(WorkbenchError, match="already at the top"):
        ce.move_value(project, "stance", "against", -1)
    with pytest.raises(WorkbenchError, match="already has a value 'RUS'"):
        ce.add_value(project, "actor", "RUS")
    with pytest.raises(WorkbenchError, match="not #rrggbb"):
        ce.recolour_value(project, "actor", "RUS", "red")
    with pytest.raises(WorkbenchError, match="no comma, colon"):
        ce.add_value(project, "actor", "a,b")


def test_shortcuts_are_normalised_and_clashes_refused():
    project = _project()
    assert ce.normalise_shortcut(" e ,9 ") == "E, 9"
    assert ce.normalise_shortcut("") == ""
    with pytest.raises(WorkbenchError, match="1 to 4 keys"):
        ce.normalise_shortcut("A,,B")
    stance = project.codebook.dimension("stance")
    taken = stance.value("against").shortcut
    with pytest.raises(WorkbenchError, match=f"clashes with '{taken}' of Stance ▸ Against"):
        ce.set_shortcut(project, "stance", "favor", taken)
    first_actor = project.codebook.dimension("actor").values[0]
    prefix = first_actor.shortcut.split(",")[0].strip()
    with pytest.raises(WorkbenchError, match="clashes with"):
        ce.set_shortcut(project, "stance", "favor", prefix)
    CommandStack(project).push(ce.set_shortcut(project, "stance", "favor", "q, 9"))
    assert project.codebook.dimension("stance").value("favor").shortcut == "Q, 9"
    CommandStack(project).push(ce.set_shortcut(project, "stance", "favor", ""))
    assert project.codebook.dimension("stance").value("favor").shortcut == ""


def test_setting_a_value_to_its_own_shortcut_is_allowed():
    project = _project()
    own = project.codebook.dimension("stance").value("favor").shortcut
    CommandStack(project).push(ce.set_shortcut(project, "stance", "favor", own))
    assert project.codebook.dimension("stance").value("favor").shortcut == ce.normalise_shortcut(own)


def test_stance_target():
    project = _project()
    stack = CommandStack(project)
    stack.push(ce.set_target(project, "stance", "  the peace talks "))
    assert project.codebook.dimension("stance").target == "the peace talks"
    stack.undo()
    assert (
        project.codebook.dimension("stance").target == builtin_codebook("plover").dimension("stance").target
    )


def test_dimension_rename_carries_values_and_spans():
    project = _project()
    stack = CommandStack(project)
    before = _snapshot(project)
    stack.push(ce.rename_dimension(project, "mention", "entity", new_label="Entity"))
    assert project.codebook.dimension("mention") is None
    assert project.codebook.dimension("entity").label == "Entity"
    assert project.annotation("alice", "e0").spans == [Span(0, 6, "entity", "ORG")]
    stack.push(ce.rename_dimension(project, "actor", "actors"))
    assert project.annotation("bob", "e2").values == {"actors": ["RUS", "TUR"]}
    stack.undo()
    stack.undo()
    assert _snapshot(project) == before
    with pytest.raises(WorkbenchError, match="already a dimension 'stance'"):
        ce.rename_dimension(project, "actor", "stance")


def test_add_move_delete_dimensions():
    project = _project()
    stack = CommandStack(project)
    stack.push(ce.add_dimension(project, "topic", "Topic", "multi"))
    assert [d.key for d in project.codebook.dimensions][-1] == "topic"
    stack.push(ce.move_dimension(project, "topic", -1))
    assert [d.key for d in project.codebook.dimensions][-2] == "topic"
    with pytest.raises(WorkbenchError, match="kind must be one of"):
        ce.add_dimension(project, "tone", kind="scale")
    with pytest.raises(WorkbenchError, match="coded in 3 annotations"):
        ce.delete_dimension(project, "actor")
    before = _snapshot(project)
    command = ce.delete_dimension(project, "actor", remove_from_annotations=True)
    assert len(command.rewrites.changes) == 3
    stack.push(command)
    assert project.codebook.dimension("actor") is None
    assert project.annotation("bob", "e2").values == {}
    assert project.annotation("bob", "e2").spans == [Span(0, 6, "mention", "LOC")]
    stack.undo()
    assert _snapshot(project) == before


def test_annotations_using_counts_values_and_spans():
    project = _project()
    assert annotations_using(project, "actor", "RUS") == 2
    assert annotations_using(project, "mention", "ORG") == 1
    assert annotations_using(project, "mention") == 2
    assert annotations_using(project, "stance", "neutral") == 0


def test_shortcuts_the_window_already_uses_are_refused():
    project = _project()
    with pytest.raises(WorkbenchError, match=r"clashes with the window's next entry \(J\)"):
        ce.set_shortcut(project, "stance", "favor", "j")
    with pytest.raises(WorkbenchError, match=r"clashes with the window's previous entry \(K\)"):
        ce.set_shortcut(project, "stance", "favor", "K, 1")
    with pytest.raises(WorkbenchError, match=r"clashes with the window's save \(Ctrl\+S\)"):
        ce.set_shortcut(project, "stance", "favor", "ctrl+s")
    with pytest.raises(WorkbenchError, match=r"clashes with the window's undo \(Ctrl\+Z\)"):
        ce.set_shortcut(project, "stance", "favor", "Ctrl+Z, 1")  # Ctrl+Z would fire first
    with pytest.raises(WorkbenchError, match=r"clashes with the window's menus \(Alt\+F\)"):
        ce.set_shortcut(project, "stance", "favor", "Alt+F")
    CommandStack(project).push(ce.set_shortcut(project, "stance", "favor", "Q, 1"))
    assert project.codebook.dimension("stance").value("favor").shortcut == "Q, 1"


@pytest.mark.parametrize("key", ["a\nb", "a\tb", "a\rb", "a\x00b", "a\x1bb", "a\u2028b", "a\x85b"])
def test_keys_with_line_breaks_tabs_or_controls_are_refused(key):
    """Such keys would start a new line or column in brat, CoNLL and CSV exports."""
    project = _project()
    with pytest.raises(WorkbenchError, match="newline, tab or control"):
        ce.add_value(project, "actor", key)
    with pytest.raises(WorkbenchError, match="newline, tab or control"):
        ce.add_dimension(project, key)
    with pytest.raises(WorkbenchError, match="newline, tab or control"):
        ce.rename_value(project, "actor", "RUS", new_key=key)


def test_a_free_shortcut_follows_the_dimension_chord_and_avoids_taken_ones():
    project = _project()
    # "A, S" is Syria's, so Smith gets the next free letter of its name
    assert ce.free_shortcut(project.codebook, "actor", "Smith") == "A, M"
    project.codebook.dimension("actor").values[0].shortcut = "A, M"
    assert ce.free_shortcut(project.codebook, "actor", "Smith") == "A, A"  # I, T and H are taken too
    assert ce.free_shortcut(project.codebook, "stance", "unsure") == ""  # no chord to follow


def test_a_free_shortcut_never_takes_a_window_key():
    """A dimension chorded on Ctrl+S would give a typed value Save's prefix: nothing is free."""
    project = _project()
    for value in project.codebook.dimension("actor").values:
        value.shortcut = f"Ctrl+S, {value.shortcut.split(',')[-1].strip()}"
    assert ce.free_shortcut(project.codebook, "actor", "Smith") == ""
