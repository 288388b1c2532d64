"""The window's menus: every item declared once, in ``MENUS``, and built from it in one place.

Each row says where an item goes (menu and order), its text, its keys (by its name in
``core/app_keys``), whether it is checkable and which group of the shortcut sheet lists
it. ``MenuActions`` reads the table once, when the window is built, and puts every item
in place; the feature that does the work then binds its handler by the item's name
(``bind``), hands over an action Qt made for it (``adopt``: undo, redo, a dock's toggle)
or fills its submenu (``submenu``). No module looks another's action up by object name,
and an item nobody binds (a window built without its project lifecycle, in tests) stays
hidden, so a menu never offers what does nothing.

To add an item: a row here (and its keys in ``core/app_keys`` if it has any), then one
``window.menu_actions.bind(name, handler)`` where the handler lives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from workbench.core.app_keys import APP_KEYS

#: The menu bar, in order (their titles keep their & so Alt+F, Alt+E... open them).
MENU_TITLES = ("File", "Edit", "View", "Review", "Help")


@dataclass(frozen=True)
class MenuItem:
    """One item of one menu (``name`` "-" is a separator)."""

    menu: str
    #: The item's name: its keys are ``APP_KEYS[name]`` when it has an entry there.
    name: str
    text: str = ""
    #: Its group in the shortcut sheet; None leaves it out (no keys, or listed elsewhere).
    sheet: str | None = None
    object_name: str = ""
    checkable: bool = False
    #: A key of the coding area (``CodingKeys.add``): it fires where the list, text or tag
    #: panel has the focus, and is listed by the coding keys, in the group ``sheet``.
    coding: bool = False
    submenu: bool = False


def _sep(menu: str) -> MenuItem:
    return MenuItem(menu, "-")


MENUS: tuple[MenuItem, ...] = (
    # File: the project lifecycle's items, then the features', Quit last.
    MenuItem("File", "new", "&New…", "Project", "actionNew"),
    MenuItem("File", "open", "&Open…", "Project", "actionOpen"),
    MenuItem("File", "open recent", "Open &Recent", object_name="menuRecent", submenu=True),
    _sep("File"),
    MenuItem("File", "save", "&Save", "Project", "actionSave"),
    MenuItem("File", "save as", "Save &As…", "Project", "actionSaveAs"),
    _sep("File"),
    MenuItem("File", "import", "&Import files…", "Project", "actionImport"),
    MenuItem("File", "import folder", "Import &folder…", object_name="actionImportFolder"),
    MenuItem("File", "import predictions", "Import &predictions…", object_name="actionImportPredictions"),
    _sep("File"),
    MenuItem("File", "export", "&Export…", object_name="actionExport"),
    _sep("File"),
    MenuItem("File", "change annotator", "Change &annotator name…", object_name="actionAnnotator"),
    MenuItem("File", "quit", "&Quit", object_name="actionQuit"),
    # Edit
    MenuItem("Edit", "undo", "&Undo", "Editing", "actionUndo"),
    MenuItem("Edit", "redo", "&Redo", "Editing", "actionRedo"),
    _sep("Edit"),
    MenuItem("Edit", "find", "&Find…", "Editing"),
    MenuItem("Edit", "note", "&Note on this entry", "Editing"),
    _sep("Edit"),
    MenuItem("Edit", "mark done", "Mark &done / to do", "Status", coding=True),
    MenuItem("Edit", "flag", "&Flag / unflag", "Status", coding=True),
    _sep("Edit"),
    MenuItem("Edit", "edit codebook", "Edit &codebook…", "Editing", "actionEditCodebook"),
    MenuItem("Edit", "set dispatch date", "Set dispatch &date…", "Editing", "actionSetDispatchDate"),
    _sep("Edit"),
    MenuItem(
        "Edit",
        "accept suggestions",
        "Accept &suggestions",
        "Suggestions",
        "actionAcceptSuggestions",
        coding=True,
    ),
    MenuItem(
        "Edit", "code blind", "Code &blind (no suggestions)", object_name="actionCodeBlind", checkable=True
    ),
    # View (each panel dock adds its toggle at the end: ``MainWindow.add_panel_dock``)
    MenuItem("View", "next entry", "&Next entry", "Moving", coding=True),
    MenuItem("View", "previous entry", "&Previous entry", "Moving", coding=True),
    MenuItem("View", "next uncoded entry", "Next &uncoded entry", "Moving", coding=True),
    MenuItem("View", "next uncertain entry", "Next most uncer&tain entry", "Moving", coding=True),
    MenuItem("View", "next random entry", "Next &random entry", "Moving", coding=True),
    MenuItem("View", "group by dispatch", "&Group by dispatch", checkable=True),
    MenuItem("View", "clock", "&Clock", object_name="menuClock", submenu=True),
    _sep("View"),
    # Review
    MenuItem("Review", "review disagreements", "&Review disagreements", checkable=True),
    MenuItem("Review", "next disagreement", "&Next disagreement", "Review"),
    MenuItem("Review", "previous disagreement", "&Previous disagreement", "Review"),
    _sep("Review"),
    MenuItem("Review", "agreement report", "&Agreement report…", "Review"),
    MenuItem("Review", "add layers", "Add annotation &layers from file…"),
    MenuItem("Review", "prepare assignments", "Prepare &assignments…"),
    # Help
    MenuItem("Help", "keyboard shortcuts", "&Keyboard shortcuts", "Help"),
)


class CodingArea(Protocol):
    """What ``MenuActions`` needs of ``CodingKeys`` for a coding item."""

    def add(self, group: str, text: str, keys: list[str], handler: Callable[[], object]) -> QAction: ...


class MenuActions:
    """The window's menus built from ``items``: a hidden place for each item until bound.

    ``listed`` is what the shortcut sheet shows of the window's own actions, in the order
    they were bound (the coding keys list the coding items themselves).
    """

    def __init__(
        self, window: QWidget, menus: dict[str, QMenu], coding: CodingArea, items: Sequence[MenuItem] = MENUS
    ) -> None:
        self._window = window
        self._menus = menus
        self._coding = coding
        self._items: dict[str, MenuItem] = {}
        self._places: dict[str, QAction] = {}
        self.listed: list[tuple[str, QAction]] = []
        for item in items:
            menu = menus[item.menu]
            if item.name == "-":
                menu.addSeparator()
                continue
            if item.name in self._items:
                raise ValueError(f"menu item '{item.name}' is declared twice")
            self._items[item.name] = item
            if item.submenu:
                sub = QMenu(item.text, window)
                sub.setObjectName(item.object_name)
                place = menu.addMenu(sub)
            else:
                place = menu.addAction(item.text)
            place.setVisible(False)  # until its feature binds it
            self._places[item.name] = place

    def _keys(self, item: MenuItem) -> list[str]:
        return list(APP_KEYS.get(item.name, ()))

    def bind(self, name: str, handler: Callable[..., object]) -> QAction:
        """Give item ``name`` its handler (called with the new state for a checkable one)."""
        item = self._items[name]
        if item.coding:
            return self.adopt(name, self._coding.add(item.sheet or "", item.text, self._keys(item), handler))
        action = QAction(item.text, self._window)
        action.setCheckable(item.checkable)
        if item.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False: handler())
        return self.adopt(name, action)

    def adopt(self, name: str, action: QAction) -> QAction:
        """Put an action made elsewhere (undo, a dock's toggle) in item ``name``'s place,
        with the table's text, keys and object name."""
        item = self._items[name]
        action.setText(item.text)
        if item.object_name:
            action.setObjectName(item.object_name)
        if item.name in APP_KEYS:
            action.setShortcuts([QKeySequence(k) for k in self._keys(item)])
        place = self._places[name]
        menu = self._menus[item.menu]
        menu.insertAction(place, action)
        menu.removeAction(place)
        place.deleteLater()
        self._places[name] = action
        if item.sheet is not None and not item.coding:
            self.listed.append((item.sheet, action))
        return action

    def submenu(self, name: str) -> QMenu:
        """Item ``name``'s submenu, shown from now on, for its feature to fill."""
        place = self._places[name]
        sub = place.menu()
        if not isinstance(sub, QMenu):
            raise ValueError(f"menu item '{name}' is no submenu")
        place.setVisible(True)
        return sub

    def action(self, name: str) -> QAction:
        """Item ``name`` as it is in its menu (hidden when nobody bound it)."""
        return self._places[name]
