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


def _is_simple(text: str) -> bool:
    """True when code points and Qt positions coincide (the common case, checked in C)."""
    return text.isascii() and "\r" not in text


@lru_cache(maxsize=64)
def _unit_starts(text: str) -> tuple[int, ...]:
    """Qt position of each code point, plus the end: ``starts[i]`` is where code point i begins."""
    starts = [0] * (len(text) + 1)
    position = 0
    for i, char in enumerate(text):
        starts[i] = position
        if char == "\r" and text[i + 1 : i + 2] == "\n":
            continue  # Qt turns CR LF into a single paragraph break, counted on the LF
        position += 2 if ord(char) > 0xFFFF else 1
    starts[len(text)] = position
    return tuple(starts)


def to_qt(text: str, offset: int) -> int:
    """The Qt position of code point ``offset`` in ``text`` as shown by a text document."""
    if _is_simple(text):
        return offset
    return _unit_starts(text)[offset]


def from_qt(text: str, position: int) -> int:
    """The code point offset at Qt ``position``; a position inside a character rounds up."""
    if _is_simple(text):
        return position
    starts = _unit_starts(text)
    return min(bisect_left(starts, position), len(text))


def qt_length(text: str) -> int:
    return to_qt(text, len(text))
