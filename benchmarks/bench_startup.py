"""Start-up with and without the project prefetch, on 150,000 entries.

``workbench PROJECT`` reads the file on a thread (``formats.project_prefetch``) while Qt and
the window's modules are imported, then parses it on the window's annotator's layer. This
times, in a fresh interpreter each run, from before the Qt import to the project being
loaded, once with the prefetch and once reading the file after the imports; the ratio says
whether the thread earns its place. The file is in the page cache after the first run, so
this is the warm start; a cold disk makes the read, and what the prefetch hides, longer.

Run: .venv/bin/python benchmarks/bench_startup.py [ENTRIES]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_project

from workbench.formats.project_file import save_project

RUNS = 5

#: The start-up's own steps (``ui.app.main``), timed in a fresh interpreter.
_START = """
import sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from pathlib import Path
path, annotator, prefetched = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
from workbench.formats.project_file import load_project
from workbench.formats.project_prefetch import ProjectPrefetch
prefetch = ProjectPrefetch(path) if prefetched else None
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workbench.ui.app import import_window_modules
import_window_modules()
project = prefetch.load(path, first_layer=annotator) if prefetch else load_project(path, first_layer=annotator)
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def start(path: Path, annotator: str, prefetched: bool) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _START, str(path), annotator, "1" if prefetched else "0"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.json"
        project = make_project(entries)
        annotator = project.annotators()[0]
        save_project(project, path)
        del project
        start(path, annotator, True)  # warms the page cache and the bytecode caches
        timings: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for _ in range(RUNS):  # interleaved, so a busy moment on the machine hits both
            for prefetched in (True, False):
                timings[prefetched].append(start(path, annotator, prefetched))
    print(f"start-up to the project loaded, {entries:,} entries, median of {RUNS} (wall / CPU s)")
    medians = {}
    for prefetched, label in ((False, "read after the imports"), (True, "prefetched during them")):
        wall = statistics.median(t[0] for t in timings[prefetched])
        cpu = statistics.median(t[1] for t in timings[prefetched])
        medians[prefetched] = wall
        print(f"  {label:26} {wall:6.2f} / {cpu:5.2f}")
    print(f"  prefetched / read after: {medians[True] / medians[False]:.2f}")


if __name__ == "__main__":
    main()
