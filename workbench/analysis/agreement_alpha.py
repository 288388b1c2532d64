"""Krippendorff's alpha for any number of coders with missing data.

alpha = 1 - D_o / D_e, computed through pairable values (Krippendorff 2011): only units
with two or more values count; within a unit of ``m_u`` values every ordered pair of
values from different coders adds ``1 / (m_u - 1)`` to the coincidence of its two values.
With ``n`` pairable values and ``n_c`` of them equal to ``c``::

    alpha = 1 - (n - 1) * sum_ck o_ck d(c, k) / sum_ck n_c n_k d(c, k)

Single-valued dimensions build the coincidence matrix ``o`` (values x values) and use the
level's distance: nominal, ordinal (Krippendorff's metric on the marginal frequencies
``n_g``, not plain rank differences), interval or ratio. Multi-valued dimensions have one
value id per distinct set, often too many for a dense matrix, so the same formula runs
over the observed pairs directly with the MASI or Jaccard set distance (Passonneau 2006).
Everything is vectorised: the Python loop is over coder pairs, never over units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.analysis.reliability_data import MISSING, Figure, ReliabilityData

LEVELS = ("nominal", "ordinal", "interval", "ratio")
SET_DISTANCES = ("masi", "jaccard", "nominal")
#: Cap on the cells of one block of a set-distance computation, to bound memory.
_BLOCK_CELLS = 4_000_000


def value_pairs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Every within-unit pair of values from two coders, with its ``1 / (m_u - 1)`` weight.

    Returns value ids of both sides, the weights, the number of pairable values ``n`` and
    of pairable units (units with at least two values).
    """
    present = codes != MISSING
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            both = present[i] & present[j]
            if both.any():
                firsts.append(codes[i, both])
                seconds.append(codes[j, both])
                weights.append(1.0 / (per_unit[both] - 1))
    if not firsts:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty, np.empty(0), 0, 0
    return (
        np.concatenate(firsts),
        np.concatenate(seconds),
        np.concatenate(weights),
        int(per_unit[pairable].sum()),
        int(pairable.sum()),
    )


def coincidence_matrix(codes: np.ndarray, n_values: int) -> np.ndarray:
    """Krippendorff's o_ck: symmetric, each pairable value contributes a row sum of 1."""
    first, second, weight, _, _ = value_pairs(codes)
    return _coincidences(first, second, weight, n_values)


def _coincidences(first: np.ndarray, second: np.ndarray, weight: np.ndarray, size: int) -> np.ndarray:
    o = np.bincount(first.astype(np.int64) * size + second, weights=weight, minlength=size * size)
    o = o.reshape(size, size)
    return o + o.T


def scalar_distances(data: ReliabilityData, level: str, marginals: np.ndarray) -> np.ndarray | str:
    """The squared distance between every two value ids at ``level``, or why there is none."""
    size = data.n_values
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        # Value ids are ranks. d(c,k) = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 (Krippendorff 2011).
        cumulative = np.cumsum(marginals)
        lo = np.minimum.outer(np.arange(size), np.arange(size))
        hi = np.maximum.outer(np.arange(size), np.arange(size))
        between: np.ndarray = cumulative[hi] - cumulative[lo] + marginals[lo]
        ordinal: np.ndarray = (between - (marginals[lo] + marginals[hi]) / 2.0) ** 2
        return ordinal
    if level == "ratio" and data.numbers is None:
        return "the ratio level needs values that are numbers"
    # Interval on labels that are not numbers: codebook positions, equal steps assumed.
    scale = data.scale if data.scale is not None else np.arange(1.0, size + 1.0)
    diff: np.ndarray = np.subtract.outer(scale, scale)
    if level == "interval":
        return diff**2
    if level == "ratio":
        total = np.add.outer(scale, scale)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total == 0, 0.0, (diff / np.where(total == 0, 1.0, total)) ** 2)
    raise ValueError(f"unknown level {level!r}")


def set_distance(membership: np.ndarray, a: np.ndarray, b: np.ndarray, distance: str) -> np.ndarray:
    """MASI, Jaccard or exact-match distance between the sets with ids ``a`` and ``b``.

    Jaccard: 1 - |A&B| / |A|B|. MASI: 1 - J * M, M = 1 for equal sets, 2/3 when one holds
    the other, 1/3 when they only overlap, 0 when disjoint (Passonneau 2006).
    """
    if distance == "nominal":
        unequal: np.ndarray = (a != b).astype(np.float64)
        return unequal
    sizes = membership.sum(axis=1)
    result = np.empty(len(a), dtype=np.float64)
    step = max(1, _BLOCK_CELLS // max(1, membership.shape[1]))
    for start in range(0, len(a), step):
        ia, ib = a[start : start + step], b[start : start + step]
        common = (membership[ia] & membership[ib]).sum(axis=1)
        result[start : start + step] = _set_distance_from_sizes(common, sizes[ia], sizes[ib], distance)
    return result


def _set_distance_from_sizes(
    common: np.ndarray, size_a: np.ndarray, size_b: np.ndarray, distance: str
) -> np.ndarray:
    union = size_a + size_b - common
    jaccard: np.ndarray = np.divide(common, union, out=np.ones(np.shape(common)), where=union > 0)
    if distance == "jaccard":
        return 1.0 - jaccard
    monotonicity: np.ndarray = np.where(
        union == common,
        1.0,
        np.where(common == np.minimum(size_a, size_b), 2.0 / 3.0, np.where(common > 0, 1.0 / 3.0, 0.0)),
    )
    distances: np.ndarray = 1.0 - jaccard * monotonicity
    return distances


def _expected_set_disagreement(membership: np.ndarray, counts: np.ndarray, distance: str) -> float:
    """sum_ck n_c n_k d(c,k) over the distinct sets in use, in row blocks to bound memory."""
    used = np.flatnonzero(counts)
    member = membership[used].astype(np.float64)
    weight = counts[used].astype(np.float64)
    if distance == "nominal":
        return float(weight.sum() ** 2 - (weight**2).sum())
    sizes = member.sum(axis=1)
    total = 0.0
    step = max(1, _BLOCK_CELLS // max(1, len(used)))
    for start in range(0, len(used), step):
        block = slice(start, start + step)
        common = member[block] @ member.T
        d = _set_distance_from_sizes(common, sizes[block, None], sizes[None, :], distance)
        total += float(weight[block] @ d @ weight)
    return total


@dataclass(frozen=True)
class AlphaParts:
    """What alpha is made of, kept for the bootstrap and the diagnostics.

    ``first``/``second``/``weight``/``distance`` list the cells of the coincidence table in
    use: value ids, the coincidence weight of each cell (weights sum to ``n``) and its
    distance. Single-valued data lists every cell of the square table, multi-valued data
    each observed pair of distinct sets once (so a value's share of the disagreement is
    read from both sides). ``expected`` is sum_ck n_c n_k d(c, k); ``pairs`` the number of
    unordered pairs of values within units, sum_u m_u (m_u - 1) / 2.
    """

    first: np.ndarray
    second: np.ndarray
    weight: np.ndarray
    distance: np.ndarray
    n: int
    units: int
    pairs: int
    expected: float

    @property
    def observed(self) -> float:
        """sum_ck o_ck d(c, k): the numerator of D_o times n."""
        return float(self.weight @ self.distance)

    def alpha(self) -> float:
        return 1.0 - (self.n - 1) * self.observed / self.expected


def alpha_parts(data: ReliabilityData, level: str = "nominal", distance: str = "masi") -> AlphaParts | Figure:
    """The coincidences and distances of alpha at ``level`` or set ``distance``, or the
    undefined Figure saying why there is no alpha."""
    if len(data.coders) < 2:
        return Figure.undefined("fewer than 2 coders")
    first, second, weight, n, units = value_pairs(data.codes)
    if n < 2:
        return Figure.undefined("no unit was coded by two or more of the coders (no shared units)")
    per_unit = (data.codes != MISSING).sum(axis=0)
    pairs = int((per_unit * (per_unit - 1) // 2).sum())
    size = data.n_values
    if data.multi:
        assert data.membership is not None
        keys = first.astype(np.int64) * size + second
        if size * size <= _BLOCK_CELLS:  # a sparse coincidence table by counting: no sort
            per_key = np.bincount(keys, weights=weight, minlength=size * size)
            used = np.flatnonzero(per_key)
            cell_weight = per_key[used]
        else:
            used, inverse = np.unique(keys, return_inverse=True)
            cell_weight = np.bincount(inverse, weights=weight, minlength=len(used))
        a, b = used // size, used % size
        cell_distance = set_distance(data.membership, a, b, distance)
        pairable = data.codes[:, per_unit >= 2]
        counts = np.bincount(pairable[pairable != MISSING], minlength=size)
        expected = _expected_set_disagreement(data.membership, counts, distance)
        parts = AlphaParts(a, b, 2.0 * cell_weight, cell_distance, n, units, pairs, expected)
    else:
        o = _coincidences(first, second, weight, size)
        marginals = o.sum(axis=1)
        d = scalar_distances(data, level, marginals)
        if isinstance(d, str):
            return Figure.undefined(d, units)
        grid = np.arange(size * size)
        parts = AlphaParts(
            grid // size, grid % size, o.ravel(), d.ravel(), n, units, pairs, float(marginals @ d @ marginals)
        )
    if parts.expected <= 1e-12:
        return Figure.undefined(
            "all pairable values are the same single value: agreement is perfect but carries no "
            "information, so alpha is undefined (0/0)",
            units,
        )
    return parts


def krippendorff_alpha(data: ReliabilityData, level: str = "nominal", distance: str = "masi") -> Figure:
    """Alpha at ``level`` (single-valued) or with set ``distance`` (multi-valued)."""
    parts = alpha_parts(data, level, distance)
    if isinstance(parts, Figure):
        return parts
    return Figure(parts.alpha(), parts.units)
