"""Entry filters: text, codes, status, annotator, time of day and dates, alone and combined."""

from __future__ import annotations

import pytest

from tests.oracles import CommandStack
from workbench.core.code_matching import uses as has_code
from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter, is_coded
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.core.undoable import AddImport, ImportBatch
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex


def _project() -> Project:
    dispatches = {
        "d1": Dispatch("d1", "The Latest: Border talks resume"),
        "d2": Dispatch("d2", "The Latest: Storm reaches the coast"),
    }
    rows = [
        ("d1", "2026-01-10T09:15:00", "Negotiators arrived at the BORDER post."),
        ("d1", "2026-01-10T14:30:00", "Talks paused for lunch 🍞 and resumed."),
        ("d1", "2026-01-11T00:05:00", "قال المفاوضون إن المحادثات مستمرة"),
        ("d2", "2026-01-12T18:45:00", "Winds reached 120 km/h near the harbour."),
        ("d2", None, "Officials urged residents to stay indoors."),
    ]
    entries = [Entry(f"e{i}", d, i, None, t, x) for i, (d, t, x) in enumerate(rows)]
    layers = {
        "ana": {
            "e0": Annotation(values={"stance": "favor", "actor": ["TUR", "RUS"]}, status="done"),
            "e1": Annotation(note="check later", status="flagged"),
            "e3": Annotation(spans=[Span(0, 5, "mention", "LOC")]),
        },
        "ben": {"e2": Annotation(values={"event_type": ["CONSULT"]}), "e4": Annotation(status="done")},
    }
    return Project(builtin_codebook("plover"), dispatches, entries, layers)


def ids(project: Project, entry_filter: EntryFilter, annotator: str = "ana") -> list[str]:
    return [project.entries[i].id for i in filter_entries(ProjectIndex(project), entry_filter, annotator)]


def test_empty_filter_keeps_everything_in_project_order() -> None:
    project = _project()
    assert ids(project, EntryFilter()) == ["e0", "e1", "e2", "e3", "e4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("border", ["e0", "e1", "e2"]),  # entry text "BORDER" and the title "Border talks" of d1
        ("BORDER POST", ["e0"]),
        ("🍞", ["e1"]),
        ("المحادثات", ["e2"]),
        ("storm", ["e3", "e4"]),
        ("  harbour ", ["e3"]),
        ("nothing like this", []),
    ],
)
def test_text_search_is_case_insensitive_over_text_and_dispatch_title(text: str, expected: list[str]) -> None:
    assert ids(_project(), EntryFilter(text=text)) == expected


def test_a_match_spanning_two_entries_is_not_a_match() -> None:
    project = _project()
    joined = project.entries[0].text[-5:] + project.entries[1].text[:5]
    assert ids(project, EntryFilter(text=joined)) == []


def test_codes_match_values_lists_and_spans_of_the_asking_annotator() -> None:
    project = _project()
    assert ids(project, EntryFilter(codes=(("actor", "RUS"),))) == ["e0"]
    assert ids(project, EntryFilter(codes=(("stance", "favor"), ("actor", "TUR")))) == ["e0"]
    assert ids(project, EntryFilter(codes=(("stance", "against"),))) == []
    assert ids(project, EntryFilter(codes=(("mention", "LOC"),))) == ["e3"]
    assert ids(project, EntryFilter(codes=(("event_type", "CONSULT"),))) == []
    assert ids(project, EntryFilter(codes=(("event_type", "CONSULT"),)), annotator="ben") == ["e2"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("done", ["e0"]), ("flagged", ["e1"]), ("todo", ["e2", "e3", "e4"]), ("uncoded", ["e1", "e2", "e4"])],
)
def test_status_filters_read_the_current_annotator(status: str, expected: list[str]) -> None:
    assert ids(_project(), EntryFilter(status=status)) == expected


def test_annotator_filter_keeps_entries_that_annotator_coded_and_reads_their_layer() -> None:
    project = _project()
    assert ids(project, EntryFilter(annotator="ben")) == ["e2"]  # e4 has only a status: not coded
    assert ids(project, EntryFilter(annotator="ben", status="done")) == []
    assert ids(project, EntryFilter(annotator="nobody")) == []


def test_time_of_day_range_is_start_inclusive_end_exclusive_and_skips_untimed() -> None:
    project = _project()
    assert ids(project, EntryFilter(minutes=(9 * 60 + 15, 14 * 60 + 30))) == ["e0"]
    assert ids(project, EntryFilter(minutes=(0, 24 * 60))) == ["e0", "e1", "e2", "e3"]
    assert ids(project, EntryFilter(minutes=(0, 6))) == ["e2"]


def test_date_range_is_inclusive() -> None:
    project = _project()
    assert ids(project, EntryFilter(dates=("2026-01-10", "2026-01-11"))) == ["e0", "e1", "e2"]
    assert ids(project, EntryFilter(dates=("2026-01-12", "2026-01-12"))) == ["e3"]


def test_a_date_range_may_be_open_at_either_end() -> None:
    project = _project()
    assert ids(project, EntryFilter(dates=(None, "2026-01-11"))) == ["e0", "e1", "e2"]
    assert ids(project, EntryFilter(dates=("2026-01-11", None))) == ["e2", "e3"]
    assert ids(project, EntryFilter(dates=(None, None))) == ["e0", "e1", "e2", "e3"]  # timed entries only


def test_filters_combine() -> None:
    project = _project()
    assert ids(project, EntryFilter(text="talks", status="flagged", dates=("2026-01-10", "2026-01-10"))) == [
        "e1"
    ]


def test_without_time_drops_only_time_and_dates() -> None:
    f = EntryFilter(text="x", status="done", minutes=(1, 2), dates=("2026-01-01", "2026-01-02"))
    assert f.without_time() == EntryFilter(text="x", status="done")


def test_search_index_follows_added_entries() -> None:
    project = _project()
    assert ids(project, EntryFilter(text="volcano")) == []
    batch = ImportBatch(entries=[Entry("e9", "d2", 9, None, None, "A volcano erupted.")])
    stack = CommandStack(project)
    stack.push(AddImport(batch))
    assert ids(project, EntryFilter(text="volcano")) == ["e9"]
    stack.undo()
    assert ids(project, EntryFilter(text="volcano")) == []


def test_is_coded_and_has_code() -> None:
    assert not is_coded(None)
    assert not is_coded(Annotation(note="n", status="done"))
    assert is_coded(Annotation(spans=[Span(0, 1, "mention", "PER")]))
    assert has_code(Annotation(values={"actor": ["RUS"]}), "actor", "RUS")
    assert not has_code(Annotation(values={"actor": ["RUS"]}), "actor", "TUR")
