"""Each entry's minute of the local day and calendar day, as numpy columns.

Hour and date filters, the activity chart and the project loader all need them for every
entry. Parsed one string at a time, 150,000 timestamps take 0.15-0.25 s on the way to the
window; read as one byte matrix they take a third of that, and the loader's check of the
stamps and the parse are then a single pass, handed to the project index (``LoadHints``).

A project file's stamps are ``YYYY-MM-DDTHH:MM`` with optional ``:SS`` (local time, see
``docs/project-format.md``). ``is_local_time`` is that rule for one stamp (the importers and
the record-by-record loader ask it); ``checked_entry_times`` is the same rule over a whole
column at once (tests/core/test_entry_times.py holds the two to agreement), while
``entry_times`` reads any entry list, treating what it cannot read as "no time".
``is_utc_time`` is the rule for an entry's ``utc`` (format version 2): the same stamp with
seconds and a closing ``Z``; ``checked_utc_times`` is that rule over a column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import repeat
from operator import is_not
from typing import NamedTuple

import numpy as np

#: Day number of an entry without a usable date.
NO_DAY = np.iinfo(np.int64).min
#: One past the longest stamp allowed, so a longer one shows as a non-zero last byte.
_WIDTH = 20
_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
_SECOND_DIGITS = [17, 18]
_SEPARATORS = {4: b"-", 7: b"-", 10: b"T", 13: b":"}


#: A local time as the model keeps it: no zone, no fraction, ASCII digits only.
_STAMP = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
)


def is_local_time(stamp: str) -> bool:
    """Whether ``stamp`` is a real local date and time as the model keeps it."""
    if _STAMP.fullmatch(stamp) is None:
        return False
    if stamp[8:10] <= "28":
        return True
    try:  # the 29th to the 31st exist only in some months
        date.fromisoformat(stamp[:10])
    except ValueError:
        return False
    return True


def is_utc_time(stamp: str) -> bool:
    """Whether ``stamp`` is a real UTC instant as the model keeps it: "2018-06-12T19:52:00Z"
    (seconds always, no fraction, no other offset), so that UTC stamps sort as text too."""
    return len(stamp) == 20 and stamp[19] == "Z" and stamp[16] == ":" and is_local_time(stamp[:19])


class EntryTimes(NamedTuple):
    """Per entry: ``minute`` of the day (-1 without a time), ``day`` since 1970-01-01 (``NO_DAY``)."""

    minute: np.ndarray  # int32
    day: np.ndarray  # int64


class LoadHints(NamedTuple):
    """What a loader learnt about the entries while checking a file, handed to whoever builds
    the project's index (``Project.load_hints``, taken once) so it is not parsed twice."""

    times: EntryTimes
    utc_times: EntryTimes | None = None


def entry_times(timestamps: Sequence[str | None]) -> EntryTimes:
    """The times of any entries; a missing, malformed or impossible stamp gives "no time"."""
    rows = _byte_rows([t if t and t.isascii() else "" for t in timestamps])
    all_digits, fields = _digits(rows)
    return _times(rows, all_digits, fields)


def checked_entry_times(timestamps: Sequence[str | None]) -> EntryTimes | None:
    """The times of a project file's entries, or None when any stamp is not in the format
    (a stamp may be absent: None)."""
    stamps = [t if t is not None else "" for t in timestamps]
    try:
        rows = _byte_rows(stamps)
    except UnicodeEncodeError:  # only ASCII digits and separators are allowed
        return None
    present = np.fromiter(map(is_not, timestamps, repeat(None)), bool, len(stamps))
    lengths = np.fromiter(map(len, stamps), np.int64, len(stamps))[present]
    checked = rows[present]
    all_digits, all_fields = _digits(rows)
    digits, fields = all_digits[present], all_fields[present]
    with_seconds = lengths == 19
    seconds = checked[with_seconds][:, _SECOND_DIGITS].astype(np.int16) - ord("0")
    if not (
        ((lengths == 16) | with_seconds).all()
        and all((checked[:, at] == ord(mark)).all() for at, mark in _SEPARATORS.items())
        and (checked[with_seconds, 16] == ord(":")).all()
        and digits.all()
        and ((seconds >= 0) & (seconds <= 9)).all()
        and (seconds[:, 0] <= 5).all()
        and _in_range(fields)
        and _days_exist(checked)
    ):
        return None
    return _times(rows, present, all_fields)


def checked_utc_times(stamps: Sequence[str | None]) -> EntryTimes | None:
    """``checked_entry_times`` of the entries' UTC times (``is_utc_time`` over a column; a
    stamp may be absent: None): the minutes and days of the UTC clock, or None when any
    stamp is not a UTC time."""
    if not all(len(s) == 20 and s[19] == "Z" for s in stamps if s is not None):
        return None
    return checked_entry_times([None if s is None else s[:19] for s in stamps])


def _byte_rows(stamps: Sequence[str]) -> np.ndarray:
    """One row of ``_WIDTH`` ASCII bytes per stamp, zero-padded (UnicodeEncodeError otherwise)."""
    if not stamps:
        return np.zeros((0, _WIDTH), np.uint8)
    return np.array(stamps, dtype=f"S{_WIDTH}").view(np.uint8).reshape(len(stamps), _WIDTH)


def _digits(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: whether the date and time positions all hold digits, and their values as
    (year, month, day, hour, minute) columns."""
    values = rows[:, _DIGITS].astype(np.int32) - ord("0")
    # np.all rather than the method: numpy's stubs type the method with an axis as "a bool
    # or an array", which a row mask never is.
    all_digits = np.all((values >= 0) & (values <= 9), axis=1)
    pairs = values[:, 0::2] * 10 + values[:, 1::2]  # 19/17, 01, 24, 16, 50
    fields = np.column_stack([pairs[:, 0] * 100 + pairs[:, 1], pairs[:, 2:]])
    return all_digits, fields


def _in_range(fields: np.ndarray) -> bool:
    _, month, day, hour, minute = fields.T
    return bool(
        ((month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (hour <= 23) & (minute <= 59)).all()
    )


def _days_exist(rows: np.ndarray) -> bool:
    """The 29th to the 31st exist only in some months: each such date is asked of the calendar once."""
    late = rows[(rows[:, 8] > ord("2")) | ((rows[:, 8] == ord("2")) & (rows[:, 9] > ord("8")))]
    for day in {bytes(row[:10]).decode("ascii") for row in late}:
        try:
            date.fromisoformat(day)
        except ValueError:
            return False
    return True


def _times(rows: np.ndarray, candidates: np.ndarray, fields: np.ndarray) -> EntryTimes:
    """Minutes and day numbers of the rows (``fields`` as ``_digits`` reads them), -1 and
    ``NO_DAY`` where not ``candidates`` or unreadable."""
    n = len(rows)
    hour, minute = fields[:, 3], fields[:, 4]
    ok = candidates & (hour >= 0) & (hour < 24) & (minute >= 0) & (minute < 60)
    dates = np.where(ok, rows[:, :10].copy().view("S10").reshape(n), b"NaT")
    try:
        days = dates.astype("datetime64[D]")
    except ValueError:  # an impossible date such as 2017-02-30: sort it out entry by entry
        days = np.array([_day_or_nat(d) for d in dates.tolist()], dtype="datetime64[D]")
    day = days.astype(np.int64)
    readable = ok & ~np.isnat(days)
    day[~readable] = NO_DAY
    return EntryTimes(np.where(readable, hour * 60 + minute, -1).astype(np.int32), day)


def _day_or_nat(text: bytes) -> np.datetime64:
    try:
        return np.datetime64(text.decode("ascii"), "D")
    except ValueError:
        return np.datetime64("NaT", "D")
