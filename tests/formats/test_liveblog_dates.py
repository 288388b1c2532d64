"""Live-blog dates stated in a byline, an updated stamp or the title, on invented pages."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.formats.importers.liveblog.dates import header_line_date, stated_date, title_date
from workbench.formats.importers.liveblog.parse import parse_text


@pytest.mark.parametrize(
    ("line", "day", "source"),
    [
        ("- Ledger Wire - Friday, September 25, 2015", date(2015, 9, 25), "byline"),
        ("By Mira Castell, Coastline News, March 14, 2019", date(2019, 3, 14), "byline"),
        ("Updated 3:52 PM EDT, Tue June 12, 2018", date(2018, 6, 12), "updated stamp"),
        ("Posted Oct. 2, 2020 11:05 a.m.", date(2020, 10, 2), "updated stamp"),
    ],
)
def test_header_lines_that_state_a_date(line: str, day: date, source: str) -> None:
    assert header_line_date(line) == (day, source)


@pytest.mark.parametrize(
    "line",
    ["By Mira Castell, Coastline News", "Updated 5 hours ago", "Updated June 12", "The council met in 2015."],
)
def test_header_lines_without_a_whole_date(line: str) -> None:
    assert header_line_date(line) is None


def test_a_date_needs_day_month_and_year() -> None:
    assert stated_date("sometime in June 2018") is None
    assert title_date("Harbour strike ends after talks on April 9, 2021") == date(2021, 4, 9)
    assert title_date("Harbour strike ends after talks") is None


def test_a_byline_dates_the_oldest_entry_and_is_recorded_as_the_source() -> None:
    text = (
        "Bridge closes for repairs\n\n- Ledger Wire - Friday, September 25, 2015\n\n"
        "1:10 a.m.\n\nThe first lane closed.\n\n11 p.m.\n\nCrews arrived.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.dispatch.published == "2015-09-25"
    assert parsed.dispatch.meta["date_source"] == "byline"
    assert [e.timestamp for e in parsed.entries] == ["2015-09-26T01:10:00", "2015-09-25T23:00:00"]


def test_an_updated_stamp_dates_the_newest_entry() -> None:
    text = (
        "The Latest: Storm moves inland\n\nUpdated 3:52 PM EDT, Tue June 12, 2018\n\n"
        "1:05 a.m.\n\nPower returned to the port.\n\n10:40 p.m.\n\nGusts reached the coast.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.dispatch.meta["date_source"] == "updated stamp"
    assert parsed.dispatch.published == "2018-06-11"
    assert [e.timestamp for e in parsed.entries] == ["2018-06-12T01:05:00", "2018-06-11T22:40:00"]


def test_a_date_in_the_title_is_the_last_resort() -> None:
    text = "Vote count on May 7, 2022\n\n4 p.m.\n\nTallies came in.\n\n2 p.m.\n\nPolls closed.\n"
    (parsed,) = parse_text(text)
    assert (parsed.dispatch.published, parsed.dispatch.meta["date_source"]) == ("2022-05-07", "title")
    assert parsed.entries[1].timestamp == "2022-05-07T14:00:00"


def test_a_bare_date_line_is_not_recorded_as_a_source() -> None:
    (parsed,) = parse_text("The Latest: X\n\nMay 1, 2022\n\n2 p.m.\n\nText.\n")
    assert parsed.dispatch.published == "2022-05-01"
    assert "date_source" not in parsed.dispatch.meta


def test_a_byline_or_stamp_is_kept_as_a_credit_not_as_the_lead() -> None:
    """The dated byline used to open the lead of a timed blog, and to become an untimed
    digest's first entry, taking its dateline lead with it."""
    timed = (
        "Ferries halted as gales reach the strait\n\nUpdated 18:42 BST, Thu 11 Jul 2024\n\n"
        "Crossings were suspended at noon.\n\n18:31 BST\n\nThe last ferry docked.\n"
    )
    (parsed,) = parse_text(timed)
    assert parsed.dispatch.lead == "Crossings were suspended at noon."
    assert parsed.dispatch.meta["credits"] == "Updated 18:42 BST, Thu 11 Jul 2024"
    digest = (
        "Storm Vela: Here's the latest\n\n- Ledger Wire - Tuesday, October 8, 2024\n\n"
        "PORTO, Portugal — The storm came ashore at dawn. Here's the latest:\n\n"
        "HARBOUR CLOSED\n\nNo boats left the quay.\n\nTRAINS RUN AGAIN\n\nThe coast line reopened.\n"
    )
    (parsed,) = parse_text(digest)
    assert parsed.dispatch.dateline == "PORTO, Portugal"
    assert parsed.dispatch.lead.startswith("PORTO, Portugal — The storm")
    assert parsed.dispatch.meta["credits"] == "- Ledger Wire - Tuesday, October 8, 2024"
    assert parsed.dispatch.published == "2024-10-08"
    assert [(e.heading, e.text) for e in parsed.entries] == [
        ("HARBOUR CLOSED", "No boats left the quay."),
        ("TRAINS RUN AGAIN", "The coast line reopened."),
    ]
