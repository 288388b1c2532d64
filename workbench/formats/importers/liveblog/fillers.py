"""Lines between live-blog entries that carry no text of their own, and doubled time lines.

Separators come in many shapes: AP's ``___``, ``---``, ``***``, ``===``, a run of em or en
dashes (``———``), a lone dash and ``__``. They are trimmed from the ends of an entry so they
never end the entry above or open the one below.

Some pages print an entry's time twice, once with its zone and once as a 24-hour clock
(``7.30am BST`` and then ``07:30``): the second line is not a new, empty entry but part of
the text of the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.formats.importers.liveblog.times import TimeMark

_SEPARATOR_CHARS = frozenset("_-*=—–")
_SEPARATOR = re.compile(r"^[ \t]*(?:_{2,}|-{3,}|\*{3,}|={3,}|[—–]+)[ \t]*$")


def is_filler(line: str) -> bool:
    """Blank lines and separator lines."""
    return (
        not line or line.isspace() or (line.lstrip()[:1] in _SEPARATOR_CHARS and bool(_SEPARATOR.match(line)))
    )


def drop_doubled_times(
    marks: list[tuple[int, TimeMark, int | None]], is_blank_between: Callable[[int, int], bool]
) -> list[tuple[int, TimeMark, int | None]]:
    """The time lines without those that repeat the time just above with nothing in between.

    ``is_blank_between(a, b)`` says whether lines strictly between a and b are all filler.
    """
    kept: list[tuple[int, TimeMark, int | None]] = []
    for found in marks:
        index, mark, rest = found
        if kept:
            above_index, above, above_rest = kept[-1]
            if (
                above_rest is None
                and rest is None
                and above.minutes == mark.minutes
                and is_blank_between(above_index, index)
            ):
                continue
        kept.append(found)
    return kept
