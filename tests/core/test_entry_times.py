"""Entry times read as numpy columns: the same answers as reading each stamp on its own."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.entry_times import (
    NO_DAY,
    checked_entry_times,
    checked_utc_times,
    entry_times,
    is_local_time,
    is_utc_time,
)

EPOCH = date(1970, 1, 1)


def test_minutes_and_days_are_read_and_junk_is_no_time() -> None:
    stamps = [
        "2017-01-24T23:50:00",
        "2017-01-25T00:00",
        None,
        "2017-01-25",  # a date alone has no time of day
        "2017-01-25T24:10",
        "2017-02-30T10:00",  # no such day
        "２017-01-25T10:00",  # a non-ASCII digit
        "2017-01-25T10:0x",
    ]
    times = entry_times(stamps)
    assert times.minute.tolist() == [23 * 60 + 50, 0, -1, -1, -1, -1, -1, -1]
    day = (date(2017, 1, 24) - EPOCH).days
    assert times.day.tolist() == [day, day + 1, *[NO_DAY] * 6]


def test_a_file_without_stamps_or_with_a_missing_one_is_fine_but_an_empty_stamp_is_not() -> None:
    assert checked_entry_times([]) is not None
    times = checked_entry_times([None, "2017-01-24T08:05"])
    assert times is not None and times.minute.tolist() == [-1, 8 * 60 + 5]
    assert checked_entry_times(["2017-01-24T08:05", ""]) is None


VALID = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda moment: moment.isoformat(timespec="seconds")
)
#: Near misses: a valid stamp cut short, lengthened, or with one character replaced.
NEAR = st.one_of(
    VALID.map(lambda s: s[:16]),
    st.tuples(VALID, st.integers(0, 18), st.sampled_from("0123456789-:T x\x00é٣")).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
    ),
    st.tuples(VALID, st.sampled_from(["0", ":00", "Z", "+01:00", " "])).map("".join),
    st.text(max_size=22),
    st.from_regex(r"[0-9]{4}-[0-3][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9](:[0-6][0-9])?", fullmatch=True),
)


EDGES = [
    "2017-00-10T10:00", "2017-13-10T10:00", "2017-01-00T10:00", "2017-01-32T10:00",
    "2017-02-29T10:00", "2016-02-29T10:00", "2017-04-31T10:00", "2017-12-31T23:59:59",
    "0000-02-29T10:00", "0000-01-05T10:00", "2017-01-10T24:00", "2017-01-10T23:60",
    "2017-01-10T10:00:60", "2017-01-10T10:00:5", "2017-01-10T10:00:", "2017-01-10 10:00",
    "2017-01-10T10:00\x00\x00\x00", "2017-01-10T10:0", "+017-01-10T10:00", "2017-01-10t10:00",
]  # fmt: skip


@pytest.mark.parametrize("stamp", EDGES)
def test_each_edge_of_the_format_is_judged_as_the_file_reader_judges_it(stamp: str) -> None:
    assert (checked_entry_times([stamp]) is not None) == is_local_time(stamp)


@settings(max_examples=400, deadline=None)
@given(st.lists(NEAR, max_size=6))
def test_the_column_check_accepts_exactly_the_stamps_the_format_allows(stamps: list[str]) -> None:
    expected = all(map(is_local_time, stamps))
    assert (checked_entry_times(stamps) is not None) == expected
    for stamp in stamps:  # one at a time too, so a bad stamp is never hidden by a good one
        assert (checked_entry_times([stamp]) is not None) == is_local_time(stamp)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), VALID, VALID.map(lambda s: s[:16])), max_size=8))
def test_valid_stamps_give_the_calendars_minutes_and_days(stamps: list[str | None]) -> None:
    checked = checked_entry_times(stamps)
    assert checked is not None
    read = entry_times(stamps)
    for times in (checked, read):
        for stamp, minute, day in zip(stamps, times.minute.tolist(), times.day.tolist(), strict=True):
            if stamp is None:
                assert (minute, day) == (-1, NO_DAY)
            else:
                moment = datetime.fromisoformat(stamp)
                assert minute == moment.hour * 60 + moment.minute
                assert day == (moment.date() - EPOCH).days
    assert isinstance(read.minute, np.ndarray) and read.minute.dtype == np.int32


@pytest.mark.parametrize(
    ("stamp", "valid"),
    [
        ("2018-06-12T19:52:00Z", True),
        ("2016-02-29T00:00:00Z", True),
        ("2018-06-12T19:52:00", False),  # a local time: no zone
        ("2018-06-12T19:52Z", False),  # seconds are always written
        ("2018-06-12T19:52:00+00:00", False),  # only Z names UTC
        ("2018-06-12T19:52:00.5Z", False),
        ("2018-06-12T19:52:00z", False),
        ("2017-02-29T10:00:00Z", False),  # no such day
        ("2018-06-12T24:00:00Z", False),
        ("2018-06-12 19:52:00Z", False),
        ("", False),
    ],
)
def test_a_utc_time_is_a_local_time_with_seconds_and_a_z(stamp: str, valid: bool) -> None:
    assert is_utc_time(stamp) is valid


@settings(max_examples=300, deadline=None)
@given(NEAR)
def test_a_utc_time_is_exactly_a_local_time_with_seconds_then_z(stamp: str) -> None:
    assert is_utc_time(stamp + "Z") == (len(stamp) == 19 and is_local_time(stamp))


UTC_NEAR = st.one_of(NEAR.map(lambda s: s + "Z"), NEAR, VALID.map(lambda s: s + "Z"), st.none())


@settings(max_examples=400, deadline=None)
@given(st.lists(UTC_NEAR, max_size=6))
def test_the_utc_column_check_accepts_exactly_what_is_utc_time_accepts(stamps: list[str | None]) -> None:
    times = checked_utc_times(stamps)
    assert (times is not None) == all(s is None or is_utc_time(s) for s in stamps)
    if times is not None:  # and reads the UTC clock's minutes and days, as entry_times would
        expected = entry_times([None if s is None else s[:19] for s in stamps])
        assert times.minute.tolist() == expected.minute.tolist()
        assert times.day.tolist() == expected.day.tolist()
