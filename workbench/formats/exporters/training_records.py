"""Our JSONL annotation records: one self-contained record per coded entry.

This is the contract for exported corpora (documented in ``docs/jsonl-records.md``): a
record carries the entry text, its ids and one annotator's labels and spans, so it loads
as is with Hugging Face ``datasets``' JSON loader and comes back into a project
unchanged. Every non-span dimension of the codebook appears under ``labels`` in every
record (null when not coded) so that all records share one schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from workbench.core.entry_times import is_local_time, is_utc_time
from workbench.core.errors import WorkbenchError
from workbench.core.model import STATUSES, Annotation, Dispatch, Entry, Provenance, Span, Value
from workbench.core.provenance import provenance_problem
from workbench.core.undoable import ImportBatch

RECORD_KEYS = ("id", "dispatch_id", "dispatch_title", "timestamp", "text", "annotator", "labels", "spans")
#: The one optional key, last and only where some value was suggestion-assisted.
ASSISTED_KEY = "assisted"
_ASSISTED_FIELDS = ("dimension", "value", "source", "version", "score", "confirmed")


def assisted_items(annotation: Annotation) -> list[dict[str, Any]]:
    """An annotation's provenance as flat records, one per assisted value (``docs/jsonl-records.md``).

    A list of same-shaped objects rather than the project file's nested dimension -> value
    mapping: value keys as object keys would give Arrow (Hugging Face ``datasets``) a new
    struct field for every code."""
    return [
        {
            "dimension": dimension,
            "value": value,
            "source": how.source,
            "version": how.version,
            "score": how.score,
            "confirmed": how.confirmed,
        }
        for dimension, by_value in (annotation.assisted or {}).items()
        for value, how in by_value.items()
    ]


def _read_assisted(
    raw: Any, values: dict[str, Value], where: str, file: str
) -> dict[str, dict[str, Provenance]] | None:
    """A record's ``assisted`` list back into ``Annotation.assisted``, by the project file's rule."""
    if raw is None or raw == []:
        return None
    if not isinstance(raw, list):
        raise WorkbenchError("'assisted' must be a list", file=file, where=where)
    assisted: dict[str, dict[str, Provenance]] = {}
    for j, item in enumerate(raw):
        aw = f"{where}: assisted[{j}]"
        if not isinstance(item, dict) or not set(item) <= set(_ASSISTED_FIELDS):
            raise WorkbenchError(f"expected an object of {', '.join(_ASSISTED_FIELDS)}", file=file, where=aw)
        dimension, value, source, version = (item.get(k) for k in _ASSISTED_FIELDS[:4])
        score, confirmed = item.get("score"), item.get("confirmed", False)
        if not (
            isinstance(dimension, str)
            and isinstance(value, str)
            and isinstance(source, str)
            and isinstance(version, str)
        ):
            raise WorkbenchError(
                "'dimension', 'value', 'source' and 'version' must be strings", file=file, where=aw
            )
        if not (score is None or (isinstance(score, int | float) and not isinstance(score, bool))):
            raise WorkbenchError("'score' must be a number or null", file=file, where=aw)
        if not isinstance(confirmed, bool):
            raise WorkbenchError("'confirmed' must be true or false", file=file, where=aw)
        how = Provenance(source, version, None if score is None else float(score), confirmed)
        assisted.setdefault(dimension, {})[value] = how
    problem = provenance_problem(values, assisted)
    if problem is not None:
        raise WorkbenchError(f"assisted: {problem}", file=file, where=where)
    return assisted


def looks_like_records(first: Any) -> bool:
    """True when a parsed JSON object is one of our records rather than another tool's."""
    return isinstance(first, dict) and {"id", "text", "labels"} <= first.keys()


def iter_jsonl(data: bytes, file: str) -> Iterator[tuple[int, Any]]:
    """Parsed JSON lines with their line numbers; blank lines are skipped."""
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise WorkbenchError(f"not valid JSON ({exc})", file=file, where=f"line {number}") from None


def records_to_batch(data: bytes, file: str, default_annotator: str) -> ImportBatch:
    """Rebuild dispatches, entries and annotation layers from a JSONL file of records.

    The annotator is the record's own ``annotator`` field, else ``default_annotator``
    (the importer passes the file name stem, so a colleague's file still gets a layer).
    """
    batch = ImportBatch()
    seen_dispatches: set[str] = set()
    seen_entries: set[str] = set()
    for number, record in iter_jsonl(data, file):
        where = f"line {number}"
        entry, dispatch, annotator, annotation = _parse_record(record, where, file, default_annotator)
        if dispatch.id not in seen_dispatches:
            seen_dispatches.add(dispatch.id)
            batch.dispatches.append(dispatch)
        if entry.id not in seen_entries:
            seen_entries.add(entry.id)
            batch.entries.append(entry)
        if annotation is not None:
            layer = batch.layers.setdefault(annotator, {})
            if entry.id in layer:
                batch.problems.append(
                    f"{file}: {where}: second record for entry {entry.id} by {annotator} ignored"
                )
            else:
                layer[entry.id] = annotation
    if not batch.entries:
        raise WorkbenchError("no records", file=file)
    return batch


def _need(record: dict[str, Any], key: str, types: type | tuple[type, ...], where: str, file: str) -> Any:
    value = record.get(key)
    if not isinstance(value, types) or isinstance(value, bool):
        raise WorkbenchError(f"'{key}' is missing or of the wrong type", file=file, where=where)
    return value


def _parse_record(
    record: Any, where: str, file: str, default_annotator: str
) -> tuple[Entry, Dispatch, str, Annotation | None]:
    """One record's entry, dispatch, annotator and annotation (None when it codes nothing).
    The fields are checked in a fixed order, so a record with several faults always
    reports the same one."""
    if not looks_like_records(record):
        raise WorkbenchError("not an annotation record (needs id, text and labels)", file=file, where=where)
    entry, dispatch = _entry_and_dispatch(record, where, file)
    annotator = record.get("annotator") or default_annotator
    if not isinstance(annotator, str):
        raise WorkbenchError("'annotator' must be a string", file=file, where=where)
    values = _label_values(record["labels"], where, file)
    spans = _spans(record.get("spans") or [], len(entry.text), where, file)
    status = record.get("status", "todo")
    if status not in STATUSES:
        raise WorkbenchError(f"'status' must be one of {', '.join(STATUSES)}", file=file, where=where)
    note = record.get("note") or ""
    if not isinstance(note, str):
        raise WorkbenchError("'note' must be a string", file=file, where=where)
    assisted = _read_assisted(record.get(ASSISTED_KEY), values, where, file)
    annotation = Annotation(values=values, spans=spans, note=note, status=status, assisted=assisted)
    return entry, dispatch, annotator, None if annotation.is_empty() else annotation


def _entry_and_dispatch(record: dict[str, Any], where: str, file: str) -> tuple[Entry, Dispatch]:
    """The entry a record describes and its dispatch (made up from the entry id when the
    record names none), with the times checked as the project file checks them."""
    entry_id = _need(record, "id", str, where, file)
    text = _need(record, "text", str, where, file)
    dispatch_ref = record.get("dispatch_id") or f"d-{entry_id}"
    if not isinstance(dispatch_ref, str):
        raise WorkbenchError("'dispatch_id' must be a string", file=file, where=where)
    title = record.get("dispatch_title") or ""
    timestamp = record.get("timestamp")
    time_label = record.get("time_label")
    heading, zone, utc = record.get("heading"), record.get("zone"), record.get("utc")
    position = record.get("position", 0)
    for key, value in (
        ("dispatch_title", title),
        ("timestamp", timestamp),
        ("time_label", time_label),
        ("heading", heading),
        ("zone", zone),
        ("utc", utc),
    ):
        if value is not None and not isinstance(value, str):
            raise WorkbenchError(f"'{key}' must be a string or null", file=file, where=where)
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise WorkbenchError("'position' must be a non-negative integer", file=file, where=where)
    if timestamp is not None and not is_local_time(timestamp):
        # The project file refuses such a time, so importing it would make the project unopenable.
        raise WorkbenchError(
            f"'timestamp' {timestamp[:40]!r} is not a local time YYYY-MM-DDTHH:MM[:SS]",
            file=file,
            where=where,
        )
    if utc is not None and not is_utc_time(utc):
        raise WorkbenchError(
            f"'utc' {utc[:40]!r} is not a UTC time YYYY-MM-DDTHH:MM:SSZ", file=file, where=where
        )
    entry = Entry(entry_id, dispatch_ref, position, time_label, timestamp, text, heading, zone, utc)
    return entry, Dispatch(id=dispatch_ref, title=title or text[:80])


def _label_values(labels: Any, where: str, file: str) -> dict[str, str | list[str]]:
    """The coded values under ``labels``; a null or empty value means not coded and is left out."""
    if not isinstance(labels, dict):
        raise WorkbenchError("'labels' must be an object", file=file, where=where)
    values: dict[str, str | list[str]] = {}
    for dim, value in labels.items():
        if value is None or value == []:
            continue
        if isinstance(value, str):
            values[dim] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[dim] = list(value)
        else:
            raise WorkbenchError(
                f"label '{dim}' must be a string, a list of strings or null", file=file, where=where
            )
    return values


def _spans(raw_spans: Any, text_length: int, where: str, file: str) -> list[Span]:
    """The record's spans, each inside the entry's text of ``text_length`` characters."""
    if not isinstance(raw_spans, list):
        raise WorkbenchError("'spans' must be a list", file=file, where=where)
    spans: list[Span] = []
    for j, s in enumerate(raw_spans):
        sw = f"{where}: spans[{j}]"
        if not isinstance(s, dict):
            raise WorkbenchError("expected an object", file=file, where=sw)
        start, end, dim, label = s.get("start"), s.get("end"), s.get("dimension"), s.get("label")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= text_length):
            raise WorkbenchError(f"offsets {start}-{end} fall outside the text", file=file, where=sw)
        if not (isinstance(dim, str) and isinstance(label, str)):
            raise WorkbenchError("'dimension' and 'label' must be strings", file=file, where=sw)
        spans.append(Span(start, end, dim, label))
    return spans
