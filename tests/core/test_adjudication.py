"""Finding disagreements and settling them in the gold layer, undoably, without Qt."""

from __future__ import annotations

from tests.oracles import CommandStack
from workbench.analysis.disagreements import disagreement_columns
from workbench.core.adjudication import (
    GOLD_LAYER,
    differing_dimensions,
    gold_layer,
    is_adjudicated,
    open_dimensions,
    prefill_gold,
    set_gold_value,
    take_all,
    take_value,
)
from workbench.core.codebook import builtin_codebook
from workbench.core.gold_sync import keep_gold
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.core.undoable import edit_annotation, set_value


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
    p.layer("ana")["e0"].spans = [Span(0, 9, "mention", "PER")]
    return p


def test_disagreements_follow_the_statistics_and_spans_differ_by_omission() -> None:
    p = project()
    # e0: same actors in another order agree, but only ana marked a mention span
    assert differing_dimensions(p, "e0", ["ana", "bo"]) == ("mention",)
    assert differing_dimensions(p, "e1", ["ana", "bo"]) == ("stance",)
    assert differing_dimensions(p, "e2", ["ana", "bo"]) == ()  # bo gave no stance: missing, not dissent
    assert disagreement_columns(p)[0] == ["e0", "e1"]
    assert disagreement_columns(p, dimension="stance")[0] == ["e1"]


def test_gold_is_not_a_coder_whose_disagreement_counts() -> None:
    p = project()
    p.set_annotation(GOLD_LAYER, "e2", Annotation(values={"stance": "favor"}, status="done"))
    assert "e2" not in disagreement_columns(p)[0]


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


def two_coders_agreeing_on_all_but_actor() -> Project:
    """e0: both say favor and mark the same person, but name different actors; e1: full agreement."""
    p = Project(codebook=builtin_codebook("plover"))
    p.dispatches["d"] = Dispatch("d", "Sample")
    p.entries = [
        Entry("e0", "d", 0, None, None, "The envoy praised the ceasefire talks."),
        Entry("e1", "d", 1, None, None, "Aid lorries crossed the bridge at noon."),
    ]
    for name, actor in (("ana", ["UNO"]), ("bo", ["NGO"])):
        p.set_annotation(
            name,
            "e0",
            Annotation(
                values={"stance": "favor", "actor": actor},
                spans=[Span(4, 9, "mention", "PER")],
                status="done",
            ),
        )
        p.set_annotation(name, "e1", Annotation(values={"stance": "neutral"}, status="done"))
    return p


def test_agreed_values_and_spans_are_in_gold_before_anyone_decides() -> None:
    p = two_coders_agreeing_on_all_but_actor()
    CommandStack(p).push(prefill_gold(p))
    gold = p.annotation(GOLD_LAYER, "e0")
    assert gold.values == {"stance": "favor"} and gold.spans == [Span(4, 9, "mention", "PER")]
    assert gold.status == "todo" and open_dimensions(p, "e0") == ("actor",)
    assert not is_adjudicated(p, "e0")
    # the fully agreed entry reaches gold, adjudicated: there is nothing to decide
    assert p.annotation(GOLD_LAYER, "e1").values == {"stance": "neutral"} and is_adjudicated(p, "e1")
    assert prefill_gold(p) is None  # up to date: no empty undo step


def test_taking_one_dimension_keeps_what_the_coders_agreed_on() -> None:
    p = two_coders_agreeing_on_all_but_actor()
    stack = CommandStack(p)
    stack.push(take_value(p, "bo", "e0", "actor"))
    gold = p.annotation(GOLD_LAYER, "e0")
    assert gold.values == {"stance": "favor", "actor": ["NGO"]}
    assert gold.spans == [Span(4, 9, "mention", "PER")]  # the agreed span is not dropped
    assert gold.decided == ["actor"] and is_adjudicated(p, "e0")
    stack.undo()
    assert p.annotation(GOLD_LAYER, "e0") is None


def test_an_entry_is_adjudicated_only_when_every_dispute_is_decided() -> None:
    p = two_coders_agreeing_on_all_but_actor()
    p.layer("bo")["e0"].values["stance"] = "against"
    stack = CommandStack(p)
    stack.push(take_value(p, "ana", "e0", "stance"))
    assert not is_adjudicated(p, "e0") and open_dimensions(p, "e0") == ("actor",)
    assert p.annotation(GOLD_LAYER, "e0").spans == [Span(4, 9, "mention", "PER")]
    stack.push(take_value(p, "ana", "e0", "actor"))
    assert is_adjudicated(p, "e0") and open_dimensions(p, "e0") == ()


def test_gold_follows_the_coders_until_a_reviewer_decides_and_undo_takes_both_back() -> None:
    p = two_coders_agreeing_on_all_but_actor()
    stack = CommandStack(p)
    stack.push(prefill_gold(p))
    # bo changes his mind on e1: the agreed stance leaves gold in the same undo step
    stack.push(keep_gold(p, edit_annotation(p, "bo", "e1", "stance", set_value("stance", "favor"))))
    assert "stance" not in p.annotation(GOLD_LAYER, "e1").values
    assert open_dimensions(p, "e1") == ("stance",)
    stack.undo()
    assert p.annotation(GOLD_LAYER, "e1").values == {"stance": "neutral"}
    assert p.annotation("bo", "e1").values == {"stance": "neutral"}
    # a decided dimension is the reviewer's: later coding no longer changes it
    stack.push(take_value(p, "ana", "e0", "actor"))
    stack.push(keep_gold(p, edit_annotation(p, "ana", "e0", "actor", set_value("actor", ["RUS"]))))
    assert p.annotation(GOLD_LAYER, "e0").values["actor"] == ["UNO"]


def test_gold_written_without_decisions_keeps_its_values_and_gains_the_agreement() -> None:
    p = two_coders_agreeing_on_all_but_actor()
    # by an earlier version (only the taken actor), or by hand with another stance
    p.set_annotation(GOLD_LAYER, "e0", Annotation(values={"actor": ["UNO"]}, status="done"))
    p.set_annotation(GOLD_LAYER, "e1", Annotation(values={"stance": "against"}, status="done"))
    gold = gold_layer(p)
    assert gold["e0"].values == {"stance": "favor", "actor": ["UNO"]} and gold["e0"].status == "done"
    assert gold["e0"].spans == [Span(4, 9, "mention", "PER")]
    assert gold["e1"].values == {"stance": "against"}  # a stored gold value is never recomputed away
