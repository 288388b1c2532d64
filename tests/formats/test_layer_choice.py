"""Layer choice: one annotator, gold, and a majority vote that reports every tie."""

from __future__ import annotations

import pytest

from workbench.core.adjudication import GOLD_LAYER
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Entry, Project, Span
from workbench.formats.exporters.which_layer import MAJORITY, choose_layer, majority_layer


def _project(*codings: dict[str, Annotation]) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.entries = [Entry("e1", "d1", 0, None, None, "Mira Haddad met envoys in Geneva.")]
    for number, layer in enumerate(codings):
        project.set_layer(f"coder{number}", layer)
    return project


def _ann(values: dict, spans: list[Span] | None = None, status: str = "done") -> Annotation:
    return Annotation(values=values, spans=spans or [], status=status)


def test_single_value_takes_the_plurality() -> None:
    project = _project(
        {"e1": _ann({"stance": "favor"})},
        {"e1": _ann({"stance": "favor"})},
        {"e1": _ann({"stance": "against"})},
    )
    chosen = majority_layer(project)
    assert chosen.annotations["e1"].values == {"stance": "favor"}
    assert chosen.ties() == {}


def test_single_value_tie_is_left_uncoded_and_counted() -> None:
    project = _project(
        {"e1": _ann({"stance": "favor", "event_type": ["AID"]})}, {"e1": _ann({"stance": "against"})}
    )
    chosen = majority_layer(project)
    assert "stance" not in chosen.annotations["e1"].values
    assert chosen.ties() == {"stance": 1}
    assert chosen.tied == {"e1": ("stance",)}


def test_multi_values_need_more_than_half_of_those_who_coded_the_dimension() -> None:
    # Three coded actors; a fourth annotator did not code actors at all and does not count.
    project = _project(
        {"e1": _ann({"actor": ["UNO", "RUS"]})},
        {"e1": _ann({"actor": ["UNO"]})},
        {"e1": _ann({"actor": ["UNO", "TUR", "RUS"]})},
        {"e1": _ann({"stance": "neutral"})},
    )
    chosen = majority_layer(project)
    assert chosen.annotations["e1"].values["actor"] == ["RUS", "UNO"]
    assert chosen.ties() == {}


def test_multi_value_chosen_by_exactly_half_is_a_tie() -> None:
    project = _project({"e1": _ann({"actor": ["UNO", "RUS"]})}, {"e1": _ann({"actor": ["UNO"]})})
    chosen = majority_layer(project)
    assert chosen.annotations["e1"].values["actor"] == ["UNO"]
    assert chosen.ties() == {"actor": 1}


def test_spans_need_a_majority_of_the_entrys_annotators() -> None:
    person = Span(0, 11, "mention", "PER")
    place = Span(26, 32, "mention", "LOC")
    project = _project(
        {"e1": _ann({}, [person, place])}, {"e1": _ann({}, [person])}, {"e1": _ann({"stance": "neutral"})}
    )
    chosen = majority_layer(project)
    assert chosen.annotations["e1"].spans == [person]
    assert chosen.ties() == {}
    two = _project({"e1": _ann({}, [person, place])}, {"e1": _ann({}, [person])})
    assert majority_layer(two).ties() == {"mention": 1}


def test_status_done_needs_a_majority() -> None:
    project = _project(
        {"e1": _ann({"stance": "favor"}, status="done")},
        {"e1": _ann({"stance": "favor"}, status="todo")},
        {"e1": _ann({"stance": "favor"}, status="flagged")},
    )
    assert majority_layer(project).annotations["e1"].status == "todo"


def test_gold_is_not_a_voter() -> None:
    project = _project({"e1": _ann({"stance": "favor"})})
    project.set_layer(GOLD_LAYER, {"e1": _ann({"stance": "against"})})
    assert majority_layer(project).annotations["e1"].values == {"stance": "favor"}


def test_choose_layer_by_name_gold_and_majority() -> None:
    project = _project({"e1": _ann({"stance": "favor"})})
    assert choose_layer(project, "coder0").annotations is project.layer("coder0")
    assert choose_layer(project, MAJORITY).name == MAJORITY
    assert choose_layer(project, GOLD_LAYER).annotations == {}  # one coder: nothing agreed, nothing decided
    assert choose_layer(project, "none").annotations == {}
    with pytest.raises(WorkbenchError, match=r"no annotator 'nobody'.*coder0"):
        choose_layer(project, "nobody")
