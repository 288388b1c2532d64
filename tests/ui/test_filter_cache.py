"""The entry list and the activity chart share one text search per filter change.

Picking an hour on the chart changes only the time part of the filter, so the text
conditions' result is reused; a coding change must still make the chart recount from the
data as it is now. Corpus: see tests/ui/test_chart_panel.py ("ed" is in e2 at 00:10, e4 at
00:30, e5 at 13:45 and the undated e6; layer "ana" has every entry done but e2).
"""

from __future__ import annotations

import pytest
from test_chart_panel import CORPUS, click_bar, shown_panel, visible_ids

from workbench.core.filtering import EntryFilter
from workbench.core.undoable import edit_annotation, set_status, toggle_value
from workbench.formats.project.file import load_project
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex
from workbench.index.text import TextIndex
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.session import Session


@pytest.fixture
def session() -> Session:
    return Session(load_project(CORPUS), None, "ana")


@pytest.fixture
def panel(qtbot, session: Session) -> ActivityChartPanel:
    return shown_panel(qtbot, session)


@pytest.fixture
def text_searches(monkeypatch) -> list[str]:
    """Records every text search the core runs."""
    searched: list[str] = []
    original = TextIndex.with_text

    def recording(self, needle: str, candidates: list[int] | None) -> list[int]:
        searched.append(needle)
        return original(self, needle, candidates)

    monkeypatch.setattr(TextIndex, "with_text", recording)
    return searched


def test_picking_an_hour_reuses_the_text_search(
    qtbot, panel: ActivityChartPanel, session: Session, text_searches: list[str]
) -> None:
    session.set_filter(EntryFilter(text="ed"))
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 3)
    assert text_searches == ["ed"]
    click_bar(qtbot, panel.hours_chart, 0)
    assert visible_ids(session) == ["e2", "e4"]
    qtbot.waitUntil(lambda: panel.hours_chart.selection.isVisible())
    assert panel.hours_counts.totals[[0, 13]].tolist() == [2, 1]  # the chart still shows every hour
    assert text_searches == ["ed"]


def test_a_coding_change_makes_the_chart_recount(qtbot, panel: ActivityChartPanel, session: Session) -> None:
    session.set_filter(EntryFilter(text="ed", status="todo"))
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 1)
    click_bar(qtbot, panel.hours_chart, 0)
    assert visible_ids(session) == ["e2"]
    session.push(edit_annotation(session.project, "ana", "e5", "Status", set_status("todo")))
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 2)
    assert int(panel.hours_counts.totals[13]) == 1


def test_kept_coding_sets_follow_edits_undo_and_other_annotators(qtbot, session: Session) -> None:
    flagged = EntryFilter(status="flagged")
    russia = EntryFilter(codes=(("actor", "RUS"),))
    assert visible_ids_for(session, flagged) == []
    assert visible_ids_for(session, russia) == ["e0", "e1", "e6"]
    session.push(edit_annotation(session.project, "ana", "e3", "Flag", set_status("flagged")))
    session.push(edit_annotation(session.project, "ana", "e1", "Code", toggle_value("actor", "RUS", True)))
    session.push(edit_annotation(session.project, "ben", "e4", "Flag", set_status("flagged")))
    assert visible_ids_for(session, flagged) == ["e3"]
    assert visible_ids_for(session, russia) == ["e0", "e6"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert visible_ids_for(session, russia) == ["e0", "e1", "e6"]
    session.set_annotator("ben")
    assert visible_ids_for(session, flagged) == []


def visible_ids_for(session: Session, entry_filter: EntryFilter) -> list[str]:
    """What the entry list shows after the analyst clears the filters and picks ``entry_filter``."""
    session.set_filter(EntryFilter())
    session.set_filter(entry_filter)
    return visible_ids(session)


def test_an_opened_project_gets_its_text_search_index_in_the_background(qtbot, session: Session) -> None:
    index = session.index.text
    assert index.words is None
    qtbot.waitUntil(lambda: index.words is not None, timeout=10_000)
    assert index.words.entries == len(session.project.entries)
    session.set_filter(EntryFilter(text="ED"))
    titles = {d.id: d.title for d in session.project.dispatches.values()}
    scanned = [
        i
        for i, e in enumerate(session.project.entries)
        if "ed" in f"{e.text}\n{titles[e.dispatch_id]}".casefold()
    ]
    assert session.visible_indices() == scanned
    assert {"e2", "e4", "e5", "e6"} <= {session.project.entries[i].id for i in scanned}


def test_after_a_coding_change_only_the_touched_entries_are_filtered_again(
    qtbot, panel: ActivityChartPanel, session: Session, monkeypatch
) -> None:
    from workbench.index import results as results_module

    wanted = EntryFilter(text="ed", status="todo", minutes=(0, 60))
    session.set_filter(wanted)
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 1)
    calls: list[list[int] | None] = []

    def recording(*args, among=None, **kwargs):
        calls.append(among)
        return filter_entries(*args, among=among, **kwargs)

    monkeypatch.setattr(results_module, "filter_entries", recording)
    for entry_id, status in (("e5", "todo"), ("e2", "done"), ("e5", "done"), ("e4", "todo")):
        session.push(edit_annotation(session.project, "ana", entry_id, "Status", set_status(status)))
        untimed = wanted.without_time()
        fresh = filter_entries(ProjectIndex(session.project), untimed, "ana")
        assert session.indices_for(untimed) == fresh
        assert session.indices_array_for(untimed).tolist() == fresh  # what the chart counts
    assert calls == [[5], [2], [5], [4]]
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 1)  # e4 (00:30) is to do now
    assert int(panel.hours_counts.totals[0]) == 1


def test_the_visible_entries_as_an_array_are_made_once_per_result(session: Session) -> None:
    session.set_filter(EntryFilter(text="ed"))
    first = session.visible_array()
    assert first.tolist() == session.visible_indices()
    session.push(edit_annotation(session.project, "ana", "e4", "Status", set_status("flagged")))
    assert session.visible_array() is first  # coding changes keep the list, so the array too
    session.set_filter(EntryFilter(status="done"))
    assert session.visible_array().tolist() == session.visible_indices() != first.tolist()


def test_the_untimed_result_as_an_array_is_made_again_only_when_it_changes(session: Session) -> None:
    session.set_filter(EntryFilter(status="todo", minutes=(0, 24 * 60)))
    untimed = session.filter.without_time()
    first = session.indices_array_for(untimed)
    session.push(edit_annotation(session.project, "ana", "e4", "Note", lambda a: setattr(a, "note", "seen")))
    assert session.indices_array_for(untimed) is first  # still to do: the same entries
    session.push(edit_annotation(session.project, "ana", "e4", "Status", set_status("done")))
    again = session.indices_array_for(untimed)
    assert "e4" not in {session.project.entries[i].id for i in again.tolist()}
    assert again.tolist() == session.indices_for(untimed)
