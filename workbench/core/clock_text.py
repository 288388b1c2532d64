"""Every time of day and date the window shows, in the analyst's chosen clock.

The entry list, the entry header, the chart's axes and hover text and the review list
used to print times three ways (the printed "4:50 p.m.", a 24-hour axis, ISO days). One
clock setting now chooses how all of them read, so this module is the one place that
turns a timestamp, a minute of the day or a day into text.

The 12-hour clock follows the wire copy the projects are imported from ("4:50 p.m.",
"8 p.m.", "noon", "midnight"), so a time in the list reads as it does in the dispatch;
the 24-hour clock reads "16:50". The year is added to dates ("Jan 24, 2017") only when the
project's entries span more than one calendar year: otherwise it is the same on every row
and only takes room from the Time column.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np

from workbench.core.entry_times import NO_DAY, is_local_time

Clock = Literal["12h", "24h"]
CLOCKS: tuple[Clock, ...] = ("12h", "24h")
#: Wire copy prints 12-hour times, so a new analyst sees times as the dispatches print them.
DEFAULT_CLOCK: Clock = "12h"
MINUTES_PER_DAY = 24 * 60
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_TIME = "—"


def clock_or_default(value: object) -> Clock:
    """A stored clock setting, or the default for anything else (a hand-edited settings file)."""
    return "24h" if value == "24h" else "12h" if value == "12h" else DEFAULT_CLOCK


def minute_text(minute: int, clock: Clock) -> str:
    """Minute ``minute`` of the day (0-1440; 1440 ends a range at midnight) on ``clock``.

    24-hour: "00:00", "16:50", "24:00". 12-hour, as the wire prints it: "midnight",
    "12:05 a.m.", "8 a.m.", "noon", "4:50 p.m.".
    """
    hour, minutes = divmod(minute, 60)
    if clock == "24h":
        return f"{hour:02d}:{minutes:02d}"
    if minutes == 0 and hour % 12 == 0:
        return "noon" if hour == 12 else "midnight"
    half = "a.m." if hour % 24 < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {half}" if minutes == 0 else f"{shown}:{minutes:02d} {half}"


def hour_text(hours: float, clock: Clock) -> str:
    """An hour of the day on a chart axis or in a bar's range (``hours`` may be fractional)."""
    return minute_text(min(max(round(hours * 60), 0), MINUTES_PER_DAY), clock)


def day_text(day: date, with_year: bool) -> str:
    """ "Jan 24", or "Jan 24, 2017" when the project spans years."""
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def entry_time_text(timestamp: str | None, time_label: str | None, clock: Clock, with_year: bool) -> str:
    """ "4:50 p.m. · Jan 24" from an entry's timestamp; without a usable one, the time as
    printed (the importer found a time but no date), else "—"."""
    if not timestamp or not is_local_time(timestamp):
        return time_label or NO_TIME
    day = date(int(timestamp[:4]), int(timestamp[5:7]), int(timestamp[8:10]))
    minute = int(timestamp[11:13]) * 60 + int(timestamp[14:16])
    return f"{minute_text(minute, clock)} · {day_text(day, with_year)}"


def printed_differs(timestamp: str | None, time_label: str | None) -> bool:
    """Whether the time as printed says more than the clock shows ("2:03 p.m. CET",
    "Update 3:10 p.m.", "18:31 GMT"), so the entry's header can still give it; "Noon" or
    "4:50 p.m" for 16:50 is the same time in either clock and is not repeated."""
    if not time_label or not timestamp or not is_local_time(timestamp):
        return False
    minute = int(timestamp[11:13]) * 60 + int(timestamp[14:16])
    same = {_bare(minute_text(minute, clock)) for clock in CLOCKS}
    return _bare(time_label) not in same


def _bare(time: str) -> str:
    """A time without case, dots, spaces or ":00", so "8:00 P.M." and "8 p.m." compare equal."""
    return time.casefold().replace(".", "").replace(" ", "").replace(":00", "")


def spans_years(days: np.ndarray) -> bool:
    """Whether day numbers (days since 1970-01-01, ``NO_DAY`` for none, as ``EntryTimes.day``)
    fall in more than one calendar year: two reductions over the array, about 0.2 ms for
    150,000 entries."""
    dated = days[days != NO_DAY]
    if not len(dated):
        return False
    first, last = (np.datetime64(int(d), "D").astype(object).year for d in (dated.min(), dated.max()))
    return bool(first != last)
