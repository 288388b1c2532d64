"""JSONL export: one record per entry, as ``docs/jsonl-records.md`` describes, plus its ``split``.

Building each record field by field from the codebook costs more than serialising it, so
the records are built with everything that does not change between entries (the label
dimensions, the empty labels of uncoded entries) worked out once.
``tests/formats/test_export_jsonl.py`` checks record for record that they equal the plain
per-entry builder kept as a test oracle (``tests/oracles.entry_record``). Records are
serialised one by one with orjson (newline appended in C) and written in large chunks.
Every record carries the same keys, with ``split`` null when no split was asked for, so
Hugging Face ``datasets`` infers one schema for the whole file; the one exception is
``assisted``, added last to a record only when some value of it came from a suggestion,
so that files without model-assisted coding stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import orjson

from workbench.core.errors import Cancelled
from workbench.formats.exporters.subsets import Selection
from workbench.formats.exporters.training_records import ASSISTED_KEY, assisted_items

_CHUNK = 10_000
_OPTIONS = orjson.OPT_APPEND_NEWLINE


def iter_records(selection: Selection) -> Iterator[dict[str, Any]]:
    """The export's records in order, one per entry of the selection, each with its ``split``."""
    project = selection.project
    titles = {key: dispatch.title for key, dispatch in project.dispatches.items()}
    label_keys = tuple(d.key for d in project.codebook.dimensions if d.kind != "span")
    multi_keys = tuple(d.key for d in project.codebook.dimensions if d.kind == "multi")
    known = frozenset(label_keys)
    uncoded_labels = dict.fromkeys(label_keys)
    annotations = selection.annotations.get
    splits = selection.splits
    layer = selection.layer
    for entry in selection.entries:
        annotation = annotations(entry.id)
        text = entry.text
        if annotation is None:
            labels: dict[str, Any] = uncoded_labels
            spans: list[dict[str, Any]] = []
            status, note = "todo", ""
        else:
            values = annotation.values
            labels = dict(zip(label_keys, map(values.get, label_keys), strict=True))
            for key in multi_keys:
                if type(labels[key]) is str:
                    labels[key] = [labels[key]]
            if not known.issuperset(values):
                for key, value in values.items():
                    labels.setdefault(key, value)
            spans = [
                {
                    "start": s.start,
                    "end": s.end,
                    "dimension": s.dimension,
                    "label": s.value,
                    "text": text[s.start : s.end],
                }
                for s in annotation.spans
            ]
            status, note = annotation.status, annotation.note
        record = {
            "id": entry.id,
            "dispatch_id": entry.dispatch_id,
            "dispatch_title": titles.get(entry.dispatch_id, ""),
            "timestamp": entry.timestamp,
            "text": text,
            "annotator": layer,
            "labels": labels,
            "spans": spans,
            "position": entry.position,
            "time_label": entry.time_label,
            "heading": entry.heading,
            "zone": entry.zone,
            "utc": entry.utc,
            "status": status,
            "note": note,
            "split": splits[entry.id] if splits else None,
        }
        if annotation is not None and annotation.assisted:
            record[ASSISTED_KEY] = assisted_items(annotation)
        yield record


def write_jsonl(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """Write the records to ``out``; returns how many were written."""
    total = len(selection.entries)
    dumps = orjson.dumps
    chunk: list[bytes] = []
    written = 0
    for record in iter_records(selection):
        chunk.append(dumps(record, option=_OPTIONS))
        if len(chunk) == _CHUNK:
            if cancelled():
                raise Cancelled
            out.write(b"".join(chunk))
            written += len(chunk)
            chunk.clear()
            progress(written, total)
    if cancelled():
        raise Cancelled
    out.write(b"".join(chunk))
    progress(total, total)
    return total
