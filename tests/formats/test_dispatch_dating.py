"""Dating a dispatch by hand: stamps as the importer would give them, undo exact, counts following."""

from __future__ import annotations

from datetime import date

import pytest

from tests.oracles import CommandStack
from workbench.analysis.activity import ActivityIndex
from workbench.core.codebook import load_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.undoable import AddImport, ImportBatch
from workbench.formats.importers.liveblog.dating import (
    SET_BY_HAND,
    current_date,
    entries_of,
    guessed_date,
    set_dispatch_date,
)
from workbench.formats.importers.liveblog.parse import parse_text
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex

#: An invented live blog, newest first, that runs past midnight; the page names no date.
UNDATED = """The Latest: Night ferry strike strands travellers at Harwick quay

HARWICK, Norland (AP) — The latest on the ferry strike at Harwick (all times local):

1:05 a.m.

The harbour master says the first ferry will sail at dawn now that the crews have voted to return.

11:50 p.m.

Union delegates have gone back into the port office with a revised offer on night-shift pay.

___

Travellers waiting on the quay were handed blankets by volunteers from the town's rowing club.

9:30 p.m.

Hundreds of passengers are waiting on the quay after the evening sailings were cancelled.
"""

DATED = UNDATED.replace("HARWICK, Norland (AP)", "May 3, 2025\n\nHARWICK, Norland (AP)")


def _project(text: str) -> tuple[Project, str]:
    parsed = parse_text(text, source="ferry.txt")
    batch = ImportBatch(
        dispatches=[p.dispatch for p in parsed], entries=[e for p in parsed for e in p.entries]
    )
    project = Project(codebook=load_codebook("plover"))
    AddImport(batch).redo(project)
    return project, parsed[0].dispatch.id


def _stamps(project: Project, dispatch_id: str) -> list[str | None]:
    return [e.timestamp for e in entries_of(project, dispatch_id)]


def test_an_undated_dispatch_is_stamped_as_a_date_line_would_stamp_it() -> None:
    project, dispatch_id = _project(UNDATED)
    assert _stamps(project, dispatch_id) == [None, None, None]
    CommandStack(project).push(set_dispatch_date(project, dispatch_id, date(2025, 5, 3)))
    dated, dated_id = _project(DATED)
    assert _stamps(project, dispatch_id) == _stamps(dated, dated_id)
    assert _stamps(project, dispatch_id) == [
        "2025-05-04T01:05:00",
        "2025-05-03T23:50:00",
        "2025-05-03T21:30:00",
    ]
    dispatch = project.dispatches[dispatch_id]
    assert dispatch.published == "2025-05-03"
    assert dispatch.meta["date_source"] == SET_BY_HAND


def test_undo_restores_date_meta_and_stamps_exactly() -> None:
    project, dispatch_id = _project(UNDATED)
    project.dispatches[dispatch_id].meta["order"] = "oldest first"
    stack = CommandStack(project)
    stack.push(set_dispatch_date(project, dispatch_id, date(2025, 5, 3)))
    stack.undo()
    dispatch = project.dispatches[dispatch_id]
    assert (dispatch.published, dispatch.meta) == (None, {"order": "oldest first"})
    assert _stamps(project, dispatch_id) == [None, None, None]
    stack.redo()
    assert dispatch.published == "2025-05-03"
    assert dispatch.meta == {"order": "oldest first", "date_source": SET_BY_HAND}


def test_correcting_a_date_moves_every_stamp_and_keeps_the_midnight() -> None:
    project, dispatch_id = _project(DATED)
    assert current_date(project, dispatch_id) == date(2025, 5, 3)
    CommandStack(project).push(set_dispatch_date(project, dispatch_id, date(2025, 2, 28)))
    assert _stamps(project, dispatch_id) == [
        "2025-03-01T01:05:00",
        "2025-02-28T23:50:00",
        "2025-02-28T21:30:00",
    ]
    assert current_date(project, dispatch_id) == date(2025, 2, 28)


def test_an_entry_without_a_printed_time_stays_without_a_stamp() -> None:
    article = "Harbour fees to rise next spring\n\nHARWICK, Norland (AP) — Port fees will rise by a tenth.\n"
    project, dispatch_id = _project(article)
    assert current_date(project, dispatch_id) is None
    CommandStack(project).push(set_dispatch_date(project, dispatch_id, date(2025, 5, 3)))
    assert _stamps(project, dispatch_id) == [None]
    assert project.dispatches[dispatch_id].published == "2025-05-03"


def test_an_unknown_dispatch_is_refused() -> None:
    project, _ = _project(UNDATED)
    with pytest.raises(WorkbenchError, match="no dispatch 'd-nope'"):
        set_dispatch_date(project, "d-nope", date(2025, 5, 3))


def test_date_filters_and_day_counts_follow_the_date_and_its_undo() -> None:
    """The project index keeps parsed times between filterings; a new date must not be missed."""
    project, dispatch_id = _project(UNDATED)
    may_4 = EntryFilter(dates=("2025-05-04", "2025-05-04"))
    index = ProjectIndex(project)  # kept, as the window keeps it: told each change
    chart = ActivityIndex(project, index)
    assert filter_entries(index, may_4, "ana") == []
    assert chart.per_day().no_time == 3
    stack = CommandStack(project)
    change = stack.push(set_dispatch_date(project, dispatch_id, date(2025, 5, 3)))
    assert change is not None and change.times
    index.note_change(change)
    assert filter_entries(index, may_4, "ana") == [0]
    counts = chart.per_day()
    assert (counts.no_time, [str(d) for d in counts.days], list(counts.totals)) == (
        0,
        ["2025-05-03", "2025-05-04"],
        [2, 1],
    )
    undone = stack.undo()
    assert undone is not None
    index.note_change(undone)
    assert filter_entries(index, may_4, "ana") == []
    assert chart.per_day().no_time == 3


def test_an_undated_dispatch_is_offered_the_date_of_its_file_neighbour() -> None:
    project, undated_id = _project(UNDATED)
    other, dated_id = _project(DATED.replace("Night ferry", "Day ferry"))
    project.dispatches[dated_id] = other.dispatches[dated_id]
    assert guessed_date(project, undated_id) == date(2025, 5, 3)
    project.dispatches[dated_id].source = "elsewhere.txt"
    project.dispatches["d-same"] = Dispatch("d-same", "Same file", published="2025-04-30", source="ferry.txt")
    assert guessed_date(project, undated_id) == date(2025, 4, 30)


def test_rows_printed_oldest_first_without_a_recorded_order_cross_midnight_forwards() -> None:
    """A CSV's dispatch records no order: the printed times tell it, as they did the importer."""
    labels = ["10 p.m.", "11:30 p.m.", "1 a.m."]
    entries = [Entry(f"e{i}", "d-rows", i, label, None, f"Row {i}.") for i, label in enumerate(labels)]
    project = Project(
        codebook=load_codebook("plover"), dispatches={"d-rows": Dispatch("d-rows", "Rows")}, entries=entries
    )
    CommandStack(project).push(set_dispatch_date(project, "d-rows", date(2025, 12, 31)))
    assert _stamps(project, "d-rows") == ["2025-12-31T22:00:00", "2025-12-31T23:30:00", "2026-01-01T01:00:00"]


#: The ferry page again, in a city whose zone is known: its entries get zones and UTC times.
BEIRUT_UNDATED = UNDATED.replace("HARWICK, Norland (AP)", "BEIRUT (AP)")


def _times(project: Project, dispatch_id: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.timestamp, e.zone, e.utc) for e in entries_of(project, dispatch_id)]


def test_zones_and_utc_times_are_those_an_import_with_the_date_gives() -> None:
    project, dispatch_id = _project(BEIRUT_UNDATED)
    assert {e.utc for e in project.entries} == {None}
    stack = CommandStack(project)
    stack.push(set_dispatch_date(project, dispatch_id, date(2025, 1, 10)))
    winter, winter_id = _project(BEIRUT_UNDATED.replace("BEIRUT (AP)", "Jan. 10, 2025\n\nBEIRUT (AP)"))
    assert _times(project, dispatch_id) == _times(winter, winter_id)
    assert _times(project, dispatch_id)[-1] == ("2025-01-10T21:30:00", "Asia/Beirut", "2025-01-10T19:30:00Z")
    stack.undo()
    assert {(e.timestamp, e.utc) for e in project.entries} == {(None, None)}


def test_a_date_moved_across_daylight_saving_gets_the_new_offset() -> None:
    project, dispatch_id = _project(BEIRUT_UNDATED.replace("BEIRUT (AP)", "Jan. 10, 2025\n\nBEIRUT (AP)"))
    CommandStack(project).push(set_dispatch_date(project, dispatch_id, date(2025, 7, 10)))
    summer, summer_id = _project(BEIRUT_UNDATED.replace("BEIRUT (AP)", "July 10, 2025\n\nBEIRUT (AP)"))
    assert _times(project, dispatch_id) == _times(summer, summer_id)
    assert _times(project, dispatch_id)[-1][2] == "2025-07-10T18:30:00Z"


def test_a_zone_from_elsewhere_is_kept_and_its_instant_moves_with_the_day() -> None:
    entry = Entry(
        "e0",
        "d-item",
        0,
        None,
        "2025-05-03T09:15:00",
        "Text.",
        zone="Europe/Lisbon",
        utc="2025-05-03T08:15:00Z",
    )
    project = Project(
        codebook=load_codebook("plover"),
        dispatches={"d-item": Dispatch("d-item", "Item", published="2025-05-03")},
        entries=[entry],
    )
    CommandStack(project).push(set_dispatch_date(project, "d-item", date(2025, 5, 5)))
    assert _times(project, "d-item") == [("2025-05-05T09:15:00", "Europe/Lisbon", "2025-05-05T08:15:00Z")]


def test_utc_filters_and_utc_counts_follow_the_date_and_its_undo() -> None:
    """The UTC times are parsed and kept like the local ones, and dropped with them."""
    project, dispatch_id = _project(BEIRUT_UNDATED)
    evening = EntryFilter(minutes=(19 * 60 + 30, 19 * 60 + 31), utc=True)  # 21:30 Beirut in January
    index = ProjectIndex(project)
    chart = ActivityIndex(project, index)
    assert filter_entries(index, evening, "ana") == []
    assert chart.time_of_day(utc=True).no_time == len(project.entries)
    stack = CommandStack(project)
    change = stack.push(set_dispatch_date(project, dispatch_id, date(2025, 1, 10)))
    assert change is not None
    index.note_change(change)
    assert [project.entries[i].utc for i in filter_entries(index, evening, "ana")] == ["2025-01-10T19:30:00Z"]
    assert chart.time_of_day(utc=True).no_time == 0
    undone = stack.undo()
    assert undone is not None
    index.note_change(undone)
    assert filter_entries(index, evening, "ana") == []
