"""The preparation runner: idle steps run between events, in the plan's order, and stop;
the worker step runs on its own thread once what it waits for is done."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QObject, QTimer
from test_filter_bar import choose, shown_ids

from workbench.core.model import Annotation, Project
from workbench.index import coding as filtering
from workbench.index.plan import CODING_DELAY_MS, Step
from workbench.ui.preparation import Preparation


def test_steps_run_one_per_pass_of_the_event_loop(qtbot, window) -> None:
    done: list[str] = []
    handled: list[int] = []

    def work() -> Iterator[None]:
        for step in range(3):
            done.append(f"step {step}")
            QTimer.singleShot(0, lambda: handled.append(len(done)))  # an event queued meanwhile
            yield

    runner = Preparation(window)
    runner.start([Step("work", "idle", work)])
    assert done == []  # nothing before the event loop runs
    qtbot.waitUntil(lambda: not runner.is_running("work"), timeout=3000)
    assert done == ["step 0", "step 1", "step 2"]
    assert handled[:2] == [1, 2]  # each queued event was handled before the next step


def test_steps_wait_for_theirs_and_the_worker_runs_off_the_window_thread(qtbot) -> None:
    owner = QObject()
    ran: list[tuple[str, bool]] = []

    def noting(name: str, slices: int = 2) -> Iterator[None]:
        for _ in range(slices):
            ran.append((name, threading.current_thread() is threading.main_thread()))
            yield

    runner = Preparation(owner)
    assert runner.is_idle()
    runner.start(
        [
            Step("layers", "idle", lambda: noting("layers", 3)),
            Step("coding", "idle", lambda: noting("coding"), 10, ("layers",)),
            Step("text", "worker", lambda: noting("text", 1), 0, ("layers",)),
        ]
    )
    assert not runner.is_idle()
    qtbot.waitUntil(runner.is_idle, timeout=3000)
    assert not runner.is_running("layers", "coding", "text")
    assert [r for r in ran if r[0] == "layers"] == [("layers", True)] * 3
    assert ran.index(("text", False)) > 2 and ran.index(("coding", True)) > 2  # after the layers
    assert ("coding", True) in ran


def test_stopping_or_planning_again_closes_the_step_running(qtbot) -> None:
    owner = QObject()
    closed: list[str] = []

    def endless(name: str) -> Iterator[None]:
        try:
            while True:
                yield None
        finally:
            closed.append(name)

    runner = Preparation(owner)
    runner.start(
        [
            Step("old", "idle", lambda: endless("old")),
            Step("later", "idle", lambda: endless("later"), 0, ("old",)),
        ]
    )
    qtbot.wait(20)
    runner.replan([Step("old", "idle", lambda: endless("new"))])
    assert closed == ["old"]
    qtbot.wait(20)
    assert runner.is_running("later")  # the rest of the plan was left as it was
    runner.stop()
    assert closed == ["old", "new"]
    assert not runner.is_running("old", "later")


def test_the_first_status_and_code_filters_use_what_idle_moments_prepared(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    qtbot.wait(CODING_DELAY_MS)
    qtbot.waitUntil(lambda: not session.is_preparing_coding(), timeout=5000)
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "3")  # stance: favor, on the first entry
    qtbot.keyClick(table, "d")  # done
    placed = filtering._placed

    def placed_elsewhere(project: Project, annotator: str) -> tuple[np.ndarray, list[Annotation]]:
        assert project is not session.project, "a layer was read on first use"
        return placed(project, annotator)

    monkeypatch.setattr(filtering, "_placed", placed_elsewhere)
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


def test_a_closed_window_starts_no_preparation(qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(
        filtering.CodingIndex, "preparing", lambda _self, name, codes=True: iter(started.append(name) or ())
    )
    window.close()
    qtbot.wait(CODING_DELAY_MS + 200)
    assert started == []
    assert not window.session.is_preparing_coding()


def test_a_failure_is_told_from_the_event_loop_and_only_for_the_plan_still_running(qtbot) -> None:
    from workbench.core.errors import WorkbenchError

    def failing() -> Iterator[None]:
        yield
        raise WorkbenchError("layers.amira.e-99: annotation of an entry that is not in the project")

    told: list[str] = []
    owner = QObject()
    runner = Preparation(owner)
    runner.failed.connect(lambda exc: told.append(exc.line()))
    runner.start([Step("layers", "idle", failing)])
    qtbot.waitUntil(lambda: bool(told), timeout=3000)
    assert told == ["layers.amira.e-99: annotation of an entry that is not in the project"]
    assert not runner.is_running("layers")

    told.clear()

    def failing_as_another_project_comes() -> Iterator[None]:
        yield
        QTimer.singleShot(0, lambda: runner.start([]))  # queued before the failure is told
        raise WorkbenchError("layers.amira: not a layer")

    runner.start([Step("layers", "idle", failing_as_another_project_comes)])
    qtbot.waitUntil(lambda: not runner.is_running("layers"), timeout=3000)
    qtbot.wait(50)
    assert told == []


def test_a_worker_step_that_ends_is_told_on_the_window_thread_and_can_run_again(qtbot) -> None:
    """The suggestion models are re-trained by planning their worker step again; the window
    hears of each end through ``finished``, on its own thread, and never of a cancelled one."""
    owner = QObject()
    runs: list[int] = []
    told: list[tuple[str, bool]] = []
    release = threading.Event()

    def work() -> Iterator[None]:
        runs.append(len(runs))
        release.wait(5)
        yield

    runner = Preparation(owner)
    runner.finished.connect(
        lambda name: told.append((name, threading.current_thread() is threading.main_thread()))
    )
    runner.start([Step("models", "worker", work)])
    qtbot.waitUntil(lambda: runs == [0], timeout=3000)
    runner.replan([Step("models", "worker", work)])  # new codes while it runs: once more after
    release.set()
    qtbot.waitUntil(lambda: len(told) == 2, timeout=3000)
    assert runs == [0, 1]
    assert told == [("models", True), ("models", True)]
    release.clear()
    runner.replan([Step("models", "worker", work)])
    qtbot.waitUntil(lambda: len(runs) == 3, timeout=3000)
    runner.stop()  # cancelled: its end is not a finished round
    release.set()
    qtbot.wait(200)
    assert len(told) == 2
