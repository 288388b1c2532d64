"""What ``workbench`` opens when given no project: the last one, else the bundled sample."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project.file import load_project
from workbench.ui.app import SAMPLE_PROJECT
from workbench.ui.settings import Settings


def sample_project_path() -> Path:
    return SAMPLE_PROJECT


def startup_project(
    settings: Settings | None = None, load: Callable[[Path], Project] = load_project
) -> tuple[Project, Path | None]:
    """What ``workbench`` without arguments opens: the last project, else the bundled sample.

    The sample opens untitled, so saving asks where to keep the analyst's copy instead of
    writing into the installation. A last project that no longer loads is reported on
    stderr and skipped rather than blocking the start. ``load`` is the start-up's loader (on the window's annotator's layer).
    """
    settings = settings or Settings()
    last = settings.last_project()
    if last is not None:
        try:
            return load(last), last
        except WorkbenchError as exc:
            print(f"workbench: {exc.line()}", file=sys.stderr)
    sample = sample_project_path()
    if sample.is_file():
        try:
            return load(sample), None
        except WorkbenchError as exc:
            print(f"workbench: {exc.line()}", file=sys.stderr)
    return Project(codebook=builtin_codebook("plover")), None
