"""Coders' values for one dimension laid out as a coders x units matrix of value ids.

Every agreement figure starts from this matrix. Missing data is the id ``MISSING`` (-1):
an entry a coder did not code, or coded without this dimension. Units that nobody coded
never become columns, so no figure can be computed over text nobody looked at (a known
bug of other tools is to count uncoded text as agreement on "nothing").

Value ids follow the order ordinal statistics need: numerically when every label parses
as a number ("1" < "2" < "10"), else the codebook's order, with labels the codebook does
not list appended in the order first seen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation

MISSING = -1


@dataclass(frozen=True)
class Figure:
    """An agreement figure, or the reason it is undefined, and how many units it rests on.

    Undefined figures carry ``value=None`` and a reason instead of a made-up 0.0 or 1.0,
    because a reviewer reading "1.0" for coders who never coded the same entry is misled.
    """

    value: float | None
    units: int = 0
    reason: str | None = None

    @staticmethod
    def undefined(reason: str, units: int = 0) -> Figure:
        return Figure(None, units, reason)

    @property
    def defined(self) -> bool:
        return self.value is not None


@dataclass
class ReliabilityData:
    """One dimension: ``codes[c, u]`` is the value id coder ``c`` gave unit ``u``, or MISSING.

    For a multi-valued dimension each distinct set of values is one id; ``membership``
    (ids x atoms, bool) says which atoms each set holds, for the set distances.
    """

    dimension: str
    multi: bool
    coders: list[str]
    units: list[str]
    codes: np.ndarray
    labels: list[str] | list[tuple[str, ...]]
    numbers: np.ndarray | None = None
    atoms: list[str] | None = None
    membership: np.ndarray | None = None

    @property
    def n_values(self) -> int:
        return len(self.labels)

    def label(self, value_id: int) -> str:
        """A readable form of a value id: the label, or the set joined with '+'."""
        raw = self.labels[value_id]
        return "+".join(raw) if isinstance(raw, tuple) else raw

    def subset(self, coder_indices: Sequence[int]) -> ReliabilityData:
        """The same dimension restricted to some coders, dropping units none of them coded."""
        codes = self.codes[list(coder_indices)]
        keep = (codes != MISSING).any(axis=0)
        return ReliabilityData(
            dimension=self.dimension,
            multi=self.multi,
            coders=[self.coders[i] for i in coder_indices],
            units=[u for u, k in zip(self.units, keep.tolist(), strict=True) if k],
            codes=codes[:, keep],
            labels=self.labels,
            numbers=self.numbers,
            atoms=self.atoms,
            membership=self.membership,
        )


def _as_number(label: str) -> float | None:
    try:
        number = float(label)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def collect(
    layers: Mapping[str, Mapping[str, Annotation]],
    dimension: str,
    *,
    coders: Iterable[str] | None = None,
    multi: bool | None = None,
    order: Sequence[str] = (),
) -> ReliabilityData:
    """Gather every coder's values of ``dimension`` into a reliability matrix.

    ``multi`` None infers the kind from the data (any list makes it multi-valued), for
    dimensions no codebook describes. ``order`` is the codebook's value order.
    """
    names = list(layers) if coders is None else list(coders)
    for name in names:
        if name not in layers:
            raise WorkbenchError(f"no annotator '{name}' (have: {', '.join(layers) or 'none'})")
    if multi is None:
        multi = any(
            isinstance(ann.values.get(dimension), list) for name in names for ann in layers[name].values()
        )
    unit_column: dict[str, int] = {}
    value_id: dict[object, int] = {}
    columns: list[list[int]] = []
    ids: list[list[int]] = []
    for name in names:
        cols: list[int] = []
        vals: list[int] = []
        for unit, ann in layers[name].items():
            raw = ann.values.get(dimension)
            if raw is None or raw == []:
                continue
            if multi:
                key: object = tuple(sorted(set(raw))) if isinstance(raw, list) else (raw,)
            elif isinstance(raw, list):
                if len(raw) != 1:
                    raise WorkbenchError(
                        f"'{dimension}' is single-choice but {name} gave entry {unit} {len(raw)} values"
                    )
                key = raw[0]
            else:
                key = raw
            vid = value_id.get(key)
            if vid is None:
                vid = value_id[key] = len(value_id)
            col = unit_column.get(unit)
            if col is None:
                col = unit_column[unit] = len(unit_column)
            cols.append(col)
            vals.append(vid)
        columns.append(cols)
        ids.append(vals)

    seen = list(value_id)
    ranked = _value_order(seen, multi, order)
    remap = np.empty(len(seen), dtype=np.int32)
    remap[[value_id[v] for v in ranked]] = np.arange(len(ranked), dtype=np.int32)
    codes = np.full((len(names), len(unit_column)), MISSING, dtype=np.int32)
    for row, (cols, vals) in enumerate(zip(columns, ids, strict=True)):
        if cols:
            codes[row, np.asarray(cols, dtype=np.int64)] = remap[np.asarray(vals, dtype=np.int64)]

    data = ReliabilityData(dimension, multi, names, list(unit_column), codes, ranked)  # type: ignore[arg-type]
    if multi:
        atoms = sorted({atom for value in ranked for atom in value})  # type: ignore[union-attr]
        atom_index = {atom: i for i, atom in enumerate(atoms)}
        membership = np.zeros((len(ranked), len(atoms)), dtype=bool)
        for vid, value in enumerate(ranked):
            membership[vid, [atom_index[a] for a in value]] = True  # type: ignore[union-attr]
        data.atoms, data.membership = atoms, membership
    else:
        numbers = [_as_number(label) for label in ranked]  # type: ignore[arg-type]
        if numbers and all(n is not None for n in numbers):
            data.numbers = np.asarray(numbers, dtype=np.float64)
    return data


def _value_order(seen: list[object], multi: bool, order: Sequence[str]) -> list[object]:
    """Numeric labels sort as numbers; others follow the codebook, then first-seen order."""
    if multi:
        return sorted(seen)  # type: ignore[type-var]
    numbers = [_as_number(label) for label in seen]  # type: ignore[arg-type]
    if seen and all(n is not None for n in numbers):
        return [label for _, label in sorted(zip(numbers, seen, strict=True), key=lambda p: p[0])]  # type: ignore[arg-type]
    position = {key: i for i, key in enumerate(order)}
    known = sorted((v for v in seen if v in position), key=lambda v: position[v])  # type: ignore[index]
    return known + [v for v in seen if v not in position]
