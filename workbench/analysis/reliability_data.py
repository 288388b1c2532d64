"""Coders' values for one dimension laid out as a coders x units matrix of value ids.

Every agreement figure starts from this matrix. Missing data is the id ``MISSING`` (-1):
an entry a coder did not code, or coded without this dimension. Units that nobody coded
never become columns, so no figure can be computed over text nobody looked at (a known
bug of other tools is to count uncoded text as agreement on "nothing").

Value ids follow the order ordinal statistics need: numerically when every label parses
as a number ("1" < "2" < "10"), else the codebook's order, with labels the codebook does
not list appended in the order first seen. Interval and ratio distances need each value's
place on the whole scale, not among the values used: a five-point scale whose middle
values nobody chose still has its steps (``ReliabilityData.scale``).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from workbench.core.codebook import Codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation

MISSING = -1
#: Joins a multi-valued coding into one hashable key (a control character codes never hold).
_SEPARATOR = "\x1f"
_VALUES = operator.attrgetter("values")


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
    #: Each value id's place on the scale: its number, else its position 1..k in the codebook.
    scale: np.ndarray | None = None
    atoms: list[str] | None = None
    membership: np.ndarray | None = None
    columns: np.ndarray | None = None  # each unit's position in the Layout it came from
    #: Per unit: some coder's value of this dimension there came from a suggestion
    #: (``Annotation.assisted``); None when not looked at.
    assisted: np.ndarray | None = None

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
        return self._restricted(
            [self.coders[i] for i in coder_indices], codes, (codes != MISSING).any(axis=0)
        )

    def without_assisted(self) -> ReliabilityData:
        """The same coders without the units where a value came from a suggestion, so the
        figures say how far the coders agree on their own."""
        if self.assisted is None or not self.assisted.any():
            return self
        return self._restricted(list(self.coders), self.codes, ~self.assisted)

    def _restricted(self, coders: list[str], codes: np.ndarray, keep: np.ndarray) -> ReliabilityData:
        return ReliabilityData(
            dimension=self.dimension,
            multi=self.multi,
            coders=coders,
            units=self.units[keep],
            codes=codes[:, keep],
            labels=self.labels,
            numbers=self.numbers,
            scale=self.scale,
            atoms=self.atoms,
            membership=self.membership,
            columns=None if self.columns is None else self.columns[keep],
            assisted=None if self.assisted is None else self.assisted[keep],
        )


def _as_number(label: str) -> float | None:
    try:
        number = float(label)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class Layout:
    """Which column each coder's annotations fall in, shared by every dimension of a run.

    It also reads the coders' values, all wanted dimensions in one pass over the
    annotations (``gather``): annotations lie scattered in memory, so reading every
    dimension of one annotation while it is in cache takes well under half the time of
    one pass per dimension over 100,000s of them (bench_agreement.py).
    """

    def __init__(
        self,
        layers: Mapping[str, Mapping[str, Annotation]],
        coders: Iterable[str] | None = None,
        unit_order: Sequence[str] | None = None,
        positions: Mapping[str, int] | None = None,
    ) -> None:
        """``unit_order`` (the project's entry ids) puts the units in that order first.

        ``positions`` is ``unit_order``'s index (id -> position) when the caller has it
        cached, as ``Project.positions()``; it is read, never modified.
        """
        self.coders = list(layers) if coders is None else list(coders)
        for name in self.coders:
            if name not in layers:
                raise WorkbenchError(f"no annotator '{name}' (have: {', '.join(layers) or 'none'})")
        self._layers = chosen = [layers[name] for name in self.coders]
        index: Mapping[str, int]
        self.index: Mapping[str, int]
        if unit_order is None:
            # The union lists the first layer's units first and in order: no lookups for it.
            units = list(dict.fromkeys(itertools.chain.from_iterable(chosen)))
            self.index = index = dict(zip(units, itertools.count()))
            self.columns = [
                np.arange(len(layer), dtype=np.int64)
                if i == 0
                else np.fromiter(map(index.__getitem__, layer), dtype=np.int64, count=len(layer))
                for i, layer in enumerate(chosen)
            ]
        else:
            units = list(unit_order)
            index = dict(zip(units, itertools.count())) if positions is None else positions
            # One lookup per annotation both places it and finds units missing from the order.
            self.columns = [
                np.fromiter(map(index.get, layer, itertools.repeat(MISSING)), np.int64, len(layer))
                for layer in chosen
            ]
            unplaced = [column == MISSING for column in self.columns]
            if any(flags.any() for flags in unplaced):  # annotations of entries not in the order
                flag_lists = [flags.tolist() for flags in unplaced]
                extra = sorted(set().union(*map(itertools.compress, chosen, flag_lists)))
                grown = dict(index)
                grown.update(zip(extra, itertools.count(len(units))))
                units += extra
                for layer, column, flags in zip(chosen, self.columns, flag_lists, strict=True):
                    column[flags] = np.fromiter(
                        map(grown.__getitem__, itertools.compress(layer, flags)), np.int64
                    )
                index = grown
            self.index = index
        self.units = np.array(units, dtype=object)
        self._rows: dict[tuple[str, bool], list[list[object]]] = {}
        self._keys: set[str] | None = None
        #: Per coder: (position in the layer, provenance) of each annotation with any.
        self._assisted: list[list[tuple[int, dict[str, Any]]]] | None = None

    def assisted_columns(self, dimension: str) -> np.ndarray:
        """Per column: whether some coder's value of ``dimension`` there came from a
        suggestion. The annotations holding any provenance are found in one pass per coder,
        kept for every dimension."""
        if self._assisted is None:
            self._assisted = [
                [(i, a.assisted) for i, a in enumerate(layer.values()) if a.assisted is not None]
                for layer in self._layers
            ]
        flags = np.zeros(len(self.units), dtype=bool)
        for columns, found in zip(self.columns, self._assisted, strict=True):
            at = [i for i, assisted in found if dimension in assisted]
            if at:
                flags[columns[at]] = True
        return flags

    def dimension_keys(self) -> set[str]:
        """Every dimension any of the coders coded: noted by ``gather`` on its way, else
        found in one C-level pass per coder."""
        if self._keys is None:
            self._keys = set()
            for layer in self._layers:
                self._keys.update(itertools.chain.from_iterable(map(_VALUES, layer.values())))
        return set(self._keys)

    def rows(self, dimension: str, joined: bool) -> list[list[object]]:
        """Each coder's codings of ``dimension`` in layer order (None where not coded).

        ``joined`` keys each list of values by one string (see ``gather``).
        """
        if (dimension, joined) not in self._rows:
            self.gather([(dimension, joined)])
        return self._rows[(dimension, joined)]

    def gather(self, wanted: Iterable[tuple[str, bool]], note_keys: bool = False) -> None:
        """Read the ``(dimension, joined)`` pairs not read yet, in one pass per coder.

        ``note_keys`` also notes every dimension coded, for ``dimension_keys``: cheaper
        while each annotation is in cache than in a pass of its own.

        Lists are unhashable, so a joined dimension keys each list by its values joined
        into one string: strings, unlike tuples, are never tracked by the garbage
        collector, so 100,000s of keys do not bring on full collections over the whole
        project. Bare strings stay as they are.
        """
        plan = [pair for pair in dict.fromkeys(wanted) if pair not in self._rows]
        if not plan and (self._keys is not None or not note_keys):
            return
        join = _SEPARATOR.join
        keys: set[str] = set()
        note = keys.update
        per_coder: list[list[list[object]]] = []
        for layer in self._layers:
            rows: list[list[object]] = [[] for _ in plan]
            steps = [(key, joined, row.append) for (key, joined), row in zip(plan, rows, strict=True)]
            for annotation in layer.values():
                values = annotation.values
                if note_keys:
                    note(values)
                get = values.get
                for key, joined, append in steps:
                    value = get(key)
                    append(join(value) if joined and type(value) is list else value)
            per_coder.append(rows)
        for i, pair in enumerate(plan):
            self._rows[pair] = [rows[i] for rows in per_coder]
        if note_keys:
            self._keys = keys


def read_plan(codebook: Codebook, keys: Iterable[str]) -> list[tuple[str, bool]]:
    """What ``Layout.gather`` must read so that ``collect`` of these dimensions needs no
    further pass: multi-valued dimensions joined, span dimensions not at all."""
    plan = []
    for key in keys:
        dim = codebook.dimension(key)
        if dim is None or dim.kind != "span":
            plan.append((key, dim is not None and dim.kind == "multi"))
    return plan


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
    ``layout`` when collecting several dimensions of the same layers, after
    ``layout.gather`` of them all.
    """
    layout = layout or Layout(layers, coders)
    if multi is None:
        raws = layout.rows(dimension, False)
        multi = any(list in set(map(type, row)) for row in raws)
        handle_rows = [_hashable(row) for row in raws] if multi else raws
    else:
        handle_rows = layout.rows(dimension, multi)
    value_id: dict[object, int] = {}
    rows = _value_ids(layout.coders, handle_rows, multi, dimension, value_id)
    seen = list(value_id)
    ranked = _value_order(seen, multi, order)
    remap = np.full(len(seen) + 1, MISSING, dtype=np.int32)  # the last slot maps MISSING (-1) to itself
    remap[[value_id[v] for v in ranked]] = np.arange(len(ranked), dtype=np.int32)
    full = np.full((len(layout.coders), len(layout.units)), MISSING, dtype=np.int32)
    for c, (columns, ids) in enumerate(zip(layout.columns, rows, strict=True)):
        full[c, columns] = remap[ids]
    coded = (full != MISSING).any(axis=0)
    data = ReliabilityData(dimension, multi, list(layout.coders), layout.units[coded], full[:, coded], ranked)  # type: ignore[arg-type]
    data.columns = np.flatnonzero(coded)
    data.assisted = layout.assisted_columns(dimension)[coded]
    _describe_values(data, order)
    return data


def _value_ids(
    coders: Sequence[str],
    handle_rows: list[list[object]],
    multi: bool,
    dimension: str,
    value_id: dict[object, int],
) -> list[np.ndarray]:
    """Each coder's row of codings as ids into ``value_id`` (filled on the way), MISSING
    where nothing was coded."""
    rows: list[np.ndarray] = []
    for name, row in zip(coders, handle_rows, strict=True):
        # One C-level pass factorises the row: setdefault returns where each handle was
        # first seen, so each distinct coding is read once, from its handle.
        first_seen: dict[object, int] = {}
        joined = multi
        try:
            positions = np.fromiter(map(first_seen.setdefault, row, itertools.count()), np.int64, len(row))
        except TypeError:  # a list in a single-choice dimension
            first_seen.clear()
            row = _hashable(row)
            joined = True
            positions = np.fromiter(map(first_seen.setdefault, row, itertools.count()), np.int64, len(row))
        local = np.full(len(row), MISSING, dtype=np.int64)  # first position -> value id
        for handle, position in first_seen.items():
            if (not handle) if joined else (handle is None or handle == ""):
                continue
            key = _key(handle, joined, multi, dimension, name)
            vid = value_id.get(key)
            if vid is None:
                vid = value_id[key] = len(value_id)
            local[position] = vid
        rows.append(local[positions])
    return rows


def _describe_values(data: ReliabilityData, order: Sequence[str]) -> None:
    """What the distances need: the atoms of each set, or each value's place on the scale."""
    ranked = data.labels
    if data.multi:
        atoms = sorted({atom for value in ranked for atom in value})
        atom_index = {atom: i for i, atom in enumerate(atoms)}
        membership = np.zeros((len(ranked), len(atoms)), dtype=bool)
        for vid, value in enumerate(ranked):
            membership[vid, [atom_index[a] for a in value]] = True
        data.atoms, data.membership = atoms, membership
        return
    numbers = [_as_number(label) for label in ranked]  # type: ignore[arg-type]
    if numbers and all(n is not None for n in numbers):
        data.numbers = data.scale = np.asarray(numbers, dtype=np.float64)
    else:
        data.scale = _scale_positions(ranked, order)  # type: ignore[arg-type]


def _scale_positions(ranked: list[str], order: Sequence[str]) -> np.ndarray:
    """Codebook values sit at their codebook position 1..k, used or not; values the codebook
    does not list follow it at k+1, k+2... in the order ``_value_order`` gave them."""
    position = {key: i + 1.0 for i, key in enumerate(order)}
    beyond = itertools.count(len(position) + 1.0)
    return np.asarray([position.get(label) or next(beyond) for label in ranked], dtype=np.float64)


def _hashable(row: list[object]) -> list[object]:
    """The handles ``Layout.gather`` makes for a joined dimension, from raw codings.

    Empty codings become None. For dimensions whose kind is only known once read.
    """
    return [(_SEPARATOR.join(v) if type(v) is list else v) if v else None for v in row]


def _key(handle: object, joined: bool, multi: bool, dimension: str, coder: str) -> object:
    """The value a handle stands for: a label, or for multi-valued data a sorted set."""
    # A handle is a label, or with ``joined`` the labels of a multi value joined into one.
    parts = handle.split(_SEPARATOR) if joined and isinstance(handle, str) else [cast(str, handle)]
    if multi:
        return tuple(sorted(set(parts)))
    if len(parts) != 1:
        raise WorkbenchError(f"'{dimension}' is single-choice but {coder} gave an entry {len(parts)} values")
    return parts[0]


def _value_order(seen: list[object], multi: bool, order: Sequence[str]) -> list[object]:
    """Numeric labels sort as numbers; others follow the codebook, then first-seen order."""
    ordered: list[object]
    if multi:  # the handles are sorted tuples of labels (``_key``)
        ordered = list(sorted(cast("list[tuple[str, ...]]", seen)))
        return ordered
    labels = cast("list[str]", seen)  # single-valued: each handle is one label
    numbers = [_as_number(label) for label in labels]
    if labels and all(n is not None for n in numbers):
        by_number = sorted(zip(cast("list[float]", numbers), labels, strict=True), key=lambda p: p[0])
        ordered = [label for _, label in by_number]
        return ordered
    position = {key: i for i, key in enumerate(order)}
    known = sorted((v for v in labels if v in position), key=position.__getitem__)
    ordered = [*known, *(v for v in labels if v not in position)]
    return ordered
