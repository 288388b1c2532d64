"""Stable identifiers for dispatches and entries.

Ids are hashes of content, not counters, so two analysts who import the same dispatch on
different machines get the same ids, and their annotations line up for agreement.
Whitespace and Unicode normalisation are folded first so that a CRLF copy or a re-wrapped
paragraph of the same story still matches.
"""

from __future__ import annotations

import hashlib
import unicodedata


def normalise(text: str) -> str:
    """NFC with all runs of white space folded to one space: the form ids are taken of."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=8)
    h.update("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()


def dispatch_id(title: str, published: str | None, dateline: str | None, uri: str | None = None) -> str:
    """A dispatch is identified by its uri when it has one, else by title, date and dateline."""
    if uri:
        return "d-" + _digest("uri", uri.strip())
    return "d-" + _digest(normalise(title).casefold(), published or "", normalise(dateline or "").casefold())


def text_dispatch_id(text: str) -> str:
    """The one-entry dispatch of a text from an annotation tool (doccano, Label Studio).

    Taken of the text exactly, up to Unicode form: their spans count characters, so texts
    differing in case or spacing are different texts and must not share an entry.
    """
    return "d-" + _digest("text", unicodedata.normalize("NFC", text))


class EntryIds:
    """Hands out entry ids within one dispatch.

    An entry's id hashes its dispatch id, printed time and normalised text. Two identical
    entries in one dispatch (a repeated correction, say) get an occurrence number so both
    are kept, and the numbering is stable because it follows reading order.
    """

    def __init__(self, dispatch: str) -> None:
        self.dispatch = dispatch
        self._seen: dict[str, int] = {}

    def next(self, time_label: str | None, text: str) -> str:
        base = _digest(self.dispatch, normalise(time_label or ""), normalise(text))
        n = self._seen.get(base, 0)
        self._seen[base] = n + 1
        return f"e-{base}" if n == 0 else f"e-{base}-{n + 1}"
