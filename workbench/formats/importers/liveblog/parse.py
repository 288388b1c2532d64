"""Parsing AP-style "The Latest" live blogs (and plain articles) from text.

A live blog is a title line ``The Latest: <headline>``, a date line (``January 24, 2017``
or ``Jan. 24, 2017``), an optional photo caption ending ``(AP Photo/...)``, a lead
``<DATELINE> (AP) — The latest ... (all times local):`` and then entries, newest or oldest first,
each opened by a line holding only a time (``8 p.m.``, ``4:50 p.m.``, ``noon``,
``midnight``, ``2:03 p.m. EST``, ``Update 2:03 p.m. EST Feb. 19:``). A file may hold several
stories (a digest); each ``The Latest:`` title starts a new dispatch. Text with no time
lines is a plain article: one dispatch with one entry, unless short headings
(``liveblog.headings``) divide it into entries, as "Here's the latest" pages and numbered
live posts do. A heading under a time line is that entry's heading, kept apart from its text.

Entry texts are exact slices of the (LF-normalised) input, so offsets an analyst marks
can always be traced back to the file, and they are hashed into stable entry ids.

Dates, order and the midnight rule live in small recognisers beside this module:
``liveblog.times`` (time lines), ``liveblog.fillers`` (separators, doubled times),
``liveblog.dates`` (bylines, updated stamps, dates in titles), ``liveblog.titles``,
``liveblog.datelines``, ``liveblog.order`` (newest or oldest first, and dating entries
across midnight) and ``liveblog.day`` (which day the header's statements give). Without any date, entries keep their printed time but get no timestamp.

Speed matters because 150,000 entries must import in seconds: regular expressions are
compiled once, long lines skip the time-line test entirely, and dateutil is only ever
called on candidate date, byline, stamp and title lines in the header, never on entry text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.ids import EntryIds, dispatch_id
from workbench.core.model import Dispatch, Entry
from workbench.core.undoable import ImportBatch
from workbench.formats.importers.decoding import decode_bytes
from workbench.formats.importers.liveblog.datelines import find_dateline
from workbench.formats.importers.liveblog.dates import (
    DATE_LINE,
)
from workbench.formats.importers.liveblog.day import (
    ORDER_UNCLEAR,
    Header,
    date_and_order_notes,
    dispatch_date,
    parse_date_line,
    read_header_date,
)
from workbench.formats.importers.liveblog.fillers import drop_doubled_times, is_filler
from workbench.formats.importers.liveblog.headings import find_headings, heading_kind, needs_own_line
from workbench.formats.importers.liveblog.order import (
    NEWEST_FIRST,
    decide_order,
    timestamps,
)
from workbench.formats.importers.liveblog.times import TimeMark, could_be_time_line, match_time_line
from workbench.formats.importers.liveblog.titles import CAPTION, is_headline
from workbench.formats.importers.liveblog.zones import entry_zones

__all__ = [
    "ParsedDispatch",
    "TimeMark",
    "match_time_line",
    "parse_body",
    "parse_date_line",
    "parse_text",
    "read_liveblog",
]

_TITLE = re.compile(r"^[ \t]*The Latest[ \t]*:", re.I)

#: A one-paragraph opening that announces the entries below it ("Here's the latest:") is
#: the story's lead, not an entry.
_INTRO_LEAD = re.compile(r"[:—–]$|here['’]s the latest|\(all times", re.I)
_TIME_BASIS = re.compile(r"\(all times ([^)]{1,20})\)", re.I)


@dataclass(slots=True)
class ParsedDispatch:
    dispatch: Dispatch
    entries: list[Entry] = field(default_factory=list)
    #: For the import summary, in this order: why the dispatch has no date, an unclear
    #: order, zones named but not known, abbreviations off their zone's rules.
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _RawEntry:
    """An entry before it gets its id: its time line, heading, text and the text as
    printed (heading included). The id is taken of the printed text, so the ids of timed
    blogs imported before headings were read (their headings in the text) stay the same."""

    mark: TimeMark | None
    heading: str | None
    text: str
    printed: str

    @property
    def label(self) -> str | None:
        return self.mark.label if self.mark else None


def read_liveblog(data: bytes, file: str) -> ImportBatch:
    """Import the bytes of a ``.txt`` file: live blogs, digests of them, or a plain article."""
    text = decode_bytes(data, file)
    batch = ImportBatch()
    for parsed in parse_text(text, source=file, fallback_title=Path(file).stem):
        batch.dispatches.append(parsed.dispatch)
        batch.entries.extend(parsed.entries)
        batch.problems.extend(f"{file}: '{parsed.dispatch.title}': {note}" for note in parsed.notes)
    return batch


def parse_text(
    text: str, source: str | None = None, fallback_title: str = "Untitled", today: date | None = None
) -> list[ParsedDispatch]:
    """Split decoded text into stories and parse each; raises only ``WorkbenchError``.

    ``today`` (by default the real one) bounds the year a printed weekday may choose.
    """
    block = _Block(text, today)
    lines = block.lines
    titles = block.titles
    first_content = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_content is None:
        raise WorkbenchError("file is empty", file=source)
    starts = [first_content, *(t for t in titles if t > first_content)]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    stories = [block.parse(a, b, source, fallback_title) for a, b in bounds]
    return [s for s in stories if s is not None]


def parse_body(
    body: str,
    *,
    title: str,
    newest_day: date | None,
    dateline: str | None,
    uri: str | None,
    source: str | None,
) -> ParsedDispatch:
    """Parse a story body that comes without a title line (the body of a ninjs item).

    A date line in the body dates the oldest entry as usual; without one, ``newest_day``
    (the item's version date) is taken as the day of the newest entry.
    """
    block = _Block(body)
    parsed = block.parse(
        0, len(block.lines), source, title, title=title, newest_day=newest_day, dateline=dateline, uri=uri
    )
    if parsed is None:
        raise WorkbenchError("story has no text", file=source)
    return parsed


class _Block:
    """One story's lines within the whole text, parsed by slicing so texts stay exact."""

    def __init__(self, text: str, today: date | None = None) -> None:
        self.text = text
        #: The latest day a weekday may choose a year up to (see ``liveblog.dates``).
        self.today = today or date.today()
        self.lines = text.split("\n")
        self.offsets = list(accumulate((len(line) + 1 for line in self.lines), initial=0))
        self.marks: dict[int, tuple[TimeMark, int | None]] = {}
        self.titles: list[int] = []
        self._scan()
        self.mark_lines = sorted(self.marks)

    def _scan(self) -> None:
        """Find time lines and title lines. Only lines opening with a digit or one of a few
        letters can be time lines (``could_be_time_line``), so a cheap first pass leaves the
        patterns a small fraction of a large file's lines.
        """
        lines = self.lines
        candidates = [
            i
            for i, line in enumerate(lines)
            if line and (could_be_time_line(line) or line[:10].lower() == "the latest" or line[0] in " \t")
        ]
        for index in candidates:
            line = lines[index]
            found = match_time_line(line)
            if found is not None:
                self.marks[index] = found
            elif _TITLE.match(line):
                self.titles.append(index)

    def parse(
        self,
        first: int,
        stop: int,
        source: str | None,
        fallback_title: str,
        *,
        title: str | None = None,
        newest_day: date | None = None,
        dateline: str | None = None,
        uri: str | None = None,
    ) -> ParsedDispatch | None:
        marks = self._marks(first, stop)
        header_start = first
        if title is None:
            title, header_start = self._title(first, stop, fallback_title)
        if marks:
            header = self._header(header_start, marks[0][0], with_body=False)
            raw_entries = self._timed_entries(marks, stop)
        else:
            header, raw_entries = self._untimed_entries(first, header_start, stop)
        if not raw_entries:  # a title alone, or time lines with nothing under them
            return None
        marks_only = [raw.mark for raw in raw_entries]
        order = decide_order(marks_only)
        published, date_source = dispatch_date(header, title, marks_only, newest_day, order, self.today)
        dateline = dateline or header.dateline
        time_basis = header.time_basis or next((m.zone for m in marks_only if m and m.zone), None)
        d_id = dispatch_id(title, published.isoformat() if published else None, dateline, uri)
        dispatch = Dispatch(
            id=d_id,
            title=title,
            published=published.isoformat() if published else None,
            dateline=dateline,
            time_basis=time_basis,
            caption=header.caption,
            lead=header.lead,
            source=source,
            meta=_meta(uri, date_source, order, header.credits),
        )
        stamps = timestamps(marks_only, published, order)
        # An entry whose line names no zone is in the dispatch's (the lead's, or the first printed).
        zones, zone_notes = entry_zones(
            [m.zone if m else None for m in marks_only], stamps, time_basis, dateline
        )
        notes = [*date_and_order_notes(published, header, marks_only, order), *zone_notes]
        return ParsedDispatch(dispatch, _entries(d_id, raw_entries, stamps, zones), notes)

    def _marks(self, first: int, stop: int) -> list[tuple[int, TimeMark, int | None]]:
        """The time lines of lines [first, stop), without a time printed twice."""
        lines = self.lines
        in_block = self.mark_lines[bisect_left(self.mark_lines, first) : bisect_left(self.mark_lines, stop)]
        return drop_doubled_times(
            [(index, *self.marks[index]) for index in in_block],
            lambda above, below: all(is_filler(line) for line in lines[above + 1 : below]),
        )

    def _timed_entries(self, marks: list[tuple[int, TimeMark, int | None]], stop: int) -> list[_RawEntry]:
        """Each time line's mark and the text under it, up to the next; empty ones left out."""
        raw_entries: list[_RawEntry] = []
        bounds = [m[0] for m in marks[1:]] + [stop]
        for (index, mark, rest), end in zip(marks, bounds, strict=True):
            body = self._slice(index + (rest is None), end, rest)
            if body:
                heading, text = self._heading_under_time(index, rest, end) or (None, body)
                raw_entries.append(_RawEntry(mark, heading, text, body))
        return raw_entries

    def _heading_under_time(self, index: int, rest: int | None, end: int) -> tuple[str, str] | None:
        """The heading that opens the entry of time line ``index`` (beside the time, or the
        first line under it) and the text below it; None when the entry has no heading."""
        lines = self.lines
        at = index
        if rest is None:
            at = next((i for i in range(index + 1, end) if not is_filler(lines[i])), end)
            if at == end:
                return None
        line = lines[at][rest or 0 :] if at == index else lines[at]
        kind = heading_kind(line, after_time=True)
        if kind is None or (needs_own_line(kind) and at + 1 < end and not is_filler(lines[at + 1])):
            return None
        text = self._slice(at + 1, end)
        return (line.strip(), text) if text else None

    def _untimed_entries(self, first: int, header_start: int, stop: int) -> tuple[Header, list[_RawEntry]]:
        """The header and entries of a story without time lines: entries split at headings
        when it has two or more, else one entry, the whole article."""
        headings = find_headings(self.lines, header_start, stop, is_filler)
        if len(headings) < 2:
            header = self._header(header_start, stop, with_body=True)
            body = header.body or (self._slice(first, first + 1, 0) if header_start > first else "")
            return header, ([_RawEntry(None, None, body, body)] if body else [])
        header = self._header(header_start, headings[0], with_body=True)
        raw_entries: list[_RawEntry] = []
        if _INTRO_LEAD.search(header.body) and "\n\n" not in header.body:
            header.lead = header.body
        elif header.body:
            raw_entries.append(_RawEntry(None, None, header.body, header.body))
        for index, end in zip(headings, [*headings[1:], stop], strict=True):
            heading = self.lines[index].strip()
            raw_entries.append(_RawEntry(None, heading, self._slice(index + 1, end), self._slice(index, end)))
        return header, raw_entries

    def _title(self, first: int, stop: int, fallback_title: str) -> tuple[str, int]:
        """The story's headline and the line its header starts on; a headline printed twice
        is read once, and a story opening with anything else is titled by its file."""
        line = self.lines[first]
        if not is_headline(line, parse_date_line(line) is not None):
            return fallback_title, first
        after = next((i for i in range(first + 1, stop) if self.lines[i].strip()), stop)
        if after < stop and self.lines[after].strip() == line.strip():
            return line.strip(), after + 1
        return line.strip(), first + 1

    def _slice(self, first: int, stop: int, inline_start: int | None = None) -> str:
        """The stripped text of lines [first, stop) without blank or separator lines at either end.

        ``inline_start`` is the column where an inline update's text begins on line ``first``.
        """
        lines = self.lines
        if inline_start is None:
            while first < stop and is_filler(lines[first]):
                first += 1
        if first >= stop:
            return ""
        last = stop - 1
        while last > first and is_filler(lines[last]):
            last -= 1
        start = self.offsets[first] + (inline_start or 0)
        end = self.offsets[last] + len(lines[last])
        return self.text[start:end].strip()

    def _header(self, first: int, stop: int, *, with_body: bool) -> Header:
        """Find the date line, caption, lead and dateline among the lines before the entries.

        For a plain article (``with_body``) the first paragraph that is none of date line and
        caption starts the body, which runs to the end of the story.
        """
        header = Header()
        paragraph: list[int] = []
        leftovers: list[str] = []

        def close() -> int | None:
            """Classify the paragraph; return its first line when it starts an article body."""
            if not paragraph:
                return None
            begin, end = paragraph[0], paragraph[-1]
            paragraph.clear()
            chunk = self.text[self.offsets[begin] : self.offsets[end] + len(self.lines[end])].strip()
            if header.caption is None and header.lead is None and CAPTION.search(chunk):
                header.caption = chunk
                return None
            lead = find_dateline(chunk)
            if lead and header.dateline is None:
                header.dateline = lead
                basis = _TIME_BASIS.search(chunk)
                if basis:
                    word = basis[1].strip()
                    header.time_basis = "local" if word.lower() == "local" else word
            if with_body:
                return begin
            if lead and header.lead is None:
                header.lead = chunk
            else:
                leftovers.append(chunk)
            return None

        for index in range(first, stop):
            line = self.lines[index]
            if is_filler(line):
                body_start = close()
                if body_start is not None:
                    header.body = self._slice(body_start, stop)
                    return header
                continue
            if not paragraph and read_header_date(header, line):
                continue
            paragraph.append(index)
        body_start = close()
        if body_start is not None:
            header.body = self._slice(body_start, stop)
        if leftovers:
            header.lead = "\n\n".join([*([header.lead] if header.lead else []), *leftovers])
        return header


def _meta(uri: str | None, date_source: str | None, order: str | None, credits: list[str]) -> dict[str, str]:
    """What a dispatch records beyond its fields; the usual case (a bare date line, newest
    first) records nothing, so such dispatches stay as they were."""
    meta = {"uri": uri} if uri else {}
    if credits:
        meta["credits"] = "\n".join(credits)
    if order != NEWEST_FIRST:
        meta["order"] = order or ORDER_UNCLEAR
    if date_source is not None and date_source != DATE_LINE:
        meta["date_source"] = date_source
    return meta


def _entries(
    d_id: str,
    raw_entries: list[_RawEntry],
    stamps: list[str | None],
    zones: list[tuple[str | None, str | None]],
) -> list[Entry]:
    """The dispatch's entries in printed order, with their timestamps, zones and UTC times."""
    ids = EntryIds(d_id)
    return [
        Entry(
            ids.next(raw.label, raw.printed),
            d_id,
            pos,
            raw.label,
            stamp,
            raw.text,
            heading=raw.heading,
            zone=zone,
            utc=utc,
        )
        for pos, (raw, stamp, (zone, utc)) in enumerate(zip(raw_entries, stamps, zones, strict=True))
    ]
