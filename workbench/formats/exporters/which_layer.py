"""Which annotation layer an export reads: one annotator, the adjudicated gold layer, a vote, or none.

``gold`` is computed afresh (``core.adjudication.gold_layer``): the coders' agreement and
the reviewer's decisions as they stand, whatever the stored layer last held; entries with
disputes nobody decided yet are listed so the export can warn about them. ``none`` (or
no annotator at all) exports the entries with empty labels: corpus preparation, or
pre-annotation in another tool.

A training corpus needs one answer per entry. When no adjudicated ``gold`` layer exists
yet, a majority vote across annotators is the usual stand-in; it must never hide
disagreement, so every tie is counted per dimension and the tied dimension is left
uncoded rather than settled by an arbitrary rule.

Vote rules (per entry, among annotators with a coded annotation of it):

- ``single`` dimensions: the value chosen by most of the annotators who coded the
  dimension; when two or more values share the top count it is a tie and the dimension
  stays uncoded.
- ``multi`` dimensions: a value is in the majority set when more than half of the
  annotators who coded the dimension chose it; a value chosen by exactly half is a tie
  (left out, counted). An empty majority set leaves the dimension uncoded.
- spans: a span (same start, end, dimension and value) is kept when more than half of
  the annotators of the entry marked it; exactly half is a tie, counted under the span's
  dimension.
- status: ``done`` when more than half of the entry's annotators marked it done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.core.adjudication import GOLD_LAYER, gold_layer
from workbench.core.errors import Cancelled, WorkbenchError, never_cancelled
from workbench.core.filtering import is_coded
from workbench.core.model import Annotation, Project, Span, Status

MAJORITY = "majority"
NO_LAYER = "none"
_CHECK_EVERY = 2000


@dataclass
class ChosenLayer:
    """The annotations an export reads, by entry id, and what the choice had to report."""

    name: str
    annotations: dict[str, Annotation]
    tied: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entry id -> tied dimensions
    not_adjudicated: list[str] = field(default_factory=list)  # gold: entries with undecided disputes

    def ties(self, entry_ids: set[str] | None = None) -> dict[str, int]:
        """Dimension -> number of entries (among ``entry_ids``, default all) with a tie in it."""
        counts: dict[str, int] = {}
        for entry_id, dimensions in self.tied.items():
            if entry_ids is None or entry_id in entry_ids:
                for dimension in dimensions:
                    counts[dimension] = counts.get(dimension, 0) + 1
        return dict(sorted(counts.items()))


def choose_layer(
    project: Project,
    layer: str,
    entry_ids: list[str] | None = None,
    cancelled: Callable[[], bool] = never_cancelled,
) -> ChosenLayer:
    """The layer named ``layer``: an annotator's name, ``gold``, ``majority`` or ``none``.

    An annotator actually named ``majority`` or ``none`` wins over the vote or the empty
    labels, so no layer becomes unreachable. ``entry_ids`` limits the vote to the entries
    being exported.
    """
    if layer == GOLD_LAYER:
        annotations = gold_layer(project)
        waiting = [entry_id for entry_id, ann in annotations.items() if ann.status != "done"]
        return ChosenLayer(GOLD_LAYER, annotations, not_adjudicated=waiting)
    chosen = project.layer(layer)
    if chosen is not None:
        return ChosenLayer(layer, chosen)
    if layer == NO_LAYER:
        return ChosenLayer(NO_LAYER, {})
    if layer == MAJORITY:
        return majority_layer(project, entry_ids, cancelled)
    known = ", ".join(sorted(name for name in project.annotators() if name != GOLD_LAYER)) or "none"
    raise WorkbenchError(
        f"no annotator '{layer}' in the project (annotators: {known}; or gold, majority, none)"
    )


def majority_layer(
    project: Project,
    entry_ids: list[str] | None = None,
    cancelled: Callable[[], bool] = never_cancelled,
) -> ChosenLayer:
    """Vote across every annotator layer except ``gold`` (see the module docstring)."""
    layers = [layer for name, layer in project.read_every_layer().items() if name != GOLD_LAYER]
    kinds = {d.key: d.kind for d in project.codebook.dimensions}
    ids = entry_ids if entry_ids is not None else [e.id for e in project.entries]
    chosen = ChosenLayer(MAJORITY, {})
    for done, entry_id in enumerate(ids):
        if done % _CHECK_EVERY == 0 and cancelled():
            raise Cancelled
        coded = [a for layer in layers if is_coded(a := layer.get(entry_id))]
        if not coded:
            continue
        tied: set[str] = set()
        annotation = _vote(coded, kinds, tied)
        if tied:
            chosen.tied[entry_id] = tuple(sorted(tied))
        if not annotation.is_empty():
            chosen.annotations[entry_id] = annotation
    return chosen


def _vote(coded: list[Annotation], kinds: dict[str, str], tied: set[str]) -> Annotation:
    values: dict[str, str | list[str]] = {}
    dimensions = sorted({d for a in coded for d in a.values}, key=lambda d: (d not in kinds, d))
    for dimension in dimensions:
        choices = [a.values[dimension] for a in coded if dimension in a.values]
        if kinds.get(dimension) == "multi" or any(isinstance(c, list) for c in choices):
            counts = Counter(v for c in choices for v in set(c if isinstance(c, list) else [c]))
            half = len(choices) / 2
            kept = sorted(v for v, n in counts.items() if n > half)
            if any(n == half for n in counts.values()):
                tied.add(dimension)
            if kept:
                values[dimension] = kept
        else:
            ranked = Counter(choices).most_common()
            if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
                tied.add(dimension)
            else:
                values[dimension] = ranked[0][0]
    span_counts = Counter(key for a in coded for key in set_of_spans(a))
    half = len(coded) / 2
    spans = [Span(*key) for key, n in sorted(span_counts.items()) if n > half]
    tied.update(key[2] for key, n in span_counts.items() if n == half)
    done_votes = sum(a.status == "done" for a in coded)
    status: Status = "done" if done_votes > half else "todo"
    return Annotation(values=values, spans=spans, status=status)


def set_of_spans(annotation: Annotation) -> set[tuple[int, int, str, str]]:
    """An annotator's spans without repeats, so a doubled span is not two votes."""
    return {(s.start, s.end, s.dimension, s.value) for s in annotation.spans}
