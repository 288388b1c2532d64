"""The activity chart's derived data: each entry's time bin, and codings as flat columns.

Part of the project index (``ProjectIndex.activity``), so the chart and ``workbench-cli
stats`` count from the same kept parts, which learn of changes only through
``note_change``; the counting rules themselves stay in ``analysis/activity.py``.

A ``CodingColumn`` is one annotator's coding of one dimension as flat (entry, value code)
pairs. Building one is the costly part of the chart's first draw at start-up (every
annotation of a layer is visited), and is written for speed: a few C-level passes over the
layer in its own order, whose annotations lie together in memory, rather than a loop per
entry.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain, compress, repeat
from operator import attrgetter, eq, is_not
from typing import cast

import numpy as np

from workbench.core.code_matching import codes
from workbench.core.codebook import Dimension
from workbench.core.entry_times import NO_DAY, EntryTimes
from workbench.core.model import Annotation, Project, Value
from workbench.core.undoable import Change
from workbench.index.positions import LayerPositions

MINUTES_PER_DAY = 24 * 60
#: Patching more pending entries than this costs more than building the column again.
PATCH_LIMIT = 5000

_VALUES_OF, _SPANS_OF = attrgetter("values"), attrgetter("spans")
_DIMENSION_OF, _VALUE_OF = attrgetter("dimension"), attrgetter("value")
#: Value codes standing in while a column is built: no value, and a value still to be given a code.
_NOT_CODED, _UNLISTED = -2, -1
#: What a multi dimension's lookup yields for an entry without the dimension (never modified).
_NO_VALUES: list[str] = []


def annotation_values(annotation: Annotation | None, dimension: Dimension) -> list[str]:
    """The distinct values an annotation holds in a dimension (span dimensions: marked values)."""
    return codes(annotation, dimension.key, dimension.kind)


class CodingColumn:
    """One annotator's coding of one dimension as unordered (entry index, value code) pairs.

    Order never matters to ``np.bincount``, so patching an entry is "drop its pairs,
    append the new ones": linear in the number of pairs, no sorting. The annotations as
    last counted let a patch skip entries whose value in this dimension did not change
    (coding a stance leaves the actor column alone).

    The first chart draw builds a column on the way to a usable window, so building reads
    the layer in its own order (its annotations lie together in memory, entries' ids do
    not) in a few C-level passes (``map``, ``chain``, numpy) that keep references only.
    On 150,000 entries the passes are bound by memory latency, so there are as few as the
    data allows; the entry-by-entry loop they replace took about twice as long.
    """

    def __init__(self, dimension: Dimension) -> None:
        self.dimension = dimension
        self.keys: list[str] = dimension.keys()
        self.codes: dict[str, int] = {k: i for i, k in enumerate(self.keys)}
        self.rows = np.zeros(0, np.int32)
        self.values = np.zeros(0, np.int32)
        #: Per entry: does it carry any value of this dimension? (the complement is "uncoded")
        self.coded = np.zeros(0, bool)
        #: Entry id -> the annotation as last counted. The project never edits a stored
        #: annotation in place (edits replace it with a changed copy), so references suffice.
        self.counted: dict[str, Annotation] = {}
        #: Ids of entries whose coding changed since the pairs were last brought up to date.
        self.pending: set[str] = set()

    def _code(self, key: str) -> int:
        code = self.codes.get(key)
        if code is None:
            code = self.codes[key] = len(self.keys)
            self.keys.append(key)
        return code

    def build(self, project: Project, placing: LayerPositions, annotator: str) -> None:
        positions = placing.of(annotator)  # first: it reads the layer if it was left unread
        layer = project.layer(annotator) or {}
        annotations = list(layer.values())
        if None in positions:  # annotations of ids that are no longer entries are not counted
            known = list(map(is_not, positions, repeat(None)))
            positions, annotations = list(compress(positions, known)), list(compress(annotations, known))
        indices = cast("list[int]", positions)  # the Nones were left out just above
        self.counted = dict(layer)
        self.rows, self.values = self._pairs(indices, annotations)
        self.coded = np.zeros(len(project.entries), bool)
        self.coded[self.rows] = True

    def patch(
        self, entry_ids: list[str], indices: list[int], annotations: list[Annotation | None], n_entries: int
    ) -> None:
        changed_indices = [
            i for i, eid, a in zip(indices, entry_ids, annotations, strict=True) if self._differs(eid, a)
        ]
        for eid, annotation in zip(entry_ids, annotations, strict=True):
            if annotation is None:
                self.counted.pop(eid, None)
            else:
                self.counted[eid] = annotation
        if not changed_indices:
            return
        changed = np.zeros(n_entries, bool)
        changed[changed_indices] = True
        keep = ~changed[self.rows]
        coded_now = [
            (i, a) for i, a in zip(indices, annotations, strict=True) if a is not None and changed[i]
        ]
        new_rows, new_values = self._pairs([i for i, _ in coded_now], [a for _, a in coded_now])
        self.rows = np.concatenate([self.rows[keep], new_rows])
        self.values = np.concatenate([self.values[keep], new_values])
        self.coded[changed_indices] = False
        self.coded[new_rows] = True

    def _differs(self, entry_id: str, annotation: Annotation | None) -> bool:
        before = self.counted.get(entry_id)
        if self.dimension.kind == "span":
            # Spans are not compared; patching them is rare and cheap enough.
            return annotation is not None or before is not None
        key = self.dimension.key
        return (before.values.get(key) if before else None) != (
            annotation.values.get(key) if annotation else None
        )

    # -- flattening codings into pairs ------------------------------------------------
    # A pass chains its steps per item (annotation -> values -> value -> code) where it can,
    # so the objects of one annotation are fetched from memory together.

    def _pairs(self, indices: list[int], annotations: list[Annotation]) -> tuple[np.ndarray, np.ndarray]:
        """(entry index, value code) pairs of the annotations, each entry's distinct values once."""
        if self.dimension.kind == "span":
            rows, keys = self._span_keys(indices, annotations)
            codes = np.fromiter(map(self.codes.get, keys, repeat(_UNLISTED)), np.int32, len(keys))
            return self._distinct(rows, self._with_unlisted(codes, keys))
        try:
            if self.dimension.kind == "single":
                return self._single_pairs(indices, annotations)
            return self._multi_pairs(indices, annotations)
        except TypeError:  # a list in a single dimension or a string in a multi one (hand-edited files)
            values = list(map(dict.get, map(_VALUES_OF, annotations), repeat(self.dimension.key)))
            rows, keys = _mixed_keys(indices, values)
            codes = np.fromiter(map(self.codes.get, keys, repeat(_UNLISTED)), np.int32, len(keys))
            return self._distinct(rows, self._with_unlisted(codes, keys))

    def _single_pairs(
        self, indices: list[int], annotations: list[Annotation]
    ) -> tuple[np.ndarray, np.ndarray]:
        """One string per coded entry; ``TypeError`` (unhashable) on a list."""
        lookup: dict[str | None, int] = {None: _NOT_CODED}
        lookup.update(self.codes)
        values = map(dict.get, map(_VALUES_OF, annotations), repeat(self.dimension.key))
        codes = np.fromiter(map(lookup.get, values, repeat(_UNLISTED)), np.int32, len(annotations))
        owners = np.flatnonzero(codes != _NOT_CODED)
        codes = codes[owners]
        return np.array(indices, np.int32)[owners], self._fill_unlisted(codes, owners, annotations)

    def _multi_pairs(
        self, indices: list[int], annotations: list[Annotation]
    ) -> tuple[np.ndarray, np.ndarray]:
        """A list per coded entry; ``TypeError`` (``list.__len__`` of a string) on a string."""
        # The lists are kept (references only): fetching them again through the annotations
        # would cost more than the list of 150,000 references.
        lists = list(
            map(dict.get, map(_VALUES_OF, annotations), repeat(self.dimension.key), repeat(_NO_VALUES))
        )
        lengths = np.fromiter(map(list.__len__, lists), np.intp, len(lists))
        codes = np.fromiter(
            map(self.codes.get, chain.from_iterable(lists), repeat(_UNLISTED)), np.int32, int(lengths.sum())
        )
        owners = np.repeat(np.arange(len(annotations)), lengths)
        codes = self._fill_unlisted(codes, owners, annotations)
        return self._distinct(np.array(indices, np.int32)[owners], codes)

    def _fill_unlisted(
        self, codes: np.ndarray, owners: np.ndarray, annotations: list[Annotation]
    ) -> np.ndarray:
        """Codes for values the codebook does not list, read again from the few annotations holding them.

        ``owners`` gives each code's annotation (ascending); only the annotations holding an
        unlisted value are flattened a second time.
        """
        unlisted = codes == _UNLISTED
        if not unlisted.any():
            return codes
        holders = np.zeros(len(annotations), bool)
        holders[owners[unlisted]] = True
        key = self.dimension.key
        held = [a.values[key] for a in compress(annotations, holders.tolist())]
        # The dimension's kind says which: _single_pairs and _multi_pairs fall back when it lies.
        single = self.dimension.kind == "single"
        keys = cast("list[str]", held) if single else list(chain.from_iterable(cast("list[list[str]]", held)))
        codes[holders[owners]] = self._with_unlisted(np.full(len(keys), _UNLISTED, np.int32), keys)
        return codes

    def _span_keys(self, indices: list[int], annotations: list[Annotation]) -> tuple[np.ndarray, list[str]]:
        """Rows and marked values of a span dimension (``annotation_values`` for every entry)."""
        span_lists = list(map(_SPANS_OF, annotations))
        lengths = np.fromiter(map(len, span_lists), np.intp, len(span_lists))
        spans = list(chain.from_iterable(span_lists))
        mine = list(map(eq, map(_DIMENSION_OF, spans), repeat(self.dimension.key)))
        rows = np.repeat(np.array(indices, np.int32), lengths)[np.array(mine, bool)]
        return rows, list(map(_VALUE_OF, compress(spans, mine)))

    def _with_unlisted(self, codes: np.ndarray, keys: list[str]) -> np.ndarray:
        """Fill in the codes left ``_UNLISTED``, giving new values codes in order of appearance."""
        unlisted = codes == _UNLISTED
        if unlisted.any():
            new_keys = list(compress(keys, unlisted.tolist()))
            for key in dict.fromkeys(new_keys):
                self._code(key)
            codes[unlisted] = np.fromiter(map(self.codes.__getitem__, new_keys), np.int32, len(new_keys))
        return codes

    def _distinct(self, rows: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs without repeats: an entry listing a value twice still counts once.

        A sort, not ``np.unique``: the pairs come grouped by entry, and sorting them takes a
        few milliseconds where ``np.unique`` takes a tenth of a second on 300,000 pairs.
        """
        if len(rows) < 2:
            return rows, codes
        n_codes = len(self.keys)
        pairs = np.sort(rows.astype(np.int64) * n_codes + codes, kind="stable")
        first = np.empty(len(pairs), bool)
        first[0] = True
        np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
        if first.all():
            return rows, codes
        pairs = pairs[first]
        return (pairs // n_codes).astype(np.int32), (pairs % n_codes).astype(np.int32)


def _mixed_keys(indices: list[int], values: list[Value | None]) -> tuple[np.ndarray, list[str]]:
    """Rows and keys of a column holding both strings and lists: rare enough for a plain loop."""
    rows: list[int] = []
    keys: list[str] = []
    for index, value in zip(indices, values, strict=True):
        if value is not None:
            entry_keys = [value] if isinstance(value, str) else list(value)
            rows.extend([index] * len(entry_keys))
            keys.extend(entry_keys)
    return np.array(rows, np.int32), keys


class ActivityParts:
    """The kept bins and coding columns of one project, patched or dropped per ``Change``.

    Tag edits mark the named entries pending in the columns of their annotator (patched
    when next counted), codebook edits drop the columns, and adding or removing entries or
    changing their times drops everything.
    """

    def __init__(
        self, project: Project, times: Callable[[bool], EntryTimes], positions: LayerPositions | None = None
    ) -> None:
        self.project = project
        self._times = times
        self._positions = LayerPositions(project) if positions is None else positions
        self._columns: dict[tuple[str, str], CodingColumn] = {}
        #: Bin number per entry for each (bin width or "day", UTC clock); entries without a
        #: time get the extra last bin, so one bincount yields the bins and the "no time" count.
        self._bins: dict[tuple[int | str, bool], tuple[np.ndarray, int]] = {}

    def note_change(self, change: Change) -> None:
        if change.entries_added_or_removed or change.times:
            self._columns.clear()
            self._bins.clear()
            return
        if change.codebook:
            self._columns.clear()
        for (annotator, _), column in self._columns.items():
            if annotator in change.annotators:
                column.pending.update(change.entry_ids)

    def times(self, utc: bool = False) -> EntryTimes:
        """The entries' times on the local (or UTC) clock, from the project index."""
        return self._times(utc)

    def column(self, annotator: str, dimension: Dimension) -> CodingColumn:
        """``annotator``'s coding of ``dimension``, with the pending entries patched in."""
        layer = self.project.layer(annotator) or {}
        column = self._columns.get((annotator, dimension.key))
        if column is None or len(column.pending) > PATCH_LIMIT:
            column = CodingColumn(dimension)
            column.build(self.project, self._positions, annotator)
            self._columns[(annotator, dimension.key)] = column
        elif column.pending:
            known = [eid for eid in column.pending if self.project.has_entry(eid)]
            indices = [self.project.index_of(eid) for eid in known]
            column.patch(known, indices, [layer.get(eid) for eid in known], len(self.project.entries))
            column.pending.clear()
        return column

    def time_bins(self, bin_minutes: int, utc: bool) -> tuple[np.ndarray, int]:
        """Each entry's bin of ``bin_minutes`` of the day, and the number of bins."""
        key = (bin_minutes, utc)
        if key not in self._bins:
            minute = self._times(utc).minute
            n_bins = MINUTES_PER_DAY // bin_minutes
            self._bins[key] = (np.where(minute >= 0, minute // bin_minutes, n_bins).astype(np.int32), n_bins)
        return self._bins[key]

    def date_range(self, utc: bool) -> np.ndarray:
        """Every day from the project's first dated entry to its last (datetime64[D])."""
        day = self._times(utc).day
        dated = day[day != NO_DAY]
        if len(dated) == 0:
            return np.zeros(0, "datetime64[D]")
        return np.arange(dated.min(), dated.max() + 1).astype("datetime64[D]")

    def day_bins(self, utc: bool) -> tuple[np.ndarray, int]:
        """Each entry's day within ``date_range``, and the number of days."""
        key = ("day", utc)
        if key not in self._bins:
            day = self._times(utc).day
            days = self.date_range(utc)
            first = days[0].astype(np.int64) if len(days) else 0
            self._bins[key] = (np.where(day != NO_DAY, day - first, len(days)).astype(np.int32), len(days))
        return self._bins[key]
