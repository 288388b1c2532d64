"""Dating a dispatch by hand: the analyst names the day, and the entries are stamped from it.

A live blog whose page states no date anywhere keeps its printed times ("4:50 p.m.") with no
timestamps (``liveblog.day.NO_DATE``); one dated wrongly (a date in the title that was the day
of the event, not of the page) needs correcting. Either way the day named is the date line's
day, the day of the oldest entry, as the importer reads a date line, and the stamps follow
the importer's own rules:

- a dispatch none of whose entries has a timestamp is dated from its printed times, in its
  printing order, by ``liveblog.order.timestamps`` (so midnight crossings are found exactly
  as an import with a date line would find them); the order is the one the import recorded
  (``meta["order"]``), else the one ``decide_order`` reads from the times, which for a
  live blog is the order the import found, and for a CSV's rows their own;
- a dispatch whose entries have timestamps moves them all by the same number of days (from
  its date, or without one from its oldest stamp's day): the crossings found at import, and
  days printed on time lines, stay as they were relative to each other.

Entries without a printed time and without a timestamp keep None. Each entry's zone and
UTC instant are found again for its new stamp by ``liveblog.zones.entry_zones``, as the
import finds them, so a date moved across a daylight-saving change gets the right offset. The dispatch records
``meta["date_source"] = SET_BY_HAND`` beside the sources the importer records
(``liveblog.dates``), so a date an analyst gave stays told apart from one the page stated.
The dispatch and entry ids are not touched: annotations are keyed by them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from workbench.core.errors import WorkbenchError
from workbench.core.model import Entry, Project
from workbench.core.undoable import DispatchDating, EntryTime, RedateDispatch
from workbench.formats.importers.liveblog.order import decide_order, timestamps
from workbench.formats.importers.liveblog.times import TimeMark, match_time_line
from workbench.formats.importers.liveblog.zones import entry_zones

#: ``meta["date_source"]`` of a dispatch dated by hand (the importer's sources are in ``liveblog.dates``).
SET_BY_HAND = "set by hand"


def set_dispatch_date(project: Project, dispatch_id: str, day: date) -> RedateDispatch:
    """The undoable command that dates ``dispatch_id`` on ``day`` and stamps its entries.

    Raises ``WorkbenchError`` (without a file: the caller names it) for an unknown dispatch.
    """
    dispatch = project.dispatches.get(dispatch_id)
    if dispatch is None:
        raise WorkbenchError(f"no dispatch '{dispatch_id}'")
    entries = entries_of(project, dispatch_id)
    before = DispatchDating(
        dispatch.published,
        dict(dispatch.meta),
        {e.id: EntryTime(e.timestamp, e.zone, e.utc) for e in entries},
    )
    marks = [_printed_time(e.time_label) for e in entries]
    old_day = _dated_day(dispatch.published, entries)
    if old_day is not None and any(e.timestamp for e in entries):
        stamps = _shifted([e.timestamp for e in entries], day - old_day)
    else:
        stamps = timestamps(marks, day, dispatch.meta.get("order") or decide_order(marks))
    zones, _notes = entry_zones(
        [m.zone if m else None for m in marks], stamps, dispatch.time_basis, dispatch.dateline
    )
    after = DispatchDating(
        day.isoformat(),
        {**dispatch.meta, "date_source": SET_BY_HAND},
        {
            e.id: _time_in_zone(e, stamp, zone, utc)
            for e, stamp, (zone, utc) in zip(entries, stamps, zones, strict=True)
        },
    )
    return RedateDispatch(f"Set the date of '{dispatch.title}'", dispatch_id, before, after)


def _time_in_zone(entry: Entry, stamp: str | None, zone: str | None, utc: str | None) -> EntryTime:
    """The entry's new times: its zone and UTC instant as the importer finds them for the new
    stamp (daylight saving of the new day included); an entry whose zone came from elsewhere
    (a ninjs item's version time) keeps it, its instant moved with its local time."""
    if zone is not None or entry.zone is None:
        return EntryTime(stamp, zone, utc)
    moved = None
    if entry.utc and entry.timestamp and stamp:
        delta = datetime.fromisoformat(stamp) - datetime.fromisoformat(entry.timestamp)
        moved = (datetime.fromisoformat(entry.utc[:19]) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")
    return EntryTime(stamp, entry.zone, moved)


def entries_of(project: Project, dispatch_id: str) -> list[Entry]:
    """The dispatch's entries in printed order (position 0 first)."""
    return sorted((e for e in project.entries if e.dispatch_id == dispatch_id), key=lambda e: e.position)


def current_date(project: Project, dispatch_id: str) -> date | None:
    """The day the dispatch is dated on: its date, else its oldest stamp's day, else None
    (what a dialog offers to correct, or a guess to start from)."""
    dispatch = project.dispatches.get(dispatch_id)
    if dispatch is None:
        return None
    return _dated_day(dispatch.published, entries_of(project, dispatch_id))


def guessed_date(project: Project, dispatch_id: str) -> date | None:
    """A day to offer for an undated dispatch: that of the nearest dated dispatch imported
    around it, from the same file if any (a digest's stories are usually of one day)."""
    dispatches = list(project.dispatches.values())
    at = next((i for i, d in enumerate(dispatches) if d.id == dispatch_id), None)
    if at is None:
        return None
    nearest = sorted(range(len(dispatches)), key=lambda i: abs(i - at))
    source = dispatches[at].source
    for same_file in (True, False):
        for i in nearest:
            other = dispatches[i]
            if other.published and (other.source == source or not same_file):
                try:
                    return date.fromisoformat(other.published[:10])
                except ValueError:
                    continue
    return None


def _dated_day(published: str | None, entries: list[Entry]) -> date | None:
    """The day stamps are counted from: the dispatch's date, else its oldest stamp's day."""
    if published:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            pass  # a date the file gets wrong: the stamps still tell the day
    return min((date.fromisoformat(e.timestamp[:10]) for e in entries if e.timestamp), default=None)


def _shifted(stamps: list[str | None], delta: timedelta) -> list[str | None]:
    return [
        (date.fromisoformat(stamp[:10]) + delta).isoformat() + stamp[10:] if stamp else None
        for stamp in stamps
    ]


def _printed_time(label: str | None) -> TimeMark | None:
    """The time an entry's label prints, read by the importer's own time-line recogniser."""
    found = match_time_line(label) if label else None
    return found[0] if found is not None and found[1] is None else None
