"""The local models: they learn what the words say, admit when they cannot, and never
learn from their own unconfirmed suggestions."""

from __future__ import annotations

from tests.learning.corpus import ANNOTATOR, accepted_unconfirmed, make_corpus
from workbench.core.model import Annotation, Provenance
from workbench.learning import rounds
from workbench.learning.coded import examples, too_few
from workbench.learning.features import Featurizer
from workbench.learning.models import fit, folds_of
from workbench.learning.rounds import RoundResult, _Folded, latest, train_round


def run(project, predict: bool = True) -> RoundResult:
    layer = project.layer(ANNOTATOR) or {}
    round_ = train_round(project.codebook.dimensions, project.entries, layer, 1, predict=predict)
    while True:
        try:
            next(round_)
        except StopIteration as done:
            return done.value


def quality(result: RoundResult, dimension: str):
    return next(q for d, q, _ in result.qualities if d == dimension)


def stance_examples(project):
    return examples(project.codebook.dimension("stance"), project.entries, project.layer(ANNOTATOR) or {})


def test_words_that_decide_the_label_give_a_model_well_above_the_baseline() -> None:
    project, truth = make_corpus()
    result = run(project)
    stance = quality(result, "stance")
    assert stance.status == "on"
    assert stance.accuracy > stance.baseline_accuracy + 0.3
    assert stance.macro_f1 > stance.baseline_macro_f1
    assert stance.coded == 19 * 12 and stance.folds == 5
    uncoded = project.entries[-12:]  # the last dispatch: never seen in training
    right = 0
    for entry in uncoded:
        best = next(s for s in result.by_entry[entry.id] if s.dimension == "stance")
        right += best.value == truth[entry.id]
        assert best.version == "stance#1"
    assert right >= 10
    assert quality(result, "actor").status == "on"


def test_random_labels_are_not_better_and_suggest_nothing() -> None:
    project, _ = make_corpus(random_labels=True, dispatches=30)
    result = run(project)
    stance = quality(result, "stance")
    assert stance.status == "not better"
    assert "withheld" in stance.message
    assert not any(s.dimension == "stance" for suggestions in result.by_entry.values() for s in suggestions)


def test_too_few_codes_say_what_is_missing() -> None:
    project, _ = make_corpus(coded=8)
    result = run(project)
    stance = quality(result, "stance")
    assert stance.status == "too few"
    assert "5 coded entries for each of at least 2 values" in stance.message
    assert result.by_entry == {}
    assert quality(result, "event_type").message == "too few codes: no coded entries yet"


def test_codes_in_one_dispatch_are_too_few_for_folds_by_dispatch() -> None:
    project, _ = make_corpus(per_dispatch=40, coded=40)
    assert "dispatches" in too_few(stance_examples(project))


def test_grouped_folds_never_split_a_dispatch() -> None:
    project, _ = make_corpus(dispatches=13)
    data = stance_examples(project)
    splits = folds_of(data)
    assert len(splits) == 5
    for train, test in splits:
        assert {data.groups[i] for i in train}.isdisjoint({data.groups[i] for i in test})
    held_out = sorted(i for _, test in splits for i in test)
    assert held_out == list(range(len(data)))  # every coded entry is predicted once


def test_unconfirmed_model_suggestions_are_not_learned_from() -> None:
    project, truth = make_corpus(coded=0)
    layer = {}
    for entry in project.entries:  # every stance accepted from the model, and wrong
        wrong = next(s for s in ("against", "neutral", "favor") if s != truth[entry.id])
        layer[entry.id] = accepted_unconfirmed(wrong)
    project.set_layer(ANNOTATOR, layer)
    assert len(stance_examples(project)) == 0
    assert quality(run(project), "stance").status == "too few"
    # Confirmed by hand (the value's own key on a suggestion), they are the analyst's.
    for entry in project.entries:
        value = truth[entry.id]
        layer[entry.id] = Annotation(
            values={"stance": value}, assisted={"stance": {value: Provenance("model", "stance#1", 0.8, True)}}
        )
    assert len(stance_examples(project)) == len(project.entries)


def test_a_value_coded_unconfirmed_beside_hand_codes_is_not_read_as_a_no() -> None:
    project, _ = make_corpus(coded=0)
    layer = {
        "e0-0": Annotation(
            values={"actor": ["RUS", "TUR"]},
            assisted={"actor": {"TUR": Provenance("model", "actor#1", 0.7)}},
        )
    }
    project.set_layer(ANNOTATOR, layer)
    data = examples(project.codebook.dimension("actor"), project.entries, layer)
    assert data.labels == [("RUS",)]
    assert data.unsure == [("TUR",)]


def test_features_are_hashed_so_a_new_reader_reads_a_text_the_same() -> None:
    texts = ["Moscow welcomed the talks", "Ankara condemned the shelling of the road"]
    first = Featurizer()
    first.transform(["entirely different words first", *texts])
    again = Featurizer().transform(texts)
    assert abs(first.transform(texts) - again).max() < 1e-6
    norms = (again.multiply(again)).sum(axis=1)
    assert all(0.7 < n < 1.3 for n in norms.A1)  # rows near unit length without building them twice


def test_scoring_the_corpus_from_word_counts_gives_the_rows_own_probabilities() -> None:
    """The corpus is scored with every model's weights folded per word, side by side; it
    must be the same models."""
    project, _ = make_corpus()
    layer = project.layer(ANNOTATOR) or {}
    featurizer = Featurizer()
    models = []
    for key in ("stance", "actor"):
        data = examples(project.codebook.dimension(key), project.entries, layer)
        models.append(fit(data, featurizer.transform([project.entries[r].text for r in data.rows])))
    texts = [e.text + " unseen words here" for e in project.entries[-12:]]
    folded = _Folded(models).probabilities(featurizer, featurizer.tokens(texts))
    for model, probabilities in zip(models, folded, strict=True):
        explicit = model.probabilities(model.decision(featurizer.transform(texts)))
        assert probabilities.shape == explicit.shape
        assert abs(explicit - probabilities).max() < 1e-4


def test_a_round_learns_from_the_latest_codes_when_there_are_very_many() -> None:
    layer = {
        f"e{i}": Annotation(values={"stance": "favor"}, modified=f"2026-03-02T10:{i:02d}:00Z")
        for i in range(50)
    }
    layer["old"] = Annotation(values={"stance": "against"}, modified=None)
    kept = latest(layer, most=10)
    assert sorted(kept) == [f"e{i}" for i in range(40, 50)]
    assert latest(layer, most=100) is layer


def test_figures_from_the_latest_codes_say_so(monkeypatch) -> None:
    """Over the cap, a round judges its models on the latest annotations only: the panel's
    and the CLI's line said "over 120 coded entries" as if that were all of them."""
    project, _ = make_corpus()
    coded = len(project.layer(ANNOTATOR) or {})
    monkeypatch.setattr(rounds, "MAX_CODED", coded - 20)
    result = run(project)
    stance = quality(result, "stance")
    assert stance.message.endswith(f"; learned from the latest {coded - 20:,} of {coded:,} annotations")
    assert stance.coded <= coded - 20
    monkeypatch.setattr(rounds, "MAX_CODED", coded)
    assert "latest" not in quality(run(project), "stance").message
