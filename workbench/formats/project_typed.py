"""The quick way in for a well-formed project file: decoded by msgspec into typed records.

Building the model from ``orjson.loads`` output means a dict per record first, then a type
test per field in Python: about 1.7 s of a 3.7 s load at 150,000 entries. msgspec checks
the types while it parses, straight from the bytes, into the slotted records below; only
what JSON types cannot say (references between records, offsets within a text, real
calendar days, unique ids) is checked afterwards, a column at a time.

This path only ever says yes or "not here": any file it does not take, malformed or
merely unusual (another version, a number that is not an integer), gets ``None`` and is
read by the validating loader in ``project_file``, which names the first problem exactly.
So it must never take a file that loader refuses, nor read one differently; a property
test compares the two on mutated files.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from workbench.core.model import Annotation, Dispatch, Entry, Span
from workbench.formats.project_records import stamps_ok

#: orjson, which the validating loader uses, reads integers past 2**64 - 1 as floats, so
#: refuses them; msgspec bounds must fit an int64, so the rare position in between is left
#: to the validating loader.
_LARGEST_INTEGER = 2**63 - 1


class _Span(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    start: int
    end: int
    dimension: str
    value: str


class _Annotation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    values: dict[str, str | list[str]] = {}
    spans: list[_Span] = []
    note: str = ""
    status: Literal["todo", "done", "flagged"] = "todo"
    modified: str | None = None


class _Entry(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: str
    dispatch_id: str
    position: Annotated[int, msgspec.Meta(ge=0, le=_LARGEST_INTEGER)]
    time_label: str | None
    timestamp: str | None
    text: str


class TypedFile(msgspec.Struct, forbid_unknown_fields=True):
    """A project file's top level; the small free-form parts stay raw JSON for the usual checks."""

    format: str
    version: int
    codebook: msgspec.Raw
    meta: msgspec.Raw = msgspec.Raw(b"{}")
    dispatches: msgspec.Raw = msgspec.Raw(b"[]")
    entries: list[_Entry] = []
    layers: dict[str, dict[str, _Annotation]] = {}
    recovery: msgspec.Raw = msgspec.Raw(b"null")


_DECODER = msgspec.json.Decoder(TypedFile)


def decode(raw: bytes | bytearray) -> TypedFile | None:
    """The file's records, type-checked; None when anything in it is not as the format says."""
    try:
        return _DECODER.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # ValidationError included
        return None


def entries(
    typed: list[_Entry], dispatches: dict[str, Dispatch]
) -> tuple[list[Entry], dict[str, int]] | None:
    """The entries and their id -> position index, or None when a reference, time or id is wrong."""
    built = [Entry(e.id, e.dispatch_id, e.position, e.time_label, e.timestamp, e.text) for e in typed]
    index = {e.id: i for i, e in enumerate(built)}
    if (
        len(index) != len(built)
        or not dispatches.keys() >= {e.dispatch_id for e in built}
        or not stamps_ok([e.timestamp for e in built if e.timestamp is not None])
    ):
        return None
    return built, index


def layer(
    typed: dict[str, _Annotation], entries: list[Entry], index: dict[str, int]
) -> dict[str, Annotation] | None:
    """One annotator's layer as model records, converted in place; None when an annotation
    belongs to no entry or a span falls outside its entry's text."""
    if not index.keys() >= typed.keys():
        return None
    layer: dict[str, Annotation] = typed  # type: ignore[assignment]  # every value is replaced below
    for entry_id, a in typed.items():
        spans: list[Span] = a.spans  # type: ignore[assignment]  # when empty; else converted here
        if spans:
            length = len(entries[index[entry_id]].text)
            if not all(0 <= s.start < s.end <= length for s in a.spans):
                return None
            spans = [Span(s.start, s.end, s.dimension, s.value) for s in a.spans]
        layer[entry_id] = Annotation(a.values, spans, a.note, a.status, a.modified)
    return layer
