"""Trigram signatures: which entries could contain a search text, answered in about a millisecond.

A plain search scans every entry's text, 131 MB at 150,000 entries: about 65 ms even when
nothing matches, which with the navigator's own work is most of the 100 ms a filter may
take. Here each entry gets a fixed-size set of bits, one per hashed byte trigram of its
folded UTF-8 text; a needle can only occur in an entry that holds every bit of the
needle's own trigrams. The bits are stored bit-major (for each bit, one packed row over
all entries), so a query ANDs a handful of rows of ``entries / 8`` bytes.

Signatures only ever rule entries out: whatever they let through still gets the exact
substring test, so search results are exactly a scan's. 4,096 bits per entry (77 MB at
150,000 entries) keep the false positives of a three-letter needle near zero on news text;
2,048 let through three times the true hits of "cea".

Building takes a few seconds of numpy work at that size, most of it with the GIL released,
so ``filtering`` runs it on a background thread and scans until it is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

BITS = 4096
_HASH_SHIFT = np.uint32(32 - 12)  # keeps the top 12 bits of the product: 4,096 buckets
_HASH_FACTOR = np.uint32(2654435761)  # Knuth's multiplicative hash constant
#: Entries per building step; a multiple of 8 so each step fills whole bytes of the rows.
_CHUNK_ENTRIES = 4096
SEPARATOR = "\x00"


class TextSignatures:
    """The trigram bits of every entry of one folded, joined haystack (see ``build``)."""

    def __init__(self, rows: np.ndarray, entries: int) -> None:
        self.rows = rows  # (BITS, ceil(entries / 8)) packed, entry j at bit 7 - j % 8 of byte j // 8
        self.entries = entries

    @classmethod
    def build(
        cls,
        haystack: str,
        starts: Sequence[int],
        ends: Sequence[int],
        abandoned: Callable[[], bool] = lambda: False,
    ) -> TextSignatures | None:
        """Signatures of the entries at ``haystack[starts[i]:ends[i]]``, which ``SEPARATOR``
        joins; None when ``abandoned()`` turns true between steps (the project was closed)."""
        count = len(starts)
        rows = np.zeros((BITS, (count + 7) // 8), np.uint8)
        for first in range(0, count, _CHUNK_ENTRIES):
            if abandoned():
                return None
            last = min(first + _CHUNK_ENTRIES, count)
            rows[:, first // 8 : (last + 7) // 8] = _chunk_bits(haystack, starts, ends, first, last)
        return cls(rows, count)

    def candidates(self, needle: str) -> np.ndarray | None:
        """Indices (ascending) of the entries that may contain ``needle``; None when the
        needle is too short to have a trigram, so every entry may."""
        data = np.frombuffer(needle.encode("utf-8"), np.uint8)
        if len(data) < 3:
            return None
        bits = np.unique(_trigram_hashes(data))
        together = np.bitwise_and.reduce(self.rows[bits], axis=0)
        return np.flatnonzero(np.unpackbits(together, count=self.entries))


def _trigram_hashes(data: np.ndarray) -> np.ndarray:
    """The bucket of the trigram starting at each byte but the last two."""
    wide = data.astype(np.uint32)
    return ((wide[:-2] << 16 | wide[1:-1] << 8 | wide[2:]) * _HASH_FACTOR) >> _HASH_SHIFT


def _chunk_bits(
    haystack: str, starts: Sequence[int], ends: Sequence[int], first: int, last: int
) -> np.ndarray:
    """Packed bits of entries ``first``..``last - 1``: (BITS, ceil((last - first) / 8)).

    A trigram is credited to the entry it starts in; one running into the separator and
    the next entry only adds a bit there, which can let an entry through, never keep one out.
    """
    data = np.frombuffer(haystack[starts[first] : ends[last - 1]].encode("utf-8"), np.uint8)
    present = np.zeros((BITS, last - first), bool)
    if len(data) >= 3:
        separators = np.flatnonzero(data == 0)
        if len(separators) == last - first - 1:
            byte_starts = np.concatenate(([0], separators + 1))
        else:  # a separator byte inside some text: measure each entry instead
            lengths = [len(haystack[starts[i] : ends[i]].encode("utf-8")) + 1 for i in range(first, last)]
            byte_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        spans = np.diff(np.append(byte_starts, len(data)))
        entry_of_byte = np.repeat(np.arange(last - first, dtype=np.int32), spans)
        present[_trigram_hashes(data), entry_of_byte[: len(data) - 2]] = True
    return np.packbits(present, axis=1)
