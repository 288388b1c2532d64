"""The benchmarks' two clocks, written once: wall time of work off the event loop, and the
CPU time of a window action until Qt has handled every event it caused.

CPU time of this process, not wall time, for window actions: on a shared, loaded machine
wall time mostly measures the other processes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def cpu_ms(app: QCoreApplication, action: Callable[[], object]) -> float:
    """CPU milliseconds from ``action`` until every resulting event (and repaint) is handled."""
    began = time.process_time()
    action()
    app.processEvents()
    return (time.process_time() - began) * 1000
