"""Work in idle moments: steps run between events, can wait without spinning, and stop."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from test_filter_bar import choose, shown_ids

from workbench.core import filtering
from workbench.ui.idle_steps import IdleSteps
from workbench.ui.session import CODING_INDEX_DELAY_MS


def test_steps_run_one_per_pass_and_a_number_makes_the_next_wait(qtbot) -> None:
    owner = QObject()
    done: list[tuple[str, float]] = []

    def work() -> Iterator[int | None]:
        done.append(("first", time.monotonic()))
        yield 150  # wait for something
        done.append(("second", time.monotonic()))
        yield None

    runner = IdleSteps(owner)
    runner.run(work())
    assert done == []  # nothing before the event loop runs
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=3000)
    assert [name for name, _ in done] == ["first", "second"]
    assert done[1][1] - done[0][1] >= 0.14


def test_running_other_steps_closes_the_ones_running(qtbot) -> None:
    owner = QObject()
    closed: list[str] = []

    def endless(name: str) -> Iterator[None]:
        try:
            while True:
                yield None
        finally:
            closed.append(name)

    runner = IdleSteps(owner)
    runner.run(endless("old"))
    qtbot.wait(20)
    runner.run(endless("new"))
    assert closed == ["old"]
    qtbot.wait(20)
    runner.stop()
    assert closed == ["old", "new"]
    assert not runner.is_running()


def test_the_first_status_and_code_filters_use_what_idle_moments_prepared(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    qtbot.wait(CODING_INDEX_DELAY_MS)
    qtbot.waitUntil(lambda: not session._preparing_coding.is_running(), timeout=5000)
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "3")  # stance: favor, on the first entry
    qtbot.keyClick(table, "d")  # done
    monkeypatch.setattr(filtering, "_placed", lambda *_args: pytest.fail("a layer was read on first use"))
    bar = window.filter_bar
    choose(qtbot, bar.status, "Done")
    assert shown_ids(window) == ["e0"]
    choose(qtbot, bar.status, "Any status")
    choose(qtbot, bar.code, "Stance: Favor")
    assert shown_ids(window) == ["e0"]
    choose(qtbot, bar.code, "Any code")
    choose(qtbot, bar.annotator, "ben")  # another annotator: statuses and "coded" are prepared too
    assert shown_ids(window) == ["e0", "e5"]
    choose(qtbot, bar.status, "Flagged")
    assert shown_ids(window) == []
