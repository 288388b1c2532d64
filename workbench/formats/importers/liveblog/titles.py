"""Telling a story's headline from the other lines a page may open with.

The first line of a story is its headline only when it has a headline's shape: short, not
ending a sentence, and none of a date line, a byline or updated stamp, a photo caption, a
lead opened by a dateline (``PORTO, Portugal (AP) —``, ``WASHINGTON —``) or a time line.
Anything else is kept in the story, and the dispatch takes the file's name as its title,
never a piece of body text. ``The Latest:`` lines are always headlines.
"""

from __future__ import annotations

import re

from workbench.formats.importers.liveblog.datelines import opens_with_dateline
from workbench.formats.importers.liveblog.dates import header_line_date
from workbench.formats.importers.liveblog.times import match_time_line

_LONGEST_HEADLINE = 150
_LATEST = re.compile(r"^[ \t]*(?:The Latest|Here's the latest)\b", re.I)
CAPTION = re.compile(r"\((?:AP|AFP|Reuters)[ \t]+Photo[^)]*\)[ \t]*$", re.I)
_SENTENCE_END = re.compile(r"[.!?;:,][\"'”’)]?$")


def is_headline(line: str, date_line: bool) -> bool:
    """Whether a story's first line is its headline; ``date_line`` says it parsed as a date line."""
    text = line.strip()
    if _LATEST.match(text):
        return True
    if not text or len(text) > _LONGEST_HEADLINE or date_line:
        return False
    if _SENTENCE_END.search(text) or CAPTION.search(text) or opens_with_dateline(text):
        return False
    return header_line_date(text) is None and match_time_line(text) is None
