"""Activity counted by the UTC clock, on the activity corpus with UTC times.

``tests/data/activity-corpus-utc.json`` is ``activity-corpus.json`` with Moscow times
(+03:00) on e0-e5: e0 20:50Z (Jan 24), e1 21:00Z, e2 21:10Z, e3 21:29Z, e4 21:30Z (all
Jan 24), e5 10:45Z (Jan 25). e6 has no time at all, e7 a time in a zone not known, so
neither has a UTC time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.analysis.activity import ActivityIndex, Breakdown
from workbench.analysis.activity_report import activity_csv, text_bars
from workbench.core.filtering import EntryFilter
from workbench.core.model import Project
from workbench.formats.project.file import load_project
from workbench.index.filtering import filter_entries, within_time
from workbench.index.project_index import ProjectIndex

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus-utc.json"


@pytest.fixture
def corpus() -> Project:
    return load_project(CORPUS)


def _hours(counts: np.ndarray) -> dict[int, int]:
    return {hour: int(n) for hour, n in enumerate(counts) if n}


def test_utc_hours_move_the_entries_and_count_those_without_a_utc_time_apart(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    local = index.time_of_day()
    assert (_hours(local.totals), local.no_time, local.utc) == ({0: 4, 9: 1, 13: 1, 23: 1}, 1, False)
    utc = index.time_of_day(utc=True)
    assert (_hours(utc.totals), utc.no_time, utc.utc) == ({10: 1, 20: 1, 21: 4}, 2, True)
    assert _hours(index.time_of_day().totals) == _hours(local.totals)  # the clocks are cached apart


def test_utc_days_and_a_breakdown_by_the_utc_clock(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    days = index.per_day(utc=True)
    assert [str(d) for d in days.days] == ["2017-01-24", "2017-01-25"]
    assert days.totals.tolist() == [5, 1] and days.no_time == 2
    stance = index.time_of_day(annotator="ana", breakdown=Breakdown("stance"), utc=True)
    by_key = {s.key: _hours(s.counts) for s in stance.series}
    assert by_key["favor"] == {10: 1, 21: 1}  # e5 and e1
    assert sum(s.no_time for s in stance.series) == 2


def test_reports_name_the_utc_clock(corpus: Project) -> None:
    counts = ActivityIndex(corpus).time_of_day(utc=True)
    csv_text = activity_csv(counts)
    assert csv_text.splitlines()[0] == "start_utc,total"
    assert csv_text.splitlines()[-1] == "no UTC time,2"
    assert text_bars(counts)[-1].split() == ["no", "UTC", "time", "2"]


def test_a_utc_time_range_filters_by_the_utc_clock(corpus: Project) -> None:
    everything = range(len(corpus.entries))
    ids = lambda found: [corpus.entries[i].id for i in found]  # noqa: E731
    assert ids(within_time(ProjectIndex(corpus), everything, (21 * 60, 22 * 60), None, utc=True)) == [
        "e1",
        "e2",
        "e3",
        "e4",
    ]
    assert ids(within_time(ProjectIndex(corpus), everything, (21 * 60, 22 * 60), None)) == []
    assert ids(within_time(ProjectIndex(corpus), everything, None, ("2017-01-25", None), utc=True)) == ["e5"]
    in_utc = EntryFilter(minutes=(20 * 60, 21 * 60), utc=True)
    assert ids(filter_entries(ProjectIndex(corpus), in_utc, "ana")) == ["e0"]
    assert EntryFilter(utc=True).is_empty() and not in_utc.is_empty()


def test_the_loader_hands_the_checked_utc_times_to_the_index(corpus: Project) -> None:
    assert corpus.load_hints is not None and corpus.load_hints.utc_times is not None
    kept = corpus.load_hints.utc_times  # checked by the loader
    assert ProjectIndex(corpus).utc_times is kept  # taken by the index, not parsed again
    assert kept.minute.tolist() == ActivityIndex(corpus)._times(utc=True).minute.tolist()
    assert kept.minute.tolist()[:6] == [
        20 * 60 + 50,
        21 * 60,
        21 * 60 + 10,
        21 * 60 + 29,
        21 * 60 + 30,
        10 * 60 + 45,
    ]
