"""The one runner of the preparation plan (``index.plan``): idle steps and one worker thread.

Idle steps run on the window's thread, one slice per pass of the event loop (a zero-interval
timer), so key presses and painting go on between slices; some preparation takes a few
hundred milliseconds in all and needs the interpreter throughout, where a thread would hold
key presses up as long (see ``index.gil``). Worker steps run on one background thread.
A step starts once the steps it waits for have ended and its delay has passed; ``stop``
(the window closes, another project is opened) cancels everything not yet done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.errors import WorkbenchError
from workbench.index.plan import Step

#: How often a plan waiting only for its worker looks again (milliseconds).
_WORKER_POLL_MS = 50


class Preparation(QObject):
    """Runs one plan's steps; ``failed`` gets the ``WorkbenchError`` that ended an idle step
    (a layer read late turned out wrong), after which the rest of the plan is dropped.

    ``failed`` is emitted from the event loop rather than from inside the step, so its
    receiver may open another project; never once another plan was started meanwhile.
    """

    failed = Signal(object)
    #: The name of a step that ran to its end ("unread layers": the project is whole;
    #: "suggestion models": a new round is published). A worker step's is emitted on the
    #: window's thread, at the first look after its thread ended.
    finished = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._pending: list[tuple[float, Step]] = []  # (when it may start, monotonic s; step)
        self._done: set[str] = set()
        self._idle: tuple[Step, Iterator[None]] | None = None
        #: The background thread, the name of its step and the plan it belongs to, while
        #: one runs (and until the runner has seen it end).
        self._worker: tuple[threading.Thread, str, int] | None = None
        self._cancel = threading.Event()
        self._plans = 0  # plans started so far: a late failure belongs to the one it names

    def start(self, steps: Iterable[Step]) -> None:
        """Drop whatever plan was running and run ``steps``."""
        self.stop()
        self._plans += 1
        self._cancel = threading.Event()
        self._done = set()
        self._add(steps)

    def replan(self, steps: Iterable[Step]) -> None:
        """Run ``steps`` again from now (the annotator changed), replacing the pending or
        running steps of the same names and leaving the rest of the plan as it was."""
        steps = list(steps)
        names = {step.name for step in steps}
        if self._idle is not None and self._idle[0].name in names:
            self._close_idle()
        self._pending = [(when, step) for when, step in self._pending if step.name not in names]
        self._done -= names
        self._add(steps)

    def stop(self) -> None:
        """Cancel the plan: the running idle step is closed, the worker told to give up."""
        self._timer.stop()
        self._pending = []
        self._close_idle()
        self._cancel.set()

    def is_running(self, *names: str) -> bool:
        """Whether any of the named steps is waiting or running."""
        running = {step.name for _, step in self._pending}
        if self._worker is not None and self._worker[0].is_alive():
            running.add(self._worker[1])
        if self._idle is not None:
            running.add(self._idle[0].name)
        return bool(running & set(names))

    def is_idle(self) -> bool:
        """Whether the whole plan has ended: no step waiting or running."""
        worker_running = self._worker is not None and self._worker[0].is_alive()
        return not self._pending and self._idle is None and not worker_running

    def _add(self, steps: Iterable[Step]) -> None:
        now = time.monotonic()
        self._pending += [(now + step.not_before_ms / 1000, step) for step in steps]
        self._timer.start(0)

    def _close_idle(self) -> None:
        idle, self._idle = self._idle, None
        if idle is not None:
            close = getattr(idle[1], "close", None)
            if close is not None:
                close()

    def _ready(self, when: float, step: Step, now: float) -> bool:
        return now >= when and all(name in self._done for name in step.waits_for)

    def _tick(self) -> None:
        now = time.monotonic()
        if self._worker is None or not self._worker[0].is_alive():
            ended, self._worker = self._worker, None
            if ended is not None and ended[1] in self._done and ended[2] == self._plans:
                self.finished.emit(ended[1])
            ready = next((p for p in self._pending if p[1].where == "worker" and self._ready(*p, now)), None)
            if ready is not None:
                self._pending.remove(ready)
                self._start_worker(ready[1])
        if self._idle is None:
            ready = next((p for p in self._pending if p[1].where == "idle" and self._ready(*p, now)), None)
            if ready is not None:
                self._pending.remove(ready)
                self._idle = (ready[1], ready[1].run())
        if self._idle is not None:
            self._step_idle()
        self._schedule(now)

    def _step_idle(self) -> None:
        assert self._idle is not None
        step, slices = self._idle
        try:
            next(slices)
        except StopIteration:
            self._idle = None
            self._done.add(step.name)
            self.finished.emit(step.name)
        except WorkbenchError as exc:
            self._idle = None
            self.stop()
            plan, error = self._plans, exc  # ``exc`` itself is unbound once the block ends
            QTimer.singleShot(0, self, lambda: self.failed.emit(error) if self._plans == plan else None)

    def _schedule(self, now: float) -> None:
        if self._idle is not None:
            self._timer.start(0)
        elif self._pending or self._worker is not None:
            waits = [max(when - now, 0.0) for when, _ in self._pending] or [_WORKER_POLL_MS / 1000]
            self._timer.start(max(1, min(int(min(waits) * 1000), _WORKER_POLL_MS)))

    def _start_worker(self, step: Step) -> None:
        cancel = self._cancel
        done = self._done

        def work() -> None:
            for _ in step.run():
                if cancel.is_set():
                    return
            done.add(step.name)  # a set shared with the window's thread: one add is atomic

        thread = threading.Thread(target=work, name=step.name, daemon=True)
        self._worker = (thread, step.name, self._plans)
        thread.start()
