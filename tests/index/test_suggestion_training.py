"""``SuggestionParts`` trains on the annotator's layer, publishes a round, counts new codes
towards the next one, and gives up when the entries changed under it."""

from __future__ import annotations

from tests.learning.corpus import ANNOTATOR, make_corpus
from workbench.core.model import Annotation, Entry
from workbench.core.undoable import Change
from workbench.index.plan import SUGGESTION_MODELS, preparation, suggestion_preparation
from workbench.index.project_index import ProjectIndex
from workbench.index.suggestions import RETRAIN_EVERY


def train(index: ProjectIndex, annotator: str = ANNOTATOR) -> None:
    for _ in index.suggestions.training(annotator):
        pass


def test_a_round_publishes_suggestions_and_quality_for_the_shown_entry() -> None:
    project, truth = make_corpus()
    index = ProjectIndex(project)
    train(index)
    assert index.suggestions.generation == 1
    unseen = project.entries[-1].id
    stance = [s for s in index.suggestions.for_entry(unseen, ANNOTATOR) if s.dimension == "stance"]
    assert stance[0].value == truth[unseen]
    assert stance[0].source == "model" and stance[0].version == "stance#1"
    assert index.suggestions.margin(unseen) is not None
    by_dimension = {q.dimension: q for q in index.suggestions.quality()}
    assert by_dimension["stance"].status == "on" and by_dimension["stance"].version == "stance#1"
    assert "mention" not in by_dimension  # span dimensions get no model
    train(index)
    assert index.suggestions.model_suggestions(unseen)[0].version.endswith("#2")


def test_another_annotator_without_codes_gets_too_few_and_no_suggestions() -> None:
    project, _ = make_corpus()
    index = ProjectIndex(project)
    train(index, "someone else")
    assert {q.status for q in index.suggestions.quality()} == {"too few"}
    shown = index.suggestions.for_entry(project.entries[-1].id, "someone else")
    assert [s for s in shown if s.source == "model"] == []  # (an alias may still be found)


def test_entries_added_while_training_drop_the_round() -> None:
    project, _ = make_corpus()
    index = ProjectIndex(project)
    round_ = index.suggestions.training(ANNOTATOR)
    next(round_)
    project.entries.append(Entry("new", "d0", 99, None, None, "Moscow welcomed the plan."))
    project.entries_changed()
    index.note_change(Change(entries_added_or_removed=True))
    for _ in round_:
        pass
    assert index.suggestions.generation == 0


def test_closing_the_project_drops_the_round() -> None:
    project, _ = make_corpus()
    index = ProjectIndex(project)
    round_ = index.suggestions.training(ANNOTATOR)
    next(round_)
    index.close()
    for _ in round_:
        pass
    assert index.suggestions.generation == 0


def test_new_learnable_codes_of_the_trained_annotator_ask_for_a_round() -> None:
    project, _ = make_corpus(coded=0)
    index = ProjectIndex(project)
    suggestion_preparation(index, ANNOTATOR)  # planning says whose codes count
    layer = project.layer(ANNOTATOR)
    for entry in project.entries[: RETRAIN_EVERY - 1]:
        layer[entry.id] = Annotation(values={"stance": "favor"})
        index.note_change(Change(entry_ids=frozenset({entry.id}), annotators=frozenset({ANNOTATOR})))
    # Another annotator's codes, and a note without a learnable value, do not count.
    index.note_change(Change(entry_ids=frozenset({"e5-0"}), annotators=frozenset({"ben"})))
    layer["e5-1"] = Annotation(note="no codes")
    index.note_change(Change(entry_ids=frozenset({"e5-1"}), annotators=frozenset({ANNOTATOR})))
    assert not index.suggestions.wants_round()
    layer["e5-2"] = Annotation(values={"stance": "against"})
    index.note_change(Change(entry_ids=frozenset({"e5-2"}), annotators=frozenset({ANNOTATOR})))
    assert index.suggestions.wants_round()
    suggestion_preparation(index, ANNOTATOR, delay_ms=0)
    assert not index.suggestions.wants_round()


def test_the_plan_trains_the_models_on_the_worker_after_the_layers() -> None:
    project, _ = make_corpus(coded=0)
    step = next(s for s in preparation(ProjectIndex(project), ANNOTATOR) if s.name == SUGGESTION_MODELS)
    assert step.where == "worker" and step.waits_for == ("unread layers",)


def test_a_round_waits_while_the_analyst_is_at_work_and_gives_up_on_close(monkeypatch) -> None:
    import threading

    from workbench.index import suggestions

    monkeypatch.setattr(suggestions, "HOLD_BACK_S", 60.0)
    project, _ = make_corpus()
    index = ProjectIndex(project)
    parts = index.suggestions
    parts.hold_back()  # a key press
    worker = threading.Thread(target=parts._pause)
    worker.start()
    worker.join(0.3)
    assert worker.is_alive()  # the round sleeps while the analyst works
    index.close()  # the project closes: the round stops holding and gives up
    worker.join(10)
    assert not worker.is_alive()
    parts._pause()  # on the window's own thread it never waits
