"""Agreement over 150,000 entries x 3 annotators x 3 dimensions; target: at most 2 s.

Dimensions: stance (ordinal alpha), actor and event_type (MASI alpha), each with percent
agreement, Fleiss' kappa, and every pair's Cohen's kappa, alpha and confusion matrix.
Two baselines measured in the same run: a plain Python loop that only reads each
annotation's three values (the least any tool must pay), and collecting the values into
the coders x units arrays (``Layout`` + ``gather`` + ``collect``), so the ratios show what the
statistics add on top.

Also timed, for information: the review dock's scan for entries where annotators disagree.

Run: .venv/bin/python benchmarks/bench_agreement.py [ENTRIES]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_project

from workbench.analysis.agreement import project_agreement
from workbench.analysis.disagreements import disagreement_columns
from workbench.analysis.reliability_data import Layout, collect, read_plan

DIMENSIONS = ("stance", "actor", "event_type")
TARGET_S = 2.0


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
    coders = list(project.annotators())
    coded = sum(len(layer) for layer in project.read_every_layer().values())
    print(
        f"{entries} entries, {len(coders)} annotators ({coded} annotations), dimensions {', '.join(DIMENSIONS)}"
    )

    def read_values() -> None:
        for name in coders:
            for ann in project.layer(name).values():
                for key in DIMENSIONS:
                    ann.values.get(key)

    def collect_arrays() -> None:
        layout = Layout(
            project.read_every_layer(), coders, [e.id for e in project.entries], project.positions()
        )
        layout.gather(read_plan(project.codebook, DIMENSIONS))  # as project_agreement does: one pass
        for key in DIMENSIONS:
            dim = project.codebook.dimension(key)
            collect(
                project.read_every_layer(), key, multi=dim.kind == "multi", order=dim.keys(), layout=layout
            )

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


if __name__ == "__main__":
    main()
