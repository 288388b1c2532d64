"""Percent agreement, Cohen's kappa, Fleiss' kappa and confusion matrices.

These treat every value id as a category: for a multi-valued dimension two coders agree
only on exactly the same set. Each figure counts only units it can use, and says how
many: Cohen's kappa the units both coders coded, Fleiss' kappa the units every coder
coded (Fleiss 1971 assumes the same number of ratings per unit; units with fewer are
left out rather than padded), percent agreement the units at least two coders coded.
"""

from __future__ import annotations

import numpy as np

from workbench.analysis.reliability_data import MISSING, Figure, ReliabilityData


def percent_agreement(data: ReliabilityData) -> Figure:
    """Mean over units of the share of coder pairs that agree (Fleiss' P_i for any m_u)."""
    if len(data.coders) < 2:
        return Figure.undefined("fewer than 2 coders")
    present = data.codes != MISSING
    agreeing = np.zeros(data.codes.shape[1])
    pairs = np.zeros(data.codes.shape[1])
    for i in range(len(data.coders)):
        for j in range(i + 1, len(data.coders)):
            both = present[i] & present[j]
            pairs += both
            agreeing += both & (data.codes[i] == data.codes[j])
    used = pairs > 0
    units = int(used.sum())
    if not units:
        return Figure.undefined("no unit was coded by two or more of the coders (no shared units)")
    return Figure(float((agreeing[used] / pairs[used]).mean()), units)


def cohen_kappa(data: ReliabilityData) -> Figure:
    """Cohen (1960) over the units both coders coded; needs exactly two coders."""
    if len(data.coders) != 2:
        reason = "fewer than 2 coders" if len(data.coders) < 2 else "needs exactly 2 coders (see the pairs)"
        return Figure.undefined(reason)
    first, second = data.codes
    both = (first != MISSING) & (second != MISSING)
    units = int(both.sum())
    if not units:
        return Figure.undefined("the two coders share no coded unit")
    a, b = first[both], second[both]
    observed = float((a == b).mean())
    size = data.n_values
    chance = float(np.bincount(a, minlength=size) @ np.bincount(b, minlength=size)) / units**2
    if chance >= 1.0 - 1e-12:
        return Figure.undefined(
            "both coders used the same single value on every shared unit: chance agreement is 1, "
            "so kappa is undefined (0/0)",
            units,
        )
    return Figure((observed - chance) / (1.0 - chance), units)


def fleiss_kappa_from_counts(counts: np.ndarray) -> Figure:
    """Fleiss (1971) from a units x categories table with the same number of ratings per unit."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] == 0:
        return Figure.undefined("no unit was coded by every coder")
    raters = counts.sum(axis=1)
    if raters[0] < 2:
        return Figure.undefined("fewer than 2 coders")
    if not np.all(raters == raters[0]):
        raise ValueError("Fleiss' kappa needs the same number of ratings for every unit")
    n = raters[0]
    units = counts.shape[0]
    per_unit = ((counts**2).sum(axis=1) - n) / (n * (n - 1))
    shares = counts.sum(axis=0) / (units * n)
    chance = float((shares**2).sum())
    if chance >= 1.0 - 1e-12:
        return Figure.undefined(
            "every rating is the same single value: chance agreement is 1, so kappa is undefined (0/0)",
            units,
        )
    return Figure((float(per_unit.mean()) - chance) / (1.0 - chance), units)


def fleiss_kappa(data: ReliabilityData) -> Figure:
    """Fleiss (1971) over the units every coder coded, straight from the coder matrix.

    sum_j n_ij^2 for a unit equals n plus twice its agreeing coder pairs, so the
    per-unit agreement comes from pair comparisons and no units x values table (128,000 x
    136 sets of event types, say) is ever built.
    """
    raters = len(data.coders)
    if raters < 2:
        return Figure.undefined("fewer than 2 coders")
    codes = data.codes[:, (data.codes != MISSING).all(axis=0)]
    units = codes.shape[1]
    if not units:
        return Figure.undefined(f"no unit was coded by all {raters} coders")
    agreeing = sum(int((codes[i] == codes[j]).sum()) for i in range(raters) for j in range(i + 1, raters))
    observed = 2.0 * agreeing / (units * raters * (raters - 1))
    shares = np.bincount(codes.ravel(), minlength=data.n_values) / (units * raters)
    chance = float((shares**2).sum())
    if chance >= 1.0 - 1e-12:
        return Figure.undefined(
            "every rating is the same single value: chance agreement is 1, so kappa is undefined (0/0)",
            units,
        )
    return Figure((observed - chance) / (1.0 - chance), units)


def confusion_matrix(data: ReliabilityData, first: int = 0, second: int = 1) -> tuple[list[str], np.ndarray]:
    """Rows: coder ``first``'s values; columns: coder ``second``'s, over units both coded.

    Only values either coder used in those units are listed, so a 1,000-actor codebook
    does not produce a 1,000 x 1,000 table.
    """
    a, b = data.codes[first], data.codes[second]
    both = (a != MISSING) & (b != MISSING)
    a, b = a[both], b[both]
    used = np.union1d(a, b).astype(np.int64)
    position = np.full(data.n_values, -1, dtype=np.int64)
    position[used] = np.arange(len(used))
    table = np.bincount(position[a] * len(used) + position[b], minlength=len(used) ** 2)
    return [data.label(int(v)) for v in used], table.reshape(len(used), len(used))
