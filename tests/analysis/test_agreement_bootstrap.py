"""The bootstrap interval of alpha, the diagnostics and the drift by coding week."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.analysis.agreement import project_agreement, report_to_json, summary_rows
from workbench.analysis.agreement_bootstrap import bootstrap_alpha, coder_drift, diagnostics
from workbench.analysis.reliability_data import ReliabilityData, collect
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
K2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}
PREVALENCE = [0.4, 0.3, 0.2, 0.1]


def k2011() -> ReliabilityData:
    layers = {
        coder: {f"u{i}": Annotation(values={"r": v}) for i, v in enumerate(row.split()) if v != "."}
        for coder, row in K2011.items()
    }
    return collect(layers, "r")


def simulated(rng: np.random.Generator, units: int, coders: int, accuracy: float) -> ReliabilityData:
    """Coders who each give the true value with probability ``accuracy``, else a value drawn
    from the prevalence: two coders then disagree with probability (1 - r^2) D_e, so the
    population's nominal alpha is exactly r^2."""
    truth = rng.choice(len(PREVALENCE), size=units, p=PREVALENCE)
    right = rng.random((coders, units)) < accuracy
    guess = rng.choice(len(PREVALENCE), size=(coders, units), p=PREVALENCE)
    codes = np.where(right, truth, guess).astype(np.int32)
    labels = [str(v) for v in range(len(PREVALENCE))]
    return ReliabilityData("r", False, [f"c{i}" for i in range(coders)], np.arange(units), codes, labels)


def test_interval_covers_the_true_alpha_at_its_nominal_rate() -> None:
    # 600 data sets of 2 coders x 150 units, alpha = 0.81. Coverage counts are binomial
    # (600, 0.95): sd = sqrt(.95 * .05 / 600) = 0.0089, so 3 sd either side is [0.923, 0.977]
    # (2,000 data sets with 500 resamples each measured 0.945).
    # Krippendorff's algorithm resamples pairs as if independent: with more coders per
    # unit they are not, and the interval is too narrow (docs/agreement.md).
    rng = np.random.default_rng(2007)
    accuracy, datasets = 0.9, 600
    covered = 0
    for _ in range(datasets):
        interval = bootstrap_alpha(simulated(rng, 150, 2, accuracy), resamples=300, rng=rng)
        assert interval.low is not None and interval.high is not None
        covered += interval.low <= accuracy**2 <= interval.high
    assert 0.923 <= covered / datasets <= 0.977


def test_resampling_units_covers_the_true_alpha_with_three_coders() -> None:
    # 300 data sets of 3 coders x 100 units, alpha = 0.81, whole units resampled.
    # Binomial (300, 0.95): sd = 0.0126, 3 sd either side is [0.912, 0.988] (500 data sets
    # measured 0.932 at 3 coders, 0.938 at 4; resampling pairs measured 0.81 here).
    rng = np.random.default_rng(2011)
    accuracy, datasets = 0.9, 300
    covered = 0
    for _ in range(datasets):
        data = simulated(rng, 100, 3, accuracy)
        interval = bootstrap_alpha(data, resamples=200, rng=rng, method="units")
        assert interval.low is not None and interval.high is not None
        covered += interval.low <= accuracy**2 <= interval.high
    assert 0.912 <= covered / datasets <= 0.988


def test_perfect_agreement_gives_the_point_as_interval() -> None:
    codes = np.array([[0, 1, 2, 1, 0, 2], [0, 1, 2, 1, 0, 2], [0, 1, 2, 1, -1, 2]], dtype=np.int32)
    data = ReliabilityData("r", False, ["a", "b", "c"], np.arange(6), codes, ["x", "y", "z"])
    for level in ("nominal", "ordinal", "interval"):
        for method in ("pairs", "units"):
            interval = bootstrap_alpha(data, level, seed=1, method=method)
            assert interval.alpha.value == interval.low == interval.high == 1.0
            assert interval.below == (0.0, 0.0)


def test_same_seed_same_interval_and_thresholds_are_shares_of_resamples() -> None:
    data = k2011()
    first, again = bootstrap_alpha(data, seed=11), bootstrap_alpha(data, seed=11)
    assert (first.low, first.high, first.below) == (again.low, again.high, again.below)
    assert first.low < first.alpha.value < first.high  # alpha 0.743
    assert bootstrap_alpha(data, seed=12).below != first.below  # another seed, other resamples
    p667, p800 = first.below
    assert 0.0 < p667 < p800 < 1.0  # alpha 0.743 lies between the two thresholds
    assert first.resamples == 1000 and all(round(p * 1000, 9).is_integer() for p in first.below)


def test_undefined_alpha_has_no_interval() -> None:
    codes = np.array([[0, 0], [0, 0]], dtype=np.int32)
    data = ReliabilityData("r", False, ["a", "b"], np.arange(2), codes, ["x"])
    interval = bootstrap_alpha(data, seed=1)
    assert interval.low is None and interval.alpha.value is None and "0/0" in (interval.reason or "")


def test_diagnostics_of_krippendorffs_example() -> None:
    diag = diagnostics(k2011())
    assert diag is not None and diag.coincidences is not None
    o = diag.coincidences
    # The published coincidence matrix: o_11 = 7, o_12 = 4/3, o_13 = o_14 = 1/3, ..., n = 40.
    assert o[0].tolist() == pytest.approx([7, 4 / 3, 1 / 3, 1 / 3, 0])
    assert np.diag(o).tolist() == pytest.approx([7, 10, 8, 4, 3])
    assert o.sum() == pytest.approx(40) and np.allclose(o, o.T)
    # 8 of the 40 pairable values' coincidences are off the diagonal; value 1 has 2 of them
    # (4/3 + 1/3 + 1/3), value 2 has 3, value 3 has 2, value 4 has 1, value 5 none.
    assert diag.contributions == pytest.approx({"1": 0.25, "2": 0.375, "3": 0.25, "4": 0.125})
    by_coder = {c.coder: c for c in diag.coders}
    # C differs most: the others agree better without C, and C agrees worst with them.
    assert by_coder["C"].without.value > 0.743 > by_coder["C"].versus_rest.value
    assert min(by_coder, key=lambda c: by_coder[c].versus_rest.value or 0) == "C"


def test_drift_puts_each_unit_in_the_week_of_its_last_coding() -> None:
    # Week 1: both coders agree on 4 units. Week 2: "b" drifts to always saying "y".
    codes = np.array([[0, 1, 0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 1, 1, 1, 1]], dtype=np.int32)
    data = ReliabilityData("r", False, ["a", "b"], np.arange(8), codes, ["x", "y"])
    weeks = np.array([["2026-W01"] * 8, ["2026-W01"] * 4 + ["2026-W02"] * 4], dtype=object)
    drift = coder_drift(data, weeks)
    assert [w.week for w in drift] == ["2026-W01", "2026-W02"]
    assert drift[0].alpha.value == 1.0 and drift[0].alpha.units == 4
    assert drift[1].alpha.value < 0.5 and drift[1].alpha.units == 4
    assert drift[0].values == {"a": {"x": 4, "y": 4}, "b": {"x": 2, "y": 2}}
    assert drift[1].values == {"a": {}, "b": {"y": 4}}


def two_coder_project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Briefing")
    project.entries = [Entry(f"e{i}", "d", i, None, None, f"Entry {i}.") for i in range(6)]
    coded = {"ana": "a b a b a b", "bo": "a b a a a b"}
    for name, row in coded.items():
        for i, value in enumerate(row.split()):
            day = "2026-11-30" if i < 3 else "2026-12-07"  # ISO weeks 49 and 50
            project.set_annotation(
                name, f"e{i}", Annotation(values={"q": value}, modified=f"{day}T10:00:00Z")
            )
    return project


def test_project_report_json_and_csv_carry_the_interval() -> None:
    project = two_coder_project()
    plain = report_to_json(project_agreement(project))
    assert "bootstrap" not in plain["dimensions"]["q"]
    out = report_to_json(project_agreement(project, bootstrap=300, seed=5))
    q = out["dimensions"]["q"]
    assert q["bootstrap"]["resamples"] == 300 and set(q["bootstrap"]["p_below"]) == {"0.667", "0.800"}
    assert q["bootstrap"]["low"] <= q["alpha"] <= q["bootstrap"]["high"]
    assert [w["week"] for w in q["drift"]] == ["2026-W49", "2026-W50"]
    assert q["diagnostics"]["values"] == ["a", "b"]
    rows = summary_rows(project_agreement(project, bootstrap=300, seed=5))
    header, overall = rows[0], rows[1]
    low = overall[header.index("alpha_low")]
    assert float(low) == pytest.approx(q["bootstrap"]["low"], abs=1e-4)
    assert overall[header.index("p_alpha_below_0.800")] != ""


def test_a_dimension_nobody_coded_has_no_interval_and_no_weeks() -> None:
    project = two_coder_project()
    report = project_agreement(
        project, dimensions=["stance"], annotators=["ana", "bo"], bootstrap=100, seed=1
    )
    (stance,) = report.dimensions
    assert stance.units == 0 and stance.drift == []
    assert stance.interval is not None and stance.interval.low is None and stance.interval.reason


def test_resampling_units_of_sets_brackets_the_point() -> None:
    # Single-element sets: MASI alpha is nominal alpha (0.743); resampling units of sets
    # (set distances, expected disagreement kept) gives an interval around it.
    layers = {
        coder: {f"u{i}": Annotation(values={"r": [v]}) for i, v in enumerate(row.split()) if v != "."}
        for coder, row in K2011.items()
    }
    sets = collect(layers, "r", multi=True)
    on_sets = bootstrap_alpha(sets, distance="masi", seed=4, method="units")
    on_labels = bootstrap_alpha(k2011(), seed=4, method="units")
    assert on_sets.alpha.value == pytest.approx(on_labels.alpha.value)
    assert on_sets.low is not None and on_sets.low < on_sets.alpha.value < on_sets.high
