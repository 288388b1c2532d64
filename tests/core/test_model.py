"""The plain data model: annotation copies must be independent, emptiness must be exact."""

from __future__ import annotations

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span


def test_copy_is_equal_but_shares_nothing_mutable() -> None:
    original = Annotation(
        values={"stance": "favor", "actor": ["RUS", "TUR"]},
        spans=[Span(0, 4, "mention", "LOC")],
        note="check",
        status="done",
        modified="2026-11-20T09:00:00Z",
    )
    copy = original.copy()
    assert copy == original

    copy.values["actor"].append("IRN")
    copy.values["stance"] = "against"
    copy.spans[0].end = 9
    copy.spans.append(Span(5, 6, "mention", "PER"))

    assert original.values == {"stance": "favor", "actor": ["RUS", "TUR"]}
    assert original.spans == [Span(0, 4, "mention", "LOC")]


@pytest.mark.parametrize(
    ("annotation", "empty"),
    [
        (Annotation(), True),
        (Annotation(modified="2026-11-20T09:00:00Z"), True),
        (Annotation(values={"stance": "neutral"}), False),
        (Annotation(spans=[Span(0, 1, "mention", "PER")]), False),
        (Annotation(note="unclear source"), False),
        (Annotation(status="flagged"), False),
        (Annotation(status="done"), False),
    ],
)
def test_is_empty_only_when_nothing_was_recorded(annotation: Annotation, empty: bool) -> None:
    assert annotation.is_empty() is empty


def _project() -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="The Latest: Talks resume")
    project.entries = [
        Entry("e-a", "d-1", 0, "8 p.m.", "2017-01-24T20:00:00", "Talks ended."),
        Entry("e-b", "d-1", 1, None, None, "Earlier, delegates arrived."),
    ]
    return project


def test_entry_lookup_and_hour() -> None:
    project = _project()
    assert project.entry("e-b").text == "Earlier, delegates arrived."
    assert project.entry("e-a").hour == 20
    assert project.entry("e-b").hour is None
    assert project.has_entry("e-a") and not project.has_entry("e-zzz")


def test_entries_changed_makes_new_entries_findable() -> None:
    project = _project()
    assert not project.has_entry("e-c")
    project.entries.append(Entry("e-c", "d-1", 2, "noon", "2017-01-24T12:00:00", "Midday."))
    project.entries_changed()
    assert project.index_of("e-c") == 2


def test_set_annotation_stores_and_removes() -> None:
    project = _project()
    project.set_annotation("amira", "e-a", Annotation(values={"stance": "favor"}))
    assert project.annotation("amira", "e-a") == Annotation(values={"stance": "favor"})
    assert project.annotators() == ["amira"]
    project.set_annotation("amira", "e-a", None)
    assert project.annotation("amira", "e-a") is None
    project.set_annotation("nobody", "e-a", None)
    assert project.annotation("nobody", "e-a") is None


class _CountedLayer:
    """An unread layer that counts how often it is asked to read, read in two slices."""

    def __init__(self, layer: dict[str, Annotation]) -> None:
        self.layer = layer
        self.reads = 0

    def read_some(self) -> bool:
        self.reads += 1
        return self.reads >= 2

    def result(self) -> dict[str, Annotation]:
        return self.layer


def _half_read() -> tuple[Project, _CountedLayer]:
    """amira read, ben left unread, in the file's order ben, amira."""
    project = Project(codebook=builtin_codebook("plover"), layers={"amira": {"e-1": Annotation(note="a")}})
    ben = _CountedLayer({"e-1": Annotation(note="b")})
    project.leave_unread({"ben": ben}, ["ben", "amira"])
    return project, ben


def test_naming_and_asking_about_layers_reads_none() -> None:
    project, ben = _half_read()
    assert project.annotators() == ["ben", "amira"]
    assert project.has_layer("ben") and project.has_layer("amira") and not project.has_layer("chiara")
    assert "ben" in repr(project)
    assert ben.reads == 0
    assert not hasattr(project, "layers")  # no attribute that reads on the side


def test_one_layer_is_read_when_asked_for_and_every_layer_only_by_read_every_layer() -> None:
    project, ben = _half_read()
    assert project.layer("amira") == {"e-1": Annotation(note="a")}
    assert ben.reads == 0
    every = project.read_every_layer()
    assert ben.reads == 2
    assert list(every) == ["ben", "amira"]  # the file's order
    assert every["ben"] == {"e-1": Annotation(note="b")}
    assert not project.has_unread_layers()


def test_set_remove_and_replace_layers_take_the_place_of_unread_ones() -> None:
    project, ben = _half_read()
    project.set_layer("ben", {})
    assert project.layer("ben") == {} and not project.has_unread_layers()
    project.remove_layer("ben")
    assert project.annotators() == ["amira"]
    project.remove_layer("nobody")  # nothing to remove: no error
    again, ben_again = _half_read()
    again.replace_layers({"dana": {}})
    assert again.annotators() == ["dana"] and not again.has_unread_layers()
    assert ben.reads == ben_again.reads == 0


def test_projects_compare_their_layers_but_refuse_to_with_some_left_unread() -> None:
    project, _ = _half_read()
    other, _ = _half_read()
    with pytest.raises(ValueError, match="read_every_layer"):
        _ = project == other
    project.read_every_layer()
    other.read_every_layer()
    assert project == other
    other.set_annotation("amira", "e-1", Annotation(note="changed"))
    assert project != other
