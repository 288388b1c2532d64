"""The per-project report: dimensions from the codebook, pairs, spans and the JSON form."""

from __future__ import annotations

import pytest

from workbench.analysis.agreement import project_agreement, report_to_json
from workbench.analysis.agreement_spans import span_agreement
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span


def small_project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Sample")
    texts = [
        "Talks resumed in the capital.",
        "Shelling was reported overnight.",
        "Aid trucks crossed.",
        "Quiet.",
    ]
    project.entries = [Entry(f"e{i}", "d", i, None, None, t) for i, t in enumerate(texts)]
    codes = {
        "ana": [("favor", ["RUS"]), ("against", ["TUR", "SYR"]), ("neutral", ["UNO"]), None],
        "bo": [("favor", ["RUS"]), ("neutral", ["TUR"]), ("neutral", ["UNO"]), None],
        "gold": [("against", ["RUS"]), None, None, None],
    }
    for name, rows in codes.items():
        for i, row in enumerate(rows):
            if row:
                project.set_annotation(name, f"e{i}", Annotation(values={"stance": row[0], "actor": row[1]}))
    project.layer("ana")["e0"].spans = [Span(0, 5, "mention", "ORG"), Span(21, 28, "mention", "LOC")]
    project.layer("bo")["e0"].spans = [Span(0, 5, "mention", "ORG"), Span(18, 28, "mention", "LOC")]
    return project


def test_report_covers_used_dimensions_and_leaves_gold_out() -> None:
    report = project_agreement(small_project())
    names = [d.dimension for d in report.dimensions]
    assert names == ["stance", "actor"]  # event_type was never coded
    stance = report.dimensions[0]
    assert stance.coders == ["ana", "bo"]
    assert stance.level == "ordinal"  # the codebook orders stance
    assert stance.units == 3
    assert stance.percent.value == pytest.approx(2 / 3)
    assert report.dimensions[1].level == "masi"
    assert len(stance.pairs) == 1


def test_json_gives_null_and_a_reason_for_undefined_figures() -> None:
    out = report_to_json(project_agreement(small_project(), annotators=["ana", "bo", "gold"]))
    stance = out["dimensions"]["stance"]
    assert stance["cohen_kappa"] is None
    assert stance["reason"]["cohen_kappa"]
    assert stance["fleiss_kappa"] is not None  # e0 was coded by all three
    assert stance["figure_units"]["fleiss_kappa"] == 1
    pair = next(p for p in stance["pairs"] if p["coders"] == ["bo", "gold"])
    assert pair["confusion"]["values"] == ["against", "favor"]
    assert pair["confusion"]["matrix"] == [[0, 0], [1, 0]]


def test_unknown_annotator_is_a_clear_error() -> None:
    with pytest.raises(WorkbenchError, match="no annotator 'zed'"):
        project_agreement(small_project(), annotators=["ana", "zed"])


def test_span_scores_exact_and_overlap() -> None:
    project = small_project()
    units, scores = span_agreement(project.layer("ana"), project.layer("bo"))
    assert units == 3
    by_code = {s.code: s for s in scores}
    org, loc = by_code["mention:ORG"], by_code["mention:LOC"]
    assert [f.value for f in org.exact] == [1.0, 1.0, 1.0]
    assert [f.value for f in loc.exact] == [0.0, 0.0, 0.0]
    assert [f.value for f in loc.overlap] == [1.0, 1.0, 1.0]


def test_span_code_only_one_side_marked_has_undefined_precision() -> None:
    project = small_project()
    project.layer("bo")["e0"].spans = []
    _, scores = span_agreement(project.layer("ana"), project.layer("bo"))
    precision, recall, f1 = scores[0].exact
    assert precision.value is None and "none" in precision.reason
    assert recall.value == 0.0
    assert f1.value is None
