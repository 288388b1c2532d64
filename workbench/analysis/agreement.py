"""Agreement between annotators of a project: every figure per dimension and per pair.

This is what the ``agree`` command prints and the review window's report shows. It reads
layers only (no Qt, no files), so the CLI, the window and the benchmark share one path.
The ``gold`` layer of adjudicated values is left out unless asked for by name: it is the
outcome of a review, not another coder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from workbench.analysis.agreement_alpha import LEVELS, SET_DISTANCES, krippendorff_alpha
from workbench.analysis.agreement_bootstrap import (
    RESAMPLING,
    THRESHOLDS,
    AlphaInterval,
    Diagnostics,
    WeekDrift,
    bootstrap_alpha,
    coder_drift,
    diagnostics,
    iso_week,
)
from workbench.analysis.agreement_kappa import cohen_kappa, confusion_matrix, fleiss_kappa, percent_agreement
from workbench.analysis.agreement_spans import SpanScores, span_agreement
from workbench.analysis.reliability_data import MISSING, Figure, Layout, ReliabilityData, collect, read_plan
from workbench.core.adjudication import GOLD_LAYER
from workbench.core.errors import Cancelled, WorkbenchError, never_cancelled, no_progress
from workbench.core.model import Annotation, Project


@dataclass
class PairReport:
    coders: tuple[str, str]
    percent: Figure
    cohen: Figure
    alpha: Figure
    values: list[str]
    confusion: np.ndarray


@dataclass
class DimensionReport:
    dimension: str
    kind: str  # "single" or "multi"
    level: str  # the alpha level, or for multi-valued dimensions the set distance
    coders: list[str]
    units: int  # units at least one coder coded
    percent: Figure
    cohen: Figure
    fleiss: Figure
    alpha: Figure
    pairs: list[PairReport] = field(default_factory=list)
    #: Filled only when a bootstrap is asked for (``project_agreement(bootstrap=N)``).
    interval: AlphaInterval | None = None
    diagnostics: Diagnostics | None = None
    drift: list[WeekDrift] = field(default_factory=list)
    #: Units compared (two or more coders) where some coder's value came from a suggestion
    #: (``Annotation.assisted``), counted before any were left out.
    assisted_units: int = 0


@dataclass
class SpanPairReport:
    coders: tuple[str, str]
    units: int
    codes: list[SpanScores]


@dataclass
class AgreementReport:
    dimensions: list[DimensionReport]
    spans: list[SpanPairReport]
    #: The figures leave out units with suggestion-assisted values (``exclude_assisted``).
    assisted_left_out: bool = False


def dimension_report(
    data: ReliabilityData,
    level: str,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
    weeks: np.ndarray | None = None,
    resample: str = "pairs",
) -> DimensionReport:
    """All figures for one dimension; ``level`` is a set distance for multi-valued data.

    ``bootstrap`` resamples (with ``rng``) add the interval and the diagnostics, and with
    ``weeks`` (coders x units ISO weeks of the codings) the drift by coding week.
    """
    alpha_args = {"distance": level} if data.multi else {"level": level}
    pairs = []
    for i, j in combinations(range(len(data.coders)), 2):
        pair = data.subset([i, j])
        values, table = confusion_matrix(pair)
        pairs.append(
            PairReport(
                (data.coders[i], data.coders[j]),
                percent_agreement(pair),
                cohen_kappa(pair),
                krippendorff_alpha(pair, **alpha_args),
                values,
                table,
            )
        )
    report = DimensionReport(
        dimension=data.dimension,
        kind="multi" if data.multi else "single",
        level=level,
        coders=list(data.coders),
        units=len(data.units),
        percent=percent_agreement(data),
        cohen=cohen_kappa(data),
        fleiss=fleiss_kappa(data),
        alpha=krippendorff_alpha(data, **alpha_args),
        pairs=pairs,
    )
    if bootstrap > 0:
        scalar, sets = ("nominal", level) if data.multi else (level, "masi")
        report.interval = bootstrap_alpha(data, scalar, sets, resamples=bootstrap, rng=rng, method=resample)
        report.diagnostics = diagnostics(data, scalar, sets)
        if weeks is not None:
            report.drift = coder_drift(data, weeks, scalar, sets)
    return report


def coding_weeks(layers: Mapping[str, Mapping[str, Annotation]], data: ReliabilityData) -> np.ndarray:
    """coders x units: the ISO week of each coder's annotation of each unit ("" if none)."""
    cache: dict[str, str] = {}
    rows = []
    for name in data.coders:
        get = layers[name].get
        rows.append([iso_week(ann.modified, cache) if (ann := get(u)) else "" for u in data.units.tolist()])
    return np.array(rows, dtype=object).reshape(len(data.coders), len(data.units))


def choose_coders(project: Project, annotators: Sequence[str] | None) -> list[str]:
    if annotators:
        missing = [a for a in annotators if not project.has_layer(a)]
        if missing:
            have = ", ".join(project.annotators()) or "none"
            raise WorkbenchError(f"no annotator '{missing[0]}' in the input (have: {have})")
        return list(annotators)
    return [name for name in project.annotators() if name != GOLD_LAYER]


def coded_dimensions(project: Project, coders: Sequence[str]) -> list[str]:
    """The codebook's non-span dimensions, then any other dimension found in the layers."""
    keys = [d.key for d in project.codebook.dimensions if d.kind != "span"]
    known = set(keys) | {d.key for d in project.codebook.dimensions}
    for name in coders:
        for ann in (project.layer(name) or {}).values():
            for key in ann.values:
                if key not in known:
                    known.add(key)
                    keys.append(key)
    return keys


def project_agreement(
    project: Project,
    *,
    dimensions: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
    level: str | None = None,
    distance: str = "masi",
    progress: Callable[[int, int], None] = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
    bootstrap: int = 0,
    seed: int | None = None,
    resample: str = "pairs",
    exclude_assisted: bool = False,
) -> AgreementReport:
    """Agreement for each dimension (ordinal by default where the codebook orders values).

    ``level`` applies to single-valued dimensions, ``distance`` to multi-valued ones.
    ``bootstrap`` > 0 adds alpha's interval from that many resamples, diagnostics and
    drift; one generator seeded with ``seed`` serves the dimensions in order, so a seed
    reproduces the whole report. ``resample`` is "pairs" (Krippendorff's algorithm) or
    "units" (whole units, for three or more coders per unit). Each dimension counts its
    units where some coder's value came from a suggestion (``assisted_units``);
    ``exclude_assisted`` leaves those units out of its figures, so a model that both
    coders followed cannot pass for their agreement.
    """
    _check_options(level, distance, bootstrap, resample)
    rng = np.random.default_rng(seed)
    coders = choose_coders(project, annotators)
    keys = list(dimensions) if dimensions else coded_dimensions(project, coders)
    layers = {name: project.layer(name) or {} for name in coders}
    steps = len(keys) + 1
    layout = Layout(layers, coders, [e.id for e in project.entries], project.positions())
    layout.gather(read_plan(project.codebook, keys))
    reports = []
    for step, key in enumerate(keys):
        if cancelled():
            raise Cancelled()
        progress(step, steps)
        data = _dimension_data(project, layers, layout, key, dimensions, annotators)
        if data is None:
            continue
        assisted = _assisted_compared(data)
        if exclude_assisted:
            data = data.without_assisted()
        dim = project.codebook.dimension(key)
        chosen = (
            distance
            if data.multi
            else (level or ("ordinal" if dim is not None and dim.ordered else "nominal"))
        )
        weeks = coding_weeks(layers, data) if bootstrap else None
        report = dimension_report(data, chosen, bootstrap, rng, weeks, resample)
        report.assisted_units = assisted
        reports.append(report)
    spans = _span_reports(project, layers, coders, dimensions)
    progress(steps, steps)
    return AgreementReport(reports, spans, exclude_assisted)


def _assisted_compared(data: ReliabilityData) -> int:
    """Units compared (coded by two or more coders) where some coder's value came from a
    suggestion: those whose agreement a model may have made."""
    if data.assisted is None:
        return 0
    compared = (data.codes != MISSING).sum(axis=0) >= 2
    return int((data.assisted & compared).sum())


def _check_options(level: str | None, distance: str, bootstrap: int, resample: str) -> None:
    if resample not in RESAMPLING:
        raise WorkbenchError(f"resampling must be one of {', '.join(RESAMPLING)}, not '{resample}'")
    if bootstrap < 0:
        raise WorkbenchError(f"the number of bootstrap resamples must be 0 or more, not {bootstrap}")
    if level is not None and level not in LEVELS:
        raise WorkbenchError(f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    if distance not in SET_DISTANCES:
        raise WorkbenchError(f"distance must be one of {', '.join(SET_DISTANCES)}, not '{distance}'")


def _dimension_data(
    project: Project,
    layers: Mapping[str, Mapping[str, Annotation]],
    layout: Layout,
    key: str,
    dimensions: Sequence[str] | None,
    annotators: Sequence[str] | None,
) -> ReliabilityData | None:
    """The reliability matrix of one dimension, or None when it gets no table (a span
    dimension, or a codebook dimension nobody used)."""
    dim = project.codebook.dimension(key)
    if dim is not None and dim.kind == "span":
        return None
    multi = None if dim is None else dim.kind == "multi"
    data = collect(layers, key, multi=multi, order=dim.keys() if dim else (), layout=layout)
    if not len(data.units):
        if dimensions and dim is None:
            raise WorkbenchError(f"no annotator coded a dimension '{key}'")
        if not dimensions:
            return None  # a codebook dimension nobody used says nothing worth a table
    if not annotators:  # coders who never used this dimension are not its coders
        data = data.subset([i for i, row in enumerate(data.codes) if (row != MISSING).any()])
    return data


def _span_reports(
    project: Project,
    layers: Mapping[str, Mapping[str, Annotation]],
    coders: Sequence[str],
    dimensions: Sequence[str] | None,
) -> list[SpanPairReport]:
    """Span agreement per pair: of every span dimension, or of the one asked for."""
    span_dimension = None
    if dimensions:
        span_dims = [k for k in dimensions if (d := project.codebook.dimension(k)) and d.kind == "span"]
        span_dimension = span_dims[0] if len(span_dims) == 1 else None
        if span_dimension is None:
            return []
    spans = []
    for first, second in combinations(coders, 2):
        units, codes = span_agreement(layers[first], layers[second], span_dimension)
        if codes:
            spans.append(SpanPairReport((first, second), units, codes))
    return spans


def _figures(named: dict[str, Figure]) -> dict[str, Any]:
    """Values as numbers or null, and side tables of units and reasons for each."""
    out: dict[str, Any] = {name: fig.value for name, fig in named.items()}
    out["figure_units"] = {name: fig.units for name, fig in named.items()}
    out["reason"] = {name: fig.reason for name, fig in named.items() if fig.reason}
    return out


def report_to_json(report: AgreementReport) -> dict[str, Any]:
    """The ``agree --json`` object (documented in docs/agreement.md)."""
    dimensions = {}
    for dim in report.dimensions:
        dimensions[dim.dimension] = {
            "kind": dim.kind,
            "level": dim.level,
            "coders": dim.coders,
            "units": dim.units,
            "assisted_units": dim.assisted_units,
            **_figures(
                {
                    "percent_agreement": dim.percent,
                    "cohen_kappa": dim.cohen,
                    "fleiss_kappa": dim.fleiss,
                    "alpha": dim.alpha,
                }
            ),
            "pairs": [
                {
                    "coders": list(pair.coders),
                    **_figures(
                        {"percent_agreement": pair.percent, "cohen_kappa": pair.cohen, "alpha": pair.alpha}
                    ),
                    "confusion": {"values": pair.values, "matrix": pair.confusion.tolist()},
                }
                for pair in dim.pairs
            ],
        }
        if dim.interval is not None:
            dimensions[dim.dimension].update(_bootstrap_json(dim))
    spans = [
        {
            "coders": list(pair.coders),
            "units": pair.units,
            "codes": {
                s.code: {
                    "spans": [s.spans_a, s.spans_b],
                    "exact": dict(
                        zip(("precision", "recall", "f1"), (f.value for f in s.exact), strict=True)
                    ),
                    "overlap": dict(
                        zip(("precision", "recall", "f1"), (f.value for f in s.overlap), strict=True)
                    ),
                }
                for s in pair.codes
            },
        }
        for pair in report.spans
    ]
    return {"dimensions": dimensions, "spans": spans, "assisted_left_out": report.assisted_left_out}


def _bootstrap_json(dim: DimensionReport) -> dict[str, Any]:
    """The interval, diagnostics and drift of ``agree --bootstrap N --json``."""
    assert dim.interval is not None
    iv = dim.interval
    out: dict[str, Any] = {
        "bootstrap": {
            "resamples": iv.resamples,
            "resampling": iv.method,
            "confidence": iv.confidence,
            "low": iv.low,
            "high": iv.high,
            "p_below": {f"{t:.3f}": iv.below[i] if iv.below else None for i, t in enumerate(THRESHOLDS)},
            "reason": iv.reason,
        }
    }
    diag = dim.diagnostics
    out["diagnostics"] = None
    if diag is not None:
        out["diagnostics"] = {
            "values": diag.labels,
            "coincidences": None if diag.coincidences is None else diag.coincidences.tolist(),
            "disagreement_share": diag.contributions,
            "coders": [
                {"coder": c.coder, "alpha_without": c.without.value, "alpha_vs_rest": c.versus_rest.value}
                for c in diag.coders
            ],
        }
    out["drift"] = [
        {"week": w.week, "alpha": w.alpha.value, "units": w.alpha.units, "values": w.values}
        for w in dim.drift
    ]
    return out


SUMMARY_COLUMNS = (
    "dimension",
    "kind",
    "level",
    "coders",
    "units",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "alpha",
    "alpha_units",
    "alpha_low",
    "alpha_high",
    "p_alpha_below_0.667",
    "p_alpha_below_0.800",
    "assisted_units",
    "notes",
)


def _cell(figure: Figure) -> str:
    return "" if figure.value is None else f"{figure.value:.4f}"


def _interval_cells(interval: AlphaInterval | None) -> list[str]:
    """Bounds and P(alpha < .667), P(alpha < .800); empty without a bootstrap."""
    if interval is None or interval.low is None or interval.high is None:
        return [""] * (2 + len(THRESHOLDS))
    return [f"{interval.low:.4f}", f"{interval.high:.4f}", *(f"{p:.4f}" for p in interval.below)]


def summary_rows(report: AgreementReport) -> list[list[str]]:
    """The per-dimension table as CSV rows (undefined figures empty, with the reason)."""
    rows = [list(SUMMARY_COLUMNS)]
    for dim in report.dimensions:
        notes = "; ".join(
            f"{name}: {fig.reason}"
            for name, fig in (("cohen", dim.cohen), ("fleiss", dim.fleiss), ("alpha", dim.alpha))
            if fig.reason
        )
        figures = (dim.percent, dim.cohen, dim.fleiss, dim.alpha)
        rows.append(
            [
                dim.dimension,
                dim.kind,
                dim.level,
                " ".join(dim.coders),
                str(dim.units),
                *map(_cell, figures),
                str(dim.alpha.units),
                *_interval_cells(dim.interval),
                str(dim.assisted_units),
                notes,
            ]
        )
        for pair in dim.pairs:
            cells = [_cell(pair.percent), _cell(pair.cohen), "", _cell(pair.alpha)]
            names = " / ".join(pair.coders)
            rows.append(
                [
                    dim.dimension,
                    dim.kind,
                    dim.level,
                    names,
                    str(pair.cohen.units),
                    *cells,
                    str(pair.alpha.units),
                    *_interval_cells(None),
                    "",
                    "",
                ]
            )
    return rows


def confusion_rows(pair: PairReport) -> list[list[str]]:
    """A pair's confusion matrix as CSV rows: first coder down, second across."""
    first, second = pair.coders
    rows = [[f"{first} \\ {second}", *pair.values]]
    for label, counts in zip(pair.values, pair.confusion.tolist(), strict=True):
        rows.append([label, *(str(c) for c in counts)])
    return rows
