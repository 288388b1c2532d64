"""Finding disagreements and settling them in the gold layer, undoably, without Qt."""

from __future__ import annotations

from workbench.core.adjudication import (
    GOLD_LAYER,
    differing_dimensions,
    find_disagreements,
    is_adjudicated,
    set_gold_value,
    take_all,
    take_value,
)
from workbench.core.codebook import builtin_codebook
from workbench.core.commands import CommandStack
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span


def project() -> Project:
    p = Project(codebook=builtin_codebook("plover"))
    p.dispatches["d"] = Dispatch("d", "Sample")
    p.entries = [
        Entry(f"e{i}", "d", i, None, None, "Officials in the capital met the envoy.") for i in range(4)
    ]
    coding = {
        "ana": [
            {"stance": "favor", "actor": ["RUS", "TUR"]},
            {"stance": "against"},
            {"stance": "neutral"},
            {},
        ],
        "bo": [{"stance": "favor", "actor": ["TUR", "RUS"]}, {"stance": "neutral"}, {}, {"actor": ["UNO"]}],
    }
    for name, rows in coding.items():
        for i, values in enumerate(rows):
            p.set_annotation(name, f"e{i}", Annotation(values=dict(values)))
    p.layers["ana"]["e0"].spans = [Span(0, 9, "mention", "PER")]
    return p


def test_disagreements_follow_the_statistics_and_spans_differ_by_omission() -> None:
    p = project()
    # e0: same actors in another order agree, but only ana marked a mention span
    assert differing_dimensions(p, "e0", ["ana", "bo"]) == ("mention",)
    assert differing_dimensions(p, "e1", ["ana", "bo"]) == ("stance",)
    assert differing_dimensions(p, "e2", ["ana", "bo"]) == ()  # bo gave no stance: missing, not dissent
    assert [d.entry_id for d in find_disagreements(p)] == ["e0", "e1"]
    assert [d.entry_id for d in find_disagreements(p, dimension="stance")] == ["e1"]


def test_gold_is_not_a_coder_whose_disagreement_counts() -> None:
    p = project()
    p.set_annotation(GOLD_LAYER, "e2", Annotation(values={"stance": "favor"}, status="done"))
    assert "e2" not in [d.entry_id for d in find_disagreements(p)]


def test_take_value_then_undo() -> None:
    p = project()
    stack = CommandStack(p)
    stack.push(take_value(p, "bo", "e1", "stance"))
    assert p.annotation(GOLD_LAYER, "e1").values == {"stance": "neutral"}
    assert is_adjudicated(p, "e1")
    assert p.annotation("ana", "e1").values == {"stance": "against"}  # analysts' layers untouched
    stack.undo()
    assert p.annotation(GOLD_LAYER, "e1") is None
    assert not is_adjudicated(p, "e1")


def test_take_spans_and_take_all() -> None:
    p = project()
    stack = CommandStack(p)
    stack.push(take_value(p, "ana", "e0", "mention"))
    assert p.annotation(GOLD_LAYER, "e0").spans == [Span(0, 9, "mention", "PER")]
    stack.push(take_all(p, "bo", "e0"))
    gold = p.annotation(GOLD_LAYER, "e0")
    assert gold.values == {"stance": "favor", "actor": ["TUR", "RUS"]} and gold.spans == []
    assert take_all(p, "bo", "e0") is None  # nothing would change: no empty undo step
    stack.undo()
    assert p.annotation(GOLD_LAYER, "e0").spans == [Span(0, 9, "mention", "PER")]


def test_reviewer_sets_a_value_nobody_gave_and_can_clear_it() -> None:
    p = project()
    stack = CommandStack(p)
    stack.push(set_gold_value(p, "e3", "actor", ["UNO", "NGO"]))
    assert p.annotation(GOLD_LAYER, "e3").values == {"actor": ["UNO", "NGO"]}
    stack.push(set_gold_value(p, "e3", "actor", None))
    assert "actor" not in p.annotation(GOLD_LAYER, "e3").values
    assert is_adjudicated(p, "e3")  # "no actor" is a decision too
