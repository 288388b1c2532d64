"""Finding a live blog's date where the page states it other than on a bare date line.

Pages date themselves in a byline (``- Ledger Wire - Friday, September 25, 2015``), in an
``Updated 3:52 PM EDT, Tue June 12, 2018`` stamp or in the title (``... on March 3, 2021``).
Each of these is a named source, recorded on the dispatch (``meta["date_source"]``) so an
analyst can tell a stated date from one found in passing. Time lines may carry dates too
(``16:12 31.5.2014``, ``7:11 a.m. ET, April 7``): a whole one is the ``time line`` source;
a month and day without a year take the page's year, else the latest year up to today in
which that day falls on a printed weekday, the time line's own (``Tuesday, April 7``) or
the lead's (``... on Tuesday``); with neither, the year stays undecided and the import
notes say so (``DATE_UNDECIDED``). The date itself is read by
dateutil's fuzzy parser, and only when the text names a day, a month and a year: it is
parsed twice with different default dates, and a date that changes with the default was
not fully stated.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from dateutil import parser as date_parser
from dateutil.rrule import YEARLY, rrule

DATE_LINE = "date line"
BYLINE = "byline"
UPDATED_STAMP = "updated stamp"
TITLE = "title"
TIME_LINE = "time line"
#: A time line's month and day, the year chosen by the weekday printed with them.
TIME_LINE_WEEKDAY = "time line, year from its weekday"
#: A time line's month and day, the year chosen by the weekday the lead names.
LEAD_WEEKDAY = "time line, year from the lead's weekday"

_LONGEST_LINE = 120
_STAMP = re.compile(r"^[ \t]*(?:updated|posted|published|last updated)\b", re.I)
_BYLINE = re.compile(r"^[ \t]*(?:[-–—][ \t]|by[ \t])", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))
#: What the import notes say of a page whose time lines give a month and day but whose
#: year nothing tells.
DATE_UNDECIDED = (
    "year undecided: time lines give {day} but no year, and no date line, byline, stamp, title or "
    "printed weekday tells it; entries keep their printed times without timestamps"
)
_WEEKDAY_NAMES = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_ON_WEEKDAY = re.compile(r"\bon[ \t]+(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
#: How far back a weekday may push a year: the calendar repeats within 28 years, and a
#: 29 February falls on each weekday within 40 (leap years skip century years).
_YEARS_BACK = 40


def header_line_date(line: str) -> tuple[date, str] | None:
    """The date of a byline or an updated stamp in the page's header, with its source."""
    if len(line) > _LONGEST_LINE or not _YEAR.search(line):
        return None
    source = UPDATED_STAMP if _STAMP.match(line) else BYLINE if _BYLINE.match(line) else None
    if source is None:
        return None
    day = stated_date(line)
    return (day, source) if day is not None else None


def title_date(title: str) -> date | None:
    """A whole date named in a headline, else None."""
    return stated_date(title) if len(title) <= _LONGEST_LINE and _YEAR.search(title) else None


def stated_date(text: str) -> date | None:
    """The day, month and year stated in ``text``, or None when any of them is missing."""
    found = []
    for default in _DEFAULTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names such as "EDT" are not needed here
            try:
                found.append(date_parser.parse(text, fuzzy=True, default=default).date())
            except (ValueError, OverflowError):
                return None
    return found[0] if found[0] == found[1] else None


def lead_weekday(lead: str | None) -> int | None:
    """The weekday (Monday 0) a lead names with ``on`` ("... voted on Tuesday"), when it
    names exactly one; a lead naming two days does not say which the entries fall on."""
    named = {_WEEKDAY_NAMES.index(found.lower()) for found in _ON_WEEKDAY.findall(lead or "")}
    return named.pop() if len(named) == 1 else None


def year_for_weekday(month: int, day: int, weekday: int, today: date) -> int | None:
    """The latest year in which ``month``/``day`` falls on that weekday, up to ``today``.

    Live blogs are read after they happen, so the nearest fitting year not in the future is
    taken; None when no year in the last forty fits (31 April, say).
    """
    start = datetime(today.year - _YEARS_BACK, 1, 1)
    until = datetime(today.year, today.month, today.day)
    fitting = rrule(YEARLY, dtstart=start, until=until, bymonth=month, bymonthday=day, byweekday=weekday)
    last = fitting.before(until, inc=True)
    return last.year if last is not None else None
