"""``SuggestionParts``: the suggestions of an open project, one derived view of it.

Owned by ``ProjectIndex.suggestions`` and told of changes only through ``note_change``,
like every other part. What it holds is never saved: the local models per dimension,
their held-out quality, the corpus's predictions, and the suggestions dismissed this
session. The models are trained by a preparation step (``index/plan``) on the runner's
worker thread; the tag panel asks ``for_entry`` on every entry switch (a lookup).

API (filled in by the training work; the window codes against it):
- ``for_entry(entry_id, annotator)``: what to suggest on one entry, best first, without
  values the annotator has coded or dismissed; nothing for a blind annotator.
- ``quality()``: per dimension, whether suggestions are on and the figures behind it.
- ``confidence(entry_id)`` / ``margin(entry_id)``: for sorting and the uncertainty queue.
- ``dismiss``: the analyst rejected a suggestion on an entry (this session).
- ``publish``: the training step hands over a finished round of models and predictions.
- ``generation``: bumped on every publish, so a view knows to refresh.
- ``mentions(entry_id, annotator)``: names in the text a codebook value goes by (its
  aliases, or text the annotator marked elsewhere), for the entry view to underline
  (``index/mentions``); alias finds are also suggested (source "alias") by ``for_entry``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal

import msgspec
import numpy as np

from workbench.core.code_matching import value_holds
from workbench.core.model import Project
from workbench.core.provenance import is_blind, learnable
from workbench.core.undoable import Change
from workbench.index.gil import PAUSE
from workbench.index.mentions import ALIAS, Mention, MentionFinder

if TYPE_CHECKING:
    from workbench.learning.features import Featurizer
    from workbench.learning.rounds import RoundResult

#: New learnable codes of the trained annotator after which the models are trained again.
RETRAIN_EVERY = 20
#: Seconds a round sleeps after the analyst's last action (``SuggestionParts.hold_back``).
HOLD_BACK_S = 0.3

#: "on": suggestions shown; "too few": too few coded entries per value to train;
#: "not better": held-out accuracy not above the majority baseline; "waiting": no round
#: trained yet; "predictions": imported predictions, shown as they are.
QualityStatus = Literal["on", "too few", "not better", "waiting", "predictions"]


#: How sure an alias find is: a name the codebook gives the value, rarely another's.
ALIAS_SCORE = 0.9


class Suggestion(msgspec.Struct, frozen=True, gc=False):
    """One suggested value on one entry. A struct the garbage collector does not track: a
    round holds one or more per entry (half a million at 150,000 entries), and tracked
    objects made every collection of the window's process walk them all, holding the
    interpreter for a third of a second (``benchmarks/bench_suggest.py``)."""

    dimension: str
    value: str
    #: Confidence in [0, 1].
    score: float
    #: "model", "predictions" or "alias" (``Provenance.source``).
    source: str
    #: What proposed it (``Provenance.version``): "stance#3", a predictions source, an alias.
    version: str


@dataclass(frozen=True)
class DimensionQuality:
    """One dimension's model as the analyst should judge it (the Suggestions panel, the CLI)."""

    dimension: str
    status: QualityStatus
    #: Coded entries (learnable values) the figures rest on.
    coded: int
    accuracy: float | None = None
    macro_f1: float | None = None
    baseline_accuracy: float | None = None
    baseline_macro_f1: float | None = None
    folds: int = 0
    version: str = ""
    #: One line for the panel: why suggestions are withheld, or what they rest on.
    message: str = ""


@dataclass
class SuggestionRound:
    """What one training round produced, handed over whole by ``publish``."""

    #: entry id -> suggestions, best first (every value above the showing threshold).
    #: (A round's own are tuples: untracked by the garbage collector, see ``Suggestion``.)
    by_entry: dict[str, Sequence[Suggestion]] = field(default_factory=dict)
    quality: list[DimensionQuality] = field(default_factory=list)
    #: entry id -> the smallest margin (top score minus the next) over the dimensions
    #: with a model: the "next most uncertain" queue takes the smallest.
    margins: dict[str, float] = field(default_factory=dict)


class SuggestionParts:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.generation = 0
        self._round = SuggestionRound()
        self._dismissed: set[tuple[str, str, str]] = set()
        #: Training rounds begun (the model version is "<dimension>#<round>").
        self.rounds = 0
        #: Whose layer the models learn from (set when a round is planned), and that
        #: annotator's entries coded with something learnable since.
        self.annotator: str | None = None
        self.codes_since_round = 0
        #: Bumped when entries are added or removed or the project closes: a round begun
        #: before then gives up instead of publishing predictions for the wrong entries.
        self._epoch = 0
        self._featurizer: Featurizer | None = None  # its word memo is kept between rounds
        self._held_until = 0.0  # monotonic time until which a round sleeps (``hold_back``)
        self._pausing_epoch = 0  # the epoch of the round under way: a closed one stops holding
        self._mentions = MentionFinder(project)

    def for_entry(self, entry_id: str, annotator: str) -> list[Suggestion]:
        """Everything suggested on the entry, best first: imported predictions first for a
        dimension they cover, then the local model's; none of what the annotator has coded
        or dismissed there; nothing at all for a blind annotator."""
        if is_blind(self.project, annotator):
            return []
        annotation = self.project.annotation(annotator, entry_id)
        imported = self._imported(entry_id)
        covered = {s.dimension for s in imported}
        candidates = imported + [
            s for s in self._round.by_entry.get(entry_id, ()) if s.dimension not in covered
        ]
        candidates += self._alias_suggestions(entry_id, annotator)
        shown: dict[tuple[str, str], Suggestion] = {}
        for s in candidates:
            if (entry_id, s.dimension, s.value) in self._dismissed or (s.dimension, s.value) in shown:
                continue
            if value_holds(annotation.values.get(s.dimension) if annotation else None, s.value):
                continue
            shown[s.dimension, s.value] = s
        return sorted(shown.values(), key=lambda s: -s.score)

    def _imported(self, entry_id: str) -> list[Suggestion]:
        predictions = self.project.predictions
        if predictions is None:
            return []
        return [
            Suggestion(dimension, value, score, "predictions", predictions.source)
            for dimension, scores in predictions.scores.get(entry_id, {}).items()
            for value, score in scores.items()
        ]

    def quality(self) -> list[DimensionQuality]:
        return list(self._round.quality)

    def confidence(self, entry_id: str) -> float | None:
        """The best suggestion's score on the entry, the local model's or an imported one;
        None when nothing is suggested."""
        best = self._round.by_entry.get(entry_id)
        score = max(s.score for s in best) if best else None
        predictions = self.project.predictions
        by_dimension = predictions.scores.get(entry_id) if predictions is not None else None
        if by_dimension:
            # A list, not a generator: the confidence array asks this of every entry.
            imported = max([max(scores.values()) for scores in by_dimension.values() if scores], default=None)
            if imported is not None:
                score = imported if score is None else max(score, imported)
        return score

    def margin(self, entry_id: str) -> float | None:
        """How undecided the models are on the entry (smaller: less sure); None: no model."""
        return self._round.margins.get(entry_id)

    def dismiss(self, entry_id: str, dimension: str, value: str) -> None:
        self._dismissed.add((entry_id, dimension, value))

    def publish(self, round_: SuggestionRound) -> None:
        self._round = round_
        self.generation += 1

    def note_change(self, change: Change) -> None:
        """Entries added or removed: their suggestions are dropped until the next round (and
        a round under way gives up). The trained annotator's entries coded with something
        the model may learn from count towards the next round (``wants_round``)."""
        self._mentions.note_change(change)
        if change.predictions:
            self._confidences = None
        if change.entries_added_or_removed:
            self._epoch += 1
            self._confidences = None
            known = {e.id for e in self.project.entries}
            self._round.by_entry = {k: v for k, v in self._round.by_entry.items() if k in known}
        if self.annotator is not None and self.annotator in change.annotators:
            learned = [d.key for d in self.project.codebook.dimensions if d.kind in ("single", "multi")]
            for entry_id in change.entry_ids:
                annotation = self.project.annotation(self.annotator, entry_id)
                if any(learnable(annotation, key) for key in learned):
                    self.codes_since_round += 1

    def wants_round(self) -> bool:
        """Whether enough was coded since the last round for the models to learn it."""
        return self.codes_since_round >= RETRAIN_EVERY

    def planned(self, annotator: str) -> None:
        """A round for ``annotator`` was planned: count new codes from here."""
        self.annotator = annotator
        self.codes_since_round = 0

    def close(self) -> None:
        """The project is closed or replaced: a round under way gives up."""
        self._epoch += 1

    def training(self, annotator: str, predict: bool = True) -> Iterator[None]:
        """One round (``learning/rounds``) on ``annotator``'s layer, published when it ends
        unless entries changed or the project closed meanwhile. Yields between slices, so
        the runner can cancel it; off the window's thread it pauses now and then so the
        window's thread gets the interpreter (``index/gil``).

        The entries and the layer are copied first (one step each, under the interpreter
        lock), since the window's thread goes on coding while the round runs."""
        from workbench.learning.rounds import train_round

        epoch = self._pausing_epoch = self._epoch
        self.rounds += 1
        number = self.rounds
        entries = list(self.project.entries)
        layer = dict(self.project.layer(annotator) or {})
        round_ = train_round(
            self.project.codebook.dimensions, entries, layer, number, self._featurizer, self._pause, predict
        )
        result = yield from round_
        if self._epoch != epoch:
            return
        self._featurizer = result.featurizer
        converted = yield from _as_round(result, self._pause)
        if self._epoch == epoch:
            self.publish(converted)

    def hold_back(self) -> None:
        """The analyst just did something (a key press, another entry): a round on the
        worker sleeps at its next pauses for ``HOLD_BACK_S``, so the window's thread has the
        interpreter to itself while someone is at work (the round measured twice the
        window's switching time otherwise, ``benchmarks/bench_window.py``)."""
        self._held_until = time.monotonic() + HOLD_BACK_S

    def _pause(self) -> None:
        """Let the window's thread have the interpreter for a moment (see ``index/gil``), or
        for as long as the analyst is at work (``hold_back``); never on the window's thread."""
        if threading.current_thread() is threading.main_thread():
            return
        time.sleep(PAUSE)
        while time.monotonic() < self._held_until and self._epoch == self._pausing_epoch:
            time.sleep(HOLD_BACK_S / 10)

    def model_suggestions(self, entry_id: str) -> list[Suggestion]:
        """The local models' suggestions on the entry as predicted, coded values and all
        (``workbench-cli suggest -o`` writes these)."""
        return list(self._round.by_entry.get(entry_id, []))

    #: The round's entry ids by margin, with the generation they were sorted for.
    _by_margin: tuple[int, list[str]] | None = None

    def least_certain_first(self) -> list[str]:
        """Entry ids with a margin, least certain first (ties in the round's order): the
        uncertainty queue walks it on every key press, so it is sorted once per round."""
        if self._by_margin is None or self._by_margin[0] != self.generation:
            margins = self._round.margins
            self._by_margin = (self.generation, sorted(margins, key=margins.__getitem__))
        return self._by_margin[1]

    def offered(self) -> bool:
        """Whether there is anything to suggest at all (a round published, or imported
        predictions): until then the window keeps its confidence column and filter out of the way."""
        return self.generation > 0 or self.project.predictions is not None

    #: ``confidences()`` with the generation it was made for; dropped when entries or the
    #: imported predictions change.
    _confidences: tuple[int, np.ndarray] | None = None

    def confidences(self) -> np.ndarray:
        """``confidence`` of every entry by its place in ``project.entries`` (NaN: nothing
        suggested), kept per round and entry list: filtering or sorting 150,000 entries by it
        would otherwise ask 150,000 times on every filter change."""
        kept = self._confidences
        if kept is None or kept[0] != self.generation:
            scores = [self.confidence(e.id) for e in self.project.entries]
            array = np.array([np.nan if s is None else s for s in scores], float)
            kept = self._confidences = (self.generation, array)
        return kept[1]

    def mentions(self, entry_id: str, annotator: str) -> list[Mention]:
        """Stretches of the entry's text that may be a codebook value, in text order: its
        aliases and text the annotator marked elsewhere, not overlapping what is marked on
        this entry; nothing for a blind annotator."""
        if is_blind(self.project, annotator):
            return []
        return self._mentions.find(entry_id, annotator)

    def wants_alias_table(self) -> bool:
        """Whether the plan should build the alias table (``MENTION_TABLES``): a large
        codebook, just opened or edited."""
        return self._mentions.wants_worker()

    def preparing_mentions(self) -> Iterator[None]:
        """The plan's ``MENTION_TABLES`` step: a large codebook's alias table, on the worker."""
        return self._mentions.preparing()

    def _alias_suggestions(self, entry_id: str, annotator: str) -> list[Suggestion]:
        """Values of single and multi dimensions whose alias is in the entry's text."""
        codebook = self.project.codebook
        return [
            Suggestion(m.dimension, m.value, ALIAS_SCORE, "alias", m.phrase)
            for m in self._mentions.find(entry_id, annotator)
            if m.why == ALIAS and (d := codebook.dimension(m.dimension)) is not None and d.kind != "span"
        ]


def _as_round(result: RoundResult, pause: Callable[[], None]) -> Generator[None, None, SuggestionRound]:
    """The learning package's round in the terms the window reads (half a million
    suggestions at 150,000 entries: made in slices, pausing like the round itself)."""
    by_entry: dict[str, Sequence[Suggestion]] = {}
    for count, (entry_id, scored) in enumerate(result.by_entry.items(), 1):
        by_entry[entry_id] = tuple(
            Suggestion(s.dimension, s.value, s.score, "model", s.version) for s in scored
        )
        if count % 256 == 0:
            pause()
            yield
    return SuggestionRound(
        by_entry=by_entry,
        quality=[
            DimensionQuality(dimension, version=version, **asdict(quality))
            for dimension, quality, version in result.qualities
        ],
        margins=result.margins,
    )
