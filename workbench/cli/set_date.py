"""``workbench-cli set-date PROJECT DISPATCH_ID YYYY-MM-DD``: date a dispatch by hand.

The same operation as the window's Edit ▸ Set dispatch date… (``formats.dispatch_dating``):
the dispatch gets the date, its entries are stamped from their printed times (or moved to
the new day when they had stamps), and ``meta["date_source"]`` says "set by hand". The
project is saved atomically (to ``-o OUT`` when given, else in place with a ``.bak``), so a
failure leaves the file as it was.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.formats.importers.liveblog.dating import current_date, entries_of, set_dispatch_date
from workbench.formats.project.file import load_project, save_project

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "set-date",
        help="set or correct a dispatch's date; its entries are stamped from their printed times",
        description=(
            "Date DISPATCH_ID on YYYY-MM-DD, the day of its oldest entry, as a date line would: "
            "entries without timestamps are stamped from their printed times (midnight crossings "
            "included), entries with timestamps move to the new day. "
            "`workbench-cli stats PROJECT --dispatches` lists the dispatch ids."
        ),
    )
    parser.add_argument("project", metavar="PROJECT", help="project file")
    parser.add_argument("dispatch_id", metavar="DISPATCH_ID", help="the dispatch's id (d-...)")
    parser.add_argument("day", metavar="YYYY-MM-DD", type=_day, help="the date of its oldest entry")
    parser.add_argument("-o", "--output", metavar="OUT", help="save to this project file instead of PROJECT")
    parser.set_defaults(run=run)


def _day(text: str) -> date:
    """A real calendar day written YYYY-MM-DD (the form the project file keeps dates in)."""
    try:
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD")


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    dispatch = project.dispatches.get(args.dispatch_id)
    if dispatch is None:
        raise WorkbenchError(
            f"no dispatch '{args.dispatch_id}' (`workbench-cli stats {args.project} --dispatches` lists the ids)",
            file=args.project,
        )
    before = current_date(project, args.dispatch_id)
    set_dispatch_date(project, args.dispatch_id, args.day).redo(project)
    output = Path(args.output or args.project)
    save_project(project, output)
    entries = entries_of(project, args.dispatch_id)
    stamped = sum(e.timestamp is not None for e in entries)
    was = before.isoformat() if before else "no date"
    print(
        f"{output}: dated '{dispatch.title}' {args.day.isoformat()} (was {was}); "
        f"{stamped} of {len(entries)} entries stamped"
    )
    return 0
