"""What showing times through the clock setting costs: a screenful of Time cells, and the
year check, on 150,000 entries.

Every Time cell the entry list paints is now formatted from the entry's timestamp on the
chosen clock (``core/clock_text``), where it used to be the printed label pasted to a
date. The figure that matters is a screenful of cells (40 rows) against the same rows'
Status cells, the cheapest cells the model answers, measured in the same run; and the
check whether the project spans years (two reductions over the project index's day
numbers) against one ``np.min`` over the same array.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_clock_text.py [ENTRIES]``
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from PySide6.QtCore import QCoreApplication
from synthetic import make_project

from workbench.core.clock_text import spans_years
from workbench.index.project_index import ProjectIndex
from workbench.ui.navigator.entry_model import STATUS_COLUMN, TIME_COLUMN, EntryTableModel
from workbench.ui.session import Session

ROWS = 40  # a screenful of the entry list
RUNS = 200


def median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


def screenful(model: EntryTableModel, column: int, first_row: int) -> float:
    began = time.perf_counter()
    for row in range(first_row, first_row + ROWS):
        model.data(model.index(row, column))
    return time.perf_counter() - began


def main() -> int:
    QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    started = time.perf_counter()
    project = make_project(entries)
    print(f"built {len(project.entries):,} entries in {time.perf_counter() - started:.1f} s")
    session = Session(project, None, next(iter(project.annotators())))
    model = EntryTableModel(session)
    starts = np.random.default_rng(0).integers(0, model.rowCount() - ROWS, RUNS).tolist()
    screenful(model, TIME_COLUMN, 0)  # the entry times, parsed once for the whole project

    print(f"a screenful of {ROWS} cells (median of {RUNS} screenfuls at random rows):")
    status = median_us([screenful(model, STATUS_COLUMN, s) for s in starts])
    print(f"  baseline, Status cells:            {status:8.0f} us")
    for clock in ("12h", "24h"):
        session.set_clock(clock)
        times = median_us([screenful(model, TIME_COLUMN, s) for s in starts])
        print(
            f"  Time cells, {clock} clock:            {times:8.0f} us  ({times / status:.2f}x the Status cells)"
        )

    days = ProjectIndex(project).times.day
    lowest = median_us([_timed(lambda: days.min()) for _ in range(RUNS)])
    check = median_us([_timed(lambda: spans_years(days)) for _ in range(RUNS)])
    print(
        f"does the project span years, over {len(days):,} day numbers: {check:.0f} us "
        f"(baseline one np.min: {lowest:.0f} us, {check / lowest:.1f}x); the session keeps the answer"
    )
    return 0


def _timed(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


if __name__ == "__main__":
    sys.exit(main())
