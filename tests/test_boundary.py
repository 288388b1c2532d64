"""The domain, formats and analysis packages must stay importable without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGES = ["workbench.core", "workbench.formats", "workbench.analysis"]
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "workbench.ui")
ROOT = Path(__file__).resolve().parent.parent / "workbench"


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_every_module_pulls_in_no_qt(package: str) -> None:
    folder = ROOT / package.split(".")[1]
    modules = [f"{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(k for k in sys.modules\n"
        f"             if k.split('.')[0] in {FORBIDDEN!r} or k.startswith('workbench.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{package} pulls in {result.stdout.strip()}"


def test_check_catches_a_qt_import(tmp_path: Path) -> None:
    """The check above must fail when a module does import Qt, or it proves nothing."""
    code = "import sys, PySide6.QtCore\nprint(any(k.startswith('PySide6') for k in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
