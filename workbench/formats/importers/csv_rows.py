"""CSV and TSV exports from media-monitoring services: one row per entry.

A ``text`` column is required (header names are matched case-insensitively); ``title``,
``date``, ``time`` and ``id`` are optional. Rows that share a title and a date form one
dispatch, in row order, so a monitoring export of a live blog with one row per update
reads like the live blog itself. Without a title column the file name is the title.

Entry ids are content hashes like every other entry id, so re-importing an edited export
still matches; a source ``id`` column is kept in the dispatch's ``meta["row_ids"]``
(entry id -> source id) so coded entries can be traced back to the service's rows.
Spreadsheets save with ``;`` or tab in many locales, so the delimiter is sniffed.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from dateutil import parser as date_parser

from workbench.core.errors import WorkbenchError
from workbench.core.ids import EntryIds, dispatch_id
from workbench.core.model import Dispatch, Entry
from workbench.core.undoable import ImportBatch
from workbench.formats.importers.decoding import decode_bytes
from workbench.formats.importers.liveblog.parse import match_time_line

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
#: "01.07.2020" is the first of July wherever dots are written; slashes stay month first.
_DOTTED_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")
_FIELD_LIMIT = 64 * 1024**2


def read_csv(data: bytes, file: str) -> ImportBatch:
    """Dispatches and entries from CSV (or TSV) bytes."""
    text = decode_bytes(data, file)
    csv.field_size_limit(_FIELD_LIMIT)
    delimiter = "\t" if file.lower().endswith(".tsv") else _sniff_delimiter(text)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip().lstrip("\ufeff").casefold() for name in next(rows)]
    except StopIteration:
        raise WorkbenchError("file is empty", file=file) from None
    except csv.Error as exc:
        raise WorkbenchError(f"not readable as CSV ({exc})", file=file, where="line 1") from None
    if "text" not in header:
        shown = ", ".join(h for h in header if h) or "none"
        raise WorkbenchError(f"no 'text' column (columns found: {shown})", file=file)
    column: dict[str, int] = {
        name: header.index(name) for name in ("text", "title", "date", "time", "id") if name in header
    }
    builder = _Dispatches(file)
    try:
        for row in rows:
            where = f"line {rows.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise WorkbenchError(
                    f"{len(row)} fields but the header has {len(header)} (delimiter '{delimiter}')",
                    file=file,
                    where=where,
                )
            row = row + [""] * (len(header) - len(row))
            builder.add(row, column, where)
    except csv.Error as exc:
        raise WorkbenchError(
            f"not readable as CSV ({exc})", file=file, where=f"line {rows.line_num}"
        ) from None
    return builder.batch


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:16384], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


class _Dispatches:
    def __init__(self, file: str) -> None:
        self.file = file
        self.stem = Path(file).stem
        self.batch = ImportBatch()
        self.by_key: dict[tuple[str, str | None], tuple[Dispatch, EntryIds, list[int]]] = {}
        self.dates: dict[str, date] = {}

    def add(self, row: list[str], column: dict[str, int], where: str) -> None:
        text = row[column["text"]].strip()
        if not text:
            self.batch.problems.append(f"{self.file}: {where}: empty text skipped")
            return
        title = (row[column["title"]].strip() if "title" in column else "") or self.stem
        published = self._date(row[column["date"]], where) if "date" in column else None
        time_label = row[column["time"]].strip() if "time" in column else ""
        minutes = self._minutes(time_label, where) if time_label else None
        key = (title, published)
        if key not in self.by_key:
            d_id = dispatch_id(title, published, None)
            dispatch = Dispatch(id=d_id, title=title, published=published, source=self.file)
            self.by_key[key] = (dispatch, EntryIds(d_id), [0])
            self.batch.dispatches.append(dispatch)
        dispatch, ids, count = self.by_key[key]
        timestamp = None
        if published and minutes is not None:
            timestamp = f"{published}T{minutes // 60:02d}:{minutes % 60:02d}:00"
        entry = Entry(
            ids.next(time_label or None, text), dispatch.id, count[0], time_label or None, timestamp, text
        )
        count[0] += 1
        self.batch.entries.append(entry)
        if "id" in column and row[column["id"]].strip():
            dispatch.meta.setdefault("row_ids", {})[entry.id] = row[column["id"]].strip()

    def _date(self, raw: str, where: str) -> str | None:
        raw = raw.strip()
        if not raw:
            return None
        if raw not in self.dates:
            try:
                self.dates[raw] = date_parser.parse(raw, dayfirst=bool(_DOTTED_DATE.match(raw))).date()
            except (ValueError, OverflowError):
                raise WorkbenchError(f"date '{raw}' is not a date", file=self.file, where=where) from None
        return self.dates[raw].isoformat()

    def _minutes(self, raw: str, where: str) -> int:
        clock = _CLOCK.match(raw)
        if clock and int(clock[1]) < 24 and int(clock[2]) < 60:
            return int(clock[1]) * 60 + int(clock[2])
        found = match_time_line(raw)
        if found is None:
            raise WorkbenchError(f"time '{raw}' is not a time of day", file=self.file, where=where)
        return found[0].minutes
