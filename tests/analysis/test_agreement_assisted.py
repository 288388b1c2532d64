"""Agreement counts the units where a coder's value came from a suggestion, and can leave them out."""

from __future__ import annotations

from workbench.analysis.agreement import project_agreement, report_to_json
from workbench.analysis.reliability_data import collect
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Provenance

MODEL = Provenance("model", "stance#1", 0.9)


def assisted_project() -> Project:
    """Six entries both coders coded; on two of them one coder took the model's stance."""
    entries = [Entry(f"e{i}", "d1", i, None, None, f"Dispatch text {i}.") for i in range(6)]
    project = Project(
        codebook=builtin_codebook("plover"),
        dispatches={"d1": Dispatch(id="d1", title="Talks")},
        entries=entries,
    )
    amira = ["favor", "favor", "against", "neutral", "against", "favor"]
    ben = ["favor", "against", "against", "neutral", "favor", "favor"]
    for i, (a, b) in enumerate(zip(amira, ben, strict=True)):
        project.set_annotation("amira", f"e{i}", Annotation(values={"stance": a, "actor": ["RUS"]}))
        project.set_annotation("ben", f"e{i}", Annotation(values={"stance": b, "actor": ["RUS"]}))
    for i in (1, 4):  # ben followed the model where they disagree
        ann = project.annotation("ben", f"e{i}")
        assert ann is not None
        ann.assisted = {"stance": {ann.values["stance"]: MODEL}}  # type: ignore[index]
    return project


def test_the_reliability_matrix_marks_units_with_an_assisted_value_of_its_dimension() -> None:
    project = assisted_project()
    layers = {name: project.layer(name) or {} for name in ("amira", "ben")}
    stance = collect(layers, "stance", multi=False)
    assert stance.assisted is not None and stance.units[stance.assisted].tolist() == ["e1", "e4"]
    actor = collect(layers, "actor", multi=True)
    assert actor.assisted is not None and not actor.assisted.any()
    assert len(stance.without_assisted().units) == 4


def test_agreement_counts_assisted_units_and_leaves_them_out_when_asked() -> None:
    project = assisted_project()
    everything = {d.dimension: d for d in project_agreement(project, level="nominal").dimensions}
    assert everything["stance"].assisted_units == 2 and everything["actor"].assisted_units == 0
    assert everything["stance"].units == 6 and everything["stance"].percent.value == 4 / 6
    report = project_agreement(project, level="nominal", exclude_assisted=True)
    alone = {d.dimension: d for d in report.dimensions}
    assert alone["stance"].assisted_units == 2  # counted before leaving them out
    assert alone["stance"].units == 4 and alone["stance"].percent.value == 1.0
    assert alone["actor"].units == 6
    data = report_to_json(report)
    assert data["assisted_left_out"] is True and data["dimensions"]["stance"]["assisted_units"] == 2


def test_an_assisted_value_only_one_coder_gave_is_not_counted_as_compared() -> None:
    project = assisted_project()
    extra = Entry("e9", "d1", 9, None, None, "Only amira coded this one.")
    project.entries.append(extra)
    project.entries_changed()
    project.set_annotation(
        "amira", "e9", Annotation(values={"stance": "favor"}, assisted={"stance": {"favor": MODEL}})
    )
    stance = next(
        d for d in project_agreement(project, level="nominal").dimensions if d.dimension == "stance"
    )
    assert stance.units == 7 and stance.assisted_units == 2
