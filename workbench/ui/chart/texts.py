"""What the activity chart says in words: a bar's numbers on hover, and the note under the bars.

Kept beside the panel as plain functions of the counts and the clock setting, so the
wording can be read (and changed) in one place without the widgets around it.
"""

from __future__ import annotations

from workbench.analysis.activity import DailyCounts, TimeOfDayCounts
from workbench.analysis.activity_report import no_time_label
from workbench.core.clock_text import Clock, day_text, minute_text
from workbench.core.codebook import Codebook


def bar_text(counts: TimeOfDayCounts | DailyCounts, index: int, clock: Clock, with_year: bool) -> str:
    """ "1 p.m.–2 p.m.: 12 entries — Against 5 · Favor 7", as the hover label shows it."""
    if isinstance(counts, TimeOfDayCounts):
        start = int(counts.starts[index])
        where = f"{minute_text(start, clock)}–{minute_text(start + counts.bin_minutes, clock)}"
    else:
        where = day_text(counts.days[index].item(), with_year)
    total = int(counts.totals[index])
    where += " UTC" if counts.utc else ""
    text = f"{where}: {total} {'entry' if total == 1 else 'entries'}"
    parts = [f"{s.label} {int(s.counts[index])}" for s in counts.series if s.counts[index]]
    return f"{text} — {' · '.join(parts)}" if parts else text


def chart_note(counts: TimeOfDayCounts | DailyCounts, codebook: Codebook) -> str:
    """The line under the legend, part of the chart so exported pictures carry it too."""
    n = counts.no_time
    label = no_time_label(counts)
    why = "no time or no known zone; " if counts.utc else ""
    note = f"{label[0].upper()}{label[1:]}: {n} {'entry' if n == 1 else 'entries'} ({why}not in the bars)"
    if counts.utc:
        note = "By the UTC clock · " + note
    dimension = codebook.dimension(counts.dimension or "")
    if dimension is not None and dimension.kind != "single":
        note += f" · An entry with several {dimension.label.lower()} values counts once for each."
    return note
