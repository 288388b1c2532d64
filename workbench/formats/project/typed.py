"""The quick way in for a well-formed project file: decoded by msgspec into typed records.

Building the model from ``orjson.loads`` output means a dict per record first, then a type
test per field in Python: about 1.7 s of a 3.7 s load at 150,000 entries. msgspec checks
the types while it parses, straight from the bytes, into the model's own entries,
annotations and spans (msgspec structs, see ``core.model``); only what JSON types cannot say (references between records, offsets within a text, real
calendar days, unique ids) is checked afterwards, a column at a time.

This path only ever says yes or "not here": any file it does not take, malformed or
merely unusual (another version, a number that is not an integer), gets ``None`` and is
read by the validating loader in ``project.file``, which names the first problem exactly.
So it must never take a file that loader refuses, nor read one differently; a property
test compares the two on mutated files.
"""

from __future__ import annotations

import operator
from typing import TypeGuard

import msgspec

from workbench.core.entry_times import EntryTimes, checked_entry_times, checked_utc_times
from workbench.core.model import Annotation, Dispatch, Entry
from workbench.core.provenance import provenance_problem


class TypedFile(msgspec.Struct, forbid_unknown_fields=True):
    """A project file's top level; the small free-form parts stay raw JSON for the usual checks."""

    format: str
    version: int
    codebook: msgspec.Raw
    meta: msgspec.Raw = msgspec.Raw(b"{}")
    dispatches: msgspec.Raw = msgspec.Raw(b"[]")
    entries: list[Entry] = []
    layers: dict[str, dict[str, Annotation]] = {}
    recovery: msgspec.Raw = msgspec.Raw(b"null")
    #: Format version 3: imported predictions, checked against the entries and codebook.
    predictions: msgspec.Raw = msgspec.Raw(b"null")


class TypedHead(TypedFile, forbid_unknown_fields=True):
    """A project file's top level with its layers left as JSON, to be read one by one."""

    layers: dict[str, msgspec.Raw] = {}  # type: ignore[assignment]


_ASSISTED = operator.attrgetter("assisted")
_DECODER = msgspec.json.Decoder(TypedFile)
_HEAD_DECODER = msgspec.json.Decoder(TypedHead)
_LAYER_DECODER = msgspec.json.Decoder(dict[str, Annotation])


def decode(raw: bytes | bytearray, *, layers_later: bool = False) -> TypedFile | TypedHead | None:
    """The file's records, type-checked; None when anything in it is not as the format says.
    ``layers_later``: the layers stay JSON (``decode_layer`` reads one)."""
    try:
        return (_HEAD_DECODER if layers_later else _DECODER).decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # ValidationError included
        return None


def decode_layer(raw: msgspec.Raw | bytes) -> dict[str, Annotation] | None:
    """One layer left as JSON by ``decode(..., layers_later=True)`` (or a slice of one, see
    ``project.late_layers``), or None as ``decode``."""
    try:
        return _LAYER_DECODER.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None


def entry_index(
    entries: list[Entry], dispatches: dict[str, Dispatch]
) -> tuple[dict[str, int], EntryTimes, EntryTimes | None] | None:
    """The decoded entries' id -> position index, their times and, when any has one, their
    UTC times (both parsed while checked), or None when a reference, time or id is wrong (a
    UTC time included: msgspec checks only that it is a string)."""
    index = {e.id: i for i, e in enumerate(entries)}
    if len(index) != len(entries) or not dispatches.keys() >= {e.dispatch_id for e in entries}:
        return None
    times = checked_entry_times([e.timestamp for e in entries])
    if times is None:
        return None
    utcs = [e.utc for e in entries]
    if utcs.count(None) == len(utcs):  # the usual file, or one from before format version 2
        return index, times, None
    utc_times = checked_utc_times(utcs)
    return None if utc_times is None else (index, times, utc_times)


def _every_found(positions: list[int | None]) -> TypeGuard[list[int]]:
    """True when every annotation found its entry. A TypeGuard, because the checker cannot
    narrow a list by ``None not in`` alone, and a narrowing pass would cost time at each load."""
    return None not in positions


def layer(
    typed: dict[str, Annotation], entries: list[Entry], index: dict[str, int]
) -> list[int | None] | None:
    """Where each annotation of a decoded layer belongs in ``entries``, or None when one
    belongs to no entry, a span lies outside its entry's text or a provenance record breaks
    the rule the validating path applies (the model's own records are decoded, so nothing
    is converted)."""
    positions = list(map(index.get, typed))
    found = positions  # the same list, which the checker sees as ints after the guard
    if not _every_found(found):
        return None
    if any(map(_ASSISTED, typed.values())):  # one C-level pass: most layers have none
        for ann in typed.values():
            if ann.assisted and provenance_problem(ann.values, ann.assisted) is not None:
                return None
    with_spans = [(at, a.spans) for at, a in zip(found, typed.values(), strict=True) if a.spans]
    spans_fit = all(0 <= s.start < s.end <= len(entries[at].text) for at, spans in with_spans for s in spans)
    return positions if spans_fit else None
