"""``workbench --screenshot``: renders the window offscreen (1400x900, or ``--size``) and exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from workbench.ui.app import is_project_file, main


def test_screenshot_of_a_project(qapp, project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main(["--screenshot", str(out), str(project_file)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    assert len({image.pixel(x, 300) for x in range(0, 1400, 7)}) > 5  # not a blank canvas


def test_a_screenshot_at_another_size(qapp, project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "small.png"
    assert main(["--screenshot", str(out), "--size", "1280x720", str(project_file)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_a_size_that_is_not_one_is_a_usage_error(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--screenshot", str(tmp_path / "x.png"), "--size", "wide"])
    assert stopped.value.code == 2
    assert "'wide' is not a window size such as 1280x720" in capsys.readouterr().err


def test_a_broken_project_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "workbench-project", "version": 1, "entries": 3}')
    assert main(["--screenshot", str(tmp_path / "x.png"), str(broken)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: {broken}:")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_project_files_are_told_apart_from_files_to_import(project_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "story.json"
    other.write_text('{"uri": "x", "headline": "A story"}')
    assert is_project_file(project_file)
    assert not is_project_file(other)
    assert not is_project_file(tmp_path / "missing.json")


def test_a_screenshot_of_a_missing_project_fails_with_the_reason(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "missing.json"
    assert main(["--screenshot", str(tmp_path / "x.png"), str(missing)]) == 1
    assert capsys.readouterr().err == f"workbench: {missing}: No such file or directory\n"
    assert not (tmp_path / "x.png").exists()
