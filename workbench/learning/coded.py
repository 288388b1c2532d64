"""What a dimension's model may learn from, and whether there is enough of it.

Kept apart from ``models`` (scikit-learn) so that a project with too few codes is told so
without importing scikit-learn at all: the import takes a second of the interpreter, which
the window's thread would feel as a held key press.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from workbench.core.codebook import Dimension
from workbench.core.model import Annotation, Entry
from workbench.core.provenance import learnable

#: A value needs this many coded entries to count towards training, and a dimension at
#: least two such values: fewer is noise, not a model.
MIN_PER_VALUE = 5
#: Entries of one dispatch are never on both sides of a fold, so at least two dispatches.
MIN_DISPATCHES = 2
FOLDS = 5


#: Some values of one dimension, sorted: a tuple of strings, which the garbage collector
#: stops tracking (sets it would walk at every full collection, holding the interpreter).
Values = tuple[str, ...]


@dataclass(frozen=True)
class Examples:
    """One dimension's coded entries: positions in the entry list, what each was coded,
    its dispatch (the fold groups), and per entry the values coded but not learnable (a
    one-vs-rest value's classifier skips that entry rather than read it as a "no")."""

    dimension: Dimension
    rows: list[int]
    labels: list[Values]
    groups: list[str]
    unsure: list[Values]

    @property
    def multi(self) -> bool:
        return self.dimension.kind == "multi"

    def __len__(self) -> int:
        return len(self.rows)


def examples(
    dimension: Dimension,
    entries: Sequence[Entry],
    layer: dict[str, Annotation],
    positions: Mapping[str, int] | None = None,
) -> Examples:
    """The entries of ``layer`` with a learnable value of ``dimension``, in entry order.

    Walks the layer, not the entries (10,000 coded of 150,000 is a fifteenth of the
    interpreter's time, which the window's thread wants too); ``positions`` maps an entry id
    to its place in ``entries`` (made here when not given); annotations of entries not in
    ``entries`` are left out."""
    if positions is None:
        positions = {e.id: i for i, e in enumerate(entries)}
    key = dimension.key
    coded_rows = sorted(
        (row, annotation)
        for entry_id, annotation in layer.items()
        if key in annotation.values and (row := positions.get(entry_id)) is not None
    )
    rows: list[int] = []
    labels: list[Values] = []
    groups: list[str] = []
    unsure: list[Values] = []
    single = dimension.kind == "single"
    for row, annotation in coded_rows:
        values = learnable(annotation, key)
        if not values:
            continue
        coded = annotation.values[key]
        rows.append(row)
        labels.append(tuple(sorted(values[:1] if single else values)))
        groups.append(entries[row].dispatch_id)
        unsure.append(() if single else tuple(sorted(set(coded) - set(values))))
    return Examples(dimension, rows, labels, groups, unsure)


@dataclass(frozen=True)
class Quality:
    """What held-out data says of one dimension's model (``index.suggestions.DimensionQuality``
    carries the same figures to the window)."""

    status: Literal["on", "too few", "not better"]
    coded: int
    accuracy: float | None = None
    macro_f1: float | None = None
    baseline_accuracy: float | None = None
    baseline_macro_f1: float | None = None
    folds: int = 0
    message: str = ""


def too_few(data: Examples) -> str:
    """Why the dimension cannot be trained yet, or "" when it can."""
    counts = Counter(v for label in data.labels for v in label)
    enough = [v for v, n in counts.items() if n >= MIN_PER_VALUE]
    dispatches = len(set(data.groups))
    if not data:
        return "too few codes: no coded entries yet"
    if len(enough) < 2:
        return (
            f"too few codes: needs {MIN_PER_VALUE} coded entries for each of at least 2 values, "
            f"{len(enough)} of {len(counts)} coded values have that many ({len(data)} coded entries)"
        )
    if dispatches < MIN_DISPATCHES:
        return f"too few dispatches: codes in {dispatches}, folds by dispatch need at least {MIN_DISPATCHES}"
    return ""
