"""Opening a large project at start-up shows what is happening; a small one does not flash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QSplashScreen

from workbench.ui.dialogs import splash


def _shown() -> list[QSplashScreen]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QSplashScreen) and w.isVisible()]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour-talks.wbproj"
    path.write_bytes(b" " * 3_000_000)
    return path


def test_a_large_project_shows_a_splash_until_it_is_open(
    qapp, project_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(splash, "SPLASH_FROM_BYTES", 2_000_000)
    monkeypatch.setattr(splash, "_UNSEEN_PLATFORMS", ())  # the tests run offscreen
    opening = splash.OpeningSplash(project_file)
    (shown,) = _shown()
    assert shown.message().strip() == "Opening harbour-talks.wbproj (3 MB)…"
    assert shown.grab().save(str(tmp_path / "splash.png"))
    opening.close()
    assert _shown() == []
    opening.close()  # closing twice (an error after the load) is harmless


def test_a_small_project_or_a_missing_one_opens_without(
    qapp, project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(splash, "_UNSEEN_PLATFORMS", ())
    for path in (project_file, tmp_path / "gone.wbproj", None):
        splash.OpeningSplash(path)
        assert _shown() == []


def test_no_splash_where_nobody_could_see_it(
    qapp, project_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(splash, "SPLASH_FROM_BYTES", 2_000_000)
    assert QApplication.platformName() == "offscreen"
    splash.OpeningSplash(project_file)
    assert _shown() == []
