"""What the window does with an exception nobody caught.

A bug must never cost an analyst their coding, and must never leave them with a silent
window or a traceback in a terminal they cannot see. So an uncaught exception, on the GUI
thread or in a worker thread, is handled in this order:

1. the recovery copy is written first (the autosave's ``write_now``), while the project in
   memory is still intact;
2. the traceback goes to the rotating log file (``workbench.logs``);
3. a dialog shows one line saying what went wrong and where the log file is, so the user
   can send it; the event loop carries on.

Worker-thread errors are relayed to the GUI thread by a queued signal, because the
recovery copy and the dialog both touch objects that live there.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from workbench import logs
from workbench.core.errors import WorkbenchError
from workbench.ui.dialogs.asking import Dialogs, Notice

log = logging.getLogger("workbench.crash")

#: Writes the recovery copy; returns anything (the autosave returns the path it wrote).
RecoveryWriter = Callable[[], object]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

FATAL_LOG_NAME = "fatal.log"
_SUMMARY_CHARS = 200


def summarise(exc: BaseException) -> str:
    """One line a person can read and quote: the error type and the first line of its text."""
    if isinstance(exc, WorkbenchError):
        text = exc.line()
    else:
        first = str(exc).strip().splitlines()
        text = f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__
    return text if len(text) <= _SUMMARY_CHARS else text[: _SUMMARY_CHARS - 1] + "…"


class CrashHandler(QObject):
    """Installs itself as ``sys.excepthook`` and ``threading.excepthook``.

    ``dialogs`` (the window's, once there is one) shows the report; ``write_recovery`` is
    called before anything else. Both may be set after construction, since the handler is
    installed before the window exists so that errors while building it are caught too.
    """

    _relay = Signal(str, str, str)  # summary, formatted traceback, thread name

    def __init__(self, dialogs: Dialogs | None = None, write_recovery: RecoveryWriter | None = None) -> None:
        super().__init__()
        self.dialogs = dialogs if dialogs is not None else Dialogs(None)
        self.write_recovery = write_recovery
        self.log_path: Path | None = logs.setup_logging()
        self.notice: Notice | None = None
        self.handled = 0
        self._previous_hook: Callable[..., Any] | None = None
        self._previous_thread_hook: Callable[..., Any] | None = None
        self._fatal_file: IO[str] | None = None
        self._relay.connect(self._report, Qt.ConnectionType.AutoConnection)

    def install(self) -> CrashHandler:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        self._enable_fatal_log()
        return self

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        if self._fatal_file is not None:
            faulthandler.disable()
            self._fatal_file.close()
            self._fatal_file = None

    def _enable_fatal_log(self) -> None:
        """A segfault in Qt bypasses every Python hook; faulthandler still gets the stack out.

        Left alone when something (pytest, ``python -X faulthandler``) already enabled it.
        """
        if faulthandler.is_enabled() or self.log_path is None:
            return
        try:
            self._fatal_file = open(self.log_path.with_name(FATAL_LOG_NAME), "a", encoding="utf-8")  # noqa: SIM115
        except OSError:
            return
        faulthandler.enable(self._fatal_file)

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) and self._previous_hook is not None:
            self._previous_hook(exc_type, exc, tb)
            return
        self.handle((exc_type, exc, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        thread = args.thread.name if args.thread is not None else "worker"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), thread)

    def handle(self, exc_info: ExcInfo, thread: str | None = None) -> None:
        """Report one uncaught exception; safe to call from any thread."""
        exc_type, exc, tb = exc_info
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self._relay.emit(summarise(exc), details, thread or threading.current_thread().name)

    @Slot(str, str, str)
    def _report(self, summary: str, details: str, thread: str) -> None:
        self.handled += 1
        saved = self._write_recovery()
        log.critical("Uncaught exception in thread %s (recovery copy %s)\n%s", thread, saved, details)
        try:
            self._show(summary, details, saved)
        except Exception:  # a failing dialog must not re-enter this hook forever
            log.exception("Could not show the error dialog")

    def _write_recovery(self) -> str:
        if self.write_recovery is None:
            return "not available"
        try:
            result = self.write_recovery()
        except Exception:  # the report must go out even if saving fails too
            log.exception("Writing the recovery copy failed")
            return "failed"
        if result is None:
            return "not needed"  # the autosave's answer when nothing is unsaved
        return f"written to {result}" if isinstance(result, str | Path) else "written"

    def _show(self, summary: str, details: str, saved: str) -> None:
        if QApplication.instance() is None:
            return
        if self.notice is not None and self.notice.showing():
            return  # one report at a time: an error repeating in a paint loop must not flood the screen
        where = str(self.log_path) if self.log_path else "the terminal (the log folder is not writable)"
        if saved.startswith("written"):
            recovery = "Your work was saved to a recovery copy."
        elif saved == "not needed":
            recovery = "There was no unsaved work at risk."
        elif saved == "failed":
            recovery = "The recovery copy could not be written: please save your project now."
        else:
            recovery = "Please save your project now."
        self.notice = self.dialogs.notice(
            "Unexpected error",
            f"Something went wrong: {summary}",
            informative=f"{recovery} The workbench keeps running.\n\nThe details are in the log file:\n{where}",
            details=details,
            icon="critical",
            modal=True,
        )


def install_crash_handler(
    dialogs: Dialogs | None = None, write_recovery: RecoveryWriter | None = None
) -> CrashHandler:
    """Create and install the handler; keep the returned object alive as long as the app."""
    return CrashHandler(dialogs, write_recovery).install()
