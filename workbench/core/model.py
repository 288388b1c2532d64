"""The plain data the workbench is about: dispatches, entries, annotations, the project.

Records are slotted classes whose field names are the JSON keys of the project file.
Dispatches are dataclasses, which orjson serialises natively. Entries, annotations and
spans, the numerous records (150,000 entries and 360,000 annotations in a large project),
are msgspec structs instead: a project file is decoded straight into them, type-checked
on the way, which spares building and converting half a million objects (about 0.8 s of
opening such a project). Timestamps are kept as ISO 8601 strings: they sort
correctly, cost nothing to load, and the hour of day is a slice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import msgspec

from workbench.core.codebook import Codebook

STATUSES = ("todo", "done", "flagged")

#: A coded value: one key for a ``single`` dimension, a list of keys for ``multi``.
Value = str | list[str]


@dataclass(slots=True)
class Dispatch:
    """One story: a live blog with many entries, or an article with one."""

    id: str
    title: str
    published: str | None = None  # ISO date of the date line, "2017-01-24"
    dateline: str | None = None  # "BEIRUT"
    time_basis: str | None = None  # "local" when the lead says "(all times local)"
    caption: str | None = None
    lead: str | None = None
    source: str | None = None  # file path or uri it came from
    meta: dict[str, Any] = field(default_factory=dict)


#: A project file's integers are read by orjson on the validating path, which refuses those
#: past 2**64 - 1; a msgspec bound must fit an int64, so the rare position in between is
#: refused by the typed decoder and left to that path.
_LARGEST_POSITION = 2**63 - 1


class Entry(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A unit analysts code: one time-stamped block of a live blog, or a whole article.

    Untracked by the garbage collector: it holds only strings and a number.
    """

    id: str
    dispatch_id: str
    #: Order within the dispatch as published (0 = first printed).
    position: Annotated[int, msgspec.Meta(ge=0, le=_LARGEST_POSITION)]
    time_label: str | None  # the time as printed, "4:50 p.m."
    timestamp: str | None  # full local time, "2017-01-24T16:50:00", or None
    text: str

    @property
    def hour(self) -> int | None:
        """Local hour of day, read straight off the ISO string."""
        return int(self.timestamp[11:13]) if self.timestamp else None


class Span(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A marked stretch of entry text; offsets are Unicode code points, end exclusive.

    Not tracked by the garbage collector (``gc=False``): a span holds only numbers and
    strings, so it can be part of no reference cycle.
    """

    start: int
    end: int
    dimension: str
    value: str


class Annotation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One annotator's coding of one entry.

    ``values`` holds only the dimensions that were coded: a missing key means "not
    coded", which agreement statistics treat as missing data rather than a category.
    The field types are what a project file's decoder checks. Untracked by the garbage
    collector like ``Span``: its values are strings and lists of strings.
    """

    values: dict[str, Value] = {}  # msgspec gives each instance its own empty dict and list
    spans: list[Span] = []
    note: str = ""
    status: Literal["todo", "done", "flagged"] = "todo"
    modified: str | None = None

    def copy(self) -> Annotation:
        """A deep copy, so commands can keep the before and after states apart."""
        return Annotation(
            values={k: list(v) if isinstance(v, list) else v for k, v in self.values.items()},
            spans=[Span(s.start, s.end, s.dimension, s.value) for s in self.spans],
            note=self.note,
            status=self.status,
            modified=self.modified,
        )

    def is_empty(self) -> bool:
        return not self.values and not self.spans and not self.note and self.status == "todo"


@dataclass
class Project:
    """Everything a project file holds.

    ``layers`` maps annotator name -> entry id -> annotation. The entry index is cached
    and rebuilt only when entries are added or removed, because lookups by id happen on
    every key press. So are the positions of each layer's annotations (see ``layer_positions``).
    """

    codebook: Codebook
    dispatches: dict[str, Dispatch] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    layers: dict[str, dict[str, Annotation]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    _index: dict[str, int] | None = field(default=None, repr=False, compare=False)
    #: annotator -> ((layer id, layer size, entry count) when made, positions)
    _layer_positions: dict[str, tuple[tuple[int, int, int], list[int | None]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def index_of(self, entry_id: str) -> int:
        if self._index is None:
            self._index = {e.id: i for i, e in enumerate(self.entries)}
        return self._index[entry_id]

    def positions(self) -> dict[str, int]:
        """Entry id -> index into ``entries``: the cached index itself, for bulk lookups (do not modify)."""
        if self._index is None:
            self._index = {e.id: i for i, e in enumerate(self.entries)}
        return self._index

    def entry(self, entry_id: str) -> Entry:
        return self.entries[self.index_of(entry_id)]

    def has_entry(self, entry_id: str) -> bool:
        if self._index is None:
            self._index = {e.id: i for i, e in enumerate(self.entries)}
        return entry_id in self._index

    def entries_changed(self) -> None:
        """Call after adding or removing entries so lookups see them."""
        self._index = None
        self._layer_positions.clear()

    def layer_positions(self, annotator: str) -> list[int | None]:
        """Index into ``entries`` of each of ``annotator``'s annotations, in the layer's order
        (None for an id that is no entry); do not modify.

        The navigator's statuses and the chart's columns both start from it on the way to
        the window, where each pass of 120,000 look-ups costs 50-100 ms, and the loader has
        it from checking the file. Kept until ``set_annotation`` or ``entries_changed``, and
        made again if the layer or the entries were replaced or resized behind their back.
        """
        kept = self._layer_positions.get(annotator)
        if kept is None or kept[0] != self._layer_state(annotator):
            layer = self.layers.get(annotator, {})
            self.keep_layer_positions(annotator, list(map(self.positions().get, layer)))
            kept = self._layer_positions[annotator]
        return kept[1]

    def keep_layer_positions(self, annotator: str, positions: list[int | None]) -> None:
        """Take ``layer_positions`` found elsewhere (the loader finds them checking the file)."""
        self._layer_positions[annotator] = (self._layer_state(annotator), positions)

    def _layer_state(self, annotator: str) -> tuple[int, int, int]:
        """What positions were found for: that layer object, its size, the entry count."""
        layer = self.layers.get(annotator)
        return (id(layer), len(layer) if layer is not None else 0, len(self.entries))

    def annotators(self) -> list[str]:
        return list(self.layers)

    def annotation(self, annotator: str, entry_id: str) -> Annotation | None:
        layer = self.layers.get(annotator)
        return layer.get(entry_id) if layer else None

    def set_annotation(self, annotator: str, entry_id: str, annotation: Annotation | None) -> None:
        """Store (or with None, remove) one annotation; the single write path for coding."""
        self._layer_positions.pop(annotator, None)
        if annotation is None:
            layer = self.layers.get(annotator)
            if layer is not None:
                layer.pop(entry_id, None)
            return
        self.layers.setdefault(annotator, {})[entry_id] = annotation
