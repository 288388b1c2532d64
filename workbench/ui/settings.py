"""What the workbench remembers between runs: who is coding, recent files, window layout.

Settings live in an INI file in the user's config folder, opened by explicit path rather
than through ``QSettings``' organisation/app lookup: Qt resolves that folder once per
process, which would let one test's settings leak into the next.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from workbench.core.clock_text import DEFAULT_CLOCK, Clock, clock_or_default
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.session import default_annotator

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

APP_NAME = "workbench"
MAX_RECENT = 10
ANNOTATOR_ENV = "WORKBENCH_ANNOTATOR"


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / f"{APP_NAME}.ini"


class Settings:
    """A thin, typed layer over one ``QSettings`` file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()

    # --- who is coding ------------------------------------------------------------------

    def annotator(self) -> str:
        """The stored annotator name, or "" when none was ever given."""
        return str(self._qs.value("identity/annotator", "") or "")

    def set_annotator(self, name: str) -> None:
        self._qs.setValue("identity/annotator", name.strip())
        self._qs.sync()

    def layer_choice(self, project: Path) -> str:
        """Whose layer the analyst chose to code in this project ("" when never asked)."""
        return str(self._qs.value(self._choice_key(project), "") or "")

    def set_layer_choice(self, project: Path, choice: str) -> None:
        self._qs.setValue(self._choice_key(project), choice)
        self._qs.sync()

    @staticmethod
    def _choice_key(project: Path) -> str:
        # A path holds slashes, which QSettings reads as groups: a digest keeps it one key.
        digest = hashlib.sha1(os.path.abspath(project).encode("utf-8")).hexdigest()
        return f"identity/layer-{digest}"

    # --- how times read ------------------------------------------------------------------

    def clock(self) -> Clock:
        """The 12- or 24-hour clock every time in the window is shown on (View ▸ Clock)."""
        return clock_or_default(self._qs.value("view/clock", DEFAULT_CLOCK))

    def set_clock(self, clock: Clock) -> None:
        self._qs.setValue("view/clock", clock)
        self._qs.sync()

    # --- the export dialog ------------------------------------------------------------------

    def export_choice(self) -> tuple[str, Path | None]:
        """The format and folder of the last export, so the next one starts from them."""
        folder = str(self._qs.value("export/folder", "") or "")
        return str(self._qs.value("export/format", "") or ""), Path(folder) if folder else None

    def set_export_choice(self, fmt: str, folder: Path) -> None:
        self._qs.setValue("export/format", fmt)
        self._qs.setValue("export/folder", str(folder))
        self._qs.sync()

    # --- the activity chart -----------------------------------------------------------------

    def chart_in_utc(self) -> bool:
        """Whether the activity chart counts by the UTC clock (False: local time, the default)."""
        value = self._qs.value("chart/utc", False)
        return value is True or str(value).lower() == "true"  # an INI file gives back "true"

    def set_chart_in_utc(self, utc: bool) -> None:
        self._qs.setValue("chart/utc", utc)
        self._qs.sync()

    # --- recent projects ------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        """Recently used projects, newest first; files that no longer exist are dropped."""
        raw = self._qs.value("recent/files", [])
        if isinstance(raw, str):  # QSettings returns a lone string for one-element lists
            raw = [raw]
        paths = [Path(p) for p in raw if p] if isinstance(raw, list) else []  # None: nothing stored
        existing = [p for p in paths if p.is_file()]
        if len(existing) != len(paths):
            self._store_recent(existing)
        return existing

    def add_recent(self, path: Path) -> None:
        path = Path(os.path.abspath(path))
        others = [p for p in self.recent_files() if p != path]
        self._store_recent([path, *others][:MAX_RECENT])

    def set_recent_files(self, paths: list[Path]) -> None:
        """Put back a list ``recent_files`` gave (a project refused after all leaves it as it was)."""
        self._store_recent(paths[:MAX_RECENT])

    def _store_recent(self, paths: list[Path]) -> None:
        self._qs.setValue("recent/files", [str(p) for p in paths])
        self._qs.sync()

    def last_project(self) -> Path | None:
        recent = self.recent_files()
        return recent[0] if recent else None

    # --- window layout --------------------------------------------------------------------

    def save_window(self, window: QMainWindow) -> None:
        """Remember size, position and where every dock is (docks need object names)."""
        self._qs.setValue("window/geometry", window.saveGeometry())
        self._qs.setValue("window/state", window.saveState())
        self._qs.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put the window back as it was; False when nothing was saved yet."""
        geometry = self._qs.value("window/geometry")
        state = self._qs.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state) and restored
        return restored


def ensure_annotator(dialogs: Dialogs, settings: Settings) -> str:
    """The name coding is stored under: asked once, then remembered.

    ``WORKBENCH_ANNOTATOR`` overrides everything, so tests and shared machines never see
    the question. Cancelling the question keeps the login name, and it is not asked again.
    """
    known = known_annotator(settings)
    if known:
        return known
    name = ask_annotator(dialogs, default_annotator())
    settings.set_annotator(name)
    return name


def known_annotator(settings: Settings) -> str | None:
    """The annotator ``ensure_annotator`` gives without asking, if there is one."""
    return os.environ.get(ANNOTATOR_ENV, "").strip() or settings.annotator() or None


def ask_annotator(dialogs: Dialogs, suggestion: str) -> str:
    name = dialogs.text(
        "Who is coding?",
        "Your coding is stored under this name, so colleagues' work can be compared:",
        suggestion,
    )
    return name.strip() if name and name.strip() else suggestion


def add_annotator_action(window: MainWindow, settings: Settings) -> QAction:
    """File ▸ Change annotator name…: code under another name from now on, and remember it."""
    action = QAction("Change &annotator name…", window)
    action.setObjectName("actionAnnotator")

    def change() -> None:
        session = window.session
        name = ask_annotator(window.dialogs, session.annotator)
        if name != session.annotator:
            settings.set_annotator(name)
            session.set_annotator(name)

    action.triggered.connect(lambda _checked=False: change())
    window.add_file_action(action)
    return action
