"""Finding a live blog's date where the page states it other than on a bare date line.

Pages date themselves in a byline (``- Ledger Wire - Friday, September 25, 2015``), in an
``Updated 3:52 PM EDT, Tue June 12, 2018`` stamp or in the title (``... on March 3, 2021``).
Each of these is a named source, recorded on the dispatch (``meta["date_source"]``) so an
analyst can tell a stated date from one found in passing. Time lines may carry dates too
(``16:12 31.5.2014``, ``7:11 a.m. ET, April 7``): a whole one is the ``time line`` source.
A month and day without a year, on a time line or a date line of their own (``April 7``),
take the page's year, else the latest year up to today in which that day falls on a
printed weekday, their own (``Tuesday, April 7``) or the lead's (``... on Tuesday``); with
neither, the year stays undecided and the import notes say so (``DATE_UNDECIDED``). The date itself is read by
dateutil's fuzzy parser, and only when the text names a day, a month and a year: it is
parsed twice with different default dates, and a date that changes with the default was
not fully stated.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as date_parser
from dateutil.rrule import YEARLY, rrule

DATE_LINE = "date line"
BYLINE = "byline"
UPDATED_STAMP = "updated stamp"
TITLE = "title"
TIME_LINE = "time line"
#: How a source whose month and day came without a year got its year ("time line, year from
#: its weekday", "date line, year from the lead's weekday").
OWN_WEEKDAY = "year from its weekday"
LEAD_WEEKDAY = "year from the lead's weekday"

_LONGEST_LINE = 120
_STAMP = re.compile(r"^[ \t]*(?:updated|posted|published|last updated)\b", re.I)
_BYLINE = re.compile(r"^[ \t]*(?:[-–—][ \t]|by[ \t])", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))
#: What the import notes say of a page whose time lines give a month and day but whose
#: year nothing tells.
DATE_UNDECIDED = (
    "year undecided: the {where} gives {day} but no year, and no date line, byline, stamp, title or "
    "printed weekday tells it; entries keep their printed times without timestamps"
)
_WEEKDAY_NAMES = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June")
_MONTH_NAMES += ("July", "August", "September", "October", "November", "December")
#: A header line holding a month and day but no year, a weekday perhaps before them.
_PARTIAL_DATE_LINE = re.compile(
    r"^[ \t]*(?:(?P<weekday>mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)?"
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[ \t]+(?P<day>\d{1,2})[ \t]*$",
    re.I,
)
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


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A month and day printed without a year, with the weekday printed beside them (Monday
    0) if any: a date line such as ``Tuesday, April 7``, or the date on a time line."""

    month: int
    day: int
    weekday: int | None = None

    def __str__(self) -> str:
        return f"{_MONTH_NAMES[self.month - 1]} {self.day}"


def partial_date_line(line: str) -> PartialDate | None:
    """The month, day and weekday of a header line holding a date without a year, else None."""
    found = _PARTIAL_DATE_LINE.match(line) if len(line) <= 40 else None
    if found is None or not 1 <= int(found["day"]) <= 31:
        return None
    month = next(
        i for i, name in enumerate(_MONTH_NAMES, 1) if name.lower().startswith(found["month"].lower()[:3])
    )
    weekday = _WEEKDAY_NAMES.index(found["weekday"].lower()) if found["weekday"] else None
    return PartialDate(month, int(found["day"]), weekday)


def weekday_year(partial: PartialDate, lead: str | None, today: date) -> tuple[int, str] | None:
    """The year a weekday chooses for a month and day (``year_for_weekday``), the weekday
    printed with them first, else the lead's; with which it was (``OWN_WEEKDAY``,
    ``LEAD_WEEKDAY``). None when neither names a weekday or no year fits."""
    weekday, which = (
        (partial.weekday, OWN_WEEKDAY) if partial.weekday is not None else (lead_weekday(lead), LEAD_WEEKDAY)
    )
    year = year_for_weekday(partial.month, partial.day, weekday, today) if weekday is not None else None
    return (year, which) if year is not None else None


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
