"""Activity counts against hand counts, and the vectorised counting against a plain loop.

``tests/data/activity-corpus.json`` is a hand-made project of eight entries (its meta
says so): e0 23:50 on Jan 24, e1 00:00 / e2 00:10 / e3 00:29 / e4 00:30 / e5 13:45 on
Jan 25, e6 without a time, e7 09:15 on Jan 27. Layer "ana" codes:
e0 against RUS+TUR ASSAULT, e1 favor RUS AGREE+CONSULT, e2 nothing, e3 neutral USA,
e4 against XYZ (an actor the codebook does not list), e5 favor SYR+UNO, e6 against RUS,
e7 an annotation with no values. Every expected number below was counted by hand.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.oracles import CommandStack
from workbench.analysis.activity import (
    ActivityIndex,
    Breakdown,
    TimeOfDayCounts,
    series_colours,
    value_counts,
)
from workbench.analysis.activity_report import activity_csv
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Entry, Project, Span
from workbench.core.undoable import (
    AddImport,
    ImportBatch,
    ReplaceAnnotations,
    add_span,
    edit_annotation,
    set_value,
    toggle_value,
)
from workbench.formats.project.file import load_project
from workbench.index.activity import annotation_values

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus.json"
FUZZ_EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))


@pytest.fixture
def corpus() -> Project:
    return load_project(CORPUS)


def nonzero(counts: np.ndarray, labels: list[str]) -> dict[str, int]:
    return {labels[i]: int(n) for i, n in enumerate(counts) if n}


def bins_of(result: TimeOfDayCounts) -> list[str]:
    return [result.start_label(i) for i in range(len(result.starts))]


def series_by_key(result: TimeOfDayCounts) -> dict[str, dict[str, int]]:
    labels = bins_of(result)
    return {
        s.key: {**nonzero(s.counts, labels), **({"no time": s.no_time} if s.no_time else {})}
        for s in result.series
    }


@pytest.mark.parametrize(
    ("bin_minutes", "expected"),
    [
        (60, {"00:00": 4, "09:00": 1, "13:00": 1, "23:00": 1}),
        (30, {"00:00": 3, "00:30": 1, "09:00": 1, "13:30": 1, "23:30": 1}),
        (15, {"00:00": 2, "00:15": 1, "00:30": 1, "09:15": 1, "13:45": 1, "23:45": 1}),
    ],
)
def test_totals_per_bin_match_hand_counts(
    corpus: Project, bin_minutes: int, expected: dict[str, int]
) -> None:
    result = ActivityIndex(corpus).time_of_day(bin_minutes=bin_minutes)
    assert len(result.starts) == 24 * 60 // bin_minutes
    assert nonzero(result.totals, bins_of(result)) == expected
    assert result.no_time == 1
    assert result.series == ()


def test_entries_either_side_of_midnight_land_in_the_first_and_last_bins(corpus: Project) -> None:
    # e0 (23:50, Jan 24), e1 (00:00, Jan 25), e2 (00:10, Jan 25): the day rolls over between them.
    around_midnight = [corpus.index_of(e) for e in ("e0", "e1", "e2")]
    index = ActivityIndex(corpus)
    for bin_minutes, last in ((60, "23:00"), (30, "23:30"), (15, "23:45")):
        result = index.time_of_day(around_midnight, bin_minutes=bin_minutes)
        assert nonzero(result.totals, bins_of(result)) == {"00:00": 2, last: 1}
    daily = index.per_day(around_midnight)
    assert nonzero(daily.totals, [str(d) for d in daily.days]) == {"2017-01-24": 1, "2017-01-25": 2}


def test_stance_breakdown_counts_uncoded_and_untimed_entries(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(annotator="ana", breakdown=Breakdown("stance"))
    assert series_by_key(result) == {
        "against": {"00:00": 1, "23:00": 1, "no time": 1},
        "neutral": {"00:00": 1},
        "favor": {"00:00": 1, "13:00": 1},
        "uncoded": {"00:00": 1, "09:00": 1},
    }
    assert [s.key for s in result.series] == ["against", "neutral", "favor", "uncoded"]


def test_stance_breakdown_with_fifteen_minute_bins(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(bin_minutes=15, annotator="ana", breakdown=Breakdown("stance"))
    assert series_by_key(result) == {
        "against": {"00:30": 1, "23:45": 1, "no time": 1},
        "neutral": {"00:15": 1},
        "favor": {"00:00": 1, "13:45": 1},
        "uncoded": {"00:00": 1, "09:15": 1},
    }


def test_event_type_breakdown_counts_a_multi_valued_entry_once_per_value(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(
        bin_minutes=30, annotator="ana", breakdown=Breakdown("event_type")
    )
    assert series_by_key(result) == {
        "AGREE": {"00:00": 1},
        "CONSULT": {"00:00": 1},
        "ASSAULT": {"23:30": 1},
        "uncoded": {"00:00": 2, "00:30": 1, "09:00": 1, "13:30": 1, "no time": 1},
    }
    # e1 carries AGREE and CONSULT: the series add up to more than the total there.
    assert int(result.totals[0]) == 3
    assert sum(int(s.counts[0]) for s in result.series) == 4


def test_top_actors_with_other(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(annotator="ana", breakdown=Breakdown("actor", top=2))
    # RUS 3 entries; TUR, USA, UNO, SYR, XYZ one each: the tie goes to codebook order (TUR).
    # e5 carries SYR and UNO, both outside the top 2, and counts once in "other".
    assert series_by_key(result) == {
        "RUS": {"00:00": 1, "23:00": 1, "no time": 1},
        "TUR": {"23:00": 1},
        "other": {"00:00": 2, "13:00": 1},
        "uncoded": {"00:00": 1, "09:00": 1},
    }


def test_all_actors_in_codebook_order_then_unlisted(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(annotator="ana", breakdown=Breakdown("actor"))
    assert [s.key for s in result.series] == ["RUS", "TUR", "USA", "UNO", "SYR", "XYZ", "uncoded"]
    assert [s.label for s in result.series][:2] == ["Russia", "Turkey"]


def test_series_use_the_codebook_colours_and_tell_shared_colours_apart(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    stance = index.time_of_day(annotator="ana", breakdown=Breakdown("stance"))
    dim = corpus.codebook.dimension("stance")
    assert dim is not None
    assert {s.key: s.colour for s in stance.series if s.key != "uncoded"} == {
        v.key: v.colour for v in dim.values
    }
    events = index.time_of_day(annotator="ana", breakdown=Breakdown("event_type"))
    colours = {s.key: s.colour for s in events.series}
    event_dim = corpus.codebook.dimension("event_type")
    assert event_dim is not None
    assert colours["AGREE"] == event_dim.value("AGREE").colour  # type: ignore[union-attr]
    assert event_dim.value("CONSULT").colour == event_dim.value("AGREE").colour  # type: ignore[union-attr]
    assert colours["CONSULT"] != colours["AGREE"]
    all_events = series_colours(event_dim, event_dim.keys())
    assert len(set(all_events.values())) == len(event_dim.values)


def test_subset_restricts_the_counts(corpus: Project) -> None:
    subset = [corpus.index_of(e) for e in ("e0", "e5", "e6")]
    result = ActivityIndex(corpus).time_of_day(subset, annotator="ana", breakdown=Breakdown("stance"))
    assert nonzero(result.totals, bins_of(result)) == {"13:00": 1, "23:00": 1}
    assert result.no_time == 1
    assert series_by_key(result) == {"against": {"23:00": 1, "no time": 1}, "favor": {"13:00": 1}}


def test_per_day_covers_every_day_of_the_range_with_zeros(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    daily = index.per_day(annotator="ana", breakdown=Breakdown("stance"))
    assert [str(d) for d in daily.days] == ["2017-01-24", "2017-01-25", "2017-01-26", "2017-01-27"]
    assert daily.totals.tolist() == [1, 5, 0, 1]
    assert daily.no_time == 1
    by_key = {s.key: s.counts.tolist() for s in daily.series}
    assert by_key == {
        "against": [1, 1, 0, 0],
        "neutral": [0, 1, 0, 0],
        "favor": [0, 2, 0, 0],
        "uncoded": [0, 1, 0, 1],
    }
    # A filter keeps the project's date range, so the axis does not jump while filtering.
    only_e7 = index.per_day([corpus.index_of("e7")])
    assert len(only_e7.days) == 4
    assert only_e7.totals.tolist() == [0, 0, 0, 1]


def test_a_tag_change_updates_the_cached_counts(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    before = index.time_of_day(annotator="ana", breakdown=Breakdown("stance"))
    assert series_by_key(before)["uncoded"] == {"00:00": 1, "09:00": 1}
    stack = CommandStack(corpus)
    change = stack.push(
        edit_annotation(corpus, "ana", "e2", "code", toggle_value("stance", "favor", multi=False))
    )
    assert change is not None
    index.note_change(change)
    after = series_by_key(index.time_of_day(annotator="ana", breakdown=Breakdown("stance")))
    assert after["favor"] == {"00:00": 2, "13:00": 1}
    assert after["uncoded"] == {"09:00": 1}
    undone = stack.undo()
    assert undone is not None
    index.note_change(undone)
    assert series_by_key(index.time_of_day(annotator="ana", breakdown=Breakdown("stance"))) == series_by_key(
        before
    )


def test_added_entries_are_counted_after_the_change(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    assert index.time_of_day().no_time == 1
    batch = ImportBatch(entries=[Entry("e8", "d-harbour", 1, None, None, "Another undated note.")])
    index.note_change(AddImport(batch).redo(corpus))  # what the chart panel does on session.changed
    assert index.time_of_day().no_time == 2


def test_bad_requests_raise_workbench_errors(corpus: Project) -> None:
    index = ActivityIndex(corpus)
    with pytest.raises(WorkbenchError, match="bin width"):
        index.time_of_day(bin_minutes=20)
    with pytest.raises(WorkbenchError, match="no dimension 'tone'"):
        index.time_of_day(annotator="ana", breakdown=Breakdown("tone"))


def test_unparseable_timestamps_count_as_no_time() -> None:
    project = Project(codebook=builtin_codebook("plover"))
    stamps = ["2017-02-30T10:00:00", "2017-02-01T10:0x:00", "2017-02-01T10:05:00", "2017-02-01T25:00:00"]
    project.entries = [Entry(f"e{i}", "d", i, None, s, "") for i, s in enumerate(stamps)]
    result = ActivityIndex(project).time_of_day()
    assert result.no_time == 3
    assert nonzero(result.totals, bins_of(result)) == {"10:00": 1}


def test_value_counts_over_one_layer_and_all_layers(corpus: Project) -> None:
    ana = value_counts(corpus, "ana")
    assert {k: n for k, n in ana["stance"].items()} == {"against": 3, "neutral": 1, "favor": 2}
    assert ana["actor"]["RUS"] == 3 and ana["actor"]["XYZ"] == 1
    assert list(ana["actor"])[-1] == "XYZ"  # unlisted values follow the codebook's
    assert ana["mention"]["ORG"] == 1
    both = value_counts(corpus)
    # ben coded e0 favor and e2 neutral + IRN: annotations of both layers add up.
    assert both["stance"] == {"against": 3, "neutral": 2, "favor": 3}
    assert both["actor"]["IRN"] == 1
    with pytest.raises(WorkbenchError, match="no annotator 'zoe'"):
        value_counts(corpus, "zoe")


def test_csv_has_a_header_a_row_per_bin_and_a_no_time_row(corpus: Project) -> None:
    result = ActivityIndex(corpus).time_of_day(bin_minutes=30, annotator="ana", breakdown=Breakdown("stance"))
    lines = activity_csv(result).splitlines()
    assert lines[0] == "start,total,against,neutral,favor,uncoded"
    assert len(lines) == 1 + 48 + 1
    assert lines[1] == "00:00,3,0,1,1,1"
    assert lines[2] == "00:30,1,1,0,0,0"
    assert lines[-2] == "23:30,1,1,0,0,0"
    assert lines[-1] == "no time,1,1,0,0,0"


# -- the vectorised counts agree with a plain loop on random projects ---------------------

STANCES = ["against", "neutral", "favor"]
ACTORS = ["RUS", "TUR", "USA", "NEW1", "NEW2"]


def _minute_of_day(timestamp: str | None) -> int | None:
    """The oracle's reading of a stamp, by the standard library."""
    try:
        moment = datetime.fromisoformat(timestamp or "")
    except ValueError:
        return None
    return moment.hour * 60 + moment.minute if "T" in (timestamp or "") else None


def naive_counts(project: Project, subset: list[int], bin_minutes: int, dimension: str, top: int | None):
    """The obvious loop over entries, written independently of the numpy code."""
    dim = project.codebook.dimension(dimension)
    assert dim is not None
    per_value: dict[str, dict[int, int]] = {}
    for i in subset:
        e = project.entries[i]
        minute = _minute_of_day(e.timestamp)
        key = minute // bin_minutes if minute is not None else -1
        values = annotation_values(project.annotation("ana", e.id), dim) or ["uncoded"]
        for v in values:
            per_value.setdefault(v, {}).setdefault(key, 0)
            per_value[v][key] += 1
    if top is not None:
        listed = dim.keys()
        ranked = sorted(
            (v for v in per_value if v != "uncoded"),
            key=lambda v: (-sum(per_value[v].values()), listed.index(v) if v in listed else 99, v),
        )
        keep = set(ranked[:top])
        other: dict[int, int] = {}
        for i in subset:
            e = project.entries[i]
            values = annotation_values(project.annotation("ana", e.id), dim)
            if any(v not in keep for v in values):
                minute = _minute_of_day(e.timestamp)
                key = minute // bin_minutes if minute is not None else -1
                other[key] = other.get(key, 0) + 1
        per_value = {v: c for v, c in per_value.items() if v in keep or v == "uncoded"}
        if other:
            per_value["other"] = other
    return per_value


def as_sparse(result: TimeOfDayCounts) -> dict[str, dict[int, int]]:
    out = {}
    for s in result.series:
        cells = {i: int(n) for i, n in enumerate(s.counts) if n}
        if s.no_time:
            cells[-1] = s.no_time
        out[s.key] = cells
    return out


entry_strategy = st.tuples(
    st.one_of(st.none(), st.tuples(st.integers(0, 23), st.integers(0, 59))),
    st.one_of(st.none(), st.sampled_from(STANCES)),
    st.lists(st.sampled_from(ACTORS), max_size=3, unique=True),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(
    entries=st.lists(entry_strategy, min_size=1, max_size=40),
    edits=st.lists(
        st.tuples(st.integers(0, 39), st.sampled_from(STANCES), st.sampled_from(ACTORS)), max_size=6
    ),
    bin_minutes=st.sampled_from([60, 30, 15]),
    top=st.one_of(st.none(), st.integers(1, 3)),
    data=st.data(),
)
def test_vectorised_counts_match_a_plain_loop_before_and_after_edits(
    entries, edits, bin_minutes, top, data
) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    layer: dict[str, Annotation] = {}
    for i, (time, stance, actors) in enumerate(entries):
        stamp = f"2020-03-0{1 + i % 3}T{time[0]:02d}:{time[1]:02d}:00" if time else None
        project.entries.append(Entry(f"e{i}", "d", i, None, stamp, ""))
        values = {**({"stance": stance} if stance else {}), **({"actor": actors} if actors else {})}
        if values:
            layer[f"e{i}"] = Annotation(values=values)
    project.set_layer("ana", layer)
    index = ActivityIndex(project)
    subset = sorted(data.draw(st.sets(st.integers(0, len(entries) - 1))))
    for dimension in ("stance", "actor"):
        result = index.time_of_day(
            subset, bin_minutes=bin_minutes, annotator="ana", breakdown=Breakdown(dimension, top)
        )
        assert as_sparse(result) == naive_counts(project, subset, bin_minutes, dimension, top)
    stack = CommandStack(project)
    for position, stance, actor in edits:
        entry_id = f"e{position % len(entries)}"
        for edit in (set_value("stance", stance), toggle_value("actor", actor, multi=True)):
            change = stack.push(edit_annotation(project, "ana", entry_id, "edit", edit))
            if change is not None:
                index.note_change(change)
    for dimension in ("stance", "actor"):
        result = index.time_of_day(
            subset, bin_minutes=bin_minutes, annotator="ana", breakdown=Breakdown(dimension, top)
        )
        assert as_sparse(result) == naive_counts(project, subset, bin_minutes, dimension, top)
        assert int(result.totals.sum()) + result.no_time == len(subset)


def test_odd_codings_count_like_a_plain_loop_before_and_after_edits() -> None:
    """Repeats count once, unlisted values get a series, values of the wrong kind (a list
    where one value belongs, a lone string in a multi dimension) still count, and an
    annotation of an id that is no entry is left out; edits then patch the built columns."""
    project = Project(codebook=builtin_codebook("plover"))
    for i in range(6):
        project.entries.append(
            Entry(f"e{i}", "d", i, None, f"2020-03-01T{i:02d}:15:00", "Ana met Bob at the UN.")
        )
    per, org = Span(0, 3, "mention", "PER"), Span(19, 21, "mention", "ORG")
    project.set_layer(
        "ana",
        {
            "e0": Annotation(
                values={"stance": "maybe", "actor": ["RUS", "RUS", "TUR"]},
                spans=[per, Span(8, 11, "mention", "PER"), Span(0, 3, "elsewhere", "X")],
            ),
            "e1": Annotation(
                values={"stance": ["favor", "favor"], "actor": "USA", "event_type": ["AGREE", "AGREE"]},
                spans=[org],
            ),
            "e2": Annotation(values={"stance": "favor", "actor": ["XYZ", "RUS", "XYZ"]}),
            "e4": Annotation(status="done"),
            "gone": Annotation(values={"stance": "against", "actor": ["SYR"]}, spans=[per]),
        },
    )
    index = ActivityIndex(project)
    everything = list(range(len(project.entries)))

    def assert_like_the_loop() -> None:
        for dimension in ("stance", "actor", "event_type", "mention"):
            for top in (None, 1):
                result = index.time_of_day(annotator="ana", breakdown=Breakdown(dimension, top))
                assert as_sparse(result) == naive_counts(project, everything, 60, dimension, top), dimension

    assert_like_the_loop()
    assert series_by_key(index.time_of_day(annotator="ana", breakdown=Breakdown("actor")))["RUS"] == {
        "00:00": 1,
        "02:00": 1,
    }
    stack = CommandStack(project)
    index.note_change(
        stack.push(ReplaceAnnotations("clear", [("ana", "e1", project.annotation("ana", "e1"), None)]))
    )
    edits = [
        ("e0", set_value("actor", ["NEW1", "NEW1"])),
        ("e2", set_value("stance", "unheard")),
        ("e3", add_span(Span(0, 3, "mention", "LOC"))),
        ("e3", add_span(Span(8, 11, "mention", "LOC"))),
        ("e5", toggle_value("event_type", "AGREE", multi=True)),
    ]
    for entry_id, edit in edits:
        change = stack.push(edit_annotation(project, "ana", entry_id, "edit", edit))
        assert change is not None
        index.note_change(change)
    assert project.annotation("ana", "e3").spans[1].value == "LOC"
    assert_like_the_loop()
    assert "unheard" in series_by_key(index.time_of_day(annotator="ana", breakdown=Breakdown("stance")))
    while (undone := stack.undo()) is not None:
        index.note_change(undone)
    assert_like_the_loop()
