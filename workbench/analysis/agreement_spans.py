"""Span agreement between two annotators: precision, recall and F1 per code.

Coder A is taken as the reference, so precision is the share of B's spans that A also
marked and recall the share of A's spans B also marked; F1 is symmetric for exact match.
A span matches exactly when start, end and code are equal, and by overlap when it shares
at least one character with a span of the same code. Only entries both annotators have
an annotation for count: an entry one of them never opened says nothing about agreement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.analysis.reliability_data import Figure
from workbench.core.model import Annotation

Interval = tuple[int, int]


@dataclass(frozen=True)
class SpanScores:
    """One code's scores for a pair of annotators, by exact and by overlap match."""

    code: str  # "dimension:value"
    spans_a: int
    spans_b: int
    exact: tuple[Figure, Figure, Figure]  # precision, recall, F1
    overlap: tuple[Figure, Figure, Figure]


def _overlaps(span: Interval, others: list[Interval]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _scores(
    matched_b: int, total_b: int, matched_a: int, total_a: int, units: int
) -> tuple[Figure, Figure, Figure]:
    precision = (
        Figure(matched_b / total_b, units)
        if total_b
        else Figure.undefined("the second annotator marked none", units)
    )
    recall = (
        Figure(matched_a / total_a, units)
        if total_a
        else Figure.undefined("the first annotator marked none", units)
    )
    if precision.value is None or recall.value is None:
        f1 = Figure.undefined("precision or recall is undefined", units)
    elif precision.value + recall.value == 0:
        f1 = Figure(0.0, units)
    else:
        f1 = Figure(2 * precision.value * recall.value / (precision.value + recall.value), units)
    return precision, recall, f1


def span_agreement(
    layer_a: Mapping[str, Annotation], layer_b: Mapping[str, Annotation], dimension: str | None = None
) -> tuple[int, list[SpanScores]]:
    """Per-code scores over the entries both annotators annotated, and how many those are."""
    shared = [unit for unit in layer_a if unit in layer_b]
    by_code_a: dict[str, dict[str, list[Interval]]] = defaultdict(lambda: defaultdict(list))
    by_code_b: dict[str, dict[str, list[Interval]]] = defaultdict(lambda: defaultdict(list))
    for unit in shared:
        for layer, target in ((layer_a, by_code_a), (layer_b, by_code_b)):
            for span in layer[unit].spans:
                if dimension is None or span.dimension == dimension:
                    target[f"{span.dimension}:{span.value}"][unit].append((span.start, span.end))
    results: list[SpanScores] = []
    for code in sorted(set(by_code_a) | set(by_code_b)):
        units_a, units_b = by_code_a.get(code, {}), by_code_b.get(code, {})
        total_a = sum(len(v) for v in units_a.values())
        total_b = sum(len(v) for v in units_b.values())
        exact_b = sum(len(set(spans) & set(units_a.get(u, []))) for u, spans in units_b.items())
        exact_a = sum(len(set(spans) & set(units_b.get(u, []))) for u, spans in units_a.items())
        over_b = sum(_overlaps(s, units_a.get(u, [])) for u, spans in units_b.items() for s in spans)
        over_a = sum(_overlaps(s, units_b.get(u, [])) for u, spans in units_a.items() for s in spans)
        results.append(
            SpanScores(
                code,
                total_a,
                total_b,
                _scores(exact_b, total_b, exact_a, total_a, len(shared)),
                _scores(over_b, total_b, over_a, total_a, len(shared)),
            )
        )
    return len(shared), results
