"""Long work off the UI thread, with a progress dialog that can cancel it.

Imports, exports and agreement runs all go through ``run_job`` so the window never
freezes and every long operation looks and cancels the same way. The work function gets
the core's ``progress(done, total)`` and ``cancelled() -> bool`` callbacks and must not
touch Qt or mutate the open project: it returns a result, and ``on_done`` (on the UI
thread) applies it, typically by pushing one undoable command.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.ui.dialogs.asking import Dialogs

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
WorkFunction = Callable[[Progress, IsCancelled], Any]

#: Quick jobs finish before the dialog would appear, so nothing flashes on screen.
SHOW_AFTER_MS = 400
#: Progress reports are forwarded at most this often; a loop over 150,000 entries would
#: otherwise flood the event queue with repaint requests.
PROGRESS_INTERVAL_S = 0.05

_running: set[Job] = set()
#: Jobs over on the UI thread whose worker thread may still be unwinding. They are kept
#: until it has ended, so the last reference to the job's Qt objects (its signals) and to
#: its work function is always dropped on the UI thread: a QObject destroyed on another
#: thread crashed the process now and then, in the middle of the event loop.
_retired: set[Job] = set()
#: How often retired jobs are looked at until their threads have ended.
_BURY_AFTER_MS = 20


def _one_line(exc: WorkbenchError | OSError) -> str:
    if isinstance(exc, WorkbenchError):
        return exc.line()
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def active_jobs() -> list[Job]:
    """Jobs that have not finished yet (tests wait for this to become empty)."""
    return list(_running)


class _Signals(QObject):
    """Signals emitted from the worker thread; Qt queues them to the UI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


def _work(fn: WorkFunction, signals: _Signals, cancel_event: threading.Event) -> None:
    """The worker thread's whole life: run ``fn``, send its outcome to the UI thread."""
    last_report = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_report
        now = time.monotonic()
        if done >= total or now - last_report >= PROGRESS_INTERVAL_S:
            last_report = now
            signals.progressed.emit(int(done), int(total))

    try:
        result = fn(progress, cancel_event.is_set)
    except BaseException as exc:  # every failure must reach the UI thread
        signals.failed.emit(exc)
    else:
        signals.succeeded.emit(result)


class Job(QObject):
    """One running piece of work and its progress dialog; lives on the UI thread."""

    #: Emitted once on the UI thread when the job is over, whatever the outcome.
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fn: WorkFunction,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        show_after_ms: int,
        warn: Callable[[str, str], None] | None = None,
    ) -> None:
        # No Qt parent: the job must outlive a window closed while the worker still runs,
        # because the worker's signals are delivered to it.
        super().__init__()
        self._parent = parent
        self._title = title
        self._on_done = on_done
        self._on_error = on_error
        self._warn = warn
        self._cancel_event = threading.Event()
        self.outcome: str | None = None  # "done", "cancelled" or "failed" once finished

        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.canceled.connect(self.cancel)
        # Escape cancels through the dialog's own shortcut only while the dialog is the
        # active window; otherwise it reaches QDialog.reject, which hides the dialog and
        # left the work running unseen. Any dismissal of the dialog is a cancel.
        self.dialog.rejected.connect(self.cancel)
        # Progress goes to the bar directly: QProgressDialog.setValue on a shown modal dialog
        # runs a nested processEvents, in which the job could finish and delete the dialog
        # under its own feet (seen as a segfault), and on_done would run re-entrantly.
        self._bar = QProgressBar(self.dialog)
        self._bar.setRange(0, 0)
        self.dialog.setBar(self._bar)
        self.dialog.setValue(0)  # starts the timer that shows the dialog after show_after_ms

        self._signals = _Signals()
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._fn = fn  # see ``_retired``
        self._thread = threading.Thread(
            target=_work, args=(fn, self._signals, self._cancel_event), name=f"job: {title}", daemon=True
        )

    def start(self) -> None:
        _running.add(self)
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; it notices at its next ``cancelled()`` check."""
        self._cancel_event.set()
        if self._dialog_alive():
            self.dialog.setLabelText(f"{self._title}: cancelling…")

    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.outcome is not None or not self._dialog_alive():
            return
        if self._bar.maximum() != max(total, 0):
            self._bar.setRange(0, max(total, 0))
        self._bar.setValue(min(done, total) if total > 0 else 0)

    def _dialog_alive(self) -> bool:
        return shiboken6.isValid(self.dialog)

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        if self._dialog_alive():
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        _running.discard(self)
        _retire(self)
        self.finished.emit()

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        if self._cancel_event.is_set():
            # The work finished just as the user cancelled; the user's choice wins.
            self._finish("cancelled")
            return
        self._finish("done")
        self._on_done(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._finish("cancelled")
            return
        self._finish("failed")
        if isinstance(exc, WorkbenchError | OSError):
            # A file that cannot be read or written is the person's problem to fix, not a bug.
            if self._warn is not None:
                self._warn(self._title, _one_line(exc))
                return
            parent = self._parent if self._parent is not None and shiboken6.isValid(self._parent) else None
            Dialogs(parent).warn(self._title, _one_line(exc))
        elif self._on_error is not None:
            self._on_error(exc)
        else:
            # Raised inside a slot, so it reaches sys.excepthook: the app's crash handler.
            raise exc


def _retire(job: Job) -> None:
    if not _retired:
        QTimer.singleShot(_BURY_AFTER_MS, _bury)
    _retired.add(job)


def _bury() -> None:
    """Let go of the retired jobs whose threads have ended; look again later for the rest."""
    _retired.difference_update([job for job in _retired if not job._thread.is_alive()])
    if _retired:
        QTimer.singleShot(_BURY_AFTER_MS, _bury)


def cancel_all(wait_ms: int = 3000) -> bool:
    """Cancel every running job and wait for the workers; False if some did not stop in time.

    Called when the window closes so no worker is left writing into a dead application.
    """
    for job in list(_running):
        job.cancel()
    deadline = time.monotonic() + wait_ms / 1000
    for job in list(_running | _retired):
        job._thread.join(max(0.0, deadline - time.monotonic()))
    return not any(job._thread.is_alive() for job in _running | _retired)


def run_job(
    parent: QWidget | None,
    title: str,
    fn: WorkFunction,
    on_done: Callable[[Any], None],
    *,
    on_error: Callable[[BaseException], None] | None = None,
    show_after_ms: int = SHOW_AFTER_MS,
    warn: Callable[[str, str], None] | None = None,
) -> Job:
    """Run ``fn(progress, cancelled)`` in a worker thread and report back on the UI thread.

    ``on_done(result)`` runs on the UI thread. ``errors.Cancelled`` closes quietly; a
    ``WorkbenchError`` or ``OSError`` shows one line through ``warn(title, line)`` (the
    window's ``Dialogs.warn``, so tests can answer it; without one, a ``Dialogs`` on ``parent``); anything else
    goes to ``on_error`` or, without one, to the application's exception handler.
    """
    job = Job(parent, title, fn, on_done, on_error, show_after_ms, warn)
    job.start()
    return job
