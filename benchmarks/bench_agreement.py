"""Agreement over 150,000 entries x 3 annotators x 3 dimensions; target: at most 2 s.

Dimensions: stance (ordinal alpha), actor and event_type (MASI alpha), each with percent
agreement, Fleiss' kappa, and every pair's Cohen's kappa, alpha and confusion matrix.
Two baselines measured in the same run: a plain Python loop that only reads each
annotation's three values (the least any tool must pay), and collecting the values into
the coders x units arrays (``Layout`` + ``gather`` + ``collect``), so the ratios show what the
statistics add on top.

Also timed, for information: the review dock's scan for entries where annotators disagree.

Then the bootstrap (docs/agreement.md): 1,000 resamples of alpha over a 5,000-entry
reliability sample x 3 coders x 3 dimensions, target at most 5 s, beside the point
estimates of the same three alphas, and the whole report with ``bootstrap=1000``
(interval, diagnostics, drift) beside the report without.

Run: .venv/bin/python benchmarks/bench_agreement.py [ENTRIES] [SAMPLE]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_project

from workbench.analysis.agreement import project_agreement
from workbench.analysis.agreement_alpha import krippendorff_alpha
from workbench.analysis.agreement_bootstrap import bootstrap_alpha
from workbench.analysis.disagreements import disagreement_columns
from workbench.analysis.reliability_data import Layout, collect, read_plan

DIMENSIONS = ("stance", "actor", "event_type")
TARGET_S = 2.0
BOOTSTRAP_TARGET_S = 5.0


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    project = make_project(entries, annotators=3)
    coders = list(project.layers)
    coded = sum(len(layer) for layer in project.layers.values())
    print(
        f"{entries} entries, {len(coders)} annotators ({coded} annotations), dimensions {', '.join(DIMENSIONS)}"
    )

    def read_values() -> None:
        for name in coders:
            for ann in project.layers[name].values():
                for key in DIMENSIONS:
                    ann.values.get(key)

    def collect_arrays() -> None:
        layout = Layout(project.layers, coders, [e.id for e in project.entries], project.positions())
        layout.gather(read_plan(project.codebook, DIMENSIONS))  # as project_agreement does: one pass
        for key in DIMENSIONS:
            dim = project.codebook.dimension(key)
            collect(project.layers, key, multi=dim.kind == "multi", order=dim.keys(), layout=layout)

    def full() -> None:
        project_agreement(project, dimensions=DIMENSIONS, annotators=coders)

    loop = best_of(3, read_values)
    scan = best_of(1, lambda: disagreement_columns(project, coders))
    arrays = best_of(3, collect_arrays)
    total = best_of(3, full)
    report = project_agreement(project, dimensions=DIMENSIONS, annotators=coders)
    for dim in report.dimensions:
        print(
            f"  {dim.dimension:<11} {dim.level:<8} alpha {dim.alpha.value:.3f} over {dim.alpha.units} units"
        )
    print(f"baseline: read every value in a loop:  {loop:.3f} s")
    print(f"collect values into arrays:            {arrays:.3f} s  ({arrays / loop:.2f} x baseline)")
    print(f"full agreement report:                 {total:.3f} s  ({total / loop:.2f} x baseline)")
    print(f"target <= {TARGET_S:.1f} s: {'met' if total <= TARGET_S else 'NOT met'}")
    print(f"review dock's disagreement scan:       {scan:.3f} s  ({scan / loop:.2f} x baseline)")
    bench_bootstrap(int(sys.argv[2]) if len(sys.argv) > 2 else 5_000)


def bench_bootstrap(entries: int) -> None:
    """1,000 resamples per dimension against the point estimate of the same alphas."""
    project = make_project(entries, annotators=3, seed=1, coded_fraction=1.0)
    coders = list(project.layers)
    layout = Layout(project.layers, coders, [e.id for e in project.entries], project.positions())
    layout.gather(read_plan(project.codebook, DIMENSIONS))
    sets = []
    for key in DIMENSIONS:
        dim = project.codebook.dimension(key)
        data = collect(project.layers, key, multi=dim.kind == "multi", order=dim.keys(), layout=layout)
        sets.append((data, {"distance": "masi"} if data.multi else {"level": "ordinal"}))
    print(
        f"\nbootstrap: {entries} entries x {len(coders)} coders x {len(DIMENSIONS)} dimensions, 1000 resamples"
    )

    def points() -> None:
        for data, args in sets:
            krippendorff_alpha(data, **args)

    def intervals() -> None:
        for data, args in sets:
            bootstrap_alpha(data, **args, resamples=1000, seed=0)

    def unit_intervals() -> None:
        for data, args in sets:
            bootstrap_alpha(data, **args, resamples=1000, seed=0, method="units")

    point = best_of(3, points)
    boot = best_of(3, intervals)
    units = best_of(3, unit_intervals)
    for data, args in sets:
        iv = bootstrap_alpha(data, **args, resamples=1000, seed=0)
        print(f"  {data.dimension:<11} alpha {iv.alpha.value:.3f}  95% [{iv.low:.3f}, {iv.high:.3f}]")
    plain = best_of(3, lambda: project_agreement(project, dimensions=DIMENSIONS, annotators=coders))
    full = best_of(
        3,
        lambda: project_agreement(project, dimensions=DIMENSIONS, annotators=coders, bootstrap=1000, seed=0),
    )
    print(f"point estimates of the 3 alphas:       {point:.3f} s")
    print(f"bootstrap intervals (with the points): {boot:.3f} s  ({boot / point:.1f} x point estimates)")
    print(f"target <= {BOOTSTRAP_TARGET_S:.1f} s: {'met' if boot <= BOOTSTRAP_TARGET_S else 'NOT met'}")
    print(f"resampling whole units instead:       {units:.3f} s  ({units / point:.1f} x point estimates)")
    print(f"report without / with --bootstrap:     {plain:.3f} s / {full:.3f} s  ({full / plain:.2f} x)")


if __name__ == "__main__":
    main()
