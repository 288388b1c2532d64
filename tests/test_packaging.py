"""Set-up as a newcomer meets it: no setuptools warnings about the metadata, and `make run`
installing only the app while `make test` still gets the test extras."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"  # a TOML table is deprecated: 7 warnings per set-up
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    lower = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools)
    assert lower and int(lower[1]) >= 77  # the first setuptools to take PEP 639 license strings


def _dry_run(target: str, tmp_path: Path) -> str:
    """What `make TARGET` would run in a fresh clone without a venv (make -n runs nothing)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    done = subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_run_installs_the_app_without_the_test_extras(tmp_path: Path) -> None:
    commands = _dry_run("run", tmp_path)
    assert "pip install --quiet -e ." in commands
    assert "[test" not in commands


def test_make_test_still_installs_the_test_extras(tmp_path: Path) -> None:
    commands = _dry_run("test", tmp_path)
    assert "pip install --quiet -e '.[test]'" in commands and "pytest" in commands
