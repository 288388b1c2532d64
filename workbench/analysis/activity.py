"""When entries were written: counts per time of day and per day, optionally broken down by a code.

The chart panel and ``workbench-cli stats`` both draw their numbers from here, so what
the analyst sees and what a script exports cannot disagree. The chart redraws after every
tag change on projects of 150,000 entries, so everything is vectorised: ``ActivityIndex``
parses each entry's minute of day and date once into numpy arrays, keeps each
(annotator, dimension) coding as flat (entry, value) code pairs, patches only the entries
a ``Change`` names, and turns a subset of entries into counts with ``np.bincount``.

Counting rules, shown to the user in the legend and the CSV header:

* ``totals`` count each entry once.
* In a breakdown an entry counts once per value it carries, so a multi-valued entry
  (two actors, two event types) adds to two series and the series can sum to more
  than the total. Entries not coded in the dimension go to the ``uncoded`` series;
  with a top-N breakdown, entries carrying any value outside the top N count once in
  ``other``.
* Entries without a usable timestamp are never dropped: they are counted in
  ``no_time`` (total and per series) instead of in a bin.
* With ``utc=True`` the bins are of the UTC clock (``Entry.utc``); entries without a UTC
  time (zone not known) are then the ``no_time`` count, "no UTC time".
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from workbench.core.adjudication import review_coders
from workbench.core.codebook import Codebook, Dimension
from workbench.core.entry_times import EntryTimes
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import Change
from workbench.index.activity import CodingColumn
from workbench.index.project_index import ProjectIndex

BIN_WIDTHS = (60, 30, 15)
OTHER = "other"
UNCODED = "uncoded"
OTHER_COLOUR = "#9e9e9e"
UNCODED_COLOUR = "#d4d4d4"
#: Open dimensions (actors) can hold hundreds of values; a breakdown shows this many.
DEFAULT_TOP = 8


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Split the bars by one dimension of an annotator's layer; ``top`` keeps the N commonest values."""

    dimension: str
    top: int | None = None

    @classmethod
    def for_dimension(cls, dimension: Dimension, top: int | None = None) -> Breakdown:
        """The usual breakdown: every value of a closed dimension, the top ``DEFAULT_TOP`` of an open one."""
        return cls(dimension.key, top if top is not None else (DEFAULT_TOP if dimension.open else None))


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked layer of the chart: a code value (or ``other``/``uncoded``) and its counts."""

    key: str
    label: str
    colour: str
    counts: np.ndarray
    no_time: int


@dataclass(frozen=True, slots=True)
class TimeOfDayCounts:
    """Entries per bin of the local day; ``starts`` are minutes since midnight."""

    bin_minutes: int
    starts: np.ndarray
    totals: np.ndarray
    series: tuple[Series, ...]
    no_time: int
    dimension: str | None = None
    #: The bins are of the UTC day, and ``no_time`` counts entries without a UTC time.
    utc: bool = False

    def start_label(self, index: int) -> str:
        minutes = int(self.starts[index])
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class DailyCounts:
    """Entries per calendar day over the project's whole date range, empty days included."""

    days: np.ndarray  # datetime64[D]
    totals: np.ndarray
    series: tuple[Series, ...]
    no_time: int
    dimension: str | None = None
    utc: bool = False  # as in ``TimeOfDayCounts``

    def start_label(self, index: int) -> str:
        return str(self.days[index])


def colour_for_value(key: str) -> str:
    """A stable colour for a value the codebook does not list (actors added while coding).

    Derived from a hash of the key so the same actor keeps its colour across sessions.
    """
    hue = int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:2], "big") / 65535
    r, g, b = colorsys.hls_to_rgb(hue, 0.55, 0.55)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _lighten(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def series_colours(dimension: Dimension | None, keys: Iterable[str]) -> dict[str, str]:
    """Colours for stacked series: the codebook's colours, told apart where they repeat.

    PLOVER gives the four event types of a quad class one colour; stacked, they would
    merge into one block, so the 2nd, 3rd... value sharing a colour is drawn in a lighter
    tint of it. The first keeps the exact colour the tag panel shows.
    """
    colours: dict[str, str] = {}
    seen: dict[str, int] = {}
    for key in keys:
        value = dimension.value(key) if dimension else None
        base = value.colour if value else colour_for_value(key)
        repeat = seen.get(base.lower(), 0)
        seen[base.lower()] = repeat + 1
        colours[key] = _lighten(base, min(0.2 * repeat, 0.7)) if repeat else base
    return colours


class ActivityIndex:
    """Counts of one project's entries over time, drawn from its index's kept parts.

    The bins and coding columns belong to the project index (``ProjectIndex.activity``),
    which the window's session tells of every change before the chart hears of it; without
    an ``index`` this makes its own, and ``note_change`` then tells it (the CLI and tests).
    """

    def __init__(self, project: Project, index: ProjectIndex | None = None) -> None:
        self.project = project
        #: The index made here (told of changes by ``note_change``), or None for a shared one.
        self._owned: ProjectIndex | None = None
        if index is None:
            index = self._owned = ProjectIndex(project)
        self._parts = index.activity

    def note_change(self, change: Change) -> None:
        """Pass ``change`` to the index this made itself; a shared index was told already."""
        if self._owned is not None:
            self._owned.note_change(change)

    def _times(self, utc: bool = False) -> EntryTimes:
        return self._parts.times(utc)

    def minutes(self) -> np.ndarray:
        """Minute of the local day per entry, -1 where the entry has no usable time."""
        return self._parts.times().minute

    # -- counting -------------------------------------------------------------------
    def _subset_mask(self, indices: Sequence[int] | np.ndarray | None) -> np.ndarray | None:
        if indices is None:
            return None
        mask = np.zeros(len(self.project.entries), bool)
        mask[np.asarray(indices, dtype=np.int64)] = True
        return mask

    def time_of_day(
        self,
        indices: Sequence[int] | np.ndarray | None = None,
        *,
        bin_minutes: int = 60,
        annotator: str | None = None,
        breakdown: Breakdown | None = None,
        utc: bool = False,
    ) -> TimeOfDayCounts:
        """Entries per ``bin_minutes`` of the local (or ``utc``: UTC) day over ``indices``
        (None: all entries)."""
        if bin_minutes not in BIN_WIDTHS:
            raise WorkbenchError(f"bin width must be one of {', '.join(map(str, BIN_WIDTHS))} minutes")
        bins, n_bins = self._parts.time_bins(bin_minutes, utc)
        totals, no_time, series = self._count(bins, n_bins, self._subset_mask(indices), annotator, breakdown)
        starts = np.arange(n_bins, dtype=np.int64) * bin_minutes
        dim = breakdown.dimension if breakdown else None
        return TimeOfDayCounts(bin_minutes, starts, totals, series, no_time, dim, utc)

    def date_range(self, *, utc: bool = False) -> np.ndarray:
        """Every day from the project's first dated entry to its last (datetime64[D]), by the
        local clock or the UTC one."""
        return self._parts.date_range(utc)

    def per_day(
        self,
        indices: Sequence[int] | np.ndarray | None = None,
        *,
        annotator: str | None = None,
        breakdown: Breakdown | None = None,
        utc: bool = False,
    ) -> DailyCounts:
        """Entries per day over the whole project's date range, so the axis stays put while
        filtering; days of the local clock or, with ``utc``, of the UTC one."""
        bins, n_bins = self._parts.day_bins(utc)
        totals, no_time, series = self._count(bins, n_bins, self._subset_mask(indices), annotator, breakdown)
        dimension = breakdown.dimension if breakdown else None
        return DailyCounts(self.date_range(utc=utc), totals, series, no_time, dimension, utc)

    def _count(
        self,
        bins: np.ndarray,
        n_bins: int,
        mask: np.ndarray | None,
        annotator: str | None,
        breakdown: Breakdown | None,
    ) -> tuple[np.ndarray, int, tuple[Series, ...]]:
        """Totals, the no-time count and the series; ``mask`` None means every entry.

        ``bins`` holds ``n_bins`` for entries without a time, so every bincount below has
        ``n_bins + 1`` cells and its last cell is the "no time" count.
        """
        width = n_bins + 1
        if breakdown is None:
            all_totals = np.bincount(bins if mask is None else bins[mask], minlength=width)
            return all_totals[:n_bins], int(all_totals[n_bins]), ()
        dimension = self.project.codebook.dimension(breakdown.dimension)
        if dimension is None:
            names = ", ".join(d.key for d in self.project.codebook.dimensions)
            raise WorkbenchError(f"no dimension '{breakdown.dimension}' in the codebook (it has {names})")
        if annotator is None:
            raise WorkbenchError(f"a breakdown by '{breakdown.dimension}' needs an annotator's layer")
        column = self._parts.column(annotator, dimension)
        # Each entry's bin and whether it is uncoded as one number, so a single pass counts
        # both (this runs on every tag key press, over every entry).
        keyed = bins * 2 + ~column.coded
        by_bin = np.bincount(keyed if mask is None else keyed[mask], minlength=2 * width).reshape(width, 2)
        all_totals = by_bin.sum(axis=1)
        totals, no_time = all_totals[:n_bins], int(all_totals[n_bins])
        rows, values = column.rows, column.values
        if mask is not None:
            selected = mask[rows]
            rows, values = rows[selected], values[selected]
        n_values = len(column.keys)
        grid = np.bincount(values * width + bins[rows], minlength=n_values * width).reshape(n_values, width)

        order = _ordered_codes(column, dimension, grid.sum(axis=1), breakdown.top)
        shown_keys = [column.keys[c] for c in order]
        colours = series_colours(dimension, shown_keys)
        series = [
            Series(key, _label(dimension, key), colours[key], grid[c, :n_bins], int(grid[c, n_bins]))
            for key, c in zip(shown_keys, order, strict=True)
        ]
        if breakdown.top is not None:
            is_other = np.ones(n_values, bool)
            is_other[order] = False
            other_entries = np.zeros(len(bins), bool)
            other_entries[rows[is_other[values]]] = True
            series += _entry_series(OTHER, "Other", OTHER_COLOUR, bins[other_entries], n_bins)
        series += _counted_series(UNCODED, "Uncoded", UNCODED_COLOUR, by_bin[:, 1])
        return totals, no_time, tuple(series)


def _label(dimension: Dimension, key: str) -> str:
    value = dimension.value(key)
    return value.label if value else key


def _ordered_codes(
    column: CodingColumn, dimension: Dimension, per_value: np.ndarray, top: int | None
) -> list[int]:
    """Value codes to show, in codebook order then unlisted values by key; zero series left out."""
    listed = len(dimension.values)

    def codebook_order(code: int) -> tuple[bool, int, str]:
        return (code >= listed, code if code < listed else 0, column.keys[code])

    present = [c for c in range(len(column.keys)) if per_value[c] > 0]
    if top is not None:
        # Commonest first; ties go to codebook order so the choice is stable.
        present = sorted(present, key=lambda c: (-per_value[c], codebook_order(c)))[: max(top, 0)]
    return sorted(present, key=codebook_order)


def _entry_series(key: str, label: str, colour: str, entry_bins: np.ndarray, n_bins: int) -> list[Series]:
    """A series counting entries (each once) from their bins; none when it would be empty."""
    return _counted_series(key, label, colour, np.bincount(entry_bins, minlength=n_bins + 1))


def _counted_series(key: str, label: str, colour: str, counts: np.ndarray) -> list[Series]:
    """A series from its counts per bin, the last being "no time"; none when it would be empty."""
    if not counts.any():
        return []
    return [Series(key, label, colour, counts[:-1], int(counts[-1]))]


def value_counts(project: Project, annotator: str | None = None) -> dict[str, dict[str, int]]:
    """How often each value was coded: ``{dimension: {value: count}}`` in codebook order.

    Counts annotations, so with ``annotator=None`` (every annotator's layer; ``gold``, the
    result of a review, only when asked for by name) an entry coded by two annotators
    counts twice. A multi-valued annotation counts once per distinct value; in
    span dimensions every marked span counts. Values the codebook does not list follow
    the listed ones, sorted.
    """
    if annotator is not None and not project.has_layer(annotator):
        raise WorkbenchError(f"no annotator '{annotator}' in the project (it has {_names(project)})")
    layers = (
        [project.layer(annotator) or {}]
        if annotator is not None
        else [project.layer(name) or {} for name in review_coders(project)]
    )
    counts: dict[str, dict[str, int]] = {
        d.key: dict.fromkeys(d.keys(), 0) for d in project.codebook.dimensions
    }
    for layer in layers:
        for annotation in layer.values():
            for dim_key, value in annotation.values.items():
                bucket = counts.setdefault(dim_key, {})
                for key in [value] if isinstance(value, str) else dict.fromkeys(value):
                    bucket[key] = bucket.get(key, 0) + 1
            for span in annotation.spans:
                bucket = counts.setdefault(span.dimension, {})
                bucket[span.value] = bucket.get(span.value, 0) + 1
    return {dim: _codebook_first(project.codebook, dim, bucket) for dim, bucket in counts.items()}


def _codebook_first(codebook: Codebook, dim_key: str, bucket: dict[str, int]) -> dict[str, int]:
    dimension = codebook.dimension(dim_key)
    listed = dimension.keys() if dimension else []
    extra = sorted(k for k in bucket if k not in set(listed))
    return {k: bucket[k] for k in [*listed, *extra]}


def _names(project: Project) -> str:
    return ", ".join(project.annotators()) or "no layers"
