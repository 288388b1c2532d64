"""Zones named by live-blog time lines and leads, resolved to UTC (sample texts written for these tests)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pytest

from workbench.formats.importers.liveblog.parse import read_liveblog
from workbench.formats.importers.liveblog.zones import (
    ABBREVIATIONS,
    DATELINE_CITIES,
    DATELINE_COUNTRIES,
    PLACE_TIMES,
    Zone,
    entry_zones,
    resolve,
    utc_of,
)


def _utc(
    printed: str | None, stamp: str, basis: str | None = None, dateline: str | None = None
) -> str | None:
    zone, note = resolve(printed, basis, dateline)
    assert zone is not None and note is None
    return utc_of(stamp, zone)[0]


def test_every_zone_in_the_tables_is_known_to_this_system() -> None:
    named = [*ABBREVIATIONS, *(f"{place} time" for place in PLACE_TIMES)]
    found = [resolve(name, None, None) for name in named]
    found += [resolve(None, "local", city) for city in DATELINE_CITIES]
    found += [resolve(None, "local", f"SOMEWHERE, {country.title()}") for country in DATELINE_COUNTRIES]
    for zone, note in found:
        assert zone is not None and zone.rules is not None and note is None


@pytest.mark.parametrize(
    ("printed", "stamp", "utc"),
    [
        ("ET", "2018-01-10T09:00", "2018-01-10T14:00:00Z"),  # New York in winter: -05:00
        ("ET", "2018-07-10T09:00", "2018-07-10T13:00:00Z"),  # and in summer: -04:00
        ("EDT", "2018-06-12T15:52", "2018-06-12T19:52:00Z"),
        ("CT", "2018-07-10T09:00", "2018-07-10T14:00:00Z"),
        ("PST", "2018-01-10T23:30", "2018-01-11T07:30:00Z"),  # the next day in UTC
        ("GMT", "2018-07-10T09:00", "2018-07-10T09:00:00Z"),
        ("UTC", "2018-07-10T09:00:30", "2018-07-10T09:00:30Z"),
        ("BST", "2018-07-10T09:00", "2018-07-10T08:00:00Z"),
        ("UK time", "2018-01-10T09:00", "2018-01-10T09:00:00Z"),
        ("UK time", "2018-07-10T09:00", "2018-07-10T08:00:00Z"),
        ("CET", "2018-01-10T09:00", "2018-01-10T08:00:00Z"),
        ("CEST", "2018-07-10T09:00", "2018-07-10T07:00:00Z"),
        ("Singapore time", "2018-06-12T09:00", "2018-06-12T01:00:00Z"),
        ("Moscow time", "2018-06-12T09:00", "2018-06-12T06:00:00Z"),
        ("Kyiv time", "2022-03-01T09:00", "2022-03-01T07:00:00Z"),
        ("JST", "2018-06-12T09:00", "2018-06-12T00:00:00Z"),
        ("KST", "2018-06-12T09:00", "2018-06-12T00:00:00Z"),
        ("IST", "2018-06-12T09:00", "2018-06-12T03:30:00Z"),  # India's half hour
        ("GMT+3", "2018-06-12T09:00", "2018-06-12T06:00:00Z"),
        ("UTC-5", "2018-06-12T09:00", "2018-06-12T14:00:00Z"),
    ],
)
def test_printed_zones_give_the_utc_time_daylight_saving_included(printed: str, stamp: str, utc: str) -> None:
    assert _utc(printed, stamp) == utc


def test_the_day_clocks_change_is_read_by_the_zone_rules() -> None:
    # New York went to -04:00 at 2 a.m. on 11 March 2018.
    assert _utc("ET", "2018-03-11T01:30") == "2018-03-11T06:30:00Z"
    assert _utc("ET", "2018-03-11T03:30") == "2018-03-11T07:30:00Z"


def test_a_printed_abbreviation_wins_over_its_zone_in_the_other_season_and_is_noted() -> None:
    zone, _ = resolve("EST", None, None)
    assert zone is not None
    utc, note = utc_of("2018-07-04T10:00", zone)
    assert utc == "2018-07-04T15:00:00Z"  # -05:00 as printed, not New York's -04:00 that day
    assert (
        note == "'EST' printed on 2018-07-04, when America/New_York is on -04:00; the printed -05:00 is used"
    )
    assert utc_of("2018-01-04T10:00", zone) == ("2018-01-04T15:00:00Z", None)


@pytest.mark.parametrize(
    ("dateline", "zone", "utc"),
    [
        ("BEIRUT", "Asia/Beirut", "2017-01-24T14:50:00Z"),
        ("MOSCOW", "Europe/Moscow", "2017-01-24T13:50:00Z"),
        ("HONG KONG", "Asia/Hong_Kong", "2017-01-24T08:50:00Z"),
        ("SAN LORENZO, Chile", "America/Santiago", "2017-01-24T19:50:00Z"),  # by its country
    ],
)
def test_all_times_local_takes_the_dateline_city(dateline: str, zone: str, utc: str) -> None:
    found, note = resolve(None, "local", dateline)
    assert found is not None and note is None
    assert found.name == zone
    assert utc_of("2017-01-24T16:50", found)[0] == utc


def test_an_unknown_zone_is_kept_as_printed_without_utc_and_noted() -> None:
    zone, note = resolve("Ruritania time", None, None)
    assert zone is not None and zone.name == "Ruritania time" and zone.rules is None
    assert note == "zone 'Ruritania time' is not known; its entries have no UTC time"
    assert utc_of("2018-06-12T09:00", zone) == (None, None)
    assert resolve(None, "local", "PORT SELIN")[0] is None
    assert "zone of dateline 'PORT SELIN' is not known" in (resolve(None, "local", "PORT SELIN")[1] or "")
    assert resolve(None, None, "BEIRUT") == (None, None)  # no zone named at all: nothing to say


def test_entries_without_a_zone_of_their_own_take_the_dispatch_basis_and_notes_come_once() -> None:
    zones, notes = entry_zones(
        ["EST", None, "XT", "XT", "EST"],
        ["2018-07-04T10:00", "2018-07-04T09:00", "2018-07-04T08:00", None, "2018-07-04T07:00"],
        "local",
        "LONDON",
    )
    assert zones == [
        ("EST", "2018-07-04T15:00:00Z"),
        ("Europe/London", "2018-07-04T08:00:00Z"),
        ("XT", None),
        ("XT", None),
        ("EST", "2018-07-04T12:00:00Z"),
    ]
    assert notes == [
        "zone 'XT' is not known; its entries have no UTC time",
        "'EST' printed on 2018-07-04, when America/New_York is on -04:00; the printed -05:00 is used (2 entries)",
    ]


BLOG = """The Latest: Ferry strike ends after night of talks

June 12, 2018

PORT ARDEN (AP) — The latest on the ferry strike:

{first}

Union leaders and the harbour board signed the deal before dawn.

{second}

Negotiators returned to the table after a short break.
"""


def _import(first: str, second: str) -> tuple[list[tuple[str | None, str | None, str | None]], list[str]]:
    batch = read_liveblog(BLOG.format(first=first, second=second).encode(), "strike.txt")
    return [(e.time_label, e.zone, e.utc) for e in batch.entries], batch.problems


def test_a_blog_with_two_zones_on_a_line_takes_the_first() -> None:
    entries, problems = _import("6:05 p.m. Singapore time (6:05 a.m. Ohio time)", "11:40 a.m.")
    assert entries == [
        ("6:05 p.m. Singapore time", "Singapore time", "2018-06-12T10:05:00Z"),
        ("11:40 a.m.", "Singapore time", "2018-06-12T03:40:00Z"),  # the blog's zone: the first printed
    ]
    assert problems == []


def test_a_blog_in_eastern_time_gets_utc_times_on_the_next_day() -> None:
    entries, problems = _import("9:15 p.m. EDT", "7:40 p.m. ET")
    assert entries == [
        ("9:15 p.m. EDT", "EDT", "2018-06-13T01:15:00Z"),
        ("7:40 p.m. ET", "ET", "2018-06-12T23:40:00Z"),
    ]
    assert problems == []


def test_a_blog_with_an_unknown_zone_says_so_in_the_import_notes() -> None:
    entries, problems = _import("9:10 a.m. Harbour time", "8:30 a.m. Harbour time")
    assert [(zone, utc) for _, zone, utc in entries] == [("Harbour time", None), ("Harbour time", None)]
    assert problems == [
        "strike.txt: 'The Latest: Ferry strike ends after night of talks': "
        "zone 'Harbour time' is not known; its entries have no UTC time"
    ]


def test_all_times_local_with_a_known_dateline_dates_every_entry_in_utc() -> None:
    text = BLOG.replace(
        "PORT ARDEN (AP) — The latest on the ferry strike:", "KYIV (AP) — The latest (all times local):"
    )
    batch = read_liveblog(text.format(first="9:10 a.m.", second="8:30 a.m.").encode(), "kyiv.txt")
    assert [(e.zone, e.utc) for e in batch.entries] == [
        ("Europe/Kyiv", "2018-06-12T06:10:00Z"),
        ("Europe/Kyiv", "2018-06-12T05:30:00Z"),
    ]
    assert batch.problems == []


def test_a_lead_naming_its_zone_gives_every_untimed_zone_entry_that_zone() -> None:
    text = BLOG.replace("The latest on the ferry strike:", "The latest (all times EDT):")
    batch = read_liveblog(text.format(first="9:10 a.m.", second="8:30 a.m. GMT").encode(), "lead.txt")
    assert batch.dispatches[0].time_basis == "EDT"
    assert [(e.zone, e.utc) for e in batch.entries] == [
        ("EDT", "2018-06-12T13:10:00Z"),
        ("GMT", "2018-06-12T08:30:00Z"),  # a zone on the line wins over the lead's
    ]


class _ChangesAtHalfPast(tzinfo):
    """A zone whose clocks go forward an hour at 10:30 on 1 January 2020, within an hour."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        assert dt is not None
        return timedelta(hours=1) if dt.replace(tzinfo=None) >= datetime(2020, 1, 1, 10, 30) else timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


def test_clocks_changing_within_an_hour_are_read_minute_by_minute() -> None:
    zone = Zone("Half-past time", _ChangesAtHalfPast())
    assert utc_of("2020-01-01T10:29", zone)[0] == "2020-01-01T10:29:00Z"
    assert utc_of("2020-01-01T10:31", zone)[0] == "2020-01-01T09:31:00Z"
    assert utc_of("2020-01-01T11:00", zone)[0] == "2020-01-01T10:00:00Z"
