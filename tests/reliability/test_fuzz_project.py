"""The project loader meets truncated, mutated and mistyped project files."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, ImportedPredictions, Project, Provenance, Span
from workbench.formats.project.file import dumps_project, load_project, loads_project

from .fuzz_support import FUZZ_SETTINGS, expect_clean_outcome, json_shape_mutations, mutated


def _seed_project() -> Project:
    project = Project(codebook=builtin_codebook("plover"), meta={"tool": "fuzz"})
    project.dispatches["d-1"] = Dispatch(id="d-1", title="The Latest: harbour talks", published="2024-03-02")
    texts = ["Officials met at the port.", "Ferries resumed at dawn, a spokesman said. 🚢"]
    for i, text in enumerate(texts):
        project.entries.append(Entry(f"e-{i}", "d-1", i, "9 a.m.", f"2024-03-02T0{9 - i}:00:00", text))
    # Format version 2's optional fields, so the mutations reach them too.
    project.entries[1].zone = "EET"
    project.entries[1].utc = "2024-03-02T06:00:00Z"
    project.set_layer(
        "ana",
        {
            "e-0": Annotation(
                values={"stance": "favor", "actor": ["GRC GOV"]}, spans=[Span(0, 9, "mention", "ORG")]
            ),
            "e-1": Annotation(
                values={"event_type": ["AGREE"]},
                note="check",
                status="flagged",
                modified="2024-03-02",
                # Format version 3's provenance and imported predictions, for the same reason.
                assisted={"event_type": {"AGREE": Provenance("model", "event_type#2", 0.8)}},
            ),
        },
    )
    project.predictions = ImportedPredictions(
        "bert", "2024-03-03T10:00:00Z", {"e-0": {"stance": {"favor": 0.9}}}
    )
    return project


SEED = dumps_project(_seed_project())
SEED_DOC = orjson.loads(SEED)


def test_the_seed_itself_loads() -> None:
    assert loads_project(SEED).layer("ana")["e-0"].spans[0].value == "ORG"


@FUZZ_SETTINGS
@given(mutated([SEED]))
def test_mutated_project_bytes_load_or_refuse(data: bytes) -> None:
    expect_clean_outcome("project loader: bytes", lambda: loads_project(data))


@FUZZ_SETTINGS
@given(json_shape_mutations([SEED_DOC]))
def test_mistyped_project_json_loads_or_refuses(data: bytes) -> None:
    project = expect_clean_outcome("project loader: JSON shapes", lambda: loads_project(data))
    if project is not None:
        # Whatever loads must save again: a file that opens but cannot be saved loses work later.
        assert loads_project(dumps_project(project)).entries == project.entries


@FUZZ_SETTINGS
@given(st.binary(max_size=512))
def test_project_files_on_disk_load_or_refuse(tmp_path_factory, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "random.wbproj"
    path.write_bytes(data)
    expect_clean_outcome("project loader: files", lambda: load_project(path))


def seed_edited(path: tuple, value: object) -> bytes:
    """The seed project's bytes with the value at ``path`` replaced."""
    doc = orjson.loads(SEED)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return orjson.dumps(doc)


def test_cases_the_fuzzer_found_are_refused_with_one_line() -> None:
    """Each of these once escaped as a TypeError, a ValueError or a multi-line message."""
    cases = {
        "entries[0].dispatch_id": seed_edited(("entries", 0, "dispatch_id"), [[["d-1"]]]),
        "entries[0].timestamp": seed_edited(("entries", 0, "timestamp"), "2024-03-02T²³:00:00"),
        "codebook.dimensions[0].values[0]": seed_edited(
            ("codebook", "dimensions", 0, "values", 0, "colour"), "#zz\n\u202e" + "x" * 5000
        ),
    }
    for where, data in cases.items():
        try:
            loads_project(data)
        except WorkbenchError as exc:
            assert exc.where == where
            assert "\n" not in exc.line() and "\u202e" not in exc.line() and len(exc.what) <= 400
        else:
            raise AssertionError(f"{where}: a bad value was accepted")
