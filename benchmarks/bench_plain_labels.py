"""What the plain-label filter (``ui/plain_text``) costs each Qt event, against no filter.

The filter sees every event of the application in Python (it acts only on a label's
first polish), so its cost is paid per event: a tag key press with its repaints is a few
hundred events. Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_plain_labels.py``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from workbench.ui.plain_text import install_plain_labels

EVENTS = 100_000


def _send_events(widget: QWidget) -> float:
    start = time.perf_counter()
    for _ in range(EVENTS):
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.User))
    return time.perf_counter() - start


def main() -> None:
    app = QApplication.instance() or QApplication([])
    widget = QWidget()
    baseline = min(_send_events(widget) for _ in range(3))
    install_plain_labels(app)
    filtered = min(_send_events(widget) for _ in range(3))
    extra_us = (filtered - baseline) / EVENTS * 1e6
    print(
        f"{EVENTS:,} events: {baseline * 1000:.0f} ms without the filter, {filtered * 1000:.0f} ms with "
        f"({filtered / baseline:.2f}x; {extra_us:.2f} us more per event)"
    )


if __name__ == "__main__":
    main()
