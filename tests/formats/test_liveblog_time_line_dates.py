"""Dates printed on the time lines themselves, and weekdays choosing a year, on invented pages."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.formats.importers.liveblog.dates import (
    PartialDate,
    lead_weekday,
    partial_date_line,
    year_for_weekday,
)
from workbench.formats.importers.liveblog.day import NO_DATE
from workbench.formats.importers.liveblog.parse import match_time_line, parse_text, read_liveblog

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("line", "label", "month", "day", "year", "weekday"),
    [
        ("16:12 31.5.2014", "16:12", 5, 31, 2014, None),
        ("7:11 a.m. ET, April 7", "7:11 a.m. ET", 4, 7, None, None),
        ("7:11 a.m. ET, Tuesday, April 7", "7:11 a.m. ET", 4, 7, None, 1),
        ("9 a.m. April 7, 2020", "9 a.m.", 4, 7, 2020, None),
        ("Update 2:03 p.m. EST Feb. 19:", "2:03 p.m. EST", 2, 19, None, None),
        ("16:12 31.13.2014", "16:12", None, None, None, None),  # no thirteenth month: no date
    ],
)
def test_time_lines_with_dates(
    line: str, label: str, month: int | None, day: int | None, year: int | None, weekday: int | None
) -> None:
    found = match_time_line(line)
    assert found is not None
    mark, rest = found
    assert (mark.label, mark.month, mark.day, mark.year, mark.weekday, rest) == (
        label,
        month,
        day,
        year,
        weekday,
        None,
    )


def test_a_dated_time_line_with_text_after_a_dash_is_inline() -> None:
    found = match_time_line("16:12 31.5.2014 — Crowds gathered at the quay.")
    assert found is not None and found[0].year == 2014 and found[1] == len("16:12 31.5.2014 — ")


def test_an_updated_stamp_with_a_whole_date_is_not_a_time_line() -> None:
    assert match_time_line("Updated 3:52 p.m. EDT, Tuesday, June 12, 2018") is None


def test_the_page_date_comes_from_a_whole_date_on_a_time_line() -> None:
    text = (
        "Harbour strike live\n\nVALMORE — The latest on the harbour strike:\n\n"
        "16:12 31.5.2014\n\nThe boats stopped.\n\n23:50\n\nPickets stayed on the quay.\n\n"
        "09:00 1.6.2014\n\nWork resumed.\n"
    )
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2014-05-31"
    assert parsed.dispatch.meta["date_source"] == "time line"
    assert [e.timestamp for e in parsed.entries] == [
        "2014-05-31T16:12:00",
        "2014-05-31T23:50:00",
        "2014-06-01T09:00:00",
    ]


def test_a_dated_time_line_below_the_oldest_entry_dates_it_back_across_midnight() -> None:
    text = "Night ferry\n\n1:10 a.m. June 2, 2019\n\nThe ferry docked.\n\n11:30 p.m.\n\nThe ferry left.\n"
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2019-06-01"
    assert [e.timestamp for e in parsed.entries] == ["2019-06-02T01:10:00", "2019-06-01T23:30:00"]


def test_a_time_lines_month_and_day_take_the_pages_year() -> None:
    text = "Harbour strike live\n\nMay 30, 2014\n\n7:11 a.m. ET, May 31\n\nBoats stopped.\n\n9 p.m. ET\n\nTalks.\n"
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2014-05-30"
    assert "date_source" not in parsed.dispatch.meta
    assert [e.timestamp for e in parsed.entries] == ["2014-05-31T07:11:00", "2014-05-30T21:00:00"]


def test_a_weekday_on_the_time_line_chooses_the_latest_fitting_year() -> None:
    text = "Harbour strike live\n\n7:11 a.m. ET, Friday, April 7\n\nBoats stopped.\n"
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2023-04-07"  # a Friday; 2026's April 7 is a Tuesday
    assert parsed.dispatch.meta["date_source"] == "time line, year from its weekday"
    assert parsed.entries[0].timestamp == "2023-04-07T07:11:00"


def test_a_weekday_in_the_lead_narrows_a_time_lines_month_and_day() -> None:
    text = (
        "Harbour strike live\n\nVALMORE — Dock workers walked out on Tuesday, halting the ferries:\n\n"
        "7:11 a.m. ET, April 7\n\nBoats stopped.\n\n6 a.m. ET\n\nPickets arrived.\n"
    )
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2026-04-07"
    assert parsed.dispatch.meta["date_source"] == "time line, year from the lead's weekday"
    assert [e.timestamp for e in parsed.entries] == ["2026-04-07T07:11:00", "2026-04-07T06:00:00"]


def test_without_a_year_or_weekday_the_notes_say_the_year_is_undecided() -> None:
    text = b"Harbour strike live\n\nVALMORE - Dock workers walked out:\n\n7:11 a.m. ET, April 7\n\nBoats stopped.\n"
    batch = read_liveblog(text, "strike.txt")
    assert batch.dispatches[0].published is None and batch.entries[0].timestamp is None
    (note,) = batch.problems
    assert note.startswith("strike.txt: 'Harbour strike live': year undecided: the time line gives April 7")
    assert NO_DATE not in note


def test_a_page_without_any_date_keeps_the_no_date_note() -> None:
    batch = read_liveblog(b"Harbour strike live\n\n7:11 a.m.\n\nBoats stopped.\n", "strike.txt")
    assert batch.problems == [f"strike.txt: 'Harbour strike live': {NO_DATE}"]


def test_year_for_weekday_looks_back_from_today_only() -> None:
    assert year_for_weekday(4, 7, 1, date(2026, 12, 4)) == 2026
    assert year_for_weekday(4, 7, 1, date(2026, 4, 6)) == 2020  # 2026's April 7 is still to come
    assert year_for_weekday(2, 29, 0, TODAY) == 2016
    assert year_for_weekday(4, 31, 1, TODAY) is None


@pytest.mark.parametrize(
    ("lead", "weekday"),
    [
        ("PORTO (AP) — Voters went to the polls on Tuesday.", 1),
        ("Talks resumed on sunday morning.", 6),
        ("Talks began on Monday and ended on Friday.", None),  # two days: neither is the page's
        ("Tuesday's vote was delayed.", None),
        (None, None),
    ],
)
def test_lead_weekday(lead: str | None, weekday: int | None) -> None:
    assert lead_weekday(lead) == weekday


@pytest.mark.parametrize(
    ("line", "partial"),
    [
        ("April 7", PartialDate(4, 7)),
        ("Tuesday, April 7", PartialDate(4, 7, 1)),
        ("  Sept. 3 ", PartialDate(9, 3)),
        ("Mayor 5", None),
        ("April 7, 2020", None),  # a whole date: parse_date_line's
        ("April 40", None),
        ("Voters met on April 7", None),
    ],
)
def test_partial_date_lines(line: str, partial: PartialDate | None) -> None:
    assert partial_date_line(line) == partial


def test_a_date_line_without_a_year_takes_it_from_the_leads_weekday() -> None:
    text = (
        "Harbour strike live\n\nApril 7\n\nVALMORE — Dock workers walked out on Tuesday:\n\n"
        "11:40 p.m.\n\nTalks broke up.\n\n9 a.m.\n\nPickets arrived.\n"
    )
    (parsed,) = parse_text(text, today=TODAY)
    assert parsed.dispatch.published == "2026-04-07"
    assert parsed.dispatch.meta["date_source"] == "date line, year from the lead's weekday"
    assert parsed.dispatch.lead == "VALMORE — Dock workers walked out on Tuesday:"
    assert [e.timestamp for e in parsed.entries] == ["2026-04-07T23:40:00", "2026-04-07T09:00:00"]


def test_a_date_line_with_its_weekday_and_no_year() -> None:
    (parsed,) = parse_text(
        "Harbour strike live\n\nFriday, April 7\n\n9 a.m.\n\nBoats stopped.\n", today=TODAY
    )
    assert parsed.dispatch.published == "2023-04-07"
    assert parsed.dispatch.meta["date_source"] == "date line, year from its weekday"


def test_a_date_line_without_a_year_or_weekday_is_noted() -> None:
    batch = read_liveblog(b"Harbour strike live\n\nApril 7\n\n9 a.m.\n\nBoats stopped.\n", "strike.txt")
    (note,) = batch.problems
    assert "year undecided: the date line gives April 7 but no year" in note
    assert batch.entries[0].timestamp is None
