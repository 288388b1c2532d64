"""Deterministic train/dev/test splits, grouped by dispatch and optionally stratified.

Entries of one dispatch share wording, actors and time; letting them straddle train and
test leaks the answer, so whole dispatches are assigned. Stratifying by a dimension
gives every split a similar label mix: each dispatch gets one label, the most common
value of that dimension among its exported entries (ties go to the value listed first
in the codebook, then alphabetical; dispatches with no value form their own "(none)"
stratum). Within each stratum the dispatches are shuffled with the seed, then each goes
to the split furthest below its share of the stratum's entries (ties go to the
split furthest below its share of all entries, so small strata still fill every split). The same entries,
annotations, ratios and seed always give the same split.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter
from typing import TypedDict

from workbench.core.code_matching import codes
from workbench.core.codebook import Codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Entry

SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}
NO_LABEL = "(none)"
SPLIT_ORDER = {"train": 0, "dev": 1, "test": 2}


@dataclass(frozen=True)
class SplitSpec:
    ratios: tuple[float, ...]
    seed: int = 0
    stratify: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return SPLIT_NAMES[len(self.ratios)]


def parse_ratios(text: str) -> tuple[float, ...]:
    """``"0.8,0.1,0.1"`` -> (0.8, 0.1, 0.1): two or three non-negative numbers summing to 1."""
    try:
        ratios = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise WorkbenchError(f"split ratios '{text}' must be numbers like 0.8,0.1,0.1") from None
    if len(ratios) not in SPLIT_NAMES:
        raise WorkbenchError(
            f"split ratios '{text}' must be two (train,test) or three (train,dev,test) numbers"
        )
    if any(r < 0 for r in ratios) or abs(sum(ratios) - 1.0) > 1e-6:
        raise WorkbenchError(f"split ratios '{text}' must be non-negative and add up to 1")
    return ratios


def dispatch_labels(
    entries: list[Entry], annotations: dict[str, Annotation], dimension: str, codebook: Codebook
) -> dict[str, str]:
    """Each dispatch's stratum label: its entries' most common value of ``dimension``."""
    dim = codebook.dimension(dimension)
    if dim is None:
        raise WorkbenchError(f"cannot stratify by '{dimension}': the codebook has no such dimension")
    order = {key: i for i, key in enumerate(dim.keys())}
    counts: dict[str, Counter[str]] = {}
    for entry in entries:
        tally = counts.setdefault(entry.dispatch_id, Counter())
        annotation = annotations.get(entry.id)
        tally.update(codes(annotation, dimension, dim.kind))
    labels: dict[str, str] = {}
    for dispatch_id, tally in counts.items():
        if not tally:
            labels[dispatch_id] = NO_LABEL
            continue
        top = max(tally.values())
        labels[dispatch_id] = min(
            (v for v, n in tally.items() if n == top), key=lambda v: (order.get(v, len(order)), v)
        )
    return labels


def assign_splits(
    entries: list[Entry], annotations: dict[str, Annotation], spec: SplitSpec, codebook: Codebook
) -> dict[str, str]:
    """Entry id -> split name for every entry, whole dispatches at a time."""
    sizes = Counter(e.dispatch_id for e in entries)
    if spec.stratify:
        labels = dispatch_labels(entries, annotations, spec.stratify, codebook)
    else:
        labels = dict.fromkeys(sizes, "")
    strata: dict[str, list[str]] = {}
    for dispatch_id in sorted(sizes):
        strata.setdefault(labels[dispatch_id], []).append(dispatch_id)
    rng = random.Random(spec.seed)
    names = spec.names
    overall = _Quota(spec.ratios, len(entries))
    dispatch_split: dict[str, str] = {}
    for label in sorted(strata):
        members = strata[label]
        rng.shuffle(members)
        quota = _Quota(spec.ratios, sum(sizes[d] for d in members))
        for dispatch_id in members:
            best = max(range(len(names)), key=lambda i: (quota.room(i), overall.room(i), -i))
            quota.filled[best] += sizes[dispatch_id]
            overall.filled[best] += sizes[dispatch_id]
            dispatch_split[dispatch_id] = names[best]
    return {e.id: dispatch_split[e.dispatch_id] for e in entries}


class _Quota:
    """How far each split is below its share of a number of entries."""

    def __init__(self, ratios: tuple[float, ...], total: int) -> None:
        self.targets = [r * total for r in ratios]
        self.filled = [0] * len(ratios)

    def room(self, i: int) -> float:
        """The share still missing, relative to the target; a zero-ratio split never has room."""
        if self.targets[i] <= 0:
            return float("-inf")
        return (self.targets[i] - self.filled[i]) / self.targets[i]


class SplitCounts(TypedDict):
    """One split's part of the export manifest's ``counts``."""

    entries: int
    dispatches: int
    labels: dict[str, dict[str, int]]  # dimension -> value -> count, as _value_counts tallies


def split_counts(
    entries: list[Entry], splits: dict[str, str], annotations: dict[str, Annotation], codebook: Codebook
) -> dict[str, SplitCounts]:
    """Per split: entries, dispatches and value counts per dimension (the manifest's body)."""
    groups: dict[str, list[Entry]] = {}
    if splits:
        for entry in entries:
            groups.setdefault(splits[entry.id], []).append(entry)
    else:
        groups["all"] = entries
    result: dict[str, SplitCounts] = {}
    for name in sorted(groups, key=lambda n: (SPLIT_ORDER.get(n, len(SPLIT_ORDER)), n)):
        members = groups[name]
        coded = list(filter(None, map(annotations.get, [e.id for e in members])))
        result[name] = {
            "entries": len(members),
            "dispatches": len({e.dispatch_id for e in members}),
            "labels": _value_counts(coded, codebook),
        }
    return result


def _value_counts(coded: list[Annotation], codebook: Codebook) -> dict[str, dict[str, int]]:
    """Dimension -> value -> count, tallied column by column so the loops run in C.

    The manifest is written for every export of up to 150,000 entries; a Python loop over
    every coded value would cost as much as serialising the corpus.
    """
    values = list(map(attrgetter("values"), coded))
    listed = [d.key for d in codebook.dimensions]
    present = set(chain.from_iterable(values))
    labels: dict[str, dict[str, int]] = {key: {} for key in listed}
    for dimension in [*listed, *sorted(present - set(listed))]:
        if dimension not in present:
            continue
        column = [v for v in map(dict.get, values, repeat(dimension)) if v]
        types = set(map(type, column))
        if types <= {str}:
            tally = Counter(column)
        elif types <= {list}:
            tally = Counter(chain.from_iterable(column))
        else:
            tally = Counter(chain.from_iterable(v if type(v) is list else (v,) for v in column))
        labels[dimension] = dict(sorted(tally.items()))
    spans = Counter(
        map(attrgetter("dimension", "value"), chain.from_iterable(map(attrgetter("spans"), coded)))
    )
    for (dimension, value), count in sorted(spans.items()):
        labels.setdefault(dimension, {})[value] = count
    return labels
