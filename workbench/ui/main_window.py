"""The workbench's main window: it only wires the parts together.

Navigator (left), entry text (centre) and tag panel (right) each talk to the ``Session``
alone; other panels join through ``add_panel_dock`` and the menus, found by title.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.agreement_report import install_review_mode
from workbench.ui.chart_dock import chart_dock_content
from workbench.ui.codebook_editor import add_codebook_action
from workbench.ui.coding import Coder
from workbench.ui.entry_view import EntryView
from workbench.ui.export_dialog import add_export_action
from workbench.ui.filter_bar import FilterBar
from workbench.ui.keyboard import CodingKeys
from workbench.ui.navigator import EntryNavigator
from workbench.ui.plain_text import install_plain_labels
from workbench.ui.session import Session
from workbench.ui.shortcut_sheet import ShortcutSheet
from workbench.ui.tag_panel import TagPanel

MENU_TITLES = ("File", "Edit", "View", "Review", "Help")


class MainWindow(QMainWindow):
    def __init__(self, session: Session, *, chart_in_background: bool = False) -> None:
        super().__init__()
        install_plain_labels(QApplication.instance())  # data in any label stays plain text
        self.session = session
        self.setObjectName("MainWindow")
        self.menus: dict[str, QMenu] = {title: self.menuBar().addMenu(f"&{title}") for title in MENU_TITLES}
        for title, menu in self.menus.items():
            menu.setObjectName(f"menu{title}")  # the titles keep their & so Alt+F, Alt+E... open them
        self.coder = Coder(session)
        self.filter_bar = FilterBar(session, self)
        self.navigator = EntryNavigator(session, self)
        self.entry_view = EntryView(session, self.coder, self)
        self.tag_panel = TagPanel(session, self.coder, self.entry_view.mark_selection, self)
        self.tag_panel.return_focus = self.navigator.table.setFocus
        self.filter_bar.return_focus = self.navigator.table.setFocus
        self._build_centre()
        self.keys = CodingKeys(
            session,
            [self.navigator, self.entry_view, self.tag_panel],
            self.coder.toggle,
            self.entry_view.mark_selection,
            self,
            find_value=self.tag_panel.focus_find,
        )
        self.keys.chordCue.connect(self._show_chord_cue)
        self.window_actions: list[tuple[str, QAction]] = []
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self._build_help_menu()
        self.keys.rebuild_codebook_actions()
        self.setDockNestingEnabled(True)
        chart = chart_dock_content(session, self, in_background=chart_in_background)
        self.chart_dock = self.add_panel_dock("activityDock", "Activity", chart)
        install_review_mode(self)  # Review menu and review dock
        self._give_coding_the_room()
        self._build_status_bar()
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.session.projectReplaced.connect(lambda: self._update_title())
        self.session.annotatorChanged.connect(lambda _name: self._update_title())
        self._update_title()
        self.navigator.table.setFocus()

    def _build_centre(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.entry_view)
        splitter.addWidget(self.tag_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([540, 460, 400])
        splitter.setChildrenCollapsible(False)
        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(centre)

    def _give_coding_the_room(self) -> None:
        """Start with the docks low so the coding area keeps most of the height (layout
        saved by the settings replaces this)."""
        self.resize(1400, 900)
        bottom = [
            d
            for d in self.findChildren(QDockWidget)
            if self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
        ]
        if bottom:
            self.resizeDocks(bottom, [230] * len(bottom), Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.annotator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.navigator.model.countsChanged.connect(self._update_counts)
        self.navigator.model.modelReset.connect(self._update_counts)
        self.session.annotatorChanged.connect(self._update_counts)
        self._update_counts()

    def _update_counts(self) -> None:
        self.counts_label.setText(self.navigator.counts_text())
        self.annotator_label.setText(f"  Coding as {self.session.annotator}  ")

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

    def _window_action(self, menu: str, group: str, text: str, keys: list[str], handler) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _=False: handler())
        self.menus[menu].addAction(action)
        self.window_actions.append((group, action))
        return action

    def _build_file_menu(self) -> None:
        # New, Open, Save, Save As and Import are added by workbench.ui.lifecycle.
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("actionQuit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menus["File"].addAction(quit_action)
        add_export_action(self)  # File ▸ Export…, just above Quit

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
        self.window_actions += [("Editing", self.undo_action), ("Editing", self.redo_action)]
        self.menus["Edit"].addSeparator()
        self.find_action = self._window_action(
            "Edit", "Editing", "&Find…", ["Ctrl+F"], self.filter_bar.focus_search
        )
        self._window_action("Edit", "Editing", "&Note on this entry", ["Ctrl+E"], self.tag_panel.focus_note)
        self.menus["Edit"].addSeparator()
        keys = self.keys
        for status, text, key in (("done", "Mark &done / to do", "D"), ("flagged", "&Flag / unflag", "F")):
            action = keys.add("Status", text, [key], lambda s=status: self.coder.toggle_status(s))
            self.menus["Edit"].addAction(action)
        self.menus["Edit"].addSeparator()
        self.window_actions.append(("Editing", add_codebook_action(self)))  # Edit ▸ Edit codebook…

    def _build_view_menu(self) -> None:
        keys = self.keys
        for text, key_list, handler in (
            ("&Next entry", ["J", "Down"], lambda: self.navigator.step(1)),
            ("&Previous entry", ["K", "Up"], lambda: self.navigator.step(-1)),
            ("Next &uncoded entry", ["N"], self._next_uncoded),
        ):
            self.menus["View"].addAction(keys.add("Moving", text, key_list, handler))
        self.group_action = QAction("&Group by dispatch", self)
        self.group_action.setCheckable(True)
        self.group_action.toggled.connect(self.navigator.set_grouped)
        self.menus["View"].addAction(self.group_action)
        self.menus["View"].addSeparator()

    def _build_help_menu(self) -> None:
        self._window_action("Help", "Help", "&Keyboard shortcuts", ["F1"], self.show_shortcut_sheet)

    def shortcut_sheet(self) -> ShortcutSheet:
        return ShortcutSheet(self.keys.bindings(self.window_actions), self.keys.conflicts, self)

    def show_shortcut_sheet(self) -> None:
        sheet = self.shortcut_sheet()
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()

    def _show_chord_cue(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _next_uncoded(self) -> None:
        if not self.navigator.next_uncoded():
            self.statusBar().showMessage("Every entry in the list is coded.", 5000)

    def _update_title(self, clean: bool | None = None) -> None:
        """Project name, with * while unsaved; ``clean`` comes with the signal because the
        stack may be mid-destruction when it reports it (the session can outlive the window)."""
        if clean is None:
            clean = self.session.undo_stack.isClean()
        dirty = "" if clean else "*"
        self.setWindowTitle(
            f"{self.session.display_name}{dirty} — coding as {self.session.annotator} — Workbench"
        )
