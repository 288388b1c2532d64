"""Waiting for what a session prepares after opening, so that a timed interaction measures
only itself.

CPU time counts every thread, and a worker step (the text index, a suggestion models'
round) takes the interpreter from the window's thread in turns: a figure taken while one
runs measures it too (the chart's refresh by stance took five times as long during a
models' round). What a round costs a key press while it runs is ``bench_suggest.py``'s
figure. Import it with ``from settling import settle``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer

from workbench.index import suggestions as suggestion_rounds
from workbench.ui.session import Session


def settle(session: Session) -> float:
    """Wait until every step of the session's preparation plan has ended, then keep the
    models from training again while timing (the codes a benchmark makes would plan a
    round every ``RETRAIN_EVERY``); returns the seconds waited."""
    start = time.perf_counter()
    while not session.preparation.is_idle():
        wait_ms(50)
    suggestion_rounds.RETRAIN_EVERY = 10**9
    return time.perf_counter() - start


def wait_ms(ms: int) -> None:
    """Run the event loop for ``ms``, as the window's does between key presses.

    Not ``QTest.qWait``: it keeps the interpreter while it waits, so a worker step barely
    runs (the plan at 150,000 entries ended after 194 s beside it, 30 s beside a running
    event loop, with the text index 45 s against 5 s)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
