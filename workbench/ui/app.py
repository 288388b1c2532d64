"""``workbench``: start the window on a project, or render a screenshot of it.

``workbench [PROJECT]`` opens a project file; ``workbench --screenshot OUT.png [PROJECT]``
renders the window at 1400x900 offscreen and exits (used for docs and visual checks).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import __version__
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project_file import load_project

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow

SCREENSHOT_SIZE = (1400, 900)
SAMPLE_PROJECT = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="Code news dispatches.")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    parser.add_argument("paths", nargs="*", metavar="PROJECT | FILES", help="a project file to open")
    return parser


def _initial_project(paths: list[str], screenshot: bool) -> tuple[Project, Path | None]:
    if paths:
        path = Path(paths[0])
        return load_project(path), path
    if screenshot and SAMPLE_PROJECT.exists():
        return load_project(SAMPLE_PROJECT), SAMPLE_PROJECT
    return Project(codebook=builtin_codebook("plover")), None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        project, path = _initial_project(args.paths, bool(args.screenshot))
    except WorkbenchError as exc:
        print(f"workbench: {exc.line()}", file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("workbench")
    session = Session(project, path)
    window = MainWindow(session)
    if args.screenshot:
        return _screenshot(app, window, Path(args.screenshot))
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    return app.exec()


def _screenshot(app: QApplication, window: MainWindow, out: Path) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        app.processEvents()
    if not window.grab().save(str(out)):
        print(f"workbench: {out}: could not write the PNG", file=sys.stderr)
        return 1
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
