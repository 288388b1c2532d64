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


class TextSignatures:
    """The trigram bits of every entry of one folded, joined haystack (see ``build``)."""

    def __init__(self, rows: np.ndarray, entries: int) -> None:
        self.rows = rows  # (BITS, ceil(entries / 8)) packed, entry j at bit 7 - j % 8 of byte j // 8
        self.entries = entries

    @classmethod
    def build(
        cls,
        haystack: bytes | memoryview,
        starts: Sequence[int],
        ends: Sequence[int],
        abandoned: Callable[[], bool] = lambda: False,
    ) -> TextSignatures | None:
        """Signatures of the entries at ``haystack[starts[i]:ends[i]]`` (UTF-8, ``SEPARATOR``
        between them); None when ``abandoned()`` turns true between steps (project closed)."""
        count = len(starts)
        rows = np.zeros((BITS, (count + 7) // 8), np.uint8)
        data = np.frombuffer(haystack, np.uint8)
        for first in range(0, count, _CHUNK_ENTRIES):
            if abandoned():
                return None
            last = min(first + _CHUNK_ENTRIES, count)
            rows[:, first // 8 : (last + 7) // 8] = _chunk_bits(data, starts[first:last], ends[last - 1])
        return cls(rows, count)

    def candidates(self, needle: bytes) -> np.ndarray | None:
        """Indices (ascending) of the entries that may contain ``needle`` (UTF-8); None when
        the needle is too short to have a trigram, so every entry may."""
        data = np.frombuffer(needle, np.uint8)
        if len(data) < 3:
            return None
        bits = np.unique(_trigram_hashes(data))
        together = np.bitwise_and.reduce(self.rows[bits], axis=0)
        return np.flatnonzero(np.unpackbits(together, count=self.entries))


def _trigram_hashes(data: np.ndarray) -> np.ndarray:
    """The bucket of the trigram starting at each byte but the last two."""
    wide = data.astype(np.uint32)
    return ((wide[:-2] << 16 | wide[1:-1] << 8 | wide[2:]) * _HASH_FACTOR) >> _HASH_SHIFT


def _chunk_bits(data: np.ndarray, starts: Sequence[int], end: int) -> np.ndarray:
    """Packed bits of the entries starting at ``starts`` (the last ending at ``end``):
    (BITS, ceil(len(starts) / 8)).

    A trigram is credited to the entry it starts in; one running into the separator and
    the next entry only adds a bit there, which can let an entry through, never keep one out.
    """
    first = starts[0]
    chunk = data[first:end]
    present = np.zeros((BITS, len(starts)), bool)
    if len(chunk) >= 3:
        offsets = np.asarray(starts, np.int64) - first
        spans = np.diff(np.append(offsets, len(chunk)))
        entry_of_byte = np.repeat(np.arange(len(starts), dtype=np.int32), spans)
        present[_trigram_hashes(chunk), entry_of_byte[: len(chunk) - 2]] = True
    return np.packbits(present, axis=1)
