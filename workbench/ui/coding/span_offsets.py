"""Converting between stored span offsets (code points) and Qt text positions.

Stored offsets count Unicode code points (Python ``str`` indices), as every export format
expects. Qt counts UTF-16 code units, so an emoji outside the Basic Multilingual Plane
("👍🏽" is two code points and four units) shifts every later position; and a text
document folds a CR LF pair into one paragraph break. Tools that skip this conversion
corrupt corpora silently, so it lives here, tested on its own, and is used only where the
entry view talks to Qt.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

#: Code points per step of the position table: a 50 MB entry's table of one position per
#: code point took 14 s and 3 GB to build; one per step is a few thousand numbers, and the
#: rest of a step is counted when asked.
STEP = 4096


def _units(text: str, begin: int, end: int) -> int:
    """Qt positions taken by code points [begin, end): UTF-16 units, less one per CR LF
    whose CR is among them (Qt turns CR LF into a single paragraph break, counted on the LF)."""
    piece = text[begin:end]
    units = len(piece.encode("utf-16-le", "surrogatepass")) // 2
    return units - text[begin : end + 1].count("\r\n") if "\r" in piece else units


@lru_cache(maxsize=64)
def _step_starts(text: str) -> tuple[int, ...] | None:
    """Qt position of every ``STEP``-th code point, or None when code points and Qt
    positions coincide (the common case, checked in C)."""
    if text.isascii() and "\r" not in text:
        return None
    starts = [0]
    for begin in range(0, len(text), STEP):
        starts.append(starts[-1] + _units(text, begin, min(begin + STEP, len(text))))
    return tuple(starts)


def to_qt(text: str, offset: int) -> int:
    """The Qt position of code point ``offset`` in ``text`` as shown by a text document."""
    starts = _step_starts(text)
    if starts is None:
        return offset
    step = offset // STEP
    return starts[step] + _units(text, step * STEP, offset)


def from_qt(text: str, position: int) -> int:
    """The code point offset at Qt ``position``; a position inside a character rounds up."""
    starts = _step_starts(text)
    if starts is None:
        return position
    # From the last step starting before the position, walk code points until one starts
    # at or after it: the first such code point is the answer, as in a per-code-point table.
    step = max(bisect_left(starts, position) - 1, 0)
    offset, unit, end = step * STEP, starts[step], len(text)
    while offset < end and unit < position:
        char = text[offset]
        if char != "\r" or text[offset + 1 : offset + 2] != "\n":
            unit += 2 if ord(char) > 0xFFFF else 1
        offset += 1
    return offset


def qt_length(text: str) -> int:
    return to_qt(text, len(text))
