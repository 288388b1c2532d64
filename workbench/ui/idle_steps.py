"""Work done a step at a time in the window's idle moments.

Some preparation takes a few hundred milliseconds in all, too long to hold the window, and
needs the interpreter throughout (a thread would hold key presses up as long, see
``index.gil``). Written as a generator whose steps take a few milliseconds each, it runs
here one step per pass of the event loop, so key presses and painting go on in between.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer


class IdleSteps(QObject):
    """Runs one generator's steps, one per pass of the event loop, until it ends or ``run``
    is given another (the one running is then closed)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._steps: Iterator[object] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def run(self, steps: Iterator[object]) -> None:
        self.stop()
        self._steps = steps
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        steps, self._steps = self._steps, None
        close = getattr(steps, "close", None)
        if close is not None:
            close()

    def is_running(self) -> bool:
        return self._steps is not None

    def _step(self) -> None:
        if self._steps is None:
            return
        try:
            next(self._steps)
        except StopIteration:
            self._timer.stop()
            self._steps = None
