"""Rows of the frequent words and the text of the others: search answers without searching.

A plain search gives each entry a substring search, 0.3-1 us: 25-50 ms when the text is
a word found in half of 150,000 entries, most of the 100 ms a filter may take. A word here is a run of bytes between
delimiters (white space and punctuation that does not occur inside words), and a needle
with no delimiter in it lies inside one word wherever it occurs. So each entry's words are
split in two: the frequent ones (picked from a sample of entries, at most ``MAX_WORDS``)
get one packed row each over all entries, set where the entry holds that word, and the
others are copied, each with the delimiter after it, into a short ``rest`` text per entry.
An entry contains the needle exactly when it holds a frequent word containing it ("talks",
"talks.", "peace-talks" for "talks": rows ORed, no search) or its rest text does (a search
of a few dozen bytes instead of the whole entry).

Rows take at most 38 MB at 150,000 entries; the rest text is the share of the text in
rare words (a few per cent on the synthetic corpus, more on real news).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from workbench.index.gil import yielding_the_gil
from workbench.index.text_joined import JoinedTexts

#: Bytes that end a word; not "-", "." or "'", which occur inside words ("cease-fire", "u.s.").
DELIMITERS = b' \t\n\r\x0b\x0c\x00,;:!?"()[]{}'
MAX_WORDS = 2048
#: Longest word kept, in bytes: a word is compared as two 64-bit integers.
MAX_WORD_BYTES = 16
#: Entries whose words are counted to pick the frequent ones.
SAMPLE_ENTRIES = 4000
#: A word is kept when at least this share of the sampled entries hold it.
MIN_SHARE = 1 / 200
#: Entries per building step; a multiple of 8 so each step fills whole bytes of the rows.
_CHUNK_ENTRIES = 4096
#: Rows ORed at a time while answering; after each group, stop if every entry is set.
_ROWS_AT_ONCE = 64
#: A phrase's word narrows the entries its text is searched in only when fewer than this
#: share of the entries hold a frequent word containing it: a word in most entries ("the")
#: costs an OR of many rows and leaves most entries to search all the same.
NARROWING_SHARE = 1 / 4

_IS_DELIMITER = np.zeros(256, bool)
_IS_DELIMITER[list(DELIMITERS)] = True
_TO_SPACE = bytes.maketrans(DELIMITERS, b" " * len(DELIMITERS))
#: Which bits of the first and second 8 bytes of a word of each length are the word's.
_LOW_MASK = np.array([(1 << 8 * min(n, 8)) - 1 for n in range(MAX_WORD_BYTES + 1)], np.uint64)
_HIGH_MASK = np.array([(1 << 8 * max(n - 8, 0)) - 1 for n in range(MAX_WORD_BYTES + 1)], np.uint64)
_SLOT_BITS = 16
_LOW_FACTOR = np.uint64(0x9E3779B97F4A7C15)
_HIGH_FACTOR = np.uint64(0xC2B2AE3D27D4EB4F)


class WordRows:
    """For each frequent word, the entries holding it (one packed row over all entries), and
    per entry the text of its other words."""

    def __init__(self, words: list[bytes], rows: np.ndarray, rest: JoinedTexts, holders: np.ndarray) -> None:
        self.words = words
        self.rows = rows  # (len(words), ceil(entries / 8)) packed, entry j at bit 7 - j % 8 of byte j // 8
        self.rest = rest
        self.holders = holders  # per word, how many entries hold it (the set bits of its row)
        self.entries = len(rest)
        self._every_entry = np.packbits(np.ones(self.entries, bool))

    @classmethod
    def build(
        cls,
        haystack: bytes | memoryview,
        starts: Sequence[int],
        ends: Sequence[int],
        abandoned: Callable[[], bool] = lambda: False,
    ) -> WordRows | None:
        """Rows and rest texts of the entries at ``haystack[starts[i]:ends[i]]`` (UTF-8, a
        delimiter between them); None when ``abandoned()`` turns true between steps."""
        count = len(starts)
        table = _LookUp(_frequent_words(haystack, starts, ends))
        rows = np.zeros((len(table.words), (count + 7) // 8), np.uint8)
        data = np.frombuffer(haystack, np.uint8)
        rest_parts: list[bytes] = []
        rest_sizes: list[np.ndarray] = []
        holders = np.zeros(len(table.words), np.int64)
        for first in range(0, count, _CHUNK_ENTRIES):
            if abandoned():
                return None
            last = min(first + _CHUNK_ENTRIES, count)
            present, rest, sizes = table.split(data, starts[first:last], ends[last - 1])
            rows[:, first // 8 : (last + 7) // 8] = np.packbits(present, axis=1)
            holders += present.sum(axis=1)
            rest_parts.append(rest)
            rest_sizes.append(sizes)
        sizes = np.concatenate([np.zeros(0, np.int64), *rest_sizes])
        rest_ends = np.cumsum(sizes)
        rest_texts = JoinedTexts(b"".join(rest_parts), (rest_ends - sizes).tolist(), rest_ends.tolist())
        return cls(table.words, rows, rest_texts, holders)

    def certain(self, needle: bytes) -> np.ndarray | None:
        """Per entry (a new bool array), whether it holds a frequent word containing
        ``needle`` (UTF-8), and so the needle; None when the needle has a delimiter, as the
        rows then say nothing."""
        if not needle or needle.translate(None, DELIMITERS) != needle:
            return None
        holding = [row for row, word in enumerate(self.words) if needle in word]
        together = np.zeros(self.rows.shape[1], np.uint8)
        for first in range(0, len(holding), _ROWS_AT_ONCE):
            together |= np.bitwise_or.reduce(self.rows[holding[first : first + _ROWS_AT_ONCE]], axis=0)
            if np.array_equal(together, self._every_entry):
                break
        return np.unpackbits(together, count=self.entries).view(bool)

    def search(self, needle: bytes, candidates: list[int] | None) -> list[int] | None:
        """The candidates (None: every entry; kept in order) that contain ``needle``
        (UTF-8): those holding a frequent word that contains it, and those whose rest text
        does; None when the needle has a delimiter."""
        certain = self.certain(needle)
        if certain is None:
            return None
        chosen = None if candidates is None else np.asarray(candidates, np.intp)
        unsure = np.flatnonzero(~certain) if chosen is None else chosen[~certain[chosen]]
        if self.rest.one_by_one_is_cheaper(needle, unsure):
            certain[self.rest.holding(needle, unsure.tolist())] = True
        else:  # the scan also finds entries that are not candidates: the selection below drops them
            certain[self.rest.matching(needle)] = True
        return (np.flatnonzero(certain) if chosen is None else chosen[certain[chosen]]).tolist()

    def holding_each_word(self, needle: bytes, candidates: list[int] | None) -> list[int] | None:
        """The candidates (None: every entry; kept in order) holding each piece of
        ``needle`` between delimiters that narrows them: the only entries that can hold the
        whole needle. A piece narrows unless at least ``NARROWING_SHARE`` of the entries
        hold a frequent word containing it; the rarest piece goes first. Candidates come
        back as given when no piece narrows (a phrase of common words, all delimiters)."""
        least = {piece: self._least_holding(piece) for piece in set(needle.translate(_TO_SPACE).split())}
        for piece in sorted(least, key=least.__getitem__):
            if least[piece] >= NARROWING_SHARE * self.entries or (candidates is not None and not candidates):
                break
            if (found := self.search(piece, candidates)) is not None:  # always: no delimiter
                candidates = found
        return candidates

    def _least_holding(self, piece: bytes) -> int:
        """At least how many entries hold ``piece``: as many as hold its most widespread
        frequent word containing it (0 when none does), without reading a row."""
        return max(
            (int(n) for word, n in zip(self.words, self.holders, strict=True) if piece in word), default=0
        )


def _frequent_words(haystack: bytes | memoryview, starts: Sequence[int], ends: Sequence[int]) -> list[bytes]:
    """The words held by at least ``MIN_SHARE`` of a sample of entries, most widespread first."""
    step = max(1, len(starts) // SAMPLE_ENTRIES)
    sampled = range(0, len(starts), step)
    holding: Counter[bytes] = Counter()
    for i in yielding_the_gil(sampled, size=16):
        holding.update(set(bytes(haystack[starts[i] : ends[i]]).translate(_TO_SPACE).split()))
    least = max(2, round(len(sampled) * MIN_SHARE))
    frequent = [word for word, n in holding.most_common() if n >= least and len(word) <= MAX_WORD_BYTES]
    return frequent[:MAX_WORDS]


class _LookUp:
    """Finds words in a chunk of text and tells which of the kept words they are.

    A word is read as two little-endian 64-bit integers (its first and next eight bytes,
    zero past its end), so equal words give equal pairs and no two words share a pair (text
    has no zero bytes). An open table of 2**16 slots keyed by a hash of the pair finds the
    candidate word; the pair is then compared in full, so a hash collision is never a match.
    A kept word whose slot is taken by a more widespread one is dropped (it gets no row).
    """

    def __init__(self, words: list[bytes]) -> None:
        low, high = _pairs(words)
        slot_of = _slots(low, high)
        self.table = np.full(1 << _SLOT_BITS, -1, np.intp)
        kept: list[int] = []
        for i, slot in enumerate(slot_of.tolist()):
            if self.table[slot] < 0:
                self.table[slot] = len(kept)
                kept.append(i)
        self.words = [words[i] for i in kept]
        self.low = low[kept]
        self.high = high[kept]

    def split(
        self, data: np.ndarray, starts: Sequence[int], end: int
    ) -> tuple[np.ndarray, bytes, np.ndarray]:
        """The words of the chunk of entries at ``starts`` (the last ending at ``end``), split:
        (kept words, entries) booleans of which entry holds which kept word, and the other
        words, each with the delimiter after it, with the number of their bytes per entry."""
        first = starts[0]
        # Eight-byte reads run up to 15 bytes past the last word; the zeros are delimiters.
        chunk = np.concatenate((data[first:end], np.zeros(2 * 8, np.uint8)))
        delimiter = _IS_DELIMITER[chunk]
        change = np.diff(delimiter.view(np.int8), prepend=np.int8(1))
        word_starts = np.flatnonzero(change == -1)
        lengths = np.flatnonzero(change == 1) - word_starts
        entry_firsts = np.searchsorted(word_starts, np.asarray(starts, np.int64) - first)
        entry_of_word = np.repeat(np.arange(len(starts)), np.diff(np.append(entry_firsts, len(word_starts))))

        eight_bytes_at = np.ndarray((len(chunk) - 7,), "<u8", buffer=chunk, strides=(1,))
        clipped = np.minimum(lengths, MAX_WORD_BYTES)
        low = eight_bytes_at[word_starts] & _LOW_MASK[clipped]
        high = eight_bytes_at[word_starts + 8] & _HIGH_MASK[clipped]
        kept = self.table[_slots(low, high)]
        known = (lengths <= MAX_WORD_BYTES) & (kept >= 0)
        if self.words:  # else every slot is empty and nothing to compare with
            known &= (self.low[kept] == low) & (self.high[kept] == high)
        present = np.zeros((len(self.words), len(starts)), bool)
        present[kept[known], entry_of_word[known]] = True

        other = ~known
        sizes = lengths[other] + 1  # the word and the delimiter after it
        offsets = np.cumsum(sizes) - sizes
        from_chunk = np.repeat(word_starts[other] - offsets, sizes) + np.arange(sizes.sum())
        per_entry = np.bincount(entry_of_word[other], weights=sizes, minlength=len(starts)).astype(np.int64)
        return present, chunk[from_chunk].tobytes(), per_entry


def _pairs(words: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    padded = b"".join(word.ljust(MAX_WORD_BYTES, b"\x00") for word in words)
    pairs = np.frombuffer(padded, "<u8").reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def _slots(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    mixed: np.ndarray = low * _LOW_FACTOR + high * _HIGH_FACTOR  # uint64, wrapping
    slots: np.ndarray = np.right_shift(mixed, np.uint64(64 - _SLOT_BITS)).astype(np.intp)
    return slots
