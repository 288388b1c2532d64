"""Test set-up: Qt runs offscreen, and settings and user data go to a temporary folder."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings, autosave copies and logs of tests out of the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))


@pytest.fixture(autouse=True)
def _sessions_shut_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every window session a test makes is shut down when the test ends, and what it left
    is collected then, between tests.

    A session's preparation plan (the text index, a models' round on the worker) would
    otherwise run on into later tests, and the cyclic collector, run by their allocations,
    freed a finished test's chart in the middle of another's paint: the interpreter crashed
    (a segmentation fault in ``GraphicsView.paintEvent``, once in five runs of the suite)."""
    from workbench.ui.session import Session

    made: list[Session] = []
    initialise = Session.__init__

    def recording(self: Session, *args: object, **kwargs: object) -> None:
        initialise(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Session, "__init__", recording)
    yield
    if made:
        for session in made:
            if shiboken6.isValid(session):
                session.shut_down()
        made.clear()
        gc.collect()
