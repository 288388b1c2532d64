"""Checking and building the records of a project file: dispatches, entries, annotations.

Split from ``project.file`` so that file is about bytes on disk (parsing, versions, atomic
saves) and this one about what a valid record is. Entries are checked a
whole list at a time, a column per field, with C-level passes (``map``, ``set``) instead of
a Python test per record, then built positionally; whenever a list fails the quick checks
it is read again record by record, so the first bad record is reported field by field
exactly as before. Annotations are built and checked one combined test per record
(see ``read_layer``).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import count
from operator import itemgetter
from typing import Any

from workbench.core.codebook import Codebook
from workbench.core.entry_times import checked_entry_times, checked_utc_times, is_local_time, is_utc_time
from workbench.core.errors import WorkbenchError
from workbench.core.model import STATUSES, Annotation, Dispatch, Entry, ImportedPredictions, Provenance, Span
from workbench.core.provenance import provenance_problem

#: Free-form ``meta`` objects may nest this deep; orjson refuses to write much deeper data.
MAX_META_DEPTH = 64

_DISPATCH_OPTIONAL_TEXT = ("published", "dateline", "time_basis", "caption", "lead", "source")
_DISPATCH_FIELDS = ("id", "title", *_DISPATCH_OPTIONAL_TEXT, "meta")
_ENTRY_FIELDS = ("id", "dispatch_id", "position", "time_label", "timestamp", "text")
#: Optional since format version 2, written only when set: most entries lack them.
_ENTRY_OPTIONAL = ("heading", "zone", "utc")
_ENTRY_ALL_FIELDS = (*_ENTRY_FIELDS, *_ENTRY_OPTIONAL)
_ENTRY_KEYS = frozenset(_ENTRY_ALL_FIELDS)
_ANNOTATION_FIELDS = ("values", "spans", "note", "status", "modified", "decided", "assisted")
_PROVENANCE_FIELDS = ("source", "version", "score", "confirmed")
_PREDICTIONS_FIELDS = ("source", "imported", "scores")
_SPAN_FIELDS = ("start", "end", "dimension", "value")

_NONE = type(None)
_ENTRY_ROW = itemgetter(*_ENTRY_FIELDS)


def _types(values: Iterable[Any]) -> set[type]:
    return set(map(type, values))


def _columns(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows turned into columns: each record is read once, while it is in the CPU cache,
    which halves the time of reading each field in a pass of its own."""
    return list(zip(*rows, strict=True))


def fail(where: str, what: str) -> WorkbenchError:
    return WorkbenchError(what, where=where)


def _kind(value: Any) -> str:
    """JSON's name for a value's type, for messages read by people who never saw Python."""
    if value is None:
        return "null"
    return _JSON_KINDS.get(type(value), type(value).__name__)


_JSON_KINDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "an object",
}


def expect(value: Any, expected: type | tuple[type, ...], where: str, what: str) -> None:
    """Fail unless ``value`` is exactly of the type(s) given (``bool`` is not an ``int`` here)."""
    types = expected if isinstance(expected, tuple) else (expected,)
    if type(value) not in types:
        raise fail(where, f"expected {what}, got {_kind(value)}")


def _check_fields(record: Any, fields: tuple[str, ...], required: tuple[str, ...], where: str) -> None:
    if type(record) is not dict:
        raise fail(where, f"expected an object, got {_kind(record)}")
    for key in required:
        if key not in record:
            raise fail(where, f"missing '{key}'")
    unknown = record.keys() - set(fields)
    if unknown:
        raise fail(where, f"unknown field '{sorted(unknown)[0]}'")


def check_depth(value: Any, where: str, limit: int = MAX_META_DEPTH) -> None:
    """Refuse free-form data nested so deeply that saving it again would fail."""
    if limit <= 0:
        raise fail(where, f"nested more than {MAX_META_DEPTH} levels deep")
    children = value.values() if type(value) is dict else value if type(value) is list else ()
    for child in children:
        if type(child) in (dict, list) and child:
            check_depth(child, where, limit - 1)


def read_dispatches(raw: Any) -> dict[str, Dispatch]:
    expect(raw, list, "dispatches", "a list")
    dispatches: dict[str, Dispatch] = {}
    for i, d in enumerate(raw):
        try:
            dispatch = Dispatch(**d)
        except TypeError:
            raise _dispatch_problem(d, i, dispatches) from None
        if not (
            type(dispatch.id) is str
            and type(dispatch.title) is str
            and type(dispatch.meta) is dict
            and dispatch.id not in dispatches
            and all(v is None or type(v) is str for v in _optional_texts(dispatch))
        ):
            raise _dispatch_problem(d, i, dispatches)
        if dispatch.meta:
            check_depth(dispatch.meta, f"dispatches[{i}].meta")
        dispatches[dispatch.id] = dispatch
    return dispatches


def _optional_texts(d: Dispatch) -> tuple[Any, ...]:
    return (d.published, d.dateline, d.time_basis, d.caption, d.lead, d.source)


def _dispatch_problem(d: Any, i: int, dispatches: dict[str, Dispatch]) -> WorkbenchError:
    where = f"dispatches[{i}]"
    try:
        _check_fields(d, _DISPATCH_FIELDS, ("id", "title"), where)
        for key in ("id", "title"):
            expect(d[key], str, f"{where}.{key}", "a string")
        for key in _DISPATCH_OPTIONAL_TEXT:
            expect(d.get(key), (str, type(None)), f"{where}.{key}", "a string or null")
        expect(d.get("meta", {}), dict, f"{where}.meta", "an object")
        if d["id"] in dispatches:
            raise fail(f"{where}.id", f"duplicate dispatch id '{d['id']}'")
    except WorkbenchError as exc:
        return exc
    return fail(where, "not a valid dispatch")


def read_entries(raw: Any, dispatches: dict[str, Dispatch]) -> tuple[list[Entry], dict[str, int]]:
    """The entries and their id -> position index (handed to the project, which needs it anyway)."""
    expect(raw, list, "entries", "a list")
    columns = _entry_columns(raw, dispatches)
    if columns is None:
        entries = _entries_one_by_one(raw, dispatches)
        ids: Iterable[str] = [e.id for e in entries]
    else:
        entries = list(map(Entry, *columns))
        ids = columns[0]
    index = dict(zip(ids, count()))
    if len(index) != len(entries):
        seen: set[str] = set()
        for i, e in enumerate(entries):
            if e.id in seen:
                raise fail(f"entries[{i}].id", f"duplicate entry id '{e.id}'")
            seen.add(e.id)
    return entries, index


def _entry_columns(part: list[Any], dispatches: dict[str, Dispatch]) -> list[tuple[Any, ...]] | None:
    """The fields of every record in ``part`` as columns in ``_ENTRY_FIELDS`` order (then
    ``_ENTRY_OPTIONAL`` when any record has one), when every record is valid; None when any
    is not (or is shaped unusually), to be read one by one.

    Six keys that are all the expected ones mean no unknown field; each column then gets
    one exact-type pass, so ``bool`` is no integer and a ``str`` subclass no string here
    either. Records with optional fields take a second, slower check of their keys, so
    the usual file (none of them) costs what it did before they existed.
    """
    if _types(part) != {dict}:
        return None if part else [() for _ in _ENTRY_FIELDS]
    lengths = set(map(len, part))
    if lengths != {len(_ENTRY_FIELDS)}:
        return _entry_columns_with_options(part, lengths, dispatches)
    try:
        columns = _columns(map(_ENTRY_ROW, part))
    except KeyError:
        return None
    return columns if _columns_valid(columns, dispatches) else None


def _columns_valid(columns: list[tuple[Any, ...]], dispatches: dict[str, Dispatch]) -> bool:
    ids, dispatch_ids, positions, labels, stamps, texts = columns[: len(_ENTRY_FIELDS)]
    return (
        _types(ids) == {str}
        and _types(texts) == {str}
        and _types(positions) == {int}
        and min(positions) >= 0
        and _types(dispatch_ids) == {str}
        and dispatches.keys() >= set(dispatch_ids)
        and _types(labels) <= {str, _NONE}
        and _types(stamps) <= {str, _NONE}
        and checked_entry_times(stamps) is not None
    )


def _entry_columns_with_options(
    part: list[Any], lengths: set[int], dispatches: dict[str, Dispatch]
) -> list[tuple[Any, ...]] | None:
    """``_entry_columns`` of records of which some carry optional fields: no key outside the
    known ones and every required one present then mean each record is well formed."""
    if not lengths <= set(range(len(_ENTRY_FIELDS), len(_ENTRY_ALL_FIELDS) + 1)):
        return None
    if not _ENTRY_KEYS.issuperset(set().union(*part)):
        return None
    try:
        columns = _columns(map(_ENTRY_ROW, part))
    except KeyError:
        return None
    for key in _ENTRY_OPTIONAL:
        column = tuple(e.get(key) for e in part)
        if not _types(column) <= {str, _NONE}:
            return None
        columns.append(column)
    if checked_utc_times(columns[-1]) is None:
        return None
    return columns if _columns_valid(columns, dispatches) else None


def _entries_one_by_one(raw: list[Any], dispatches: dict[str, Dispatch]) -> list[Entry]:
    """Build and check each record in turn, to name the first that is wrong."""
    entries: list[Entry] = []
    append = entries.append
    stamp_ok = is_local_time
    for i, e in enumerate(raw):
        try:
            entry = Entry(**e)
        except TypeError:
            raise _entry_problem(e, i, dispatches) from None
        stamp = entry.timestamp
        label = entry.time_label
        utc = entry.utc
        if not (
            type(entry.id) is str
            and type(entry.text) is str
            and type(entry.position) is int
            and entry.position >= 0
            and type(entry.dispatch_id) is str
            and entry.dispatch_id in dispatches
            and (stamp is None or (type(stamp) is str and stamp_ok(stamp)))
            and (label is None or type(label) is str)
            and (entry.heading is None or type(entry.heading) is str)
            and (entry.zone is None or type(entry.zone) is str)
            and (utc is None or (type(utc) is str and is_utc_time(utc)))
        ):
            raise _entry_problem(e, i, dispatches)
        append(entry)
    return entries


def _entry_problem(e: Any, i: int, dispatches: dict[str, Dispatch]) -> WorkbenchError:
    """Say exactly what is wrong with an entry that failed the quick test."""
    where = f"entries[{i}]"
    try:
        _check_fields(e, _ENTRY_ALL_FIELDS, _ENTRY_FIELDS, where)
        for key in ("id", "dispatch_id", "text"):
            expect(e[key], str, f"{where}.{key}", "a string")
        expect(e["position"], int, f"{where}.position", "an integer")
        if e["position"] < 0:
            raise fail(f"{where}.position", f"must not be negative, got {e['position']}")
        for key in ("time_label", "timestamp"):
            expect(e[key], (str, type(None)), f"{where}.{key}", "a string or null")
        for key in _ENTRY_OPTIONAL:
            expect(e.get(key), (str, type(None)), f"{where}.{key}", "a string or null")
        if e["dispatch_id"] not in dispatches:
            raise fail(f"{where}.dispatch_id", f"no dispatch '{e['dispatch_id']}'")
        if e["timestamp"] is not None and not is_local_time(e["timestamp"]):
            raise fail(
                f"{where}.timestamp", f"'{e['timestamp'][:40]}' is not a local time YYYY-MM-DDTHH:MM[:SS]"
            )
        if e.get("utc") is not None and not is_utc_time(e["utc"]):
            raise fail(f"{where}.utc", f"'{e['utc'][:40]}' is not a UTC time YYYY-MM-DDTHH:MM:SSZ")
    except WorkbenchError as exc:
        return exc
    return fail(where, "not a valid entry")


def read_layer(raw: Any, where: str, entries: list[Entry], index: dict[str, int]) -> dict[str, Annotation]:
    """One annotator's layer, each record built and checked in turn: unlike entries, records
    here are larger and nested, and checking them a column at a time was measured slower
    (every record is then read from memory once per column instead of once)."""
    expect(raw, dict, where, "an object of entry id -> annotation")
    layer: dict[str, Annotation] = {}
    for entry_id, raw_ann in raw.items():
        try:
            ann = Annotation(**raw_ann)
        except TypeError:
            raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index) from None
        values = ann.values
        modified = ann.modified
        if not (
            type(values) is dict
            and type(ann.spans) is list
            and type(ann.note) is str
            and ann.status in STATUSES
            and (modified is None or type(modified) is str)
            and (ann.decided is None or type(ann.decided) is list)
            and entry_id in index
        ):
            raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
        for value in (*values.values(), ann.decided or ""):
            if type(value) is not str:
                if type(value) is not list:
                    raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
                for item in value:
                    if type(item) is not str:
                        raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
        if ann.spans:
            ann.spans = _spans(ann.spans, entries[index[entry_id]].text, f"{where}.{entry_id}.spans")
        if ann.assisted is not None:
            ann.assisted = _assisted(ann.assisted, ann.values, f"{where}.{entry_id}.assisted")
        layer[entry_id] = ann
    return layer


def _annotation_problem(raw: Any, where: str, entry_id: str, index: dict[str, int]) -> WorkbenchError:
    try:
        _check_fields(raw, _ANNOTATION_FIELDS, (), where)
        if entry_id not in index:
            raise fail(where, "annotation of an entry that is not in the project")
        values = raw.get("values", {})
        expect(values, dict, f"{where}.values", "an object of dimension -> code")
        for dim, value in values.items():
            if not (type(value) is str or (type(value) is list and all(type(v) is str for v in value))):
                raise fail(
                    f"{where}.values.{dim}", f"expected a string or a list of strings, got {_kind(value)}"
                )
        expect(raw.get("spans", []), list, f"{where}.spans", "a list")
        expect(raw.get("note", ""), str, f"{where}.note", "a string")
        status = raw.get("status", "todo")
        if type(status) is not str or status not in STATUSES:
            raise fail(f"{where}.status", f"must be one of {', '.join(STATUSES)}, not {str(status)[:40]!r}")
        expect(raw.get("modified"), (str, type(None)), f"{where}.modified", "a string or null")
        decided = raw.get("decided")
        if not (decided is None or (type(decided) is list and all(type(d) is str for d in decided))):
            raise fail(f"{where}.decided", f"expected a list of dimension keys, got {_kind(decided)}")
        if raw.get("assisted") is not None:
            _assisted(raw["assisted"], values, f"{where}.assisted")
    except WorkbenchError as exc:
        return exc
    return fail(where, "not a valid annotation")


def _spans(raw: list[Any], text: str, where: str) -> list[Span]:
    spans: list[Span] = []
    length = len(text)
    for j, s in enumerate(raw):
        sw = f"{where}[{j}]"
        _check_fields(s, _SPAN_FIELDS, _SPAN_FIELDS, sw)
        start, end = s["start"], s["end"]
        expect(start, int, f"{sw}.start", "an integer")
        expect(end, int, f"{sw}.end", "an integer")
        if not 0 <= start < end <= length:
            if start >= end:
                raise fail(sw, f"offsets {start}-{end} mark nothing: start must come before end")
            raise fail(sw, f"offsets {start}-{end} fall outside the entry text (length {length})")
        expect(s["dimension"], str, f"{sw}.dimension", "a string")
        expect(s["value"], str, f"{sw}.value", "a string")
        spans.append(Span(start, end, s["dimension"], s["value"]))
    return spans


def _assisted(raw: Any, values: dict[str, Any], where: str) -> dict[str, dict[str, Provenance]]:
    """An annotation's ``assisted`` (format version 3): dimension -> value -> provenance,
    built and checked by the rule both readers share (``core.provenance.provenance_problem``)."""
    expect(raw, dict, where, "an object of dimension -> value -> provenance")
    assisted: dict[str, dict[str, Provenance]] = {}
    for dimension, by_value in raw.items():
        expect(by_value, dict, f"{where}.{dimension}", "an object of value -> provenance")
        assisted[dimension] = {
            value: _provenance(how, f"{where}.{dimension}.{value}") for value, how in by_value.items()
        }
    problem = provenance_problem(values, assisted)
    if problem is not None:
        raise fail(where, problem)
    return assisted


def _provenance(raw: Any, where: str) -> Provenance:
    _check_fields(raw, _PROVENANCE_FIELDS, ("source", "version"), where)
    expect(raw["source"], str, f"{where}.source", "a string")
    expect(raw["version"], str, f"{where}.version", "a string")
    score = raw.get("score")
    expect(score, (int, float, _NONE), f"{where}.score", "a number or null")
    confirmed = raw.get("confirmed", False)
    expect(confirmed, bool, f"{where}.confirmed", "true/false")
    return Provenance(raw["source"], raw["version"], None if score is None else float(score), confirmed)


def read_predictions(raw: Any, index: dict[str, int], codebook: Codebook) -> ImportedPredictions | None:
    """The project's imported predictions (format version 3, top-level ``predictions``):
    scores in [0, 1] of values the codebook lists, for entries in the file; None: none."""
    if raw is None:
        return None
    _check_fields(raw, _PREDICTIONS_FIELDS, _PREDICTIONS_FIELDS, "predictions")
    expect(raw["source"], str, "predictions.source", "a string")
    expect(raw["imported"], str, "predictions.imported", "a string")
    scores = raw["scores"]
    expect(scores, dict, "predictions.scores", "an object of entry id -> dimension -> value -> score")
    known = {d.key: frozenset(d.keys()) for d in codebook.dimensions}
    read: dict[str, dict[str, dict[str, float]]] = {}
    for entry_id, by_dim in scores.items():
        where = f"predictions.scores.{entry_id}"
        if entry_id not in index:
            raise fail(where, "scores for an entry that is not in the project")
        expect(by_dim, dict, where, "an object of dimension -> value -> score")
        read[entry_id] = {}
        for dim, by_value in by_dim.items():
            if dim not in known:
                raise fail(f"{where}.{dim}", f"unknown dimension '{dim}'")
            expect(by_value, dict, f"{where}.{dim}", "an object of value -> score")
            read[entry_id][dim] = {}
            for value, score in by_value.items():
                if value not in known[dim]:
                    raise fail(f"{where}.{dim}", f"unknown code '{value}'")
                expect(score, (int, float), f"{where}.{dim}.{value}", "a number")
                if not 0.0 <= score <= 1.0:
                    raise fail(f"{where}.{dim}.{value}", f"score {score} is not in [0, 1]")
                read[entry_id][dim][value] = float(score)
    return ImportedPredictions(raw["source"], raw["imported"], read)
