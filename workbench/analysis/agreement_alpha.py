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


def krippendorff_alpha(data: ReliabilityData, level: str = "nominal", distance: str = "masi") -> Figure:
    """Alpha at ``level`` (single-valued) or with set ``distance`` (multi-valued)."""
    if len(data.coders) < 2:
        return Figure.undefined("fewer than 2 coders")
    first, second, weight, n, units = value_pairs(data.codes)
    if n < 2:
        return Figure.undefined("no unit was coded by two or more of the coders (no shared units)")
    if data.multi:
        assert data.membership is not None
        size = data.n_values
        keys = first.astype(np.int64) * size + second
        if size * size <= _BLOCK_CELLS:  # a sparse coincidence table by counting: no sort
            per_key = np.bincount(keys, weights=weight, minlength=size * size)
            used = np.flatnonzero(per_key)
            per_pair, weight = (
                set_distance(data.membership, used // size, used % size, distance),
                per_key[used],
            )
        else:
            used, inverse = np.unique(keys, return_inverse=True)
            per_pair = set_distance(data.membership, used // size, used % size, distance)[inverse]
        observed = 2.0 * float(weight @ per_pair)
        pairable = data.codes[:, (data.codes != MISSING).sum(axis=0) >= 2]
        counts = np.bincount(pairable[pairable != MISSING], minlength=data.n_values)
        expected = _expected_set_disagreement(data.membership, counts, distance)
    else:
        o = _coincidences(first, second, weight, data.n_values)
        marginals = o.sum(axis=1)
        d = scalar_distances(data, level, marginals)
        if isinstance(d, str):
            return Figure.undefined(d, units)
        observed = float((o * d).sum())
        expected = float(marginals @ d @ marginals)
    if expected <= 1e-12:
        return Figure.undefined(
            "all pairable values are the same single value: agreement is perfect but carries no "
            "information, so alpha is undefined (0/0)",
            units,
        )
    return Figure(1.0 - (n - 1) * observed / expected, units)
