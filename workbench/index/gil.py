"""Python loops on a background thread that leave the interpreter to the window in turns.

Only one thread runs Python at a time. A thread waiting for the interpreter is woken when
the running one lets go, but the running one may take it straight back; only after the
switch interval (5 ms by default, 1 ms once the window is built) must it hand over. The
window's thread lets go on each call into Qt and so waits that long each time: while the
text search index was folded on a background thread, one key press took 0.6 s. A loop that
sleeps a fraction of a millisecond every few dozen items leaves the interpreter free long
enough for the waiting thread to take it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Items between two pauses: about 0.1-0.2 ms of work for the loops here.
TURN_ITEMS = 64
#: Seconds of each pause; ``time.sleep(0)`` lets go and takes the interpreter straight back.
PAUSE = 0.0002


def yielding_the_gil(items: Iterable[T], size: int = TURN_ITEMS) -> Iterator[T]:
    """``items``, pausing after every ``size`` of them so that other threads can run Python;
    on the main thread (a search that could not wait for the background) without pauses."""
    if threading.current_thread() is threading.main_thread():
        yield from items
        return
    for count, item in enumerate(items, 1):
        yield item
        if count % size == 0:
            time.sleep(PAUSE)
