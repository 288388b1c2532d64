"""The session tells its project index of every change before any view hears of it, so a
view refreshing on ``changed`` reads derived data that already shows the change."""

from __future__ import annotations

from test_chart_panel import CORPUS

from workbench.core.filtering import EntryFilter
from workbench.core.undoable import edit_annotation, set_status
from workbench.formats.project.file import load_project
from workbench.index.coding import STATUS_CODE
from workbench.ui.session import Session


def test_views_told_of_a_change_see_it_in_the_index(qtbot) -> None:
    session = Session(load_project(CORPUS), None, "ana")
    flagged = EntryFilter(status="flagged")
    assert session.indices_for(flagged) == []  # masks kept before the change
    seen: list[tuple[int, list[int]]] = []
    where = session.project.index_of("e3")
    session.changed.connect(
        lambda _change: seen.append((int(session.statuses()[where]), session.indices_for(flagged)))
    )
    session.push(edit_annotation(session.project, "ana", "e3", "Flag", set_status("flagged")))
    assert seen == [(STATUS_CODE["flagged"], [where])]


def test_a_replaced_project_gets_a_new_index(qtbot) -> None:
    session = Session(load_project(CORPUS), None, "ana")
    old = session.index
    session.replace_project(load_project(CORPUS), None)
    assert session.index is not old and session.index.project is session.project
    assert old.text.stale  # a text build still running for the old project gives up
