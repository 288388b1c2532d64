"""JSONL export: one ``annotation_records.entry_record`` per entry, plus its ``split``.

Records are serialised one by one with orjson (no indentation, newline appended in C) and
written in large chunks, so the cost per entry is building its record and little else.
Every record carries the same keys, with ``split`` null when no split was asked for, so
Hugging Face ``datasets`` infers one schema for the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import orjson

from workbench.core.errors import Cancelled
from workbench.formats.annotation_records import entry_record
from workbench.formats.subsets import Selection

_CHUNK = 5000
_OPTIONS = orjson.OPT_APPEND_NEWLINE


def write_jsonl(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """Write the records to ``out``; returns how many were written."""
    project = selection.project
    dispatches = project.dispatches
    codebook = project.codebook
    annotations = selection.annotations
    layer = selection.layer
    splits = selection.splits or {}
    entries = selection.entries
    total = len(entries)
    dumps = orjson.dumps
    for start in range(0, total, _CHUNK):
        if cancelled():
            raise Cancelled
        chunk = []
        for entry in entries[start : start + _CHUNK]:
            record = entry_record(
                entry, dispatches.get(entry.dispatch_id), layer, annotations.get(entry.id), codebook
            )
            record["split"] = splits.get(entry.id)
            chunk.append(dumps(record, option=_OPTIONS))
        out.write(b"".join(chunk))
        progress(min(start + _CHUNK, total), total)
    return total
