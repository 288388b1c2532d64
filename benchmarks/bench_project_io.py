"""Project file speed and memory at 150,000 entries, against raw orjson on the same data.

    .venv/bin/python benchmarks/bench_project_io.py [ENTRIES] [--skip-import]

Every figure is the median of three runs, as wall time and as CPU time of this process
(the machine is shared, so wall time also counts waiting for a core). Targets:
load <= 2x raw ``orjson.loads`` of the same bytes, save <= 2x raw ``orjson.dumps`` of the
same data (the annotations through the record hook), import of 150,000 entries from text
<= 10 s, peak memory after load <= 4x the file size.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import orjson
from generate_corpus import write_corpus
from synthetic import make_project

from workbench.core.model import Project
from workbench.core.undoable import AddImport
from workbench.formats.project.file import (
    dumps_records,
    load_project,
    project_to_dict,
    save_project,
    write_atomic,
)

RUNS = 3
SAVE_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def measure(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn`` over ``runs`` calls."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def without_gc(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def measure_raw_loads(data: bytes) -> tuple[tuple[float, float], tuple[float, float]]:
    """Raw parsing as a plain caller gets it, and with the collector paused as our loader does."""
    return measure(lambda: orjson.loads(data)), measure(without_gc(lambda: orjson.loads(data)))


def row(label: str, timing: tuple[float, float], note: str = "") -> None:
    wall, cpu = timing
    print(f"  {label:<38} {wall:7.2f} s wall {cpu:7.2f} s cpu  {note}")


def ratio(label: str, ours: tuple[float, float], base: tuple[float, float], target: float) -> None:
    wall, cpu = ours[0] / base[0], ours[1] / base[1]
    verdicts = f"wall {'ok' if wall <= target else 'MISSED'}, cpu {'ok' if cpu <= target else 'MISSED'}"
    print(f"  {label:<38} {wall:7.2f} x wall {cpu:6.2f} x cpu   (target <= {target:g}x: {verdicts})")


#: VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec,
#: so a child of this large process would report the parent's peak.
PEAK_SCRIPT = """
import json, sys
def kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
import orjson
from workbench.formats.project.file import load_project
before = kib("VmHWM")
if sys.argv[2] == "raw":
    with open(sys.argv[1], "rb") as handle:
        kept = orjson.loads(handle.read())
else:
    kept = load_project(sys.argv[1])
print(json.dumps({"before_kb": before, "peak_kb": kib("VmHWM"), "after_kb": kib("VmRSS")}))
"""


def peak_memory(path: Path, how: str) -> dict[str, int]:
    """Peak and final resident memory (KiB) of a fresh interpreter that loads ``path``."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path), how], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def bench_import(entries: int, folder: Path) -> None:
    try:
        from workbench.formats.importers.reading import import_paths
    except ImportError:
        print(
            "  import from text: skipped, workbench.formats.importers.reading.import_paths is not there yet"
        )
        return
    corpus = folder / "corpus"
    started = time.perf_counter()
    files = write_corpus(corpus, entries)
    print(
        f"  generated {len(files)} live-blog text files in {time.perf_counter() - started:.1f} s (not timed below)"
    )
    codebook = make_project(0).codebook

    def import_all() -> Project:
        project = Project(codebook=codebook)
        AddImport(import_paths([corpus], codebook)).redo(project)
        if len(project.entries) != entries:
            raise SystemExit(f"import found {len(project.entries)} entries, expected {entries}")
        return project

    timing = measure(import_all)
    row(
        f"import {entries:,} entries from text",
        timing,
        f"(target <= 10 s: {'ok' if timing[0] <= 10 else 'MISSED'})",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", type=int, nargs="?", default=150_000)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    project = make_project(args.entries)
    annotations = sum(len(layer) for layer in project.read_every_layer().values())
    print(
        f"project io: {len(project.entries):,} entries, {len(project.dispatches):,} dispatches, "
        f"{annotations:,} annotations by {len(project.read_every_layer())} annotators "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    with tempfile.TemporaryDirectory(prefix="bench-project-io-") as tmp:
        folder = Path(tmp)
        path = folder / "corpus.wbproj"

        # The baseline: orjson serialising the model's data, annotations (msgspec structs)
        # through the record hook, as the save does, without the disk. Shown as well: the
        # same bytes from plain dicts, what the hook costs.
        raw_dumps = measure(lambda: dumps_records(project_to_dict(project), SAVE_OPTIONS))
        plain = msgspec.to_builtins(project_to_dict(project))
        plain_dumps = measure(lambda: orjson.dumps(plain, option=SAVE_OPTIONS))
        save = measure(lambda: save_project(project, path))
        size = path.stat().st_size
        raw_loads, raw_loads_nogc = measure_raw_loads(path.read_bytes())
        raw_msgspec = measure(without_gc(lambda: msgspec.json.decode(path.read_bytes())))
        load = measure(lambda: load_project(path))
        compact = dumps_records(project_to_dict(project), orjson.OPT_APPEND_NEWLINE)
        compact_path = folder / "compact.wbproj"
        # The compact figures only inform the choice of format, so one run each is enough.
        compact_save = measure(
            lambda: write_atomic(
                compact_path, dumps_records(project_to_dict(project), orjson.OPT_APPEND_NEWLINE)
            ),
            runs=1,
        )
        compact_raw_dumps = measure(
            lambda: dumps_records(project_to_dict(project), orjson.OPT_APPEND_NEWLINE), runs=1
        )

        print(f"  file size {size / 1e6:.1f} MB (indented), {len(compact) / 1e6:.1f} MB compact")
        row("raw orjson.dumps of the model (same options)", raw_dumps)
        row("  the same from plain dicts", plain_dumps)
        row("save_project (write, fsync, .bak)", save)
        ratio("save / raw dumps", save, raw_dumps, 2)
        row("raw orjson.loads (gc on, default)", raw_loads)
        row("raw orjson.loads (gc off)", raw_loads_nogc)
        row("load_project (read, parse, validate)", load)
        ratio("load / raw loads (gc on)", load, raw_loads, 2)
        ratio("load / raw loads (gc off)", load, raw_loads_nogc, 2)
        # The loader decodes with msgspec into typed records: its own untyped parse is the floor.
        row("raw read + msgspec.json.decode (gc off)", raw_msgspec)
        ratio("load / raw read + msgspec decode", load, raw_msgspec, 2)
        row("compact: raw orjson.dumps (1 run)", compact_raw_dumps)
        row("compact: dumps + atomic write (1 run)", compact_save)
        ratio("compact save / compact raw dumps", compact_save, compact_raw_dumps, 2)

        for how, label in (("raw", "raw orjson.loads of the file"), ("project", "load_project")):
            memory = peak_memory(path, how)
            peak, after = memory["peak_kb"] * 1024, memory["after_kb"] * 1024
            verdict = f"(target <= 4x: {'ok' if peak / size <= 4 else 'MISSED'})" if how == "project" else ""
            print(
                f"  memory, {label} (fresh process): peak {peak / 1e6:.0f} MB = {peak / size:.2f}x file size, "
                f"held after {after / 1e6:.0f} MB = {after / size:.2f}x {verdict}"
            )
        if not args.skip_import:
            del project
            gc.collect()
            bench_import(args.entries, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
