"""``workbench-cli stats PROJECT``: what a project holds and when its entries were written.

Uses the same ``ActivityIndex`` as the chart dock, so the numbers a script gets and the
bars an analyst sees always agree.

``--json`` prints ``dispatches`` and ``entries`` (counts), ``annotators`` (names),
``values`` (``{dimension: {value: count}}``: over ``--annotator``'s layer, or when none
is given over all layers, where an entry coded by two annotators counts twice),
``hours`` (24 entry counts by local hour), ``no_time`` (entries without a time) and
``clock`` (``local``); with ``--dispatches`` also ``dispatch_list``: each dispatch's ``id``,
``title``, ``published`` (None without a date), ``date_source`` and ``entries``, the ids
``set-date`` takes. With ``--utc`` the hours are of the UTC clock (``Entry.utc``),
``no_time`` counts the entries without a UTC time and ``clock`` is ``UTC``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

import orjson

from workbench.analysis.activity import BIN_WIDTHS, ActivityIndex, Breakdown, TimeOfDayCounts, value_counts
from workbench.analysis.activity_report import text_bars, write_activity_csv
from workbench.core.adjudication import GOLD_LAYER, review_coders
from workbench.core.errors import WorkbenchError, one_line
from workbench.core.model import Project
from workbench.formats.importers.liveblog.dates import DATE_LINE
from workbench.formats.project.file import load_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="summarise a project: counts, coded values, entries by hour of day",
        description="Summarise a project: dispatches, entries, annotators, coded values and "
        "an hour-of-day histogram of the entries.",
    )
    parser.add_argument("project", help="project file (.wbproj)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--annotator", help="count values in this annotator's layer only (default: all layers)"
    )
    parser.add_argument(
        "--dispatches", action="store_true", help="also list each dispatch: id, date, entries, title"
    )
    parser.add_argument("--hours-csv", metavar="OUT", help="write entries per time-of-day bin as CSV")
    parser.add_argument(
        "--bin", type=int, choices=BIN_WIDTHS, default=60, help="bin width in minutes (default 60)"
    )
    parser.add_argument(
        "--by",
        metavar="DIMENSION",
        help="break the histogram down by a dimension of the annotator's layer (stance, event_type, actor...)",
    )
    parser.add_argument(
        "--top", type=int, metavar="N", help="with --by, keep the N commonest values and add 'other'"
    )
    parser.add_argument(
        "--utc",
        action="store_true",
        help="count hours of the UTC clock (entries whose zone is known) instead of local time",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    index = ActivityIndex(project)
    if args.annotator is not None and not project.has_layer(args.annotator):
        names = ", ".join(project.annotators()) or "none"
        raise WorkbenchError(f"no annotator '{args.annotator}' (annotators: {names})", file=args.project)
    breakdown, layer = _breakdown(project, args)
    histogram = index.time_of_day(bin_minutes=args.bin, annotator=layer, breakdown=breakdown, utc=args.utc)
    hourly = histogram if args.bin == 60 else index.time_of_day(bin_minutes=60, utc=args.utc)
    values = value_counts(project, args.annotator)
    if args.hours_csv:
        write_activity_csv(args.hours_csv, histogram)
    if args.json:
        summary = _summary(project, values, hourly)
        if args.dispatches:
            summary["dispatch_list"] = _dispatch_list(project)
        sys.stdout.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode())
        sys.stdout.write("\n")
    else:
        lines = _text(project, args, values, histogram)
        print("\n".join(lines + (_dispatch_lines(project) if args.dispatches else [])))
    return 0


def _dispatch_list(project: Project) -> list[dict[str, Any]]:
    """Each dispatch with its date and where that came from: what ``set-date`` is pointed at."""
    counts = Counter(e.dispatch_id for e in project.entries)
    return [
        {
            "id": d.id,
            "title": d.title,
            "published": d.published,
            "date_source": d.meta.get("date_source", DATE_LINE if d.published else None),
            "entries": counts[d.id],
        }
        for d in project.dispatches.values()
    ]


def _dispatch_lines(project: Project) -> list[str]:
    rows = _dispatch_list(project)
    days = [
        f"{row['published']} ({row['date_source']})"
        if row["published"] and row["date_source"] != DATE_LINE
        else row["published"] or "no date"
        for row in rows
    ]
    id_width = max((len(row["id"]) for row in rows), default=0)
    day_width = max(map(len, days), default=0)
    lines = ["", "Dispatches (id, date, entries, title):"]
    for row, day in zip(rows, days, strict=True):
        lines.append(
            f"  {row['id']:<{id_width}}  {day:<{day_width}}  {row['entries']:>6}  {one_line(row['title'])}"
        )
    return lines


def _breakdown(project: Project, args: argparse.Namespace) -> tuple[Breakdown | None, str | None]:
    """The breakdown and the layer it reads; without --annotator a project's only layer is used."""
    if args.by is None:
        return None, args.annotator
    dimension = project.codebook.dimension(args.by)
    if dimension is None:
        names = ", ".join(d.key for d in project.codebook.dimensions)
        raise WorkbenchError(f"--by: no dimension '{args.by}' (dimensions: {names})", file=args.project)
    layer = args.annotator
    if layer is None:
        coders = review_coders(project)
        if len(coders) != 1:
            names = ", ".join(coders) or "none"
            raise WorkbenchError(f"--by needs --annotator NAME (annotators: {names})", file=args.project)
        layer = coders[0]
    return Breakdown.for_dimension(dimension, args.top), layer


def _summary(project: Project, values: dict[str, dict[str, int]], hourly: TimeOfDayCounts) -> dict[str, Any]:
    return {
        "dispatches": len(project.dispatches),
        "entries": len(project.entries),
        "annotators": review_coders(project),
        "gold": _gold_counts(project),
        "values": values,
        "hours": [int(n) for n in hourly.totals],
        "no_time": hourly.no_time,
        "clock": "UTC" if hourly.utc else "local",
    }


def _gold_counts(project: Project) -> dict[str, int]:
    """Gold is the result of a review, not an annotator: reported apart from them."""
    gold = project.layer(GOLD_LAYER) or {}
    return {"entries": len(gold), "adjudicated": sum(a.status == "done" for a in gold.values())}


def _gold_line(project: Project) -> str:
    counts = _gold_counts(project)
    if not counts["entries"]:
        return "none yet"
    return f"{counts['entries']} entries, {counts['adjudicated']} with nothing left open"


def _text(
    project: Project, args: argparse.Namespace, values: dict[str, dict[str, int]], histogram: TimeOfDayCounts
) -> list[str]:
    lines = [
        f"Project:     {args.project}",
        f"Dispatches:  {len(project.dispatches)}",
        f"Entries:     {len(project.entries)} ({histogram.no_time} without a {'UTC ' * histogram.utc}time)",
        f"Annotators:  {', '.join(review_coders(project)) or 'none'}",
        f"Gold:        {_gold_line(project)}",
        "",
        f"Coded values ({f'layer {args.annotator}' if args.annotator else 'all annotators, not gold'}):",
    ]
    for dim_key, bucket in values.items():
        dimension = project.codebook.dimension(dim_key)
        lines.append(f"  {dimension.label if dimension else dim_key}:")
        coded = {k: n for k, n in bucket.items() if n}
        if not coded:
            lines.append("    (none)")
        width = max((len(k) for k in coded), default=0)
        lines.extend(f"    {key:<{width}}  {n:>6}" for key, n in coded.items())
    by = f", by {histogram.dimension} (an entry counts once per value)" if histogram.dimension else ""
    clock = "UTC" if histogram.utc else "local time"
    lines += ["", f"Entries by time of day ({histogram.bin_minutes}-minute bins, {clock}{by}):"]
    lines += text_bars(histogram)
    return lines
