"""``workbench``: start the window on a project or on files to import, or render a screenshot.

``workbench PROJECT`` opens a project file; ``workbench FILES...`` starts a new project and
imports them; ``workbench`` alone reopens the last project. ``workbench --screenshot OUT.png
[PROJECT]`` renders the window at 1400x900 offscreen and exits (docs and visual checks);
without a project it shows the bundled sample project.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import __version__
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project.file import FORMAT, load_project

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.dialogs.asking import Dialogs
    from workbench.ui.main_window import MainWindow
    from workbench.ui.project.lifecycle import ProjectLifecycle
    from workbench.ui.session import Session
    from workbench.ui.settings import Settings

SCREENSHOT_SIZE = (1400, 900)
#: How long a closing window waits for its background threads (see ``_let_background_threads_end``).
EXIT_WAIT_SECONDS = 10.0
#: Found through the package, so it resolves in a checkout, a pip install and the bundle alike.
SAMPLE_PROJECT = Path(str(resources.files("workbench.resources").joinpath("samples", "sample-project.json")))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="Code news dispatches.")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    parser.add_argument(
        "--size",
        type=_window_size,
        default=SCREENSHOT_SIZE,
        metavar="WxH",
        help="the window's size for --screenshot (default 1400x900)",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PROJECT | FILES", help="a project file to open, or files to import"
    )
    return parser


def is_project_file(path: Path) -> bool:
    """A project file names its format in its first bytes; anything else is imported
    (including a pipe or device, which the importer then refuses by name without reading)."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return f'"{FORMAT}"'.encode() in head


def import_window_modules() -> None:
    """Qt's widgets and the window's own modules (the chart's wait, see ``chart.dock``)."""
    importlib.import_module("workbench.ui.main_window")
    importlib.import_module("workbench.ui.project.lifecycle")


#: Seconds a thread may run Python before a waiting one gets the interpreter (default 5 ms).
SWITCH_INTERVAL = 0.001


def build_window(
    session: Session,
    settings: Settings | None = None,
    *,
    offer_recovered_work: bool = True,
    chart_in_background: bool = False,
    dialogs: Dialogs | None = None,
) -> tuple[MainWindow, ProjectLifecycle]:
    """The full window: panels, then the project lifecycle (File actions, autosave, layout).

    ``chart_in_background``: the activity chart joins once its modules are imported on a
    thread (see ``chart.dock``), as at start-up, where the window should not wait for them.
    ``dialogs``: who answers the window's questions (a person through Qt, unless a test's).
    """
    from workbench.ui.coding.keys import keep_keys_in_menus
    from workbench.ui.main_window import MainWindow
    from workbench.ui.project.lifecycle import install_lifecycle

    # The window's thread shares the interpreter with helper threads (the chart's import,
    # the search index, file reading) and takes it back after every call into Qt, waiting
    # up to the switch interval each time: at the default 5 ms a key press during the
    # chart's import took up to 0.2 s, at 1 ms at most 0.11 s, the helpers no slower.
    sys.setswitchinterval(SWITCH_INTERVAL)
    window = MainWindow(session, chart_in_background=chart_in_background, dialogs=dialogs)
    lifecycle = install_lifecycle(window, settings, offer_recovered_work=offer_recovered_work)
    keep_keys_in_menus(window)  # once every menu is there
    return window, lifecycle


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    paths = [Path(p) for p in args.paths]
    to_open = paths[0] if len(paths) == 1 and is_project_file(paths[0]) else None
    if args.screenshot:
        if len(paths) > 1:
            print("workbench: --screenshot shows one project file", file=sys.stderr)
            return 2
        # A missing or unreadable file is loaded anyway, so it fails with its one-line reason.
        to_open = paths[0] if paths else SAMPLE_PROJECT if SAMPLE_PROJECT.exists() else None
    from PySide6.QtWidgets import QApplication

    from workbench.ui.plain_text import install_plain_labels

    running = QApplication.instance()  # typed as the core application; a widget app here
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("workbench")
    install_plain_labels(app)  # the splash names a file too
    try:
        project, to_open = _project_at_start(
            to_open, starting_last=not paths and not args.screenshot, screenshot=args.screenshot
        )
    except WorkbenchError as exc:
        print(f"workbench: {exc.line()}", file=sys.stderr)
        return 1
    if args.screenshot:
        from workbench.ui.main_window import MainWindow
        from workbench.ui.session import Session

        # Show someone's coding, so the picture explains the tool (the sample is coded).
        annotator = os.environ.get("WORKBENCH_ANNOTATOR") or next(iter(project.annotators()), None)
        window = MainWindow(Session(project, to_open, annotator))
        return _screenshot(app, window, Path(args.screenshot), args.size)
    return _run_window(app, project, to_open, paths if to_open is None else [])


def _project_at_start(
    to_open: Path | None, *, starting_last: bool, screenshot: bool
) -> tuple[Project, Path | None]:
    """The project the window starts on and its file: ``to_open``, else the last project (or
    the sample, ``startup``) when ``starting_last``, else a new one; loaded while the splash
    shows, with the window's modules imported meanwhile. A refusal raises ``WorkbenchError``."""
    from workbench.ui.dialogs.splash import OpeningSplash
    from workbench.ui.settings import Settings, known_annotator

    last = Settings().last_project() if starting_last else None
    # The window starts on its annotator's layer; the other layers are read once it shows.
    first_layer = None if screenshot else known_annotator(Settings())

    def load(path: Path) -> Project:
        return load_project(path, first_layer=first_layer)

    splash = OpeningSplash(None if screenshot else last or to_open)
    try:
        import_window_modules()  # while the splash shows, so only building the window is left after the load
        project = load(to_open) if to_open else Project(codebook=builtin_codebook("plover"))
        if starting_last:
            from workbench.ui.project.startup import startup_project

            # Loaded before the window is built, so a recovery copy is offered on top of it.
            project, to_open = startup_project(load=load)
    finally:
        splash.close()
    return project, to_open


def _run_window(app: QApplication, project: Project, to_open: Path | None, to_import: list[Path]) -> int:
    """The window on ``project`` until it closes (``to_import``: files to import into it),
    with the crash handler, the quit signals and the annotator's check around it."""
    from workbench.ui.dialogs.asking import Dialogs
    from workbench.ui.dialogs.crash import install_crash_handler
    from workbench.ui.project.quit_signals import QuitSignals
    from workbench.ui.session import Session
    from workbench.ui.settings import Settings, ensure_annotator

    crash_handler = install_crash_handler()  # before the window, so errors building it are caught too
    settings = Settings()
    session = Session(project, to_open, annotator=ensure_annotator(Dialogs(None), settings))
    window, lifecycle = build_window(session, settings, chart_in_background=True)
    lifecycle.identity.check()  # whose layer, before the first key is coded
    crash_handler.dialogs = window.dialogs
    crash_handler.write_recovery = lifecycle.autosave.write_now  # the recovery copy comes first
    quit_signals = QuitSignals(lambda signum: _quit_on_signal(app, lifecycle, signum))
    window.show()
    if to_import:
        lifecycle.importing.import_paths(to_import)
    try:
        return app.exec()
    finally:
        # Signals get their usual meaning back, and the wake-up descriptor cannot outlive its
        # socket (its number could be reused by another file, which a signal would write to).
        quit_signals.uninstall()
        _let_background_threads_end()


def _let_background_threads_end(seconds: float = EXIT_WAIT_SECONDS) -> None:
    """Waits a little for threads still at work (the chart's pyqtgraph import, the text
    index) before the interpreter shuts down: one caught mid-import when the window quit
    early (a signal a second after start-up, under load) crashed the process on its way
    out with a segfault instead of the exit code. The work itself is already saved."""
    deadline = time.monotonic() + seconds
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.is_alive():
            thread.join(max(deadline - time.monotonic(), 0))


def _quit_on_signal(app: QApplication, lifecycle: ProjectLifecycle, signum: int) -> None:
    """TERM, HUP, INT: keep the work in the recovery copy, close, and exit as killed by ``signum``."""
    try:
        lifecycle.close_keeping_work()
    finally:
        app.exit(128 + signum)


def _window_size(text: str) -> tuple[int, int]:
    """``1280x720`` as (1280, 720): screenshots at the sizes analysts' screens have."""
    width, _, height = text.lower().partition("x")
    if not (
        width.isdigit() and height.isdigit() and 200 <= int(width) <= 10000 and 200 <= int(height) <= 10000
    ):
        raise argparse.ArgumentTypeError(f"'{text}' is not a window size such as 1280x720")
    return int(width), int(height)


def _screenshot(app: QApplication, window: MainWindow, out: Path, size: tuple[int, int]) -> int:
    window.resize(*size)
    window.show()
    for _ in range(3):
        app.processEvents()
    saved = window.grab().save(str(out))
    window.session.undo_stack.setClean()
    window.close()
    if not saved:
        print(f"workbench: {out}: could not write the PNG", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
