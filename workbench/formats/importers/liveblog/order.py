"""Deciding whether a live blog is printed newest first or oldest first, and dating its entries.

Most pages print the newest entry first, some the oldest. The printed sequence decides:
between neighbouring entries, steps of under twelve hours show the direction of reading
(a fall reading down means newest first, a rise oldest first), and the direction with more
such steps wins. A tie, on a page of two or more timed entries, leaves the order unclear; it
is then taken as newest first and reported.

Dating runs in time order from the oldest entry, whose day is the page's date. A time
earlier than the one before it by more than twelve hours crossed midnight: the day moves on.
An earlier time by less (an entry printed nine minutes out of order) is an inversion on the
same day, not a midnight.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from itertools import pairwise

from workbench.formats.importers.liveblog.times import TimeMark

NEWEST_FIRST = "newest first"
OLDEST_FIRST = "oldest first"
_HALF_DAY = 12 * 60


def decide_order(marks: list[TimeMark | None]) -> str | None:
    """The printing order, or None when the sequence does not tell (it is then newest first)."""
    minutes = [m.minutes for m in marks if m is not None]
    steps = [b - a for a, b in pairwise(minutes) if 0 < abs(b - a) < _HALF_DAY]
    rises = sum(step > 0 for step in steps)
    falls = len(steps) - rises
    if rises == falls:
        return NEWEST_FIRST if len(minutes) < 2 else None
    return OLDEST_FIRST if rises > falls else NEWEST_FIRST


def timestamps(marks: list[TimeMark | None], oldest_day: date | None, order: str | None) -> list[str | None]:
    """Full local timestamps, the oldest entry on ``oldest_day`` (see the module docstring).

    A time line carrying its own date (``Update 2:03 p.m. EST Feb. 19:``, ``16:12 31.5.2014``)
    sets the day for that entry, in the page's year unless it prints its own, and dating goes
    on from there.
    """
    stamps: list[str | None] = [None] * len(marks)
    if oldest_day is None:
        return stamps
    indices = range(len(marks)) if order == OLDEST_FIRST else range(len(marks) - 1, -1, -1)
    day = oldest_day
    before: int | None = None
    for index in indices:
        mark = marks[index]
        if mark is None:
            continue
        if mark.month is not None and mark.day is not None:
            with contextlib.suppress(ValueError):  # "Feb. 30" keeps the day reached so far
                day = date(mark.year or oldest_day.year, mark.month, mark.day)
                if mark.year is None and day < oldest_day - timedelta(days=180):  # "Jan. 1" after Dec. 31
                    day = day.replace(year=oldest_day.year + 1)
        elif before is not None and before - mark.minutes > _HALF_DAY:
            day += timedelta(days=1)
        before = mark.minutes
        hours, minutes = divmod(mark.minutes, 60)
        stamps[index] = f"{day.isoformat()}T{hours:02d}:{minutes:02d}:00"
    return stamps


def first_dated(marks: list[TimeMark | None], order: str | None) -> int | None:
    """The index of the oldest entry whose time line prints a month and day, else None."""
    indices = range(len(marks)) if order == OLDEST_FIRST else range(len(marks) - 1, -1, -1)
    return next((i for i in indices if (m := marks[i]) is not None and m.month and m.day), None)


def oldest_day_from(marks: list[TimeMark | None], index: int, day: date, order: str | None) -> date:
    """The oldest entry's day when entry ``index`` is known to fall on ``day``: the midnights
    crossed between the two, counted from the times alone, are taken off."""
    undated = [TimeMark(m.label, m.minutes) if m is not None else None for m in marks]
    stamp = timestamps(undated, day, order)[index]
    return day - (date.fromisoformat(stamp[:10]) - day) if stamp else day
