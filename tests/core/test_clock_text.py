"""The one formatter for times and dates: both clocks, midnight and noon, missing stamps, years."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from workbench.core.clock_text import (
    clock_or_default,
    day_text,
    entry_time_text,
    hour_text,
    minute_text,
    printed_differs,
    spans_years,
)
from workbench.core.entry_times import entry_times


@pytest.mark.parametrize(
    ("minute", "twelve", "twenty_four"),
    [
        (0, "midnight", "00:00"),
        (5, "12:05 a.m.", "00:05"),
        (59, "12:59 a.m.", "00:59"),
        (60, "1 a.m.", "01:00"),
        (11 * 60 + 59, "11:59 a.m.", "11:59"),
        (12 * 60, "noon", "12:00"),
        (12 * 60 + 30, "12:30 p.m.", "12:30"),
        (13 * 60, "1 p.m.", "13:00"),
        (16 * 60 + 50, "4:50 p.m.", "16:50"),
        (23 * 60 + 59, "11:59 p.m.", "23:59"),
        (24 * 60, "midnight", "24:00"),
    ],
)
def test_minutes_of_the_day_on_both_clocks(minute: int, twelve: str, twenty_four: str) -> None:
    assert minute_text(minute, "12h") == twelve
    assert minute_text(minute, "24h") == twenty_four


def test_axis_hours_round_to_the_minute_and_end_the_day_at_midnight() -> None:
    assert hour_text(14.0, "24h") == "14:00"
    assert hour_text(14.0, "12h") == "2 p.m."
    assert hour_text(6.25, "12h") == "6:15 a.m."
    assert hour_text(24.0, "24h") == "24:00"
    assert hour_text(24.0, "12h") == "midnight"
    assert hour_text(24.5, "24h") == "24:00"  # past the axis end: still the end of the day
    assert hour_text(-0.2, "24h") == "00:00"


def test_entry_time_from_its_timestamp_on_both_clocks() -> None:
    assert entry_time_text("2017-01-24T16:50", "4:50 p.m.", "12h", False) == "4:50 p.m. · Jan 24"
    assert entry_time_text("2017-01-24T16:50:30", "4:50 p.m.", "24h", False) == "16:50 · Jan 24"
    assert entry_time_text("2017-01-24T00:00", "midnight", "12h", False) == "midnight · Jan 24"
    assert entry_time_text("2017-01-24T00:00", "midnight", "24h", False) == "00:00 · Jan 24"
    assert entry_time_text("2017-09-30T12:00", None, "12h", False) == "noon · Sep 30"
    assert entry_time_text("2017-09-30T12:55", None, "12h", True) == "12:55 p.m. · Sep 30, 2017"


def test_the_timestamp_not_the_printed_label_gives_the_time() -> None:
    # A label in another zone or style ("2:03 p.m. EST") must not decide what the clock shows.
    assert entry_time_text("2017-02-19T14:03", "2:03 p.m. EST", "24h", False) == "14:03 · Feb 19"


@pytest.mark.parametrize("stamp", [None, "", "2017-02-30T10:00", "yesterday", "2017-01-24"])
def test_without_a_usable_timestamp_the_printed_time_or_a_dash(stamp: str | None) -> None:
    assert entry_time_text(stamp, "10 a.m.", "24h", True) == "10 a.m."
    assert entry_time_text(stamp, None, "12h", False) == "—"
    assert entry_time_text(stamp, "", "12h", False) == "—"


def test_day_labels_with_and_without_the_year() -> None:
    assert day_text(date(2017, 1, 4), False) == "Jan 4"
    assert day_text(date(2016, 12, 31), True) == "Dec 31, 2016"


def test_spans_years_counts_calendar_years_not_a_years_length() -> None:
    def spans(*stamps: str | None) -> bool:
        return spans_years(entry_times(list(stamps)).day)

    assert spans("2016-12-31T23:59", "2017-01-01T00:00")  # one minute apart, two years
    assert not spans("2017-01-01T00:00", "2017-12-31T23:59")  # a whole year, one calendar year
    assert not spans("2017-05-01T10:00", None, "not a time")  # undated entries do not count
    assert not spans()
    assert not spans(None)
    assert spans("1969-12-31T10:00", "1970-01-01T10:00")  # day numbers below zero


def test_spans_years_at_150000_entries_reads_arrays() -> None:
    days = np.full(150_000, 17_200, np.int64)
    days[-1] = 17_600  # 2018-03-10 after 2017-02-03
    assert spans_years(days)


def test_a_stored_clock_setting_is_read_leniently() -> None:
    assert clock_or_default("24h") == "24h"
    assert clock_or_default("12h") == "12h"
    assert clock_or_default("25h") == "12h"
    assert clock_or_default(None) == "12h"


@pytest.mark.parametrize(
    ("stamp", "label", "differs"),
    [
        ("2018-02-19T14:03", "2:03 p.m. CET", True),  # the zone is only in the printed time
        ("2018-02-19T15:10", "Update 3:10 p.m.", True),
        ("2018-02-19T18:31", "18:31 GMT", True),
        ("2018-02-19T16:50", "4:50 p.m", False),  # AP's missing last dot
        ("2018-02-19T12:00", "Noon", False),
        ("2018-02-19T20:00", "8:00 P.M.", False),
        ("2018-02-19T18:31", "18:31", False),  # the 24-hour clock's own reading
        ("2018-02-19T00:00", "midnight", False),
        (None, "2:03 p.m. CET", False),  # without a timestamp the printed time is shown anyway
        ("2018-02-19T14:03", None, False),
    ],
)
def test_a_printed_time_that_says_more_than_the_clock(
    stamp: str | None, label: str | None, differs: bool
) -> None:
    assert printed_differs(stamp, label) is differs
