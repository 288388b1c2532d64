"""Carrying span offsets between two spellings of one text that differ only in Unicode form.

Entries are matched on NFC text, so a colleague's decomposed ``e`` + accent lands on the
entry stored composed; their offsets count code points of *their* spelling and must be
moved onto the stored one, or every span after the first accent slides by one. Offsets
are moved only at boundaries both spellings share (between clusters of a base character
and its combining marks); a span that splits a cluster has no place in the other
spelling and is refused rather than guessed.
"""

from __future__ import annotations

import unicodedata
from itertools import accumulate, pairwise

from workbench.core.model import Annotation, Span


def same_text(a: str, b: str) -> bool:
    """Whether two spellings are one text for matching entries: equal after NFC."""
    return a == b or unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def _boundaries(text: str) -> dict[int, int] | None:
    """Offset in ``text`` -> offset in its NFC form, at every cluster boundary.

    None when clusters do not normalise independently (scripts whose starters compose
    with each other), so that no boundary is trusted wrongly.
    """
    starts = [i for i, ch in enumerate(text) if i == 0 or not unicodedata.combining(ch)] + [len(text)]
    pieces = [unicodedata.normalize("NFC", text[a:b]) for a, b in pairwise(starts)]
    if "".join(pieces) != unicodedata.normalize("NFC", text):
        return None
    return dict(zip(starts, accumulate((len(p) for p in pieces), initial=0), strict=True))


class OffsetMap:
    """Moves offsets counted in ``given`` onto ``stored``; both must be ``same_text``."""

    def __init__(self, given: str, stored: str) -> None:
        self.identical = given == stored
        forward = None if self.identical else _boundaries(given)
        backward = None if self.identical else _boundaries(stored)
        self._to_nfc = forward or {}
        self._from_nfc = {nfc: at for at, nfc in (backward or {}).items()}

    def offset(self, at: int) -> int | None:
        if self.identical:
            return at
        nfc = self._to_nfc.get(at)
        return None if nfc is None else self._from_nfc.get(nfc)

    def annotation(self, annotation: Annotation) -> tuple[Annotation, list[Span]]:
        """A copy with every span moved, and the spans that could not be moved."""
        if self.identical:
            return annotation, []
        moved, lost = annotation.copy(), []
        moved.spans = []
        for span in annotation.spans:
            start, end = self.offset(span.start), self.offset(span.end)
            if start is None or end is None:
                lost.append(span)
            else:
                moved.spans.append(Span(start, end, span.dimension, span.value))
        return moved, lost


def fit_annotation(annotation: Annotation, given: str, stored: str) -> tuple[Annotation, int]:
    """``annotation``, made on ``given``, as it applies to the entry's ``stored`` text.

    Every import's annotations pass through here before they join a project, so none
    can bring a span the project file would refuse (the file would no longer open).
    Returns the fitted copy and how many spans had to be left out.
    """
    if same_text(given, stored):
        fitted, lost = OffsetMap(given, stored).annotation(annotation)
    else:  # same id, other words: the offsets mean nothing here
        fitted, lost = annotation.copy(), list(annotation.spans)
        fitted.spans = []
    inside = [s for s in fitted.spans if 0 <= s.start < s.end <= len(stored)]
    dropped = len(lost) + len(fitted.spans) - len(inside)
    if dropped:
        fitted.spans = inside
    return fitted, dropped
