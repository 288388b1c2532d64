"""Mention suggestions: aliases and text marked elsewhere, found as whole words ignoring case,
the longest of overlapping finds, kept up to date by the index's ``note_change``."""

from __future__ import annotations

import pytest

from workbench.core import codebook_edits
from workbench.core.codebook import Codebook, CodeValue, builtin_codebook
from workbench.core.model import Dispatch, Entry, Project, Span
from workbench.core.undoable import SetBlind, add_span, edit_annotation
from workbench.index import mentions as mentions_module
from workbench.index.mentions import BUILD_HERE_UP_TO, PhraseMatcher, fold
from workbench.index.project_index import ProjectIndex


def _project(*texts: str) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(texts)]
    return project


def _found(matcher: PhraseMatcher, text: str) -> list[str]:
    return [text[start:end] for start, end, _targets in matcher.find(text)]


def test_phrases_are_found_as_whole_words_whatever_their_case() -> None:
    matcher = PhraseMatcher(
        [("Iran", ("actor", "IRN", "alias", "Iran")), ("U.S.", ("actor", "USA", "alias", "U.S."))]
    )
    text = "IRAN and iran, not Iranian nor Tehran-Iran2; the U.S. said (u.s.)"
    assert _found(matcher, text) == ["IRAN", "iran", "U.S.", "u.s."]


def test_of_overlapping_phrases_the_longest_is_found() -> None:
    matcher = PhraseMatcher(
        (phrase, ("actor", key, "alias", phrase))
        for phrase, key in (("UN", "UNO"), ("Security Council", "UNO"), ("UN Security Council", "UNO"))
    )
    text = "The UN Security Council met; the Security Council and the UN adjourned."
    assert _found(matcher, text) == ["UN Security Council", "Security Council", "UN"]


def test_folding_keeps_every_offset() -> None:
    text = "İstanbul and Ankara"
    assert len(fold(text)) == len(text)
    matcher = PhraseMatcher([("Ankara", ("actor", "TUR", "alias", "Ankara"))])
    assert _found(matcher, text) == ["Ankara"]


def test_shipped_aliases_are_mentions_and_actor_suggestions() -> None:
    project = _project("Moscow and the Syrian government met; the Kremlin said so.")
    suggestions = ProjectIndex(project).suggestions
    mentions = suggestions.mentions("e-0", "ana")
    assert [(m.text, m.value, m.why) for m in mentions] == [
        ("Moscow", "RUS", "alias"),
        ("Syrian government", "SYR GOV", "alias"),  # not "Syrian" alone (SYR)
        ("Kremlin", "RUS", "alias"),
    ]
    offered = suggestions.for_entry("e-0", "ana")
    assert [(s.value, s.source, s.version) for s in offered] == [
        ("RUS", "alias", "Moscow"),
        ("SYR GOV", "alias", "Syrian government"),
    ]


def test_text_marked_elsewhere_is_found_in_other_entries_but_not_where_it_is_marked() -> None:
    project = _project("Talks in Sochi began.", "Back in sochi today.", "Sochi again.")
    index = ProjectIndex(project)
    assert index.suggestions.mentions("e-1", "ana") == []
    command = edit_annotation(project, "ana", "e-0", "Mark", add_span(Span(9, 14, "mention", "LOC")))
    assert command is not None
    index.note_change(command.redo(project))
    found = index.suggestions.mentions("e-1", "ana")
    assert [(m.text, m.dimension, m.value, m.why) for m in found] == [("sochi", "mention", "LOC", "marked")]
    assert index.suggestions.mentions("e-0", "ana") == []  # already marked there
    assert index.suggestions.mentions("e-1", "bo") == []  # another annotator's marks are theirs
    assert index.suggestions.for_entry("e-1", "ana") == []  # marked text is not an actor suggestion
    index.note_change(command.undo(project))
    assert index.suggestions.mentions("e-1", "ana") == []  # the finds kept before are dropped
    assert index.suggestions.mentions("e-2", "ana") == []


def test_a_new_codebook_brings_its_aliases_and_a_blind_annotator_sees_none() -> None:
    project = _project("Envoys from Oslo arrived.")
    index = ProjectIndex(project)
    assert index.suggestions.mentions("e-0", "ana") == []
    index.note_change(codebook_edits.add_value(project, "actor", "NOR", "Norway").redo(project))
    index.note_change(codebook_edits.set_aliases(project, "actor", "NOR", "Oslo, Norwegian").redo(project))
    assert [m.value for m in index.suggestions.mentions("e-0", "ana")] == ["NOR"]
    index.note_change(SetBlind("ana", True).redo(project))
    assert index.suggestions.mentions("e-0", "ana") == []
    assert index.suggestions.for_entry("e-0", "ana") == []


def test_an_entry_too_long_to_search_quickly_gets_no_mentions() -> None:
    from workbench.index.mentions import MAX_TEXT

    project = _project("Moscow " + "x" * MAX_TEXT, "Moscow")
    suggestions = ProjectIndex(project).suggestions
    assert suggestions.mentions("e-0", "ana") == []
    assert [m.text for m in suggestions.mentions("e-1", "ana")] == ["Moscow"]


def _large_codebook_project(text: str) -> Project:
    """A project whose actors have more aliases than the window's thread builds a table for."""
    project = _project(text)
    actor = project.codebook.dimension("actor")
    assert actor is not None
    extra = BUILD_HERE_UP_TO // 2 + 1
    actor.values.extend(
        CodeValue(key=f"A{i}", label=f"Agency {i}", aliases=[f"Agency {i}", f"Bureau {i}"])
        for i in range(extra)
    )
    return project


def test_a_large_codebook_gets_its_alias_table_from_the_plan_step_not_the_first_find() -> None:
    project = _large_codebook_project("Agency 7 and the Kremlin met.")
    suggestions = ProjectIndex(project).suggestions
    assert suggestions.mentions("e-0", "ana") == []  # the table is not built here
    for _ in suggestions.preparing_mentions():
        pass
    found = [(m.text, m.value) for m in suggestions.mentions("e-0", "ana")]
    assert found == [("Agency 7", "A7"), ("Kremlin", "RUS")]


def test_a_table_built_for_a_codebook_changed_meanwhile_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    project = _large_codebook_project("Agency 7 and Oslo met.")
    index = ProjectIndex(project)
    index.note_change(codebook_edits.add_value(project, "actor", "NOR", "Norway").redo(project))
    step = index.suggestions.preparing_mentions()
    # The codebook changes on the window's thread while the worker builds (before its slice ends).
    original_build = mentions_module.alias_matcher

    def build_then_edit(codebook: Codebook) -> PhraseMatcher:
        matcher = original_build(codebook)
        command = codebook_edits.set_aliases(project, "actor", "NOR", "Oslo")
        index.note_change(command.redo(project))
        return matcher

    monkeypatch.setattr(mentions_module, "alias_matcher", build_then_edit)
    list(step)
    monkeypatch.undo()
    assert index.suggestions.mentions("e-0", "ana") == []  # the stale table was dropped
    list(index.suggestions.preparing_mentions())
    assert [m.value for m in index.suggestions.mentions("e-0", "ana")] == ["A7", "NOR"]
