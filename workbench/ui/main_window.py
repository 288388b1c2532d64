"""The workbench's main window: it only wires the parts together.

Navigator (left), entry text (centre) and tag panel (right) each talk to the ``Session``
alone; other panels join through ``add_panel_dock`` and the menus, found by title.

The tag panel is a fixed pane in the right dock area, which owns the bottom-right corner,
so the bottom docks (activity, review) sit under the list and the text only: the coding
controls keep the window's full height, and at 1400x900 every one of them (the Mention
values and the Note too) is in view without scrolling. The filter bar is a fixed tool bar,
so it keeps the full width above both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QWidget,
)

from workbench.ui.chart.dock import chart_dock_content
from workbench.ui.coding.codebook_editor import show_codebook_editor
from workbench.ui.coding.dispatch_date import ask_dispatch_date
from workbench.ui.coding.entry_view import EntryView
from workbench.ui.coding.keys import CodingKeys
from workbench.ui.coding.operations import Coder
from workbench.ui.coding.shortcut_sheet import ShortcutSheet
from workbench.ui.coding.suggested import add_suggestion_actions
from workbench.ui.coding.tag_panel import TagPanel
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.dialogs.export import open_export
from workbench.ui.menus import MENU_TITLES, MenuActions
from workbench.ui.navigator.entry_list import EntryNavigator
from workbench.ui.navigator.filter_bar import FilterBar
from workbench.ui.plain_text import install_plain_labels
from workbench.ui.review.agreement_report import install_review_mode
from workbench.ui.session import Session
from workbench.ui.suggestions.panel import install_suggestions_panel
from workbench.ui.suggestions.predictions_import import import_predictions

#: The default layout's shares of the window: the list's width (its Dispatch column needs
#: room once Time, Status and the code columns have theirs), the tag panel's width (two
#: columns of values with their keys) and the bottom docks' height.
LIST_SHARE, TAG_PANEL_SHARE, BOTTOM_DOCK_SHARE = 0.43, 0.30, 0.28


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, *, chart_in_background: bool = False, dialogs: Dialogs | None = None
    ) -> None:
        super().__init__()
        app = QApplication.instance()
        assert isinstance(app, QApplication), "the window needs a QApplication"
        install_plain_labels(app)  # data in any label stays plain text
        self.session = session
        # Every question to the person goes through this (tests pass a scripted one).
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.setObjectName("MainWindow")
        self.menus: dict[str, QMenu] = {title: self.menuBar().addMenu(f"&{title}") for title in MENU_TITLES}
        self.docks: dict[str, QDockWidget] = {}
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
        self.keys.conflictsFound.connect(self._report_key_clashes)
        # Every menu item has its place from the one table (``ui/menus``); each feature
        # binds its own items by name, the window's here.
        self.menu_actions = MenuActions(self, self.menus, self.keys)
        #: What the shortcut sheet lists of the window's actions (bound order).
        self.window_actions: list[tuple[str, QAction]] = self.menu_actions.listed
        self._bind_menus()
        self.keys.rebuild_codebook_actions()
        self.setDockNestingEnabled(True)
        self._build_coding_dock()
        chart = chart_dock_content(session, self, in_background=chart_in_background, dialogs=self.dialogs)
        self.chart_dock = self.add_panel_dock("activityDock", "Activity", chart)
        self.review_panel = install_review_mode(self)  # Review menu and review dock
        install_suggestions_panel(self)  # View ▸ Suggestions: each model's quality
        self._shown_once = False
        self._docks_restored = False  # a saved layout's dock sizes win over the default ones
        self._tag_panel_restored = False
        self.resize(1400, 900)
        self._build_status_bar()
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.session.projectReplaced.connect(lambda: self._update_title())
        self.session.annotatorChanged.connect(lambda _name: self._update_title())
        self._update_title()
        self.navigator.table.setFocus()

    def _build_centre(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.entry_view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        bar = QToolBar("Filters", self)
        bar.setObjectName("filterToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)  # the filters are never hidden
        self.filter_bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.filter_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_coding_dock(self) -> None:
        """The tag panel as a fixed pane on the right, the full height of the window."""
        dock = QDockWidget("Coding", self)
        dock.setObjectName("codingDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setTitleBarWidget(QWidget(dock))  # a pane, not a panel to move or close
        dock.toggleViewAction().setVisible(False)
        dock.setWidget(self.tag_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.coding_dock = dock

    def restoreState(
        self, state: QByteArray | bytes | bytearray | memoryview, version: int | None = 0
    ) -> bool:
        """A saved layout wins over the default dock sizes laid out at the first show."""
        restored = super().restoreState(state, version or 0)
        # The state holds the corners too: one saved before the tag panel was a dock gave
        # the bottom-right corner back to the bottom docks.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        if restored:
            self._docks_restored = True
            # A layout saved before the tag panel was a dock does not hold its width (the
            # state names each dock, in UTF-16), so the panel still gets its default one.
            saved = QByteArray(state).data()
            self._tag_panel_restored = self.coding_dock.objectName().encode("utf-16-be") in saved
        return restored

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.lay_out_default(docks=not self._docks_restored, tag_panel=not self._tag_panel_restored)
        super().showEvent(event)

    def lay_out_default(self, *, docks: bool = True, tag_panel: bool = True) -> None:
        """Share the window out for its size as it is first shown (1280x720 to 1920x1080):
        the list, text and tag panel side by side, the bottom docks low, so the coding
        area keeps most of the height. A restored saved layout keeps its bottom docks'
        (``docks`` False) and tag panel's (``tag_panel`` False) sizes; the list and text
        always start at their shares, as a window's saved state does not hold them."""
        width, height = self.width(), self.height()
        tag_width = max(round(width * TAG_PANEL_SHARE), self.tag_panel.minimumSizeHint().width())
        if tag_panel:
            self.resizeDocks([self.coding_dock], [tag_width], Qt.Orientation.Horizontal)
        if docks:
            bottom = [
                d
                for d in self.findChildren(QDockWidget)
                if self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
            ]
            if bottom:
                share = round(height * BOTTOM_DOCK_SHARE)
                self.resizeDocks(bottom, [share] * len(bottom), Qt.Orientation.Vertical)
        # Taken as proportions: the splitter scales them to whatever width it ends up with.
        list_width = round(width * LIST_SHARE)
        self.splitter.setSizes([list_width, max(width - tag_width - list_width, 1)])

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
        """Dock ``widget`` and list it under View so it can be shown again after closing;
        ``docks[name]`` finds it for a feature that wants it shown (``show_dock``)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menus["View"].addAction(dock.toggleViewAction())
        self.docks[name] = dock
        return dock

    def show_dock(self, name: str) -> None:
        """Show and raise the dock ``add_panel_dock`` made under ``name``."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    # --- menus ---------------------------------------------------------------------------

    def _bind_menus(self) -> None:
        """The window's own items of ``ui/menus.MENUS`` (the features bind theirs)."""
        bind = self.menu_actions.bind
        self.quit_action = bind("quit", self.close)
        bind("export", lambda: open_export(self))
        bind("import predictions", lambda: import_predictions(self))
        stack = self.session.undo_stack
        self.undo_action = self.menu_actions.adopt("undo", stack.createUndoAction(self, "&Undo"))
        self.redo_action = self.menu_actions.adopt("redo", stack.createRedoAction(self, "&Redo"))
        self.find_action = bind("find", self.filter_bar.focus_search)
        bind("note", self.tag_panel.focus_note)
        bind("mark done", lambda: self.coder.toggle_status("done"))
        bind("flag", lambda: self.coder.toggle_status("flagged"))
        bind("edit codebook", lambda: show_codebook_editor(self))
        bind("set dispatch date", lambda: ask_dispatch_date(self))
        add_suggestion_actions(self)  # Edit ▸ Accept suggestions (S), Code blind
        bind("next entry", lambda: self.navigator.step(1))
        bind("previous entry", lambda: self.navigator.step(-1))
        bind("next uncoded entry", self._next_uncoded)
        bind("next uncertain entry", lambda: self._go(self.navigator.next_uncertain))
        bind("next random entry", lambda: self._go(self.navigator.next_random))
        self.group_action = bind("group by dispatch", self.navigator.set_grouped)
        bind("keyboard shortcuts", self.show_shortcut_sheet)

    def shortcut_sheet(self) -> ShortcutSheet:
        return ShortcutSheet(self.keys.bindings(self.window_actions), self.keys.conflicts, self)

    def show_shortcut_sheet(self) -> None:
        sheet = self.shortcut_sheet()
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()

    def _report_key_clashes(self, conflicts: list[str]) -> None:
        many = len(conflicts) != 1
        self.statusBar().showMessage(
            f"{len(conflicts)} codebook key{'s' * many} not bound: {'they clash' if many else 'it clashes'} "
            "with the window's own keys or another value's (Help ▸ Keyboard shortcuts lists them).",
            10000,
        )

    def _show_chord_cue(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _next_uncoded(self) -> None:
        if not self.navigator.next_uncoded():
            self.statusBar().showMessage("Every entry in the list is coded.", 5000)

    def _go(self, queue: Callable[[], str]) -> None:
        """Move by one of the navigator's queues; what it says when it cannot goes to the status bar."""
        message = queue()
        if message:
            self.statusBar().showMessage(message, 5000)

    def _update_title(self, clean: bool | None = None) -> None:
        """Project name, with * while unsaved; ``clean`` comes with the signal because the
        stack may be mid-destruction when it reports it (the session can outlive the window)."""
        if clean is None:
            clean = self.session.undo_stack.isClean()
        dirty = "" if clean else "*"
        self.setWindowTitle(
            f"{self.session.display_name}{dirty} — coding as {self.session.annotator} — Workbench"
        )
