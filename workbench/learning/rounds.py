"""One training round: every dimension's model trained, judged and, when it is good
enough, run over the whole corpus.

The round is a generator that yields between slices of work, so whoever runs it (the
preparation runner's worker thread, ``index/suggestions``) can give up between two slices
and hand the interpreter to the window's thread. ``pause`` is called every few texts in
the Python-bound parts (reading words), for the same reason (see ``index/gil``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from workbench.core.codebook import Dimension
from workbench.core.model import Annotation, Entry
from workbench.learning.coded import Quality, examples, too_few

if TYPE_CHECKING:  # scipy and scikit-learn are imported only once there is something to train
    import scipy.sparse as sp

    from workbench.learning.features import Featurizer, Tokens
    from workbench.learning.models import LinearModel

#: A single-choice value is shown when the model gives it at least this; a multi value when
#: it is more likely than not.
SHOW_SINGLE = 0.4
SHOW_MULTI = 0.5
#: Annotations a round learns from at most (the latest modified).
MAX_CODED = 10_000
#: Entries read or predicted between two yields.
SLICE = 256
#: Texts read between two pauses (``pause``): about a millisecond of Python.
TURN_TEXTS = 8
#: Words whose weights are folded between two pauses.
WORD_BLOCK = 2048


class Scored(msgspec.Struct, frozen=True, gc=False):
    """One suggested value on one entry (untracked by the garbage collector, like
    ``index.suggestions.Suggestion``, for the same reason)."""

    dimension: str
    value: str
    score: float
    version: str


@dataclass
class RoundResult:
    #: (dimension, its quality, its model version) for every single and multi dimension.
    qualities: list[tuple[str, Quality, str]] = field(default_factory=list)
    #: entry id -> its suggestions, best first.
    by_entry: dict[str, tuple[Scored, ...]] = field(default_factory=dict)
    margins: dict[str, float] = field(default_factory=dict)
    #: The featurizer the round used (its word memo saves the next round reading words again).
    featurizer: Featurizer | None = None


def version(dimension: str, number: int) -> str:
    """What ``Provenance.version`` records of a value this round's model proposed."""
    return f"{dimension}#{number}"


def train_round(
    dimensions: Sequence[Dimension],
    entries: Sequence[Entry],
    layer: dict[str, Annotation],
    number: int,
    featurizer: Featurizer | None = None,
    pause: Callable[[], None] = lambda: None,
    predict: bool = True,
) -> Generator[None, None, RoundResult]:
    """Train and judge a model per single and multi dimension on ``layer``'s learnable
    values; with ``predict``, score every entry with the models that are "on".

    A round where no dimension has enough codes ends before importing scikit-learn."""
    result = RoundResult(featurizer=featurizer)
    learned = [d for d in dimensions if d.kind in ("single", "multi")]
    everything = len(layer)
    layer = latest(layer)
    yield from _train(learned, entries, layer, number, featurizer, pause, predict, result)
    if len(layer) < everything:  # figures over the latest codes must not pass for all of them
        capped = f"; learned from the latest {len(layer):,} of {everything:,} annotations"
        result.qualities = [
            (key, replace(q, message=q.message + capped), name) for key, q, name in result.qualities
        ]
    return result


def _train(
    learned: list[Dimension],
    entries: Sequence[Entry],
    layer: dict[str, Annotation],
    number: int,
    featurizer: Featurizer | None,
    pause: Callable[[], None],
    predict: bool,
    result: RoundResult,
) -> Generator[None, None, None]:
    """``train_round``'s work on the latest annotations, filling in ``result``."""
    positions = {e.id: i for i, e in enumerate(entries)}
    data = [examples(d, entries, layer, positions) for d in learned]
    yield
    reasons = [too_few(d) for d in data]
    if all(reasons):
        for dimension, examples_, reason in zip(learned, data, reasons, strict=True):
            quality = Quality("too few", len(examples_), message=reason)
            result.qualities.append((dimension.key, quality, version(dimension.key, number)))
        return
    from workbench.learning.features import Featurizer
    from workbench.learning.models import evaluation, fit

    featurizer = result.featurizer = featurizer or Featurizer()
    coded = sorted({row for d, reason in zip(data, reasons, strict=True) if not reason for row in d.rows})
    features = yield from _rows(featurizer, [entries[r].text for r in coded], pause)
    where = {row: i for i, row in enumerate(coded)}
    models: list[tuple[str, LinearModel, str]] = []
    for dimension, examples_, reason in zip(learned, data, reasons, strict=True):
        name = version(dimension.key, number)
        if reason:
            result.qualities.append((dimension.key, Quality("too few", len(examples_), message=reason), name))
            continue
        # Mostly every coded entry codes every dimension: then no copy of the rows.
        same = examples_.rows == coded
        rows = features if same else features[[where[r] for r in examples_.rows]]
        quality = yield from evaluation(examples_, rows)
        result.qualities.append((dimension.key, quality, name))
        yield
        if quality.status == "on" and (model := fit(examples_, rows)) is not None:
            models.append((dimension.key, model, name))
            yield
    if predict and models:
        yield from _predict(models, entries, featurizer, pause, result)


def latest(layer: dict[str, Annotation], most: int | None = None) -> dict[str, Annotation]:
    """The ``most`` (``MAX_CODED``) annotations coded last: a round's memory and time grow
    with the coded entries (a 120,000-entry layer would need about 1.4 GB of feature rows), and the
    analyst's latest coding is what the model should follow."""
    most = MAX_CODED if most is None else most
    if len(layer) <= most:
        return layer
    order = sorted(layer, key=lambda entry_id: layer[entry_id].modified or "")
    return {entry_id: layer[entry_id] for entry_id in order[-most:]}


def _rows(
    featurizer: Featurizer, texts: list[str], pause: Callable[[], None]
) -> Generator[None, None, sp.csr_matrix]:
    parts = []
    for start in range(0, len(texts), SLICE):
        tokens = _tokens(featurizer, texts[start : start + SLICE], pause)
        parts.append(featurizer.rows(tokens))
        yield
    import scipy.sparse as sp

    return sp.vstack(parts, format="csr")


def _tokens(featurizer: Featurizer, texts: Sequence[str], pause: Callable[[], None]) -> Tokens:
    from workbench.learning.features import Tokens

    pieces = []
    for start in range(0, len(texts), TURN_TEXTS):
        pieces.append(featurizer.tokens(texts[start : start + TURN_TEXTS]))
        pause()
    if not pieces:
        return featurizer.tokens([])
    return Tokens(np.concatenate([p.ids for p in pieces]), np.concatenate([p.lengths for p in pieces]))


class _Folded:
    """The models' weights folded into one score column per known word and value (plus the
    bigram weights), all models side by side, so the corpus is scored from one count matrix
    per slice without building wide rows."""

    def __init__(self, models: Sequence[LinearModel]) -> None:
        self.models = list(models)
        self.weights = np.ascontiguousarray(np.vstack([m.coef for m in models]).T)  # (features, values)
        self.intercept = np.concatenate([m.intercept for m in models])
        self.bounds = np.cumsum([0, *(len(m.coef) for m in models)])
        self.per_word = np.zeros((0, self.weights.shape[1]), dtype=np.float32)

    def catch_up(self, featurizer: Featurizer, pause: Callable[[], None]) -> None:
        """Fold in the words read since, a block at a time (one sparse product holds the
        interpreter for its whole length)."""
        known = len(self.per_word)
        if featurizer.words <= known:
            return
        blocks = [self.per_word]
        for start in range(known, featurizer.words, WORD_BLOCK):
            rows = featurizer.word_rows(start, min(start + WORD_BLOCK, featurizer.words))
            blocks.append(np.asarray(rows @ self.weights, dtype=np.float32))
            pause()
        self.per_word = np.vstack(blocks)

    def probabilities(
        self, featurizer: Featurizer, tokens: Tokens, pause: Callable[[], None] = lambda: None
    ) -> list[np.ndarray]:
        """Per model, (texts, its values)."""
        from workbench.learning.features import row_scale

        self.catch_up(featurizer, pause)
        counts = tokens.counts(featurizer.words)
        bigrams = tokens.bigrams(featurizer.hashes())
        wide = np.asarray(counts @ self.per_word[: counts.shape[1]]) + np.asarray(bigrams @ self.weights)
        decision = wide * row_scale(counts, bigrams)[:, None] + self.intercept
        return [
            model.probabilities(decision[:, start:stop])
            for model, start, stop in zip(self.models, self.bounds[:-1], self.bounds[1:], strict=True)
        ]


def _predict(
    models: list[tuple[str, LinearModel, str]],
    entries: Sequence[Entry],
    featurizer: Featurizer,
    pause: Callable[[], None],
    result: RoundResult,
) -> Generator[None, None, None]:
    folded = _Folded([model for _, model, _ in models])
    by_entry = result.by_entry
    margins = result.margins
    for start in range(0, len(entries), SLICE):
        chunk = entries[start : start + SLICE]
        tokens = _tokens(featurizer, [e.text for e in chunk], pause)
        narrowest = np.full(len(chunk), np.inf)
        found: dict[str, list[Scored]] = {}
        for (dimension, model, name), p in zip(
            models, folded.probabilities(featurizer, tokens, pause), strict=True
        ):
            narrowest = np.minimum(narrowest, _margins(p, model.multi))
            rows, columns = np.nonzero(p >= (SHOW_MULTI if model.multi else SHOW_SINGLE))
            values = model.values
            scores = p[rows, columns].tolist()
            for row, column, score in zip(rows.tolist(), columns.tolist(), scores, strict=True):
                found.setdefault(chunk[row].id, []).append(Scored(dimension, values[column], score, name))
        for entry, margin in zip(chunk, narrowest.tolist(), strict=True):
            margins[entry.id] = margin
            suggested = found.get(entry.id)
            if suggested is not None:  # kept as a tuple: untracked by the garbage collector
                by_entry[entry.id] = tuple(sorted(suggested, key=lambda s: -s.score))
        yield


def _margins(probabilities: np.ndarray, multi: bool) -> np.ndarray:
    """How sure the model is per text: single choice, the top value's lead over the next;
    multi, how far the most doubtful value is from a coin toss (scaled to [0, 1])."""
    if multi:
        doubt: np.ndarray = 2 * np.abs(probabilities - 0.5).min(axis=1)
        return doubt
    if probabilities.shape[1] < 2:
        return np.ones(len(probabilities))
    top_two = -np.sort(-probabilities, axis=1)[:, :2]
    lead: np.ndarray = top_two[:, 0] - top_two[:, 1]
    return lead
