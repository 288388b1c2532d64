"""SIGTERM, SIGHUP and SIGINT close the window as a logout would, keeping unsaved work.

Without this, TERM and HUP kill the process at once (up to 30 s of coding lost, all of it
before the first autosave), and INT raises ``KeyboardInterrupt`` wherever Python happens
to run next, which aborted the next recovery copy. Now each writes the recovery copy,
then closes the window without asking anything; the next start offers the copy back.

Python runs a signal handler only when the interpreter gets control, and inside Qt's
event loop it may not for a long time. ``signal.set_wakeup_fd`` makes the C-level handler
write the signal number to one end of a socket pair; a ``QSocketNotifier`` on the other
end wakes the event loop, which then handles it on the UI thread like any other event.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Slot

#: The signals a desktop session, a terminal or ``kill`` send to end a program politely.
QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class QuitSignals(QObject):
    """Calls ``on_signal(signum)`` on the UI thread for each quit signal received."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        # The Python-level handler has nothing to do: the number arrives through the socket.
        self._previous = {signum: signal.signal(signum, _ignore) for signum in QUIT_SIGNALS}
        self.notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._received)

    @Slot()
    def _received(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except BlockingIOError:
            return
        for signum in dict.fromkeys(numbers):  # a repeated signal is handled once
            if signum in QUIT_SIGNALS:
                self.on_signal(signum)

    def uninstall(self) -> None:
        """Put back the handlers and wake-up descriptor found (tests run many windows)."""
        self.notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _ignore(_signum: int, _frame: object) -> None:
    """Replaces the default action (die, or ``KeyboardInterrupt``); see ``QuitSignals``."""
