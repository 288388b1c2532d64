"""JSONL export speed: 150,000 entries against orjson alone on the same records.

Target: the whole export (choosing the layer, building each record, serialising, writing
the file and its manifest) in at most 3 s and at most 2x the time orjson takes to
serialise the very same records once they are built. Median of 3 runs each, as wall-clock
time and as CPU time of this process (the fair figure when other work shares the machine).

    .venv/bin/python benchmarks/bench_export.py [ENTRIES]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_project

from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.jsonl import iter_records
from workbench.formats.exporters.subsets import Selection

RUNS = 3


def _median(fn) -> tuple[float, float]:
    """Median wall-clock and CPU seconds; CPU time stays meaningful on a shared, busy machine."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    started = time.perf_counter()
    project = make_project(entries)
    print(f"built {len(project.entries)} entries in {time.perf_counter() - started:.1f} s")
    layer = next(iter(project.annotators()))
    # The very records the export writes, built once by its own builder, so that the
    # baseline is orjson's share of the work alone.
    records = list(iter_records(Selection(project, project.entries, project.layer(layer), layer)))

    def baseline() -> None:
        dumps, option = orjson.dumps, orjson.OPT_APPEND_NEWLINE
        b"".join([dumps(r, option=option) for r in records])

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "corpus.jsonl"
        export = _median(lambda: run_export(project, ExportOptions(format="jsonl", layer=layer), out))
        size = out.stat().st_size
    base = _median(baseline)
    print(f"orjson.dumps of the built records: wall {base[0]:.3f} s, CPU {base[1]:.3f} s")
    print(
        f"JSONL export ({size / 1024**2:.0f} MB):      wall {export[0]:.3f} s, CPU {export[1]:.3f} s  (target <= 3 s)"
    )
    print(
        f"ratio export / orjson:             wall {export[0] / base[0]:.2f}x, CPU {export[1] / base[1]:.2f}x"
        "  (target <= 2x)"
    )


if __name__ == "__main__":
    main()
