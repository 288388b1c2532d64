"""A large loaded project is frozen out of the collector's sight, yet still freed when dropped."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.formats.project import file as project_file
from workbench.formats.project.file import load_project

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-project-v1.json"


@pytest.fixture
def unfrozen_afterwards() -> Iterator[None]:
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("unfrozen_afterwards")
def test_a_large_project_is_frozen_and_still_freed_when_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_file, "FREEZE_FROM_BYTES", 0)
    project = load_project(GOLDEN)
    assert gc.get_freeze_count() > 0
    gone = weakref.ref(project)
    del project
    assert gone() is None  # no reference cycle holds it: freed at once, frozen or not


@pytest.mark.usefixtures("unfrozen_afterwards")
def test_a_small_project_is_not_frozen() -> None:
    assert GOLDEN.stat().st_size < project_file.FREEZE_FROM_BYTES
    load_project(GOLDEN)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("unfrozen_afterwards")
def test_a_caller_that_paused_the_collector_gets_nothing_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_file, "FREEZE_FROM_BYTES", 0)
    gc.disable()
    try:
        load_project(GOLDEN)
    finally:
        gc.enable()
    assert gc.get_freeze_count() == 0
