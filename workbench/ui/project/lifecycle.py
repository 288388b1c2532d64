"""A project's life in the window: New, Open, Save, Save As, Import, and closing safely.

The rules that keep analysts' work safe live here, in one place:

* nothing unsaved is ever dropped without asking (Save / Don't Save / Cancel);
* a project opens one way, whether at start-up, by File ▸ Open, Open Recent or from a
  recovery copy (``take_opened``): on the window's annotator's layer, the others read in
  idle moments (``index.plan``; a recovery copy is read whole, as it is deleted once
  open). A file refused up front shows its one-line reason and the window keeps its
  project; a layer read later that turns out wrong shows the same one line and the window
  goes back to the project it had before opening (``_went_wrong``);
* saving is atomic, and a file changed on disk since it was opened or saved is not
  overwritten without asking (``saving``);
* imports (``import_flow``) run off the UI thread and land as one undoable step, or not at all.

``install_lifecycle`` adds the File menu actions to a ``MainWindow`` and watches its close
events and drops; the window itself stays wiring only. Every question goes through the
window's ``Dialogs``, so the tests answer them without patching Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from workbench.core.codebook import BUILTIN_CODEBOOKS, builtin_codebook, load_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project.file import load_project
from workbench.formats.project.recovery import Recovery, load_recovered
from workbench.index.plan import UNREAD_LAYERS
from workbench.ui import jobs
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.navigator.clock_menu import add_clock_menu
from workbench.ui.plain_text import tip
from workbench.ui.project.autosave import Autosave, notify_failures, offer_recovery
from workbench.ui.project.identity import IdentityCheck
from workbench.ui.project.import_flow import ImportFlow
from workbench.ui.project.saving import PROJECT_FILTER, DiskStamp, ProjectSaving
from workbench.ui.settings import Settings, add_annotator_action

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: The title over every refusal to open a project, up front or for a layer read later.
COULD_NOT_OPEN = "Could not open the project"
CODEBOOK_FILTER = "Codebook (*.json);;All files (*)"
CODEBOOK_FROM_FILE = "A codebook file…"


@dataclass(frozen=True)
class _WindowBefore:
    """What the window held before an opening, to go back to if a late layer is wrong."""

    project: Project
    path: Path | None
    stamp: DiskStamp | None
    clean: bool
    recent: list[Path]


class ProjectLifecycle(QObject):
    """Owns the File menu's project actions and the window's close and drop handling."""

    def __init__(self, window: MainWindow, settings: Settings, autosave: Autosave) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.settings = settings
        self.autosave = autosave
        self.dialogs = window.dialogs
        self.importing = ImportFlow(window, self._folder)
        self.saving = ProjectSaving(window, settings, autosave, self._folder, self._status)
        self._keeping_work = False  # closing as at a logout: no questions, the copy stays
        self._build_actions()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        # A project handed over at start-up was opened before the window had any other.
        self._before = self._nothing_before()
        if self.session.path is not None:
            settings.add_recent(self.session.path)
        self.session.preparation.failed.connect(self._layer_failed)
        self.session.preparation.finished.connect(self._step_finished)
        self.identity = IdentityCheck(window, settings)

    # --- menu ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        """The project's File items (their places, texts and keys: ``ui/menus``)."""
        bind = self.window.menu_actions.bind
        self.new_action = bind("new", self.new_project)
        self.open_action = bind("open", self.open_project)
        self.recent_menu = self.window.menu_actions.submenu("open recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.save_action = bind("save", self.save)
        self.save_as_action = bind("save as", self.save_as)
        self.import_action = bind("import", self.importing.import_files)
        self.import_folder_action = bind("import folder", self.importing.import_folder)

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(tip(str(path)))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_project(p))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    # --- keeping unsaved work ----------------------------------------------------------

    def maybe_keep_work(self, doing: str) -> bool:
        """Ask before dropping unsaved work; True when it is fine to go on ``doing``."""
        if self.session.undo_stack.isClean():
            return True
        answer = self.dialogs.ask(
            "Unsaved changes",
            f"Save the changes to {self.session.display_name} before {doing}?",
            [("Save", "accept"), ("Don't Save", "destructive"), ("Cancel", "reject")],
            informative="Your changes are lost if you don't save them.",
            default="Save",
        )
        if answer == "Save":
            return self.save()
        return answer == "Don't Save"

    # --- new and open ------------------------------------------------------------------

    def new_project(self) -> bool:
        codebook_name = choose_codebook(self.dialogs)
        if codebook_name is None:
            return False
        try:
            codebook = load_codebook(codebook_name)
        except WorkbenchError as exc:
            self.dialogs.warn("New project", exc.line())
            return False
        if not self.maybe_keep_work("starting a new project"):
            return False
        self._replace(Project(codebook=codebook), None, None)
        return True

    def open_project(self, path: Path | str | None = None) -> None:
        """Choose a file (unless given), ask about unsaved work, then load it in the background."""
        if path is None:
            chosen = self.dialogs.open_file("Open project", self._folder(), PROJECT_FILTER)
            if chosen is None:
                return
            path = chosen
        path = Path(path)
        if not self.maybe_keep_work(f"opening {path.name}"):
            return
        annotator = self.session.annotator

        def load(
            _progress: jobs.Progress, _cancelled: jobs.IsCancelled
        ) -> tuple[Project, DiskStamp | None] | WorkbenchError:
            # Stamped before reading: a change while reading shows as a change at save time.
            stamp = DiskStamp.of(path)
            try:
                return load_project(path, first_layer=annotator), stamp
            except WorkbenchError as exc:  # refused here, like a layer read later
                return exc

        def loaded(got: tuple[Project, DiskStamp | None] | WorkbenchError) -> None:
            if isinstance(got, WorkbenchError):
                self.refuse_opening(got.line())
            else:
                project, stamp = got
                self.take_opened(project, path, stamp)

        jobs.run_job(self.window, f"Opening {path.name}", load, loaded, warn=self.dialogs.warn)

    def take_opened(
        self, project: Project, path: Path | None, stamp: DiskStamp | None, *, unsaved: bool = False
    ) -> None:
        """The one way an opened project enters the window (File ▸ Open, Open Recent, a
        recovery copy; start-up's project is handed over to ``__init__``): its unread layers
        are read in idle moments, and what the window had is kept to go back to should one
        of them be wrong. ``unsaved``: it holds work its file does not (a recovery copy)."""
        self._before = _WindowBefore(
            self.session.project,
            self.session.path,
            self.saving.disk_stamp,
            self.session.undo_stack.isClean(),
            self.settings.recent_files(),
        )
        self._replace(project, stamp, path)
        if unsaved:
            self.session.undo_stack.resetClean()

    def refuse_opening(self, line: str) -> None:
        """Every refusal to open, up front or late, shows the same one line."""
        self.dialogs.warn(COULD_NOT_OPEN, line)
        self._status(line)

    def restore_copy(self, recovery: Recovery) -> None:
        """Open a recovery copy the way File ▸ Open opens a file, as unsaved work. Its layers
        are all read before the window takes it: the copy is deleted once it is open, so a
        wrong layer found later would lose the work it holds."""
        project = load_recovered(recovery)
        self.take_opened(project, recovery.project_path, DiskStamp.of(recovery.project_path), unsaved=True)

    def _replace(self, project: Project, stamp: DiskStamp | None, path: Path | None) -> None:
        self.autosave.discard()
        self.session.replace_project(project, path)
        self.saving.disk_stamp = stamp
        self.identity.check()
        self.window.navigator.table.setFocus()  # coding keys work without a click
        if path is not None:
            self.settings.add_recent(path)
            self._status(f"Opened {path}")

    def _layer_failed(self, exc: WorkbenchError) -> None:
        path = self.session.path
        self._went_wrong((exc.with_file(str(path)) if path else exc).line())

    def _went_wrong(self, line: str) -> None:
        """A layer read after the window took the project is wrong, so the file cannot be
        opened after all: refused as up front, and the window goes back to what it had
        (the file is unchanged: a project missing a layer is never saved)."""
        before = self._before
        self._before = self._nothing_before()
        self.settings.set_recent_files(before.recent)  # as a file refused up front leaves them
        self.autosave.discard()
        self.session.replace_project(before.project, before.path)
        self.saving.disk_stamp = before.stamp
        if not before.clean:  # its unsaved work is still unsaved, and protected again
            self.session.undo_stack.resetClean()
            self.autosave.mark_all_unsaved()
        self.refuse_opening(line)

    def _step_finished(self, name: str) -> None:
        """Once every layer is read the project is open for good: what the window had before
        is let go (at 150,000 entries it is hundreds of MB)."""
        if name == UNREAD_LAYERS:
            self._before = self._nothing_before()

    def _nothing_before(self) -> _WindowBefore:
        """What a window that had no project goes back to: an empty one with this codebook."""
        return _WindowBefore(
            Project(codebook=self.session.project.codebook), None, None, True, self.settings.recent_files()
        )

    def _folder(self) -> str:
        if self.session.path is not None:
            return str(self.session.path.parent)
        last = self.settings.last_project()
        return str(last.parent) if last else str(Path.home())

    # --- saving (``saving.ProjectSaving``) ---------------------------------------------

    def save(self) -> bool:
        """Save to the project's file (asking for one the first time); True when saved."""
        return self.saving.save()

    def save_as(self) -> bool:
        return self.saving.save_as()

    # --- window events -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind == QEvent.Type.Close:
                if self._keeping_work or self.maybe_keep_work("closing"):
                    self._shut_down()
                    return False
                event.ignore()
                return True
            dragged = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
            if kind in dragged and isinstance(event, QDropEvent) and (paths := _local_paths(event)):
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    self.importing.import_paths(paths)
                return True
        return super().eventFilter(watched, event)

    def _shut_down(self) -> None:
        """A clean exit: layout remembered, no recovery copy left, no worker left running."""
        self.settings.save_window(self.window)
        self.autosave.stop()
        if not self._keeping_work:
            self.autosave.discard()
        self.session.shut_down()
        jobs.cancel_all()

    def close_keeping_work(self) -> None:
        """Close without asking, as at a logout (``quit_signals``): the unsaved work is
        written to the recovery copy first and offered back at the next start."""
        self._keeping_work = True
        self.autosave.write_now()
        self.window.close()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)


def _local_paths(event: QEvent) -> list[Path]:
    if not isinstance(event, QDragEnterEvent | QDropEvent):
        return []
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(u.isLocalFile() for u in urls):
        return []
    return [Path(u.toLocalFile()) for u in urls]


def choose_codebook(dialogs: Dialogs) -> str | None:
    """A built-in codebook name or a codebook file path; None when the person cancels."""
    labels = {builtin_codebook(name).label: name for name in BUILTIN_CODEBOOKS}
    choice = dialogs.choose("New project", "Code the new project with:", [*labels, CODEBOOK_FROM_FILE])
    if choice is None:
        return None
    if choice != CODEBOOK_FROM_FILE:
        return labels[choice]
    path = dialogs.open_file("Choose a codebook", str(Path.home()), CODEBOOK_FILTER)
    return str(path) if path is not None else None


def install_lifecycle(
    window: MainWindow,
    settings: Settings | None = None,
    autosave_interval_ms: int | None = None,
    *,
    offer_recovered_work: bool = True,
) -> ProjectLifecycle:
    """Give ``window`` its project lifecycle: File actions, autosave, layout, close handling.

    Call after every panel is docked, so the saved dock layout can be restored onto them.
    """
    settings = settings or Settings()
    autosave = (
        Autosave(window.session)
        if autosave_interval_ms is None
        else Autosave(window.session, autosave_interval_ms)
    )
    lifecycle = ProjectLifecycle(window, settings, autosave)
    notify_failures(autosave, window.dialogs)
    add_annotator_action(window, settings)
    add_clock_menu(window, settings)
    settings.restore_window(window)
    if offer_recovered_work:
        offer_recovery(
            window.dialogs, window.session, autosave, lifecycle.restore_copy, lifecycle.refuse_opening
        )
    return lifecycle
