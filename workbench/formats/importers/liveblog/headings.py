"""Recognising the short headings that open entries of untimed live posts and timed blogs.

"Here's the latest" pages, digests and numbered live posts separate their entries by short
headings instead of times, and some timed blogs print a heading under each time. Each shape
is a named recogniser:

- ``capitals``: an all-caps line of two or more words (``HARBOUR FERRIES RUN AGAIN``);
- ``numbered``: a number, a point or parenthesis and a short capitalised line
  (``1. The latest harbour headlines``);
- ``title case``: two or more words, each significant one capitalised
  (``Rescue Teams Reach The Valley``), on a line of its own;
- ``after time``: right under (or beside) a time line, any capitalised short line on a line
  of its own (``Rescue teams reach the valley``): the position is what tells it.

Every shape shares the guards that keep ordinary lines out: a heading is at most
``LONGEST_HEADING`` characters, does not end in sentence punctuation or a closing
parenthesis (captions, credits), and is none of a byline, a dateline lead, a date or a
time line. In its context a heading also opens a paragraph and has body text under it, so
a list of short numbered lines is a list, not a run of empty entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from workbench.formats.importers.liveblog.datelines import opens_with_dateline
from workbench.formats.importers.liveblog.dates import partial_date_line
from workbench.formats.importers.liveblog.times import match_time_line

CAPITALS = "capitals"
NUMBERED = "numbered"
TITLE_CASE = "title case"
AFTER_TIME = "after time"

#: Longer lines are sentences or paragraphs, never headings.
LONGEST_HEADING = 80
_SENTENCE_END = re.compile(r"[.!?;:,)\]\"'”’…—–-]$")
_NUMBER = re.compile(r"^(?P<number>\d{1,2})[.)][ \t]+(?P<rest>\S.*)$")
_BYLINE = re.compile(r"^(?:by[ \t]|[-–—][ \t]|(?:the[ \t]+)?associated[ \t]+press$)", re.I)
_DATE = re.compile(
    r"\b(?:19|20)\d{2}\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b.*\b(?:19|20)\d{2}\b",
    re.I,
)
#: Words a title-case heading may leave in lower case.
_SMALL_WORD = re.compile(
    r"(?:a|an|and|as|at|but|by|for|from|in|into|nor|of|off|on|or|over|per|the|to|up|via|vs|with)$", re.I
)


def heading_kind(line: str, after_time: bool = False) -> str | None:
    """The shape of heading a line has on its own, or None; ``after_time`` says it sits
    right under or beside a time line, where a capitalised short line is enough."""
    text = line.strip()
    if not _passes_guards(text):
        return None
    numbered = _NUMBER.match(text)
    if numbered is not None:
        return NUMBERED if _passes_guards(numbered["rest"]) and _capitalised(numbered["rest"]) else None
    words = text.split()
    if len(words) >= 2 and text.upper() == text and any(c.isalpha() for c in text):
        return CAPITALS
    if len(words) >= 2 and all(_capitalised(w) or _SMALL_WORD.match(w) for w in words):
        return TITLE_CASE if _capitalised(words[0]) else None
    return AFTER_TIME if after_time and _capitalised(text) else None


def needs_own_line(kind: str) -> bool:
    """Whether a heading of this shape must be a paragraph by itself: a capitalised line
    running straight into more text may be the first line of a wrapped paragraph."""
    return kind in (TITLE_CASE, AFTER_TIME)


def find_headings(lines: Sequence[str], first: int, stop: int, is_filler: Callable[[str], bool]) -> list[int]:
    """The lines in [first, stop) that open an entry of an untimed post.

    A heading opens a paragraph, and body text that is not itself a heading follows it
    before the next one; a title-case heading is a paragraph of its own.
    """
    found: list[int] = []
    for index in range(first, stop):
        line = lines[index]
        if is_filler(line) or (index > first and not is_filler(lines[index - 1])):
            continue
        kind = heading_kind(line)
        if kind is None or not _body_follows(lines, index, stop, kind, is_filler):
            continue
        found.append(index)
    return found


def _body_follows(
    lines: Sequence[str], index: int, stop: int, kind: str, is_filler: Callable[[str], bool]
) -> bool:
    """Whether text that is not another heading comes after the heading line ``index``."""
    after = index + 1
    if after < stop and needs_own_line(kind) and not is_filler(lines[after]):
        return False
    while after < stop and is_filler(lines[after]):
        after += 1
    return after < stop and heading_kind(lines[after]) is None


def _passes_guards(text: str) -> bool:
    """The shared guards: short, no sentence end, no byline, dateline, date or time line."""
    if not text or len(text) > LONGEST_HEADING or _SENTENCE_END.search(text):
        return False
    if _BYLINE.match(text) or opens_with_dateline(text) or _DATE.search(text) or partial_date_line(text):
        return False
    return match_time_line(text) is None


def _capitalised(word: str) -> bool:
    head = word.lstrip("\"'‘“(")[:1]
    return head.isupper() or head.isdigit()
