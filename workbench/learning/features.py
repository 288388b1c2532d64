"""Text features for the local models: hashed word 1-2-grams and character n-grams.

Hashing (``zlib.crc32`` of each n-gram, folded into ``N_FEATURES`` columns) means nothing is
fitted to the corpus's vocabulary: a model trained on 200 entries reads entry 150,000 the
same way, and nothing needs refitting when entries are added.

scikit-learn's ``HashingVectorizer(analyzer="char_wb")`` took 125 s for 150,000 entries:
it hashes every character n-gram of every token. A text repeats its words, so here each
distinct word's row (its own column and its n-grams) is hashed once and kept, and a text's
features are its word counts times those rows plus its bigrams. Predicting then never
builds the wide rows at all: a linear model's weights are folded into one score per word
(``Tokens`` and ``word_rows``), and the corpus is scored from word counts alone.

Rows are scaled by ``1 / sqrt(2 * sum(count**2) + bigrams)``, close to unit length (each
word's n-gram part has norm 1) and computable without the wide row, so that training
(explicit rows) and prediction (folded weights) see the same numbers.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

#: Columns of the hashed feature space. 2**18 keeps a linear model's weights at 1 MB per
#: value (actors have dozens of values) while collisions stay rare for news vocabulary.
N_FEATURES = 2**18
#: Character n-gram lengths, of each word padded with a space on either side ("char_wb").
#: (3, 4, 5) gave 1,357 columns per entry and 40% more training time than (3, 5)'s 951, for
#: the same held-out figures (``benchmarks/bench_suggest.py``).
CHAR_NGRAMS = (3, 5)
_TOKEN = re.compile(r"\w\w+")
#: Odd multiplier that mixes two word hashes into a bigram's column.
_BIGRAM_MIX = np.uint64(0x9E3779B1)
_MASK = np.uint64(N_FEATURES - 1)


def _column(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) & (N_FEATURES - 1)


@dataclass(frozen=True)
class Tokens:
    """Some texts as word numbers (of one ``Featurizer``): ``ids`` flat, ``lengths`` per text."""

    ids: np.ndarray
    lengths: np.ndarray

    def __len__(self) -> int:
        return len(self.lengths)

    def counts(self, words: int) -> sp.csr_matrix:
        """(texts, words): each word's count in each text, log-scaled (a word said five
        times is not five times the evidence)."""
        indptr = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=indptr[1:])
        data = np.ones(len(self.ids), dtype=np.float32)
        matrix = sp.csr_matrix((data, self.ids, indptr), shape=(len(self.lengths), max(words, 1)))
        matrix.sum_duplicates()
        np.log1p(matrix.data, out=matrix.data)
        return matrix

    def bigrams(self, hashes: np.ndarray) -> sp.csr_matrix:
        """(texts, N_FEATURES): hashed pairs of neighbouring words within one text."""
        rows = np.repeat(np.arange(len(self.lengths), dtype=np.int64), self.lengths)
        h = hashes[self.ids]
        same = rows[:-1] == rows[1:]
        columns = ((h[:-1][same] * _BIGRAM_MIX + h[1:][same]) & _MASK).astype(np.int64)
        data = np.ones(len(columns), dtype=np.float32)
        return sp.csr_matrix((data, (rows[:-1][same], columns)), shape=(len(self.lengths), N_FEATURES))


def row_scale(counts: sp.csr_matrix, bigrams: sp.csr_matrix) -> np.ndarray:
    """Per text the factor that brings its row near unit length (see the module's note)."""
    squares = np.asarray(counts.multiply(counts).sum(axis=1)).ravel()
    pairs = np.diff(bigrams.indptr)
    total = 2 * squares + pairs
    return (1 / np.sqrt(np.where(total > 0, total, 1.0))).astype(np.float32)


class Featurizer:
    """Turns texts into word numbers, and word numbers into feature rows.

    Not thread-safe: one owner (the project's ``SuggestionParts``, or a CLI run) calls it
    from one thread at a time; the word memo grows with the distinct words seen.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._hashes: list[int] = []
        self._rows: list[np.ndarray] = []
        self._hash_array = np.zeros(0, dtype=np.uint64)

    @property
    def words(self) -> int:
        return len(self._hashes)

    def tokens(self, texts: Sequence[str]) -> Tokens:
        ids = self._ids
        flat: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for row, text in enumerate(texts):
            tokens = _TOKEN.findall(text.lower())
            for token in tokens:
                if token not in ids:
                    self._add_word(token)
            flat.extend(map(ids.__getitem__, tokens))
            lengths[row] = len(tokens)
        return Tokens(np.array(flat, dtype=np.int64), lengths)

    def hashes(self) -> np.ndarray:
        """Each known word's hash (for bigram columns), kept as an array between calls."""
        if len(self._hash_array) < len(self._hashes):
            added = np.asarray(self._hashes[len(self._hash_array) :], dtype=np.uint64)
            self._hash_array = np.concatenate([self._hash_array, added])
        return self._hash_array

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One feature row per text (float32), for training."""
        return self.rows(self.tokens(texts))

    def rows(self, tokens: Tokens) -> sp.csr_matrix:
        """The texts' feature rows, built from the rows of the words they use only (stacking
        every known word's row for each slice cost seconds and held the interpreter)."""
        used, local = np.unique(tokens.ids, return_inverse=True)
        counts = Tokens(local.ravel(), tokens.lengths).counts(len(used))
        bigrams = tokens.bigrams(self.hashes())
        wide = counts @ _stack([self._rows[i] for i in used.tolist()]) + bigrams
        rows = sp.csr_matrix(sp.diags(row_scale(counts, bigrams).astype(np.float64)) @ wide, dtype=np.float64)
        rows.sort_indices()  # what scikit-learn would otherwise do on a copy, holding the interpreter
        return rows

    def word_rows(self, start: int = 0, stop: int | None = None) -> sp.csr_matrix:
        """(words ``start:stop``, N_FEATURES): each known word's own column (1) and its
        character n-grams (together of norm 1, so a long word does not outweigh a short one)."""
        return _stack(self._rows[start:stop])

    def _add_word(self, token: str) -> None:
        word_hash = zlib.crc32(token.encode("utf-8", "surrogatepass"))
        self._ids[token] = len(self._hashes)
        self._hashes.append(word_hash)
        padded = f" {token} "
        grams = [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]
        self._rows.append(np.array([word_hash & (N_FEATURES - 1)] + [_column(g) for g in grams]))


def _stack(rows: list[np.ndarray]) -> sp.csr_matrix:
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    data = np.repeat((1 / np.sqrt(np.maximum(lengths - 1, 1))).astype(np.float32), lengths)
    data[indptr[:-1]] = 1.0  # the word's own column
    matrix = sp.csr_matrix((data, indices, indptr), shape=(max(len(rows), 1), N_FEATURES))
    matrix.sum_duplicates()
    return matrix
