"""Finding a live blog's date where the page states it other than on a bare date line.

Pages date themselves in a byline (``- Ledger Wire - Friday, September 25, 2015``), in an
``Updated 3:52 PM EDT, Tue June 12, 2018`` stamp or in the title (``... on March 3, 2021``).
Each of these is a named source, recorded on the dispatch (``meta["date_source"]``) so an
analyst can tell a stated date from one found in passing. The date itself is read by
dateutil's fuzzy parser, and only when the text names a day, a month and a year: it is
parsed twice with different default dates, and a date that changes with the default was
not fully stated.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from dateutil import parser as date_parser

DATE_LINE = "date line"
BYLINE = "byline"
UPDATED_STAMP = "updated stamp"
TITLE = "title"

_LONGEST_LINE = 120
_STAMP = re.compile(r"^[ \t]*(?:updated|posted|published|last updated)\b", re.I)
_BYLINE = re.compile(r"^[ \t]*(?:[-–—][ \t]|by[ \t])", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))


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
