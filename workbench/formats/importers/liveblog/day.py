"""Which day a live blog's entries fall on: what its header states, read in order of trust.

The header's date line, dated byline or updated stamp (collected in ``Header`` while the
parser reads the lines before the entries), then a whole date on a time line, a date in
the title, and last a month and day printed without a year whose year a printed weekday
chooses. Kept apart from ``liveblog.parse`` so the parser reads lines and this module decides
days; when nothing decides, ``date_and_order_notes`` says so in the import summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dateutil import parser as date_parser

from workbench.formats.importers.liveblog.dates import (
    BYLINE,
    DATE_LINE,
    DATE_UNDECIDED,
    TIME_LINE,
    TITLE,
    PartialDate,
    header_line_date,
    partial_date_line,
    title_date,
    weekday_year,
)
from workbench.formats.importers.liveblog.order import first_dated, oldest_day_from, timestamps
from workbench.formats.importers.liveblog.times import TimeMark

_DATE_LINE = re.compile(
    r"^[ \t]*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d{1,2},?[ \t]+\d{4}[ \t]*$"
    r"|^[ \t]*\d{4}-\d{2}-\d{2}[ \t]*$",
    re.I,
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_FULL_MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
_FULL_MONTHS += ("august", "september", "october", "november", "december")
_MONTH_NUMBERS = {**_MONTHS, **{m: i for i, m in enumerate(_FULL_MONTHS, 1)}, "sept": 9}
_SIMPLE_DATE = re.compile(
    r"^[ \t]*(?P<month>[a-z]+)\.?[ \t]+(?P<day>\d{1,2}),?[ \t]+(?P<year>\d{4})[ \t]*$", re.I
)


#: What the import summary says of a dispatch whose page states no date anywhere.
NO_DATE = "no date found (no date line, byline, updated stamp or date in the title); entries keep their printed times without timestamps"

ORDER_UNCLEAR = "unclear"
#: What the import summary says of a dispatch whose printed times do not tell its order.
ORDER_UNCLEAR_NOTE = "order unclear (times neither mostly rise nor mostly fall); read as newest first"


def parse_date_line(line: str) -> date | None:
    """The date of a line that holds only a date, else None.

    "Month day, year" with a known month name is read directly (one per story, but 12,000
    stories in a large import); anything else the date-line pattern admits, such as a
    weekday in front, goes to dateutil.
    """
    if len(line) > 40 or not _DATE_LINE.match(line):
        return None
    try:
        simple = _SIMPLE_DATE.match(line)
        if simple and simple["month"].lower() in _MONTH_NUMBERS:
            return date(int(simple["year"]), _MONTH_NUMBERS[simple["month"].lower()], int(simple["day"]))
        parsed: date = date_parser.parse(line.strip().replace(".", "")).date()
        return parsed
    except (ValueError, OverflowError):
        return None


@dataclass(slots=True)
class Header:
    published: date | None = None
    dateline: str | None = None
    time_basis: str | None = None
    caption: str | None = None
    lead: str | None = None
    body: str = ""
    #: A byline's or an updated stamp's date and which of them stated it.
    stated: tuple[date, str] | None = None
    #: A date line without a year (``Tuesday, April 7``).
    partial: PartialDate | None = None
    #: Dated bylines and updated stamps, as printed (the dispatch's ``meta["credits"]``).
    credits: list[str] = field(default_factory=list)


def read_header_date(header: Header, line: str) -> bool:
    """Take the date a header line states; True when the line is a date line (a whole date,
    or a month and day without a year), a dated byline or an updated stamp, and no more, so
    it is no part of the lead: a byline's or stamp's words are kept in ``credits``."""
    if header.published is None:
        day = parse_date_line(line)
        if day is not None:
            header.published = day
            return True
        partial = partial_date_line(line) if header.partial is None else None
        if partial is not None:
            header.partial = partial
            return True
    stated = header_line_date(line)
    if stated is None:
        return False
    if header.stated is None:
        header.stated = stated
    header.credits.append(line.strip())
    return True


def dispatch_date(
    header: Header,
    title: str,
    marks: list[TimeMark | None],
    newest_day: date | None,
    order: str | None,
    today: date,
) -> tuple[date | None, str | None]:
    """The date-line day and where it was found, in order of trust.

    A bare date line and a byline date the oldest entry, as AP's date line does; an updated
    stamp and a feed's version time date the newest one, so the rollover rule runs back from
    them. Then a whole date on a time line, a date in the title, and last a time line's month
    and day in a year a printed weekday chooses.
    """
    if header.published is not None:
        return header.published, DATE_LINE
    if header.stated is not None:
        day, source = header.stated
        return (day if source == BYLINE else _oldest_day(marks, day, order)), source
    if newest_day is not None:
        return _oldest_day(marks, newest_day, order), None
    dated = first_dated(marks, order)
    whole = _time_line_day(marks, dated, order, None)
    if whole is not None:
        return whole, TIME_LINE
    in_title = title_date(title)
    if in_title is not None:
        return in_title, TITLE
    return _weekday_date(header, marks, dated, order, today)


def _weekday_date(
    header: Header, marks: list[TimeMark | None], dated: int | None, order: str | None, today: date
) -> tuple[date | None, str | None]:
    """The oldest entry's day from a month and day printed without a year, in the latest
    year up to ``today`` that fits the weekday printed with them, else the one the lead
    names: a date line's (it dates the oldest entry), else a time line's."""
    if header.partial is not None:
        chosen = weekday_year(header.partial, header.lead, today)
        if chosen is not None:  # a year in which the day exists, as rrule only yields those
            return date(chosen[0], header.partial.month, header.partial.day), f"{DATE_LINE}, {chosen[1]}"
    partial = _time_line_partial(marks, dated)
    chosen = weekday_year(partial, header.lead, today) if partial is not None else None
    day = _time_line_day(marks, dated, order, chosen[0]) if chosen is not None else None
    return (day, f"{TIME_LINE}, {chosen[1]}") if day is not None and chosen is not None else (None, None)


def _time_line_partial(marks: list[TimeMark | None], dated: int | None) -> PartialDate | None:
    """The month, day and weekday the time line of entry ``dated`` prints, if it does."""
    mark = marks[dated] if dated is not None else None
    if mark is None or mark.month is None or mark.day is None:
        return None
    return PartialDate(mark.month, mark.day, mark.weekday)


def _time_line_day(
    marks: list[TimeMark | None], dated: int | None, order: str | None, year: int | None
) -> date | None:
    """The oldest entry's day from the date on the time line of entry ``dated``, in its
    printed year, else ``year``; None without a year or for a day that does not exist."""
    mark = marks[dated] if dated is not None else None
    if dated is None or mark is None or mark.month is None or mark.day is None:
        return None
    year = mark.year or year
    if year is None:
        return None
    try:
        day = date(year, mark.month, mark.day)
    except ValueError:
        return None
    return oldest_day_from(marks, dated, day, order)


def date_and_order_notes(
    published: date | None, header: Header, marks: list[TimeMark | None], order: str | None
) -> list[str]:
    """What the import notes say of a dispatch without a date (nothing named one, or a month
    and day came without a year) and of one whose order the times do not tell."""
    notes = []
    if published is None:
        partial = _time_line_partial(marks, first_dated(marks, order))
        if header.partial is not None:
            notes.append(DATE_UNDECIDED.format(where=DATE_LINE, day=header.partial))
        elif partial is not None:
            notes.append(DATE_UNDECIDED.format(where=TIME_LINE, day=partial))
        else:
            notes.append(NO_DATE)
    if order is None:
        notes.append(ORDER_UNCLEAR_NOTE)
    return notes


def _oldest_day(marks: list[TimeMark | None], newest_day: date, order: str | None) -> date:
    """The oldest entry's day when only the newest entry's day is known (an updated stamp,
    a feed's version time): dating run backwards."""
    stamps = [s for s in timestamps(marks, newest_day, order) if s]
    if not stamps:
        return newest_day
    return newest_day - (date.fromisoformat(max(stamps)[:10]) - newest_day)
