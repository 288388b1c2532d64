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

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol

import msgspec

from workbench.core.codebook import Codebook
from workbench.core.entry_times import LoadHints

#: Where an annotation stands in the coder's work.
Status = Literal["todo", "done", "flagged"]
STATUSES: tuple[Status, ...] = ("todo", "done", "flagged")

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
    #: Format version 2 on; None (and absent from the file) in the usual case.
    #: A short heading printed above an untimed entry, kept apart from its text.
    heading: str | None = None
    #: The zone the printed time names, as printed ("EDT", "Singapore time") or the IANA
    #: name it was resolved from ("(all times local)" with a dateline city).
    zone: str | None = None
    #: The same instant in UTC, "2018-06-12T19:52:00Z" (``entry_times.is_utc_time``).
    utc: str | None = None

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


class Provenance(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """How a coded value came to be, when it was not simply chosen by hand.

    Kept per value (``Annotation.assisted``) because journals ask which codes a model
    proposed, the agreement report counts them, and the local model must not learn from
    its own suggestions that nobody confirmed (``core/provenance``).
    """

    #: "model" (the project's own suggestions), "predictions" (imported from an outside
    #: model) or "alias" (a codebook alias found in the text).
    source: str
    #: What proposed it: the local model's version ("stance#3"), the predictions' source
    #: name, or the alias that matched.
    version: str
    #: The suggestion's confidence in [0, 1] when it was accepted.
    score: float | None = None
    #: True when the analyst took this one value by its own key (a hand decision), False
    #: when it came in with "accept all suggestions".
    confirmed: bool = False


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
    status: Status = "todo"
    modified: str | None = None
    #: Gold layer only: the dimensions a reviewer decided (see ``core.adjudication``); the
    #: others are the coders' agreement, recomputed as their layers change. None: not
    #: recorded (any other layer, or gold from elsewhere: all it holds counts as decided).
    decided: list[str] | None = None
    #: Format version 3 on: dimension -> value -> how a suggestion-assisted value came
    #: (``Provenance``). A value not named here was chosen by hand. None: none assisted.
    assisted: dict[str, dict[str, Provenance]] | None = None

    def copy(self) -> Annotation:
        """A deep copy, so commands can keep the before and after states apart."""
        return Annotation(
            values={k: list(v) if isinstance(v, list) else v for k, v in self.values.items()},
            spans=[Span(s.start, s.end, s.dimension, s.value) for s in self.spans],
            note=self.note,
            status=self.status,
            modified=self.modified,
            decided=None if self.decided is None else list(self.decided),
            assisted=None
            if self.assisted is None
            else {
                dim: {value: msgspec.structs.replace(p) for value, p in by_value.items()}
                for dim, by_value in self.assisted.items()
            },
        )

    def is_empty(self) -> bool:
        return (
            not self.values
            and not self.spans
            and not self.note
            and self.status == "todo"
            and not self.decided
            and not self.assisted
        )


@dataclass(slots=True)
class ImportedPredictions:
    """Scores an outside model gave (``workbench-cli import-predictions``), saved with the
    project (format version 3) and shown as suggestions like the local model's."""

    #: A name for provenance: the model or file they came from.
    source: str
    #: When they were imported (ISO 8601).
    imported: str
    #: entry id -> dimension -> value -> score in [0, 1].
    scores: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def summary(self) -> str:
        """ "1,204 scores for 400 entries": how an import is reported, on the command line
        and in the window's status bar (counting every score: the window asks it on the
        worker, with the reading)."""
        count = sum(sum(map(len, by_dim.values())) for by_dim in self.scores.values())
        return f"{count:,} score{'s' * (count != 1)} for {self.entries_text()}"

    def entries_text(self) -> str:
        """ "400 entries" with scores: what the Suggestions panel says on every change,
        where counting every score (``summary``) would cost tens of milliseconds."""
        entries = len(self.scores)
        return f"{entries:,} entr{'y' if entries == 1 else 'ies'}"


class UnreadLayer(Protocol):
    """One annotator's layer as the project file holds it, read into annotations a slice at
    a time (``formats/project/late_layers``), so that opening a large project need not wait
    for it. Where each annotation falls among the entries it tells the loader's ``LoadHints``,
    not the project: that is the project index's."""

    def read_some(self) -> bool:
        """Read a little more; True once the whole layer is read. Raises ``WorkbenchError``."""
        ...

    def result(self) -> dict[str, Annotation]:
        """The layer, once ``read_some`` said it is read."""
        ...


class Project:
    """Everything a project file holds.

    Its layers (annotator -> entry id -> annotation) are reached through a small API that
    says what each caller wants: ``annotators`` and ``has_layer`` name them without reading
    any, ``layer`` gives one (read now if it was left unread), ``read_every_layer`` reads
    them all, and ``set_layer``, ``remove_layer`` and ``replace_layers`` change them. A
    project may be opened with some layers still unread (see ``leave_unread``): the window
    then starts on its own annotator's layer while the others are read in idle moments, so
    reading them is always asked for, never the side effect of touching an attribute on
    whatever thread happens to.

    The entry index is cached and rebuilt only when entries are added or removed (whoever
    adds or removes them calls ``entries_changed``, as the commands that do so say in their
    ``Change``), because lookups by id happen on every key press. Everything else derived
    from the project (layer positions among them) is the project index's (``workbench.index``).
    """

    def __init__(
        self,
        codebook: Codebook,
        dispatches: dict[str, Dispatch] | None = None,
        entries: list[Entry] | None = None,
        layers: dict[str, dict[str, Annotation]] | None = None,
        meta: dict[str, Any] | None = None,
        _index: dict[str, int] | None = None,
    ) -> None:
        self.codebook = codebook
        self.dispatches: dict[str, Dispatch] = {} if dispatches is None else dispatches
        self.entries: list[Entry] = [] if entries is None else entries
        self.meta: dict[str, Any] = {} if meta is None else meta
        self._layers: dict[str, dict[str, Annotation]] = {} if layers is None else layers
        self._index = _index
        #: annotator -> the layer still to read, in the file's order of layers
        self._unread: dict[str, UnreadLayer] = {}
        self._file_order: list[str] = []
        self._reading = threading.Lock()
        #: Set by the loader, taken (and cleared) by the first ``ProjectIndex`` built on it.
        self.load_hints: LoadHints | None = None
        #: An outside model's scores, when imported (format version 3).
        self.predictions: ImportedPredictions | None = None

    def __repr__(self) -> str:
        return (
            f"Project({len(self.dispatches)} dispatches, {len(self.entries)} entries, "
            f"layers {self.annotators()}, {len(self._unread)} unread)"
        )

    def __eq__(self, other: object) -> bool:
        """Same records and the same layers. Layers left unread cannot be compared without
        reading them, which is for the caller to ask for (``read_every_layer``)."""
        if not isinstance(other, Project):
            return NotImplemented
        if self._unread or other._unread:
            raise ValueError("a project with unread layers is compared: read_every_layer() first")
        return (
            self.codebook == other.codebook
            and self.dispatches == other.dispatches
            and self.entries == other.entries
            and self._layers == other._layers
            and self.meta == other.meta
            and self.predictions == other.predictions
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def index_of(self, entry_id: str) -> int:
        return self.positions()[entry_id]

    def positions(self) -> dict[str, int]:
        """Entry id -> index into ``entries``: the cached index itself, for bulk lookups (do not modify)."""
        if self._index is None:
            self._index = {e.id: i for i, e in enumerate(self.entries)}
        return self._index

    def entry(self, entry_id: str) -> Entry:
        return self.entries[self.index_of(entry_id)]

    def has_entry(self, entry_id: str) -> bool:
        return entry_id in self.positions()

    def entries_changed(self) -> None:
        """Call after adding or removing entries so lookups see them."""
        self._index = None

    # -- layers ------------------------------------------------------------------------

    def annotators(self) -> list[str]:
        """Every layer's annotator, read or not, in the file's order; reads none."""
        if not self._unread:
            return list(self._layers)
        return self._file_order + [name for name in self._layers if name not in self._file_order]

    def has_layer(self, annotator: str) -> bool:
        """Whether ``annotator`` has a layer, read or not; reads none."""
        return annotator in self._layers or annotator in self._unread

    def layer(self, annotator: str) -> dict[str, Annotation] | None:
        """One annotator's layer (None without one), read now if it was left unread, the
        others left as they are."""
        if annotator in self._unread:
            with self._reading:
                reader = self._unread.get(annotator)
                while reader is not None and not reader.read_some():
                    pass
                if reader is not None:
                    self._take_read(annotator, reader)
        return self._layers.get(annotator)

    def read_every_layer(self) -> Mapping[str, dict[str, Annotation]]:
        """Every layer in the file's order, reading now those left unread (saving, review,
        agreement and exports need them all). Raises ``WorkbenchError`` for a layer the file
        gets wrong, which then stays unread. Change layers through ``set_layer`` and the
        like, not through the mapping."""
        for annotator in list(self._unread):
            self.layer(annotator)
        return self._layers

    def set_layer(self, annotator: str, layer: dict[str, Annotation]) -> None:
        """Give ``annotator`` this layer, in place of any it had (read or not)."""
        with self._reading:
            self._unread.pop(annotator, None)
            self._layers[annotator] = layer

    def remove_layer(self, annotator: str) -> None:
        """Drop ``annotator``'s layer, read or not; nothing happens without one."""
        with self._reading:
            self._unread.pop(annotator, None)
            self._layers.pop(annotator, None)
            if annotator in self._file_order:
                self._file_order.remove(annotator)

    def replace_layers(self, layers: dict[str, dict[str, Annotation]]) -> None:
        """New layers replace every layer, read or not."""
        with self._reading:
            self._layers = layers
            self._unread.clear()
            self._file_order = []

    def leave_unread(self, unread: Mapping[str, UnreadLayer], file_order: list[str]) -> None:
        """Take layers to be read later (``read_layers_step``, ``layer`` or
        ``read_every_layer``); ``file_order`` names every layer as the file orders them,
        which is kept."""
        self._unread = dict(unread)
        self._file_order = list(file_order)

    def has_unread_layers(self) -> bool:
        return bool(self._unread)

    def read_layers_step(self) -> bool:
        """Read a slice of the layers left unread; True when none is left. A layer the file
        gets wrong raises ``WorkbenchError`` and stays unread, so it raises again."""
        with self._reading:
            if self._unread:
                annotator, reader = next(iter(self._unread.items()))
                if reader.read_some():
                    self._take_read(annotator, reader)
            return not self._unread

    def _take_read(self, annotator: str, reader: UnreadLayer) -> None:
        """File a fully read layer; the last one puts every layer back in the file's order."""
        read = self._layers
        read[annotator] = reader.result()
        del self._unread[annotator]
        if not self._unread:
            ordered = {name: read[name] for name in self._file_order if name in read}
            ordered.update(read)
            read.clear()
            read.update(ordered)
            self._file_order = []

    def annotation(self, annotator: str, entry_id: str) -> Annotation | None:
        layer = self.layer(annotator)
        return layer.get(entry_id) if layer else None

    def set_annotation(self, annotator: str, entry_id: str, annotation: Annotation | None) -> None:
        """Store (or with None, remove) one annotation; the single write path for coding."""
        layer = self.layer(annotator)
        if annotation is None:
            if layer is not None:
                layer.pop(entry_id, None)
            return
        if layer is None:
            layer = self._layers[annotator] = {}
        layer[entry_id] = annotation
