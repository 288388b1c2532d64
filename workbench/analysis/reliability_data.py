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

import itertools
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation

MISSING = -1
#: Joins a multi-valued coding into one hashable key (a control character codes never hold).
_SEPARATOR = "\x1f"


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
    units: np.ndarray  # unit ids (objects), one per column
    codes: np.ndarray
    labels: list[str] | list[tuple[str, ...]]
    numbers: np.ndarray | None = None
    atoms: list[str] | None = None
    membership: np.ndarray | None = None
    columns: np.ndarray | None = None  # each unit's position in the Layout it came from

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
            units=self.units[keep],
            codes=codes[:, keep],
            labels=self.labels,
            numbers=self.numbers,
            atoms=self.atoms,
            membership=self.membership,
            columns=None if self.columns is None else self.columns[keep],
        )


def _as_number(label: str) -> float | None:
    try:
        number = float(label)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class Layout:
    """Which column each coder's annotations fall in, shared by every dimension of a run.

    Building it touches every annotation once; each dimension then costs one attribute
    read per annotation.
    """

    def __init__(
        self,
        layers: Mapping[str, Mapping[str, Annotation]],
        coders: Iterable[str] | None = None,
        unit_order: Sequence[str] | None = None,
    ) -> None:
        """``unit_order`` (the project's entry ids) puts the units in that order first."""
        self.coders = list(layers) if coders is None else list(coders)
        for name in self.coders:
            if name not in layers:
                raise WorkbenchError(f"no annotator '{name}' (have: {', '.join(layers) or 'none'})")
        chosen = [layers[name] for name in self.coders]
        if unit_order is None:
            # The union lists the first layer's units first and in order: no lookups for it.
            units = list(dict.fromkeys(itertools.chain.from_iterable(chosen)))
            first_in_order = True
        else:
            units = list(unit_order)
            known = set(units)
            units += sorted(set().union(*(layer.keys() - known for layer in chosen)))  # not in the order
            first_in_order = False
        self.index = index = dict(zip(units, itertools.count()))
        self.units = np.array(units, dtype=object)
        self.values = [list(map(operator.attrgetter("values"), layer.values())) for layer in chosen]
        self.columns = [
            np.arange(len(layer), dtype=np.int64)
            if i == 0 and first_in_order
            else np.fromiter(map(index.__getitem__, layer), dtype=np.int64, count=len(layer))
            for i, layer in enumerate(chosen)
        ]


def collect(
    layers: Mapping[str, Mapping[str, Annotation]],
    dimension: str,
    *,
    coders: Iterable[str] | None = None,
    multi: bool | None = None,
    order: Sequence[str] = (),
    layout: Layout | None = None,
) -> ReliabilityData:
    """Gather every coder's values of ``dimension`` into a reliability matrix.

    ``multi`` None infers the kind from the data (any list makes it multi-valued), for
    dimensions no codebook describes. ``order`` is the codebook's value order. Pass a
    ``layout`` when collecting several dimensions of the same layers.
    """
    layout = layout or Layout(layers, coders)
    raws = [list(map(dict.get, values, itertools.repeat(dimension))) for values in layout.values]
    if multi is None:
        multi = any(list in set(map(type, row)) for row in raws)
    value_id: dict[object, int] = {}
    rows: list[np.ndarray] = []
    for name, row in zip(layout.coders, raws, strict=True):
        # One C-level pass factorises the row: setdefault returns where each key was
        # first seen, so the keys need no second lookup pass and each distinct coding is
        # read back from that first position.
        first_seen: dict[object, int] = {}
        try:
            hashed = _hashable(row) if multi else row
            positions = np.fromiter(map(first_seen.setdefault, hashed, itertools.count()), np.int64, len(row))
        except TypeError:  # a list in a single-choice dimension
            first_seen.clear()
            hashed = _hashable(row)
            positions = np.fromiter(map(first_seen.setdefault, hashed, itertools.count()), np.int64, len(row))
        local = np.full(len(row), MISSING, dtype=np.int64)  # first position -> value id
        for raw_key, position in first_seen.items():
            if raw_key is None or raw_key == "":
                continue
            key = _key(row[position], multi, dimension, name)
            vid = value_id.get(key)
            if vid is None:
                vid = value_id[key] = len(value_id)
            local[position] = vid
        rows.append(local[positions])

    seen = list(value_id)
    ranked = _value_order(seen, multi, order)
    remap = np.full(len(seen) + 1, MISSING, dtype=np.int32)  # the last slot maps MISSING (-1) to itself
    remap[[value_id[v] for v in ranked]] = np.arange(len(ranked), dtype=np.int32)
    full = np.full((len(layout.coders), len(layout.units)), MISSING, dtype=np.int32)
    for c, (columns, ids) in enumerate(zip(layout.columns, rows, strict=True)):
        full[c, columns] = remap[ids]
    coded = (full != MISSING).any(axis=0)
    codes = full[:, coded]
    units = layout.units[coded]
    names = list(layout.coders)

    data = ReliabilityData(dimension, multi, names, units, codes, ranked)  # type: ignore[arg-type]
    data.columns = np.flatnonzero(coded)
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


def _hashable(row: list[object]) -> Sequence[object]:
    """Lists are unhashable: key each coding by its values joined into one string.

    Strings, unlike tuples, are never tracked by the garbage collector, so 100,000s of
    keys do not bring on full collections over the whole project; ``map(str.join)`` runs
    in C. Each key is only a handle: the coding's value is read from the list itself. A
    bare string (allowed for a multi-valued dimension) takes a slower path that keeps it
    apart from lists.
    """
    if str in set(map(type, row)):
        return [None if not v else _SEPARATOR.join(v) if type(v) is list else v for v in row]
    present = np.fromiter(map(operator.truth, row), dtype=bool, count=len(row))
    hashed = np.full(len(row), None, dtype=object)
    joined = map(_SEPARATOR.join, filter(None, row))
    hashed[present] = np.fromiter(joined, dtype=object, count=int(present.sum()))
    return hashed


def _key(raw: object, multi: bool, dimension: str, coder: str) -> object:
    """The value a raw coding stands for: a label, or for multi-valued data a sorted set."""
    parts = raw if isinstance(raw, list) else [raw]
    if multi:
        return tuple(sorted(set(parts)))
    if len(parts) != 1:
        raise WorkbenchError(f"'{dimension}' is single-choice but {coder} gave an entry {len(parts)} values")
    return parts[0]


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
