"""Background loops pause for the window's thread; the window's own thread never pauses."""

from __future__ import annotations

import threading

import pytest

from workbench.core import turns


def test_a_background_loop_pauses_every_few_items_and_yields_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(turns.time, "sleep", pauses.append)
    seen: list[int] = []
    worker = threading.Thread(target=lambda: seen.extend(turns.in_turns(range(10), size=4)))
    worker.start()
    worker.join()
    assert seen == list(range(10))
    assert pauses == [turns.PAUSE, turns.PAUSE]  # after the 4th and the 8th item


def test_the_main_thread_does_not_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(turns.time, "sleep", pauses.append)
    assert list(turns.in_turns(range(200), size=4)) == list(range(200))
    assert pauses == []
