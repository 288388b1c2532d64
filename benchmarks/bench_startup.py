"""Start-up with and without reading the project file ahead on a thread, on 150,000 entries.

``workbench PROJECT`` used to read the file on a thread (``ProjectPrefetch``) while Qt and
the window's modules were imported, on the idea that the read (one system call, not
holding the interpreter lock) would hide behind the imports. This times, in a fresh
interpreter each run, from before the Qt import to the project being loaded on the
window's annotator's layer, once with such a thread (written out here) and once reading
the file after the imports, as ``ui.app.main`` now does. The file is in the page cache
after the first run, so this is the warm start.

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

from workbench.formats.project.file import save_project

RUNS = 5

#: The start-up's own steps (``ui.app.main``), timed in a fresh interpreter.
_START = """
import sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from pathlib import Path
path, annotator, prefetched = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
import threading
from workbench.formats.project.file import load_project, loads_project_file, read_project_bytes
ahead = {}
reader = threading.Thread(target=lambda: ahead.setdefault("raw", read_project_bytes(path)))
if prefetched:
    reader.start()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workbench.ui.app import import_window_modules
import_window_modules()
if prefetched:
    reader.join()
    project = loads_project_file(ahead["raw"], path, first_layer=annotator)
else:
    project = load_project(path, first_layer=annotator)
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
    print(
        f"start-up to the project loaded, {entries:,} entries, median of {RUNS} (wall / CPU s); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    medians = {}
    for prefetched, label in ((False, "read after the imports"), (True, "read ahead during them")):
        wall = statistics.median(t[0] for t in timings[prefetched])
        cpu = statistics.median(t[1] for t in timings[prefetched])
        medians[prefetched] = wall
        print(f"  {label:26} {wall:6.2f} / {cpu:5.2f}")
    print(f"  read ahead / read after: {medians[True] / medians[False]:.2f}")


if __name__ == "__main__":
    main()
