"""The workbench's main window: it only wires the parts together.

Navigator (left), entry text (centre) and tag panel (right) each talk to the ``Session``
alone; other panels join through ``add_panel_dock`` and the menus, found by title.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from workbench.core.errors import WorkbenchError
from workbench.formats.project_file import save_project
from workbench.ui.session import Session

MENU_TITLES = ("File", "Edit", "View", "Review", "Help")


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("MainWindow")
        self.menus: dict[str, QMenu] = {title: self.menuBar().addMenu(f"&{title}") for title in MENU_TITLES}
        for title, menu in self.menus.items():
            menu.setObjectName(f"menu{title}")
            menu.setTitle(title)
        self._build_file_menu()
        self._build_edit_menu()
        self.setDockNestingEnabled(True)
        self.setCentralWidget(QWidget(self))
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.session.projectReplaced.connect(self._update_title)
        self._update_title()

    # --- parts other engineers plug in -----------------------------------------------------

    def menu(self, title: str) -> QMenu:
        return self.menus[title]

    def add_panel_dock(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea,
    ) -> QDockWidget:
        """Dock ``widget`` and list it under View so it can be shown again after closing."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menus["View"].addAction(dock.toggleViewAction())
        return dock

    # --- menus ---------------------------------------------------------------------------

    def _build_file_menu(self) -> None:
        self.save_action = QAction("&Save", self)
        self.save_action.setObjectName("actionSave")
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.menus["File"].addAction(self.save_action)
        self.menus["File"].addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("actionQuit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menus["File"].addAction(quit_action)

    def _build_edit_menu(self) -> None:
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("actionUndo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setObjectName("actionRedo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.menus["Edit"].addAction(self.undo_action)
        self.menus["Edit"].addAction(self.redo_action)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the project's file (asking for one the first time); True when saved."""
        path = self.session.path
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save project", "", "Workbench project (*.json)")
            if not chosen:
                return False
            from pathlib import Path

            path = Path(chosen)
        try:
            save_project(self.session.project, path)
        except (OSError, WorkbenchError) as exc:
            line = exc.line() if isinstance(exc, WorkbenchError) else f"{path}: {exc.strerror or exc}"
            QMessageBox.warning(self, "Could not save", line)
            return False
        self.session.path = path
        self.session.undo_stack.setClean()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _update_title(self) -> None:
        dirty = "" if self.session.undo_stack.isClean() else "*"
        self.setWindowTitle(f"{self.session.display_name}{dirty} — Workbench")
