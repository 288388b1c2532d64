"""CSV export: one row per entry for spreadsheets.

Multi values are joined with ``"; "``; each span dimension gets a column listing
``LABEL start-end text`` items joined the same way. The file is UTF-8 with a byte-order
mark so Excel detects the encoding. Cells, the header included, go through the one
neutralising writer (``workbench.formats.csv_safe``), so the CSV is for reading; the
workbench's own JSONL is the lossless format. When some exported value came from a
suggestion, a last column ``assisted`` lists them as ``dimension:value source version
score`` (``confirmed`` when the analyst took that one by its own key); without any, the
file keeps the columns it always had.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO

from workbench.core.model import Annotation, Entry
from workbench.formats.csv_safe import SafeWriter
from workbench.formats.exporters.subsets import ENTRY_PLACE_FIELDS, Selection
from workbench.formats.exporters.training_records import assisted_items

LIST_SEPARATOR = "; "
_CHUNK = 5000
FIXED_COLUMNS = ("id", *ENTRY_PLACE_FIELDS, "text", "annotator", "status", "note")


def write_csv(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    project = selection.project
    label_dims = [d.key for d in project.codebook.dimensions if d.kind != "span"]
    span_dims = [d.key for d in project.codebook.dimensions if d.kind == "span"]
    extra = sorted(
        {k for e in selection.entries if (a := selection.annotations.get(e.id)) for k in a.values}
        - set(label_dims)
    )
    label_dims += extra
    assisted = any(
        a.assisted for e in selection.entries if (a := selection.annotations.get(e.id)) is not None
    )
    header = [*FIXED_COLUMNS, *label_dims, *span_dims, "split", *(["assisted"] if assisted else [])]
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    writer = SafeWriter(text)
    writer.writerow(header)
    splits = selection.splits or {}
    for entry in selection.checked(progress, cancelled, _CHUNK):
        annotation = selection.annotations.get(entry.id)
        row = _row(selection, entry, annotation, label_dims, span_dims)
        row.append(splits.get(entry.id, ""))
        if assisted:
            row.append(
                LIST_SEPARATOR.join(map(_assisted_cell, assisted_items(annotation) if annotation else []))
            )
        writer.writerow(row)
    text.flush()
    text.detach()
    total = len(selection.entries)
    progress(total, total)
    return total


def _row(
    selection: Selection,
    entry: Entry,
    annotation: Annotation | None,
    label_dims: list[str],
    span_dims: list[str],
) -> list[object]:
    """An entry's fixed columns, then one per label dimension and one per span dimension."""
    dispatch = selection.dispatch(entry)
    row: list[object] = [
        entry.id,
        entry.dispatch_id,
        dispatch.title if dispatch else "",
        entry.position,
        entry.time_label or "",
        entry.timestamp or "",
        entry.zone or "",
        entry.utc or "",
        entry.heading or "",
        entry.text,
        selection.layer,
        annotation.status if annotation else "todo",
        annotation.note if annotation else "",
    ]
    values = annotation.values if annotation else {}
    for dim in label_dims:
        value = values.get(dim)
        row.append(LIST_SEPARATOR.join(value) if isinstance(value, list) else (value or ""))
    for dim in span_dims:
        items = [
            f"{s.value} {s.start}-{s.end} {entry.text[s.start : s.end]}"
            for s in (annotation.spans if annotation else [])
            if s.dimension == dim
        ]
        row.append(LIST_SEPARATOR.join(items))
    return row


def _assisted_cell(item: dict[str, Any]) -> str:
    score = "" if item["score"] is None else f" {item['score']:.2f}"
    confirmed = " confirmed" if item["confirmed"] else ""
    return f"{item['dimension']}:{item['value']} {item['source']} {item['version']}{score}{confirmed}"
