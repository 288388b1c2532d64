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

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from workbench.core.code_matching import value_holds
from workbench.core.model import Project
from workbench.core.provenance import is_blind
from workbench.core.undoable import Change
from workbench.index.mentions import ALIAS, Mention, MentionFinder

#: "on": suggestions shown; "too few": too few coded entries per value to train;
#: "not better": held-out accuracy not above the majority baseline; "waiting": no round
#: trained yet; "predictions": imported predictions, shown as they are.
QualityStatus = Literal["on", "too few", "not better", "waiting", "predictions"]


#: How sure an alias find is: a name the codebook gives the value, rarely another's.
ALIAS_SCORE = 0.9


@dataclass(frozen=True)
class Suggestion:
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
    by_entry: dict[str, list[Suggestion]] = field(default_factory=dict)
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
            s for s in self._round.by_entry.get(entry_id, []) if s.dimension not in covered
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
        """The best suggestion's score on the entry; None when nothing is suggested."""
        best = self._round.by_entry.get(entry_id)
        return max(s.score for s in best) if best else None

    def margin(self, entry_id: str) -> float | None:
        """How undecided the models are on the entry (smaller: less sure); None: no model."""
        return self._round.margins.get(entry_id)

    def dismiss(self, entry_id: str, dimension: str, value: str) -> None:
        self._dismissed.add((entry_id, dimension, value))

    def publish(self, round_: SuggestionRound) -> None:
        self._round = round_
        self.generation += 1

    def note_change(self, change: Change) -> None:
        """Entries added or removed: their suggestions are dropped until the next round."""
        self._mentions.note_change(change)
        if change.entries_added_or_removed:
            known = {e.id for e in self.project.entries}
            self._round.by_entry = {k: v for k, v in self._round.by_entry.items() if k in known}

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

    #: ``confidences()`` with the generation and entry positions it was made for.
    _confidences: tuple[int, dict[str, int], np.ndarray] | None = None

    def confidences(self) -> np.ndarray:
        """``confidence`` of every entry by its place in ``project.entries`` (NaN: nothing
        suggested), kept per round and entry list: filtering or sorting 150,000 entries by it
        would otherwise ask 150,000 times on every filter change."""
        positions = self.project.positions()
        kept = self._confidences
        if kept is None or kept[0] != self.generation or kept[1] is not positions:
            scores = [self.confidence(e.id) for e in self.project.entries]
            array = np.array([np.nan if s is None else s for s in scores], float)
            kept = self._confidences = (self.generation, positions, array)
        return kept[2]

    def mentions(self, entry_id: str, annotator: str) -> list[Mention]:
        """Stretches of the entry's text that may be a codebook value, in text order: its
        aliases and text the annotator marked elsewhere, not overlapping what is marked on
        this entry; nothing for a blind annotator."""
        if is_blind(self.project, annotator):
            return []
        return self._mentions.find(entry_id, annotator)

    def _alias_suggestions(self, entry_id: str, annotator: str) -> list[Suggestion]:
        """Values of single and multi dimensions whose alias is in the entry's text."""
        codebook = self.project.codebook
        return [
            Suggestion(m.dimension, m.value, ALIAS_SCORE, "alias", m.phrase)
            for m in self._mentions.find(entry_id, annotator)
            if m.why == ALIAS and (d := codebook.dimension(m.dimension)) is not None and d.kind != "span"
        ]
