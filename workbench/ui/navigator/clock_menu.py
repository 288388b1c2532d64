"""View ▸ Clock: the 12- or 24-hour clock for every time the window shows, remembered.

The choice is the session's (``Session.set_clock``), so the entry list, the entry header,
the chart and the review list redraw their times at once; the settings file keeps it for
the next window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup

from workbench.core.clock_text import CLOCKS, Clock
from workbench.ui.settings import Settings

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

CLOCK_TEXT: dict[Clock, tuple[str, str]] = {
    "12h": ("&12-hour clock", "Times as the wire prints them: 4:50 p.m., noon"),
    "24h": ("&24-hour clock", "Times from 00:00 to 23:59: 16:50, 12:00"),
}


def add_clock_menu(window: MainWindow, settings: Settings) -> dict[Clock, QAction]:
    """Fill View ▸ Clock (its place: ``ui/menus``) and apply the stored clock."""
    session = window.session
    session.set_clock(settings.clock())
    menu = window.menu_actions.submenu("clock")
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions: dict[Clock, QAction] = {}
    for clock in CLOCKS:
        text, example = CLOCK_TEXT[clock]
        action = QAction(text, group)
        action.setStatusTip(example)
        action.setObjectName(f"actionClock{clock}")
        action.setCheckable(True)
        action.setChecked(clock == session.clock)
        action.triggered.connect(lambda _checked=False, c=clock: choose(c))
        menu.addAction(action)
        actions[clock] = action

    def choose(clock: Clock) -> None:
        settings.set_clock(clock)
        session.set_clock(clock)

    return actions
