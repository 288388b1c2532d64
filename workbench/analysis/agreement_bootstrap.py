"""How sure alpha is, and where disagreement comes from: bootstrap interval and diagnostics.

**Interval** (Hayes & Krippendorff 2007; Krippendorff's algorithm for bootstrapping alpha):
the coincidence table of the data is the population of pairable pairs. Each resample draws
as many pairs as the data hold within units (sum_u m_u (m_u - 1) / 2), with replacement,
each cell with probability o_ck / n; its observed disagreement is the mean distance of the
drawn pairs, and the expected disagreement stays the data's own, so

    alpha* = 1 - D_o* / D_e.

One resample is one multinomial draw of cell counts, so 1,000 resamples are one
``Generator.multinomial`` call and one matrix product: no loop over resamples or units.
The interval is the percentile interval of the alpha* values; P(alpha < t) is the share of
resamples below ``t``. Perfect agreement puts every pair in a zero-distance cell, so every
alpha* is 1 and the interval is the point.

Resampling pairs treats the pairs of one unit as independent, which they are not with
three or more values per unit: the interval is then too narrow. ``method="units"``
resamples whole units instead (``resampled_unit_alphas``).

**Diagnostics**: the coincidence matrix, each value's share of the observed disagreement,
and each coder against the rest (alpha without the coder; alpha of the coder's pairs only).

**Drift**: alpha and each coder's value counts per ISO week of the codings' times.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from workbench.analysis.agreement_alpha import AlphaParts, alpha_parts, krippendorff_alpha, set_distance
from workbench.analysis.reliability_data import MISSING, Figure, ReliabilityData

#: Krippendorff's thresholds: rely on data from .800, draw tentative conclusions from .667.
THRESHOLDS = (0.667, 0.800)
DEFAULT_RESAMPLES = 1000
#: "pairs": Krippendorff's algorithm (the default); "units": whole units resampled.
RESAMPLING = ("pairs", "units")
#: Cap on resamples x cells of one multinomial block, to bound memory on many distinct sets.
_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class AlphaInterval:
    """A bootstrapped interval for alpha, or why there is none (``low`` None, ``reason``)."""

    alpha: Figure
    low: float | None
    high: float | None
    #: Share of resamples with alpha below each threshold, in THRESHOLDS order.
    below: tuple[float, ...]
    resamples: int
    confidence: float
    reason: str | None = None
    method: str = "pairs"  # what was resampled: "pairs" (Krippendorff) or "units"


def bootstrap_alpha(
    data: ReliabilityData,
    level: str = "nominal",
    distance: str = "masi",
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int | None = None,
    confidence: float = 0.95,
    rng: np.random.Generator | None = None,
    method: str = "pairs",
) -> AlphaInterval:
    """The percentile interval of alpha and P(alpha < each threshold) from ``resamples``.

    ``method`` "pairs" is Krippendorff's algorithm; "units" resamples whole units instead
    (see ``resampled_unit_alphas``), for three or more coders per unit.
    """
    if method not in RESAMPLING:
        raise ValueError(f"unknown resampling {method!r}")
    parts = alpha_parts(data, level, distance)
    if isinstance(parts, Figure):
        return AlphaInterval(parts, None, None, (), resamples, confidence, parts.reason, method)
    point = Figure(parts.alpha(), parts.units)
    generator = rng or np.random.default_rng(seed)
    if method == "units":
        draws = resampled_unit_alphas(data, parts, resamples, generator, distance)
    else:
        draws = resampled_alphas(parts, resamples, generator)
    tail = (1.0 - confidence) / 2.0
    low, high = (float(q) for q in np.quantile(draws, [tail, 1.0 - tail]))
    below = tuple(float((draws < t).mean()) for t in THRESHOLDS)
    return AlphaInterval(point, low, high, below, resamples, confidence, None, method)


def resampled_alphas(parts: AlphaParts, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """alpha* of each resample: multinomial cell counts of ``parts.pairs`` drawn pairs."""
    used = parts.weight > 0
    weight, dist = parts.weight[used], parts.distance[used]
    if not dist.any():  # every pair agrees: nothing to resample (and no float noise)
        return np.ones(resamples)
    probabilities = weight / weight.sum()
    expected = parts.expected / (parts.n * (parts.n - 1.0))  # D_e
    step = max(1, _BLOCK_CELLS // len(weight))
    out = np.empty(resamples)
    for start in range(0, resamples, step):
        count = min(step, resamples - start)
        cells = rng.multinomial(parts.pairs, probabilities, size=count)
        out[start : start + count] = 1.0 - (cells @ dist) / parts.pairs / expected
    return out


def resampled_unit_alphas(
    data: ReliabilityData, parts: AlphaParts, resamples: int, rng: np.random.Generator, distance: str = "masi"
) -> np.ndarray:
    """alpha* of each resample of whole pairable units, drawn with replacement.

    The pairs of one unit share its value, so drawing them as independent pairs (the
    default) understates the spread when units hold three or more values; drawing units
    keeps them together. Each unit's share of sum o_ck d(c, k) and its values' counts are
    computed once; a resample is a multinomial count of units, and its observed and (for
    single-valued data) expected disagreement are matrix products of those counts. The
    distances stay the data's own (the ordinal metric's marginals included); for
    multi-valued data the expected disagreement does too.
    """
    codes = data.codes[:, (data.codes != MISSING).sum(axis=0) >= 2]
    present = codes != MISSING
    per_unit = present.sum(axis=0)
    units = codes.shape[1]
    observed = np.zeros(units)
    size = data.n_values
    dense = None
    if not data.multi:
        dense = np.zeros((size, size))
        dense[parts.first, parts.second] = parts.distance
        per_value = np.zeros((units, size))  # each unit's count of each value
        for c in range(codes.shape[0]):
            np.add.at(per_value, (np.flatnonzero(present[c]), codes[c, present[c]]), 1.0)
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            both = np.flatnonzero(present[i] & present[j])
            a, b = codes[i, both], codes[j, both]
            if dense is not None:
                d = dense[a, b]
            else:
                assert data.membership is not None
                d = set_distance(data.membership, a, b, distance)
            observed[both] += 2.0 * d / (per_unit[both] - 1)
    out = np.empty(resamples)
    step = max(1, _BLOCK_CELLS // max(units, size))
    for start in range(0, resamples, step):
        count = min(step, resamples - start)
        drawn = rng.multinomial(units, np.full(units, 1.0 / units), size=count).astype(np.float64)
        n = drawn @ per_unit
        o = drawn @ observed
        if dense is not None:
            marginals = drawn @ per_value
            expected = np.einsum("xv,vw,xw->x", marginals, dense, marginals)
            with np.errstate(divide="ignore", invalid="ignore"):
                out[start : start + count] = np.where(expected > 0, 1.0 - (n - 1.0) * o / expected, 1.0)
        else:
            fixed = parts.expected / (parts.n * (parts.n - 1.0))
            out[start : start + count] = 1.0 - o / n / fixed
    return out


@dataclass(frozen=True)
class CoderAgainstRest:
    coder: str
    #: Alpha of the other coders alone: higher than the whole means this coder lowers it.
    without: Figure
    #: Alpha over only the pairs this coder is part of.
    versus_rest: Figure


@dataclass(frozen=True)
class Diagnostics:
    """Which values coders confuse and which coder stands apart."""

    labels: list[str]
    #: o_ck (labels x labels) for single-valued data; None for multi-valued data.
    coincidences: np.ndarray | None
    #: Each label's share of the observed disagreement (sums to 1 when there is any).
    contributions: dict[str, float]
    coders: list[CoderAgainstRest]


def diagnostics(data: ReliabilityData, level: str = "nominal", distance: str = "masi") -> Diagnostics | None:
    """Per-value and per-coder diagnostics, or None when alpha is undefined."""
    parts = alpha_parts(data, level, distance)
    if isinstance(parts, Figure):
        return None
    args = {"distance": distance} if data.multi else {"level": level}
    labels = [data.label(v) for v in range(data.n_values)]
    share = parts.weight * parts.distance
    per_value = np.bincount(parts.first, weights=share, minlength=data.n_values)
    per_value += np.bincount(parts.second, weights=share, minlength=data.n_values)
    total = per_value.sum()
    contributions = {
        labels[v]: float(per_value[v] / total) if total > 0 else 0.0
        for v in range(data.n_values)
        if per_value[v] > 0 or total == 0
    }
    coincidences = None
    if not data.multi:
        coincidences = np.zeros((data.n_values, data.n_values))
        coincidences[parts.first, parts.second] = parts.weight
    coders = []
    for i, name in enumerate(data.coders):
        others = [j for j in range(len(data.coders)) if j != i]
        coders.append(
            CoderAgainstRest(
                name,
                krippendorff_alpha(data.subset(others), **args),
                krippendorff_alpha(_against_rest(data, i), **args),
            )
        )
    return Diagnostics(labels, coincidences, contributions, coders)


def _against_rest(data: ReliabilityData, coder: int) -> ReliabilityData:
    """Two-coder data whose units are each (this coder, another coder) pair of a unit, so
    alpha measures the coder against everyone else and ignores pairs without them."""
    others = [j for j in range(len(data.coders)) if j != coder]
    mine = np.tile(data.codes[coder], len(others))
    theirs = data.codes[others].ravel() if others else np.empty(0, dtype=data.codes.dtype)
    codes = np.vstack([mine, theirs])
    keep = (codes != MISSING).all(axis=0)
    return replace(
        data,
        coders=[data.coders[coder], "others"],
        units=np.arange(int(keep.sum())),
        codes=codes[:, keep],
        columns=None,
    )


@dataclass(frozen=True)
class WeekDrift:
    """One ISO coding week: alpha over the units completed that week, and each coder's
    value counts of the codings they made that week."""

    week: str  # "2026-W49"
    alpha: Figure
    values: dict[str, dict[str, int]]


def iso_week(modified: str | None, cache: dict[str, str]) -> str:
    """The ISO week ("2026-W49") of an annotation's ``modified`` time, "" when undated or
    unreadable; ``cache`` keeps one parse per calendar day."""
    if not modified or len(modified) < 10:
        return ""
    day = modified[:10]
    week = cache.get(day)
    if week is None:
        try:
            year, number, _ = date.fromisoformat(day).isocalendar()
            week = f"{year}-W{number:02d}"
        except ValueError:
            week = ""
        cache[day] = week
    return week


def coder_drift(
    data: ReliabilityData, weeks: np.ndarray, level: str = "nominal", distance: str = "masi"
) -> list[WeekDrift]:
    """Alpha and value counts per coding week.

    ``weeks[c, u]`` is the week of coder c's annotation of unit u ("" if undated). A unit
    counts for alpha in the week its last coding was made, when its reliability data became
    complete, so a coder who drifts lowers the alpha of the weeks they drifted in.
    """
    args = {"distance": distance} if data.multi else {"level": level}
    coded = data.codes != MISSING
    dated = np.where(coded, weeks, "")
    last = dated.max(axis=0) if len(data.coders) else np.empty(0, dtype=str)
    out = []
    for week in sorted(set(dated[coded].tolist()) - {""}):
        in_week = last == week
        sub = replace(data, units=data.units[in_week], codes=data.codes[:, in_week], columns=None)
        values = {}
        for c, name in enumerate(data.coders):
            ids = data.codes[c][coded[c] & (dated[c] == week)]
            counts = np.bincount(ids, minlength=data.n_values)
            values[name] = {data.label(v): int(counts[v]) for v in np.flatnonzero(counts).tolist()}
        out.append(WeekDrift(week, krippendorff_alpha(sub, **args), values))
    return out
