"""The window's menus come from one table (``ui/menus.MENUS``): each item where it is
declared, with the keys ``core/app_keys`` gives it, bound by the feature that owns it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from workbench.core.app_keys import APP_KEYS
from workbench.formats.project.file import load_project
from workbench.ui.main_window import MainWindow
from workbench.ui.menus import MENUS, MenuActions, MenuItem
from workbench.ui.session import Session

#: Keys of the window that are no menu item: the tag panel's "take all" and the menu bar's own.
NOT_ITEMS = {"take all from annotator", "menus"}


def test_every_key_of_the_window_is_on_its_declared_item(window: MainWindow) -> None:
    declared = {item.name for item in MENUS}
    assert set(APP_KEYS) - NOT_ITEMS <= declared  # a key nobody can find in a menu would be a typo
    for name in set(APP_KEYS) - NOT_ITEMS:
        action = window.menu_actions.action(name)
        assert action.isVisible(), name
        assert action.shortcuts() == [QKeySequence(k) for k in APP_KEYS[name]], name


def test_every_declared_item_of_the_full_window_is_bound(window: MainWindow) -> None:
    for item in MENUS:
        if item.name != "-":
            action = window.menu_actions.action(item.name)
            assert action.isVisible(), item.name
            assert action.text() == item.text


def test_the_keys_from_the_table_work(qtbot, window: MainWindow) -> None:
    """Ctrl+Shift+R (Review ▸ Review disagreements, a dock's own toggle) shows the review dock."""
    dock = window.review_panel.parentWidget()
    assert not dock.isVisible()
    qtbot.keyClick(
        window.navigator.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(dock.isVisible)


def test_a_window_without_its_lifecycle_offers_no_project_items(qtbot, project_file) -> None:
    window = MainWindow(Session(load_project(project_file), project_file, annotator="ana"))
    qtbot.addWidget(window)
    shown = [a.text().replace("&", "") for a in window.menu("File").actions() if a.isVisible() and a.text()]
    assert shown == ["Import predictions…", "Export…", "Quit"]  # nothing that would do nothing
    assert not window.menu_actions.action("save").isVisible()


def test_an_item_is_declared_once_and_bound_by_its_name(qtbot) -> None:
    host = QMainWindow()
    qtbot.addWidget(host)
    menus = {"File": QMenu("&File", host)}
    twice = (MenuItem("File", "save", "&Save"), MenuItem("File", "save", "&Save again"))
    with pytest.raises(ValueError, match="declared twice"):
        MenuActions(host, menus, coding=None, items=twice)  # type: ignore[arg-type]
    actions = MenuActions(host, {"File": QMenu("&File", host)}, coding=None, items=twice[:1])  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        actions.bind("sav", lambda: None)
    heard: list[str] = []
    saved = actions.bind("save", lambda: heard.append("saved"))
    assert saved.shortcuts() == [QKeySequence("Ctrl+S")]  # from core/app_keys, by the name
    saved.trigger()
    assert heard == ["saved"]
