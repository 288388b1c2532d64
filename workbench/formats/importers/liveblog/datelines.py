"""Finding a story's dateline: the place its lead is filed from.

Two shapes open a lead: the place and an agency mark (``BEIRUT (AP) —``, ``PORTO, Portugal
(Reuters) -``), and, without an agency, a place in capitals and a dash (``WASHINGTON —``,
``SAN LORENZO, Chile --``). The capitals are what tell the second shape from a sentence
holding a dash. The dateline may sit on any line of a byline block (``By Ana Ruiz`` and
``Ledger Wire`` above it), so each line of the paragraph is tried.
"""

from __future__ import annotations

import re

_WITH_AGENCY = r"(?P<agency>[^\n]{1,80}?)[ \t]*\((?:AP|AFP|Reuters)\)[ \t]*(?:—|–|--|-)"
_CAPITALS = r"(?P<capitals>(?-i:[A-Z][A-Z.'-]*(?:[ \t][A-Z][A-Z.'-]*){0,3})(?:,[ \t]*[^\n,—–]{2,40})?)[ \t]+(?:—|–|--)[ \t]"
_LEAD = re.compile(rf"^[ \t]*(?:{_WITH_AGENCY}|{_CAPITALS})", re.I | re.M)


def opens_with_dateline(line: str) -> bool:
    """Whether a line starts like a lead, after a dateline."""
    return _LEAD.match(line) is not None


def find_dateline(paragraph: str) -> str | None:
    """The dateline of the first line of ``paragraph`` that opens a lead, else None."""
    found = _LEAD.search(paragraph)
    if found is None:
        return None
    return (found["agency"] or found["capitals"]).strip()
