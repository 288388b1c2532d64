"""Activity counts as CSV and as text bars: the one writer behind the CLI and the chart's export.

The CSV is meant for spreadsheets (written by the one neutralising writer, since series
keys come from the data): a header row ``start,total,<series...>`` (``date`` for
per-day counts), one row per bin, and a last ``no time`` row when some entries have no
timestamp, so the column sums always match the number of entries counted. Counts by the
UTC clock say so: ``start_utc`` (``date_utc``) and a ``no UTC time`` row. Series
columns hold value keys; a multi-valued entry counts once per value (see
``workbench.analysis.activity``), so they may add up to more than ``total``.
"""

from __future__ import annotations

import io
from pathlib import Path

from workbench.analysis.activity import DailyCounts, TimeOfDayCounts
from workbench.formats.atomic_write import write_atomic
from workbench.formats.csv_safe import SafeWriter

NO_TIME_ROW = "no time"
NO_UTC_TIME_ROW = "no UTC time"


def no_time_label(counts: TimeOfDayCounts | DailyCounts) -> str:
    """What the entries outside the bins lack: a time, or (counted by UTC) a UTC time."""
    return NO_UTC_TIME_ROW if counts.utc else NO_TIME_ROW


def activity_csv(counts: TimeOfDayCounts | DailyCounts) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    first = ("date" if isinstance(counts, DailyCounts) else "start") + ("_utc" if counts.utc else "")
    writer.writerow([first, "total", *(s.key for s in counts.series)])
    for i in range(len(counts.totals)):
        writer.writerow(
            [counts.start_label(i), int(counts.totals[i]), *(int(s.counts[i]) for s in counts.series)]
        )
    if counts.no_time:
        writer.writerow([no_time_label(counts), counts.no_time, *(s.no_time for s in counts.series)])
    return out.getvalue()


def write_activity_csv(path: str | Path, counts: TimeOfDayCounts | DailyCounts) -> None:
    """Write the CSV atomically: a reader never sees half a file, a failure leaves the old one."""
    write_atomic(Path(path), activity_csv(counts).encode("utf-8"))


def text_bars(counts: TimeOfDayCounts, width: int = 40) -> list[str]:
    """One line per bin: ``HH:MM  ████▌ 12``, plus per-series counts when there is a breakdown."""
    peak = int(counts.totals.max()) if len(counts.totals) else 0
    lines = []
    for i, total in enumerate(counts.totals.tolist()):
        bar = _bar(total, peak, width)
        detail = ", ".join(f"{s.key} {int(s.counts[i])}" for s in counts.series if s.counts[i])
        line = f"  {counts.start_label(i):<7}  {bar:<{width}} {total:>6}"
        lines.append(f"{line}  ({detail})" if detail else line)
    if counts.no_time:
        detail = ", ".join(f"{s.key} {s.no_time}" for s in counts.series if s.no_time)
        line = f"  {no_time_label(counts):<7}  {'':<{width}} {counts.no_time:>6}"
        lines.append(f"{line}  ({detail})" if detail else line)
    return lines


_EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(value: int, peak: int, width: int) -> str:
    if peak <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / peak * width * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
