"""Recognising the line that opens a live-blog entry: its time, zone and where the text starts.

Outlets print entry times in many shapes, so each shape is a small named recogniser tried in
turn, and the first that matches wins:

- ``bare``: a line holding only a time, as AP prints it (``8 p.m.``, ``4:50 p.m``, ``noon``,
  ``2:03 p.m. EST``, ``5:52 a.m. ET``, ``10 a.m. UK time``, ``Update 2:03 p.m. EST Feb. 19:``),
  or a 24-hour clock (``18:31 GMT``, ``1831 GMT``, ``10.32 BST``, ``22:21``), optionally with
  a weekday and a second time in parentheses (``12:05 p.m. Tuesday Singapore time
  (12:05 a.m. Ohio time)``).
- ``inline``: a time and then the entry's text on the same line, after a colon or a dash
  (``11 p.m.: The ruble fell ...``, ``Update 3:10 p.m. EST May 1: ...``, ``18:31 GMT — ...``).
- ``heading``: a time followed on the same line by a short heading with no closing full stop
  (``10:15 a.m. Rescue teams reach the valley``); ``liveblog.headings`` decides whether it
  is the entry's heading. A line with a year in it is a page's date stamp, never a heading.

Any of them may print a date after the time (``Update 2:03 p.m. EST Feb. 19:``,
``7:11 a.m. ET, Tuesday, April 7``, ``16:12 31.5.2014``): its month, day, year and weekday
go on the mark, and ``liveblog.dates`` turns them into the page's date.

A four-digit clock without a colon (``1831``) is only a time when a zone follows, so years
and counts in the text are never read as times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZONE = r"(?P<zone>(?-i:[A-Z]{2,5}|GMT[+-]\d{1,2}|UTC[+-]\d{1,2}|(?:[A-Z][a-z]+[ \t]){0,2}?[A-Z][A-Za-z]*[ \t]time))"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day[ \t]+)?"
_TWELVE = r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?[ \t]*(?P<ampm>[ap])\.?[ \t]?m\b\.?"
_TWENTY_FOUR = r"(?P<hour24>[01]?\d|2[0-3])[:.h](?P<minute24>[0-5]\d)|(?P<clock>[01]\d|2[0-3])(?P<clockmin>[0-5]\d)(?=[ \t]+[A-Z])"
#: A date after the time: ``Feb. 19``, ``Tuesday, April 7``, ``April 7, 2020`` or ``31.5.2014``
#: (day, month, year, as European pages print it). A weekday is kept only before a date.
_ON_DAY = (
    r"(?:[ \t]*,?[ \t]*(?:(?P<weekday>mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)?"
    r"(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+(?P<day>\d{1,2})\b"
    r"(?:,?[ \t]+(?P<year>(?:19|20)\d{2})\b)?"
    r"|(?P<numeric_day>\d{1,2})\.(?P<numeric_month>\d{1,2})\.(?P<numeric_year>(?:19|20)\d{2})\b))?"
)
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_TIME = (
    rf"(?P<time>(?:{_TWELVE}|noon|midnight|{_TWENTY_FOUR})"
    rf"(?:[ \t]+{_WEEKDAY}{_ZONE})?)"
    r"(?:[ \t]*\([^)\n]{1,40}\))?" + _ON_DAY
)
_UPDATE = r"^[ \t]*(?:(?P<update>updated?):?[ \t]+)?"
_BARE = re.compile(_UPDATE + _TIME + r"[ \t]*:?[ \t]*$", re.I)
_INLINE = re.compile(_UPDATE + _TIME + r"[ \t]*(?::|—|–|--)[ \t]*(?P<rest>\S.*)$", re.I)
#: No "Updated" prefix and no year: "Updated 3:52 PM EDT, Tue June 12, 2018" is a page's stamp.
_HEADING = re.compile(
    r"^[ \t]*" + _TIME + r"[ \t]+(?![^\n]*\b(?:19|20)\d{2}\b)(?P<rest>(?-i:[A-Z])[^\n]*[^.!?\s])[ \t]*$", re.I
)
#: Longer lines are never a bare time line: no pattern is tried on them.
LONGEST_BARE_TIME = 80
#: A heading after a time is short; a longer line is an ordinary sentence.
_LONGEST_HEADING_LINE = 100
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(slots=True)
class TimeMark:
    """A parsed time line: the label as printed and minutes past local midnight."""

    label: str
    minutes: int
    zone: str | None = None
    month: int | None = None
    day: int | None = None
    #: A year printed with the date (``April 7, 2020``, ``31.5.2014``), else None.
    year: int | None = None
    #: A weekday printed before the date (``Tuesday, April 7``), Monday 0, else None.
    weekday: int | None = None


def could_be_time_line(line: str) -> bool:
    """A cheap first test so that the patterns see only a small fraction of a large file."""
    head = line.lstrip()[:1]
    return bool(head) and (head.isdigit() or head in "UuNnMm")


def match_time_line(line: str) -> tuple[TimeMark, int | None] | None:
    """The time mark of a time line and, when the entry's text starts on the same line, its column."""
    if len(line) <= LONGEST_BARE_TIME:
        bare = _BARE.match(line)
        if bare is not None:
            mark = _mark(bare)
            return (mark, None) if mark is not None else None
    for pattern, longest in ((_INLINE, None), (_HEADING, _LONGEST_HEADING_LINE)):
        if longest is not None and len(line) > longest:
            continue
        found = pattern.match(line)
        if found is not None:
            mark = _mark(found)
            return (mark, found.start("rest")) if mark is not None else None
    return None


def _mark(match: re.Match[str]) -> TimeMark | None:
    minutes = _minutes(match)
    if minutes is None:
        return None
    month, day, year = _date_parts(match)
    if year is not None and (match.groupdict().get("update") or "").lower() == "updated":
        return None  # "Updated 3:52 p.m. EDT, June 12, 2018": the page's stamp, not an entry
    weekday = _WEEKDAYS.index(match["weekday"].lower()) if match["weekday"] and month else None
    return TimeMark(match["time"], minutes, match["zone"], month, day, year, weekday)


def _date_parts(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """Month, day and year printed after the time; a numeric date with no such month or day
    (``31.13.2014``) is left out, as if not printed."""
    if match["month"]:
        return _MONTHS.index(match["month"].lower()[:3]) + 1, int(match["day"]), _number(match["year"])
    if (
        match["numeric_month"]
        and 1 <= int(match["numeric_month"]) <= 12
        and 1 <= int(match["numeric_day"]) <= 31
    ):
        return int(match["numeric_month"]), int(match["numeric_day"]), int(match["numeric_year"])
    return None, None, None


def _number(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _minutes(match: re.Match[str]) -> int | None:
    """Minutes past midnight, or None for an impossible clock such as ``13 p.m.``."""
    word = match["time"].lower()
    if word.startswith("noon"):
        return 12 * 60
    if word.startswith("midnight"):
        return 0
    if match["hour24"] is not None:
        return int(match["hour24"]) * 60 + int(match["minute24"])
    if match["clock"] is not None:
        return int(match["clock"]) * 60 + int(match["clockmin"])
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    return (hour % 12 + (12 if match["ampm"].lower() == "p" else 0)) * 60 + minute
