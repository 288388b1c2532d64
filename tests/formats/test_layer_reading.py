"""Opening a project with only one annotator's layer read, the others read slice by slice."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.core.undoable import ReplaceAnnotations
from workbench.formats.project import late_layers as layer_reading
from workbench.formats.project.file import dumps_project, loads_project
from workbench.index.project_index import ProjectIndex

ANNOTATORS = ("amira", "ben", "chiara")


def coded_project(entries: int = 12) -> Project:
    texts = ["Talks resumed 🕊 at noon.", "وقف إطلاق النار holds", "Shelling near the port."]
    project = Project(
        codebook=builtin_codebook("plover"),
        dispatches={"d-1": Dispatch(id="d-1", title="The Latest")},
        entries=[
            Entry(
                f"e-{i}",
                "d-1",
                i,
                f"{9 + i % 10}:00 a.m.",
                f"2024-03-0{1 + i % 3}T{9 + i % 10:02}:00",
                texts[i % 3],
            )
            for i in range(entries)
        ],
    )
    for n, annotator in enumerate(ANNOTATORS):
        for i in range(n, entries, 2):  # each layer codes its own entries, in its own order
            project.set_annotation(
                annotator,
                f"e-{i}",
                Annotation(
                    values={"stance": "favor" if i % 2 else "against", "actor": ["USA", "RUS"][: 1 + i % 2]},
                    spans=[Span(0, 5, "actor", "USA")] if i % 3 == 0 else [],
                    note=f"{annotator} on {i} ✓",
                    status="done" if i % 4 else "flagged",
                ),
            )
    return project


def test_a_project_opened_on_one_layer_reads_the_others_into_the_same_project() -> None:
    raw = dumps_project(coded_project())
    project = loads_project(raw, first_layer="ben")
    index = ProjectIndex(project)
    assert project.has_unread_layers()
    assert project.annotators() == list(ANNOTATORS)  # names, and the file's order, before reading
    assert project.layer("ben") == loads_project(raw).layer("ben")
    with patch.object(layer_reading, "STEP_BYTES", 1):  # one annotation per step
        steps = 1
        while not project.read_layers_step():
            steps += 1
    assert steps == len(loads_project(raw).layer("amira")) + len(loads_project(raw).layer("chiara"))
    assert not project.has_unread_layers()
    assert project == loads_project(raw)
    expected = {
        name: [project.index_of(i) for i in layer] for name, layer in project.read_every_layer().items()
    }
    # Where each annotation's entry is, as each reader found it and told the index.
    with patch.object(Project, "positions", lambda self: pytest.fail("looked up again")):
        assert {name: index.positions.of(name) for name in ANNOTATORS} == expected
    assert dumps_project(project) == raw  # the layers are back in the file's order


def test_using_every_layer_reads_what_is_left_first() -> None:
    raw = dumps_project(coded_project())
    project = loads_project(raw, first_layer="chiara")
    assert project.read_every_layer() == loads_project(raw).read_every_layer()
    assert not project.has_unread_layers()


def test_coding_with_the_first_layer_leaves_the_others_unread() -> None:
    raw = dumps_project(coded_project())
    project = loads_project(raw, first_layer="amira")
    index = ProjectIndex(project)
    index.note_change(
        ReplaceAnnotations("code", [("amira", "e-1", None, Annotation(values={"stance": "neutral"}))]).redo(
            project
        )
    )
    assert project.annotation("amira", "e-1").values == {"stance": "neutral"}
    assert index.positions.of("amira")[-1] == 1
    assert project.has_unread_layers()
    assert project.annotation("ben", "e-1") is not None  # reads ben's layer, not chiara's
    assert project.has_unread_layers()
    saved = loads_project(dumps_project(project))
    assert saved.layer("amira")["e-1"].values == {"stance": "neutral"}
    assert saved.layer("chiara") == loads_project(raw).layer("chiara")


def test_a_layer_the_file_gets_wrong_is_refused_when_read_and_each_time_after() -> None:
    raw = dumps_project(coded_project()).replace(b'"e-2": {', b'"e-99": {', 1)  # amira's e-2: no such entry
    with pytest.raises(WorkbenchError) as whole:
        loads_project(raw)
    assert whole.value.line() == "layers.amira.e-99: annotation of an entry that is not in the project"
    project = loads_project(raw, first_layer="ben")
    for _ in range(2):
        with pytest.raises(WorkbenchError) as caught:
            project.read_every_layer()
        assert caught.value.line() == whole.value.line()
    assert project.has_unread_layers()


def test_a_layer_in_another_layout_is_read_whole() -> None:
    project = coded_project()
    raw = dumps_project(project).replace(b"\n      },\n      ", b"},")  # no line breaks to cut at
    opened = loads_project(raw, first_layer="ben")
    with patch.object(layer_reading, "STEP_BYTES", 1):
        assert opened.read_layers_step() is False  # amira's in one step
        assert opened.read_layers_step() is True
    assert opened == project


def test_new_layers_replace_the_unread_ones() -> None:
    project = loads_project(dumps_project(coded_project()), first_layer="ben")
    project.replace_layers({"dana": {}})
    assert not project.has_unread_layers()
    assert project.annotators() == ["dana"]
