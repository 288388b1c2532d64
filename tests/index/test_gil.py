"""Background loops pause for the window's thread; the window's own thread never pauses."""

from __future__ import annotations

import threading

import pytest

from workbench.index import gil


def test_a_background_loop_pauses_every_few_items_and_yields_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(gil.time, "sleep", pauses.append)
    seen: list[int] = []
    worker = threading.Thread(target=lambda: seen.extend(gil.yielding_the_gil(range(10), size=4)))
    worker.start()
    worker.join()
    assert seen == list(range(10))
    assert pauses == [gil.PAUSE, gil.PAUSE]  # after the 4th and the 8th item


def test_the_main_thread_does_not_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(gil.time, "sleep", pauses.append)
    assert list(gil.yielding_the_gil(range(200), size=4)) == list(range(200))
    assert pauses == []
