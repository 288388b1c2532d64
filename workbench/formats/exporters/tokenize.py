"""The simple, documented tokenizer behind the CoNLL export.

CoNLL files need tokens and sentences, and a corpus is only reproducible when anyone can
re-derive them, so the rules are deliberately small (``docs/exports.md``):

- a token is a run of word characters (``\\w+``: letters, digits, underscore, in any
  script) or one single other non-space code point (``[^\\w\\s]``: punctuation, symbols,
  each emoji code point on its own);
- a sentence ends after ``.``, ``!`` or ``?`` when white space and then an upper-case
  letter follow, and at every line break, except inside a stretch the caller keeps
  together (a marked span: one entity must stay in one sentence).

All offsets are code points (Python ``str`` indices), like every offset in the workbench.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

TOKEN = re.compile(r"\w+|[^\w\s]")
_END_MARK = re.compile(r"[.!?]\s+(?=\S)")
_LINE_BREAK = re.compile(r"\n")


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token, in order."""
    return [m.span() for m in TOKEN.finditer(text)]


def sentence_breaks(text: str, keep_together: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Offsets where a new sentence starts (after the first one), in order; none falls
    strictly inside a ``keep_together`` stretch (start, end)."""
    breaks = {m.end() for m in _END_MARK.finditer(text) if text[m.end()].isupper()}
    breaks.update(m.end() for m in _LINE_BREAK.finditer(text))
    return sorted(b for b in breaks if 0 < b < len(text) and not any(a < b < e for a, e in keep_together))


def sentences(text: str, keep_together: Sequence[tuple[int, int]] = ()) -> list[list[tuple[int, int]]]:
    """Tokens grouped by sentence; sentences without tokens are left out."""
    grouped: list[list[tuple[int, int]]] = [[]]
    breaks = sentence_breaks(text, keep_together)
    next_break = 0
    for span in tokens(text):
        while next_break < len(breaks) and span[0] >= breaks[next_break]:
            next_break += 1
            if grouped[-1]:
                grouped.append([])
        grouped[-1].append(span)
    return [group for group in grouped if group]
