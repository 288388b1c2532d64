"""One linear model per dimension, what it learns from, and how good it is on held-out data.

A single-choice dimension (stance) gets one multiclass classifier, a multi dimension
(actors, event types) one binary classifier per value (one-vs-rest); span dimensions get
none (their suggestions come from string matching). All are ``SGDClassifier`` with the
logistic loss: probabilities, a few passes over sparse rows in C, seconds for 10,000 entries.

They learn only from ``core/provenance.learnable`` values of one annotator's layer, so a
suggestion the model made and the analyst accepted without confirming is never read back
as evidence for the model.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from workbench.learning.coded import FOLDS, MIN_PER_VALUE, Examples, Quality, Values, too_few

#: Regularisation and passes over the data; 3 passes held the held-out figures of 5 at 60%
#: of the time on ``benchmarks/bench_suggest.py``'s corpus (the fits are most of a round).
ALPHA = 1e-5
EPOCHS = 3


@dataclass
class LinearModel:
    """Weights of one dimension's classifier(s): ``coef`` (values, features), ``intercept``.

    Single choice: softmax-like normalised one-vs-rest scores, as scikit-learn's
    ``SGDClassifier.predict_proba``; a two-value dimension has one row (the second value).
    Multi: each value's own probability.
    """

    values: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    multi: bool

    def decision(self, rows: sp.csr_matrix) -> np.ndarray:
        scores: np.ndarray = np.asarray(rows @ self.coef.T, dtype=np.float64) + self.intercept
        return scores

    def probabilities(self, decision: np.ndarray) -> np.ndarray:
        """(texts, values) from ``decision`` (the same numbers the folded prediction gives)."""
        p: np.ndarray = 1 / (1 + np.exp(-np.clip(decision, -30, 30)))
        if self.multi:
            return p
        if p.shape[1] == 1:
            return np.hstack([1 - p, p])
        normalised: np.ndarray = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
        return normalised


def _classifier() -> SGDClassifier:
    return SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=0)


def fit(data: Examples, features: sp.csr_matrix, where: np.ndarray | None = None) -> LinearModel | None:
    """Train on ``features`` (one row per example, in ``data``'s order), on the examples
    ``where`` says (all by default); None when those hold fewer than two values."""
    chosen = np.arange(len(data)) if where is None else where
    if not data.multi:
        y = np.array([next(iter(data.labels[i])) for i in chosen])
        values = sorted(set(y))
        if len(values) < 2:
            return None
        classifier = _classifier().fit(features[chosen], y)
        return LinearModel(
            [str(c) for c in classifier.classes_],
            classifier.coef_.astype(np.float32),
            classifier.intercept_.astype(np.float32),
            multi=False,
        )
    counts = Counter(v for i in chosen for v in data.labels[i])
    values = sorted(v for v, n in counts.items() if n >= MIN_PER_VALUE and n < len(chosen))
    if len(values) < 2:
        return None
    coef = np.zeros((len(values), features.shape[1]), dtype=np.float32)
    intercept = np.zeros(len(values), dtype=np.float32)
    for k, value in enumerate(values):
        keep = np.array([i for i in chosen if value not in data.unsure[i]])
        y = np.array([value in data.labels[i] for i in keep])
        classifier = _classifier().fit(features[keep], y)
        coef[k] = classifier.coef_[0]
        intercept[k] = classifier.intercept_[0]
    return LinearModel(values, coef, intercept, multi=True)


def predicted_sets(model: LinearModel, probabilities: np.ndarray) -> list[Values]:
    """What the model would code: the likeliest value, or for a multi dimension every value
    more likely than not (the likeliest when none is)."""
    values = model.values
    best = probabilities.argmax(axis=1)
    if not model.multi:
        return [(values[b],) for b in best]
    sets = []
    for row, top in zip(probabilities, best, strict=True):
        chosen = tuple(sorted(values[k] for k in np.flatnonzero(row >= 0.5)))
        sets.append(chosen or (values[top],))
    return sets


def evaluate(data: Examples, features: sp.csr_matrix) -> Quality:
    """``evaluation`` run to its end."""
    steps = evaluation(data, features)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def evaluation(data: Examples, features: sp.csr_matrix) -> Generator[None, None, Quality]:
    """Grouped cross-validation, yielding after each fold (a round can be cancelled there): folds by dispatch (``GroupKFold``, so entries of one blog
    are never on both sides), every coded entry predicted once by a model that did not see
    its dispatch, beside the majority baseline (the commonest coding of the same training
    folds) on the same entries.

    A dimension is "on" only when its held-out accuracy beats the baseline's by more than
    two standard errors of a proportion over the coded entries (a lucky fold on a small
    sample does not count) and its macro-F1 (over the values coded) beats the baseline's too.
    """
    reason = too_few(data)
    if reason:
        return Quality("too few", len(data), message=reason)
    splits = folds_of(data)
    folds = len(splits)
    predicted: list[Values] = [()] * len(data)
    baseline: list[Values] = [()] * len(data)
    for train, test in splits:
        commonest = Counter(data.labels[i] for i in train).most_common(1)[0][0]
        model = fit(data, features, train)
        guesses = (
            predicted_sets(model, model.probabilities(model.decision(features[test])))
            if model is not None
            else [commonest] * len(test)
        )
        for i, guess in zip(test, guesses, strict=True):
            predicted[i] = guess
            baseline[i] = commonest
        yield
    accuracy, macro = _scores(data, predicted)
    base_accuracy, base_macro = _scores(data, baseline)
    margin = 2 * math.sqrt(max(base_accuracy * (1 - base_accuracy), 1e-9) / len(data))
    better = accuracy > base_accuracy + margin and macro > base_macro
    figures = f"accuracy {accuracy:.0%} vs {base_accuracy:.0%} always guessing the commonest"
    message = (
        f"{figures}, over {len(data)} coded entries in {folds} folds by dispatch"
        if better
        else f"not better than always guessing the commonest ({figures}); suggestions withheld"
    )
    return Quality(
        "on" if better else "not better",
        len(data),
        accuracy,
        macro,
        base_accuracy,
        base_macro,
        folds,
        message,
    )


def folds_of(data: Examples) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training, held-out) positions into ``data`` per fold, grouped by dispatch: up to
    ``FOLDS`` folds, never more than there are dispatches."""
    folds = min(FOLDS, len(set(data.groups)))
    return list(GroupKFold(n_splits=folds).split(np.zeros(len(data)), groups=data.groups))


def _scores(data: Examples, predicted: list[Values]) -> tuple[float, float]:
    """Accuracy (the whole coding right: for a multi dimension the same set of values) and
    macro-F1 over the values coded (each value's F1 as a yes/no per entry, averaged)."""
    accuracy = sum(p == t for p, t in zip(predicted, data.labels, strict=True)) / len(data)
    values = sorted({v for label in data.labels for v in label})
    if not data.multi:
        truth = [next(iter(t)) for t in data.labels]
        guess = [next(iter(p)) for p in predicted]
        macro = f1_score(truth, guess, labels=values, average="macro", zero_division=0)
        return accuracy, float(macro)
    per_value = []
    for value in values:
        truth_v = [value in t for t in data.labels]
        guess_v = [value in p for p in predicted]
        per_value.append(f1_score(truth_v, guess_v, zero_division=0))
    return accuracy, float(np.mean(per_value))
