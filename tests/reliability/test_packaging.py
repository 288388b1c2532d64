"""What ``pip install .`` and the bundle ship: every module, every resource, and metadata
that agrees with pyproject.

The package is laid out with setuptools' own ``build_py`` (the step a wheel is made from)
into a temporary folder, then imported from there in a fresh interpreter, so a module or
resource missing from ``pyproject.toml``, or a path that only works in the source tree,
fails here instead of on an analyst's machine.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import workbench

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "--build-lib",
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_every_module_and_resource_is_in_the_package(built: Path) -> None:
    modules = {f for f in _files(REPO / "workbench") if f.endswith(".py")}
    resources = _files(REPO / "resources")
    shipped = _files(built / "workbench")
    assert modules - shipped == set(), "modules missing from pyproject's package list"
    assert {f"resources/{f}" for f in resources} - shipped == set(), "resources missing from package data"


def test_the_installed_layout_runs_from_its_own_files(built: Path) -> None:
    code = f"""
import sys
sys.path.insert(0, {str(built)!r})
import workbench
assert workbench.__file__.startswith({str(built)!r}), workbench.__file__
from workbench.cli import build_parser
from workbench.core.codebook import builtin_codebook
from workbench.formats.project.file import load_project
from workbench.ui import app
commands = sorted(build_parser()._subparsers._group_actions[0].choices)
print(",".join(commands))
assert builtin_codebook("cameo").dimensions
assert str(app.SAMPLE_PROJECT).startswith({str(built)!r}), app.SAMPLE_PROJECT
print(len(load_project(app.SAMPLE_PROJECT).entries))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=built, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    commands, entries = result.stdout.split()
    sources = "".join(p.read_text() for p in (REPO / "workbench" / "cli").glob("*.py"))
    expected = sorted(re.findall(r'add_parser\(\s*"([\w-]+)"', sources))
    assert commands.split(",") == expected
    assert int(entries) > 0


def test_desktop_entry_and_metainfo_agree_with_pyproject() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive
    desktop.read(REPO / "packaging" / "workbench.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Exec"].split()[0] in PYPROJECT["project"]["gui-scripts"]
    assert (REPO / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()

    root = ET.parse(REPO / "packaging" / "io.github.media_workbench.metainfo.xml").getroot()
    assert root.findtext("id") == "io.github.media_workbench"
    assert root.findtext("launchable") == "workbench.desktop"
    binaries = {b.text for b in root.iter("binary")}
    assert binaries == set(PYPROJECT["project"]["gui-scripts"]) | set(PYPROJECT["project"]["scripts"])
    assert root.find("releases/release").get("version") == workbench.__version__


@pytest.mark.parametrize(
    "command",
    [
        ["desktop-file-validate", "packaging/workbench.desktop"],
        [
            "appstreamcli",
            "validate",
            "--no-net",
            "--pedantic",
            "packaging/io.github.media_workbench.metainfo.xml",
        ],
    ],
)
def test_packaging_metadata_passes_the_official_validators(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("size", [64, 128, 256])
def test_icon_renders_exist_at_their_sizes(size: int) -> None:
    image = QImage(str(REPO / "resources" / "icons" / f"workbench-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.pixelColor(size // 2, size // 2).alpha() == 255  # drawn, not blank
