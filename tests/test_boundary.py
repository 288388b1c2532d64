"""The import rules between packages: each holds because a test fails the moment it breaks.

- ``core``, ``index``, ``formats`` and ``analysis`` stay importable without Qt (the CLI and
  the tests run them headless);
- ``index`` (the derived data) is built on ``core`` alone, and ``core`` never imports it:
  the domain does not know what is computed from it;
- ``core`` is the domain and imports neither ``formats`` nor ``analysis`` (file formats and
  statistics depend on the domain, never the other way round);
- ``learning`` (the local suggestion models) is Qt-free and built on ``core`` alone; only
  ``index`` and the CLI import it, and neither ``core`` nor the derived data it owes the
  window import scikit-learn up front;
- the CLI and its sub-commands never import the window's code.

``make lint`` runs this file beside ruff and mypy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "workbench"
QT = ("PySide6", "pyqtgraph", "shiboken6", "workbench.ui")

#: (the modules imported, the prefixes none of them may pull in)
RULES = {
    "core without Qt": (["workbench.core"], QT),
    "index without Qt": (["workbench.index"], QT),
    "index on core alone": (
        ["workbench.index"],
        ("workbench.formats", "workbench.analysis", "workbench.cli"),
    ),
    "core without index": (["workbench.core"], ("workbench.index",)),
    "learning without Qt": (["workbench.learning"], QT),
    "learning on core alone": (
        ["workbench.learning"],
        ("workbench.formats", "workbench.analysis", "workbench.cli", "workbench.index"),
    ),
    "core without learning": (["workbench.core"], ("workbench.learning",)),
    "the index imports scikit-learn only when a round runs": (["workbench.index"], ("sklearn", "scipy")),
    "formats without Qt": (["workbench.formats"], QT),
    "analysis without Qt": (["workbench.analysis"], QT),
    "core without formats or analysis": (["workbench.core"], ("workbench.formats", "workbench.analysis")),
    "the CLI without the window": (["workbench.cli"], QT),
}


def modules_of(name: str) -> list[str]:
    """A package's modules (its ``*.py`` files), or the module itself."""
    folder = ROOT.parent.joinpath(*name.split("."))
    if not folder.is_dir():
        return [name]
    return [
        ".".join((name, *p.relative_to(folder).with_suffix("").parts)).removesuffix(".__init__")
        for p in sorted(folder.rglob("*.py"))
        if p.stem != "__main__"
    ]


def pulled_in(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    """Imports ``modules`` in a fresh interpreter and names what they drag in of ``forbidden``."""
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(k for k in sys.modules if any(k == f or k.startswith(f + '.') for f in {forbidden!r}))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_import_rule_holds(rule: str) -> None:
    names, forbidden = RULES[rule]
    modules = [m for name in names for m in modules_of(name)]
    assert pulled_in(modules, forbidden) == [], f"{rule}: broken"


def test_the_check_catches_a_forbidden_import() -> None:
    """The check must fail when a module does import what a rule forbids, or it proves nothing."""
    assert "PySide6.QtCore" in pulled_in(["PySide6.QtCore"], QT)
    assert "workbench.formats.importers.decoding" in pulled_in(
        ["workbench.formats.importers.decoding"], ("workbench.formats",)
    )
