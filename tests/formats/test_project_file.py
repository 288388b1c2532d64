"""Project files: exact round trips, old files keep loading, saves are atomic, bad files get one line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_file_helpers import GOLDEN, golden_dict
from project_file_helpers import write_project as _write

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.project import file as project_file
from workbench.formats.project.file import (
    _loads_typed,
    dumps_project,
    load_project,
    loads_project,
    save_project,
)

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))


# --- the golden file --------------------------------------------------------------------


def test_golden_version_1_file_keeps_loading_with_its_contents() -> None:
    project = load_project(GOLDEN)
    assert project.meta["title"] == "Golden file, format version 1"
    assert project.codebook.name == "golden"
    assert [d.key for d in project.codebook.dimensions] == ["stance", "actor", "event_type", "cue"]
    assert project.codebook.dimension("stance").ordered

    dispatch = project.dispatches["d-golden-1"]
    assert (dispatch.published, dispatch.dateline, dispatch.time_basis) == ("2017-01-24", "BEIRUT", "local")
    assert dispatch.caption.endswith("(AP Photo/Jana Example)")

    assert [e.id for e in project.entries] == ["e-golden-1", "e-golden-2", "e-golden-3"]
    first, second, third = project.entries
    assert (first.time_label, first.timestamp, first.hour) == ("12:30 a.m.", "2017-01-25T00:30:00", 0)
    assert second.timestamp == "2017-01-24T23:45"  # seconds are optional
    assert (third.time_label, third.timestamp) == (None, None)

    assert project.annotators() == ["amira", "ben"]
    amira = project.annotation("amira", "e-golden-1")
    assert amira.values == {"stance": "favor", "actor": ["RUS", "TUR"], "event_type": ["AGREE"]}
    assert amira.status == "done" and amira.modified == "2026-11-20T09:00:00Z"
    # Offsets count code points: the emoji with its skin tone is two, not the four UTF-16 units.
    assert [first.text[s.start : s.end] for s in amira.spans] == ["👍🏽", "Astana"]
    arabic = project.annotation("amira", "e-golden-2")
    assert [second.text[s.start : s.end] for s in arabic.spans] == ["حلب", "وقف إطلاق النار"]
    assert (arabic.status, arabic.note) == ("flagged", "banner text in Arabic")
    # Fields left out take their defaults.
    assert project.annotation("ben", "e-golden-3") == Annotation(note="no time given")
    assert project.annotation("ben", "e-golden-1").modified is None


def test_golden_file_round_trips_to_identical_bytes(tmp_path: Path) -> None:
    first = tmp_path / "first.wbproj"
    second = tmp_path / "second.wbproj"
    save_project(load_project(GOLDEN), first)
    save_project(load_project(first), second)
    assert first.read_bytes() == second.read_bytes()
    assert load_project(second) == load_project(GOLDEN)


# --- round trips ------------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
OPTIONAL_TEXT = st.none() | TEXT
STAMP = st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat(timespec="seconds"))
UTC_STAMP = STAMP.map(lambda s: s + "Z")
CODE = st.sampled_from(["favor", "against", "RUS", "SYR GOV", "unlisted", "ٱ", "🙂"])
VALUE = CODE | st.lists(CODE, max_size=3)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    project = Project(codebook=builtin_codebook(draw(st.sampled_from(["plover", "cameo"]))))
    project.meta = draw(
        st.dictionaries(TEXT, TEXT | st.integers(-(2**53), 2**53) | st.booleans(), max_size=3)
    )
    for d in range(draw(st.integers(1, 3))):
        dispatch = Dispatch(
            id=f"d-{d}",
            title=draw(TEXT),
            published=draw(OPTIONAL_TEXT),
            dateline=draw(OPTIONAL_TEXT),
            caption=draw(OPTIONAL_TEXT),
            meta=draw(st.dictionaries(TEXT, TEXT, max_size=2)),
        )
        project.dispatches[dispatch.id] = dispatch
        for position in range(draw(st.integers(0, 4))):
            project.entries.append(
                Entry(
                    id=f"e-{d}-{position}",
                    dispatch_id=dispatch.id,
                    position=position,
                    time_label=draw(OPTIONAL_TEXT),
                    timestamp=draw(st.none() | STAMP),
                    text=draw(TEXT),
                    heading=draw(OPTIONAL_TEXT),
                    zone=draw(OPTIONAL_TEXT),
                    utc=draw(st.none() | UTC_STAMP),
                )
            )
    for annotator in draw(st.lists(TEXT, max_size=3, unique=True)):
        layer: dict[str, Annotation] = {}
        for entry in (
            draw(st.lists(st.sampled_from(project.entries), unique_by=id)) if project.entries else []
        ):
            spans = []
            if len(entry.text) >= 1:
                start = draw(st.integers(0, len(entry.text) - 1))
                end = draw(st.integers(start + 1, len(entry.text)))
                spans.append(Span(start, end, "mention", draw(st.sampled_from(["PER", "ORG", "LOC"]))))
            layer[entry.id] = Annotation(
                values=draw(st.dictionaries(st.sampled_from(["stance", "actor", "event_type"]), VALUE)),
                spans=draw(st.sampled_from([[], spans])),
                note=draw(TEXT),
                status=draw(st.sampled_from(["todo", "done", "flagged"])),
                modified=draw(st.none() | TEXT),
            )
        project.set_layer(annotator, layer)
    return project


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_any_project_survives_save_load_save_byte_for_byte(project: Project) -> None:
    saved = dumps_project(project)
    loaded = loads_project(saved)
    assert loaded == project
    assert dumps_project(loaded) == saved


# --- atomic saves -----------------------------------------------------------------------


def _generation(n: int) -> Project:
    project = load_project(GOLDEN)
    project.meta["generation"] = n
    return project


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_save_keeps_the_previous_file_as_bak_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "corpus.wbproj"
    save_project(_generation(1), path)
    assert _names(tmp_path) == {"corpus.wbproj"}
    first = path.read_bytes()
    save_project(_generation(2), path)
    assert _names(tmp_path) == {"corpus.wbproj", "corpus.wbproj.bak"}
    assert (tmp_path / "corpus.wbproj.bak").read_bytes() == first
    assert load_project(path).meta["generation"] == 2


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "corpus.wbproj"
    save_project(_generation(1), path)
    save_project(_generation(2), path)
    current, backup = path.read_bytes(), (tmp_path / "corpus.wbproj.bak").read_bytes()

    def broken(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(project_file.os, failing, broken)
    with pytest.raises(OSError, match="Input/output error"):
        save_project(_generation(3), path)
    monkeypatch.undo()

    assert path.read_bytes() == current
    assert (tmp_path / "corpus.wbproj.bak").read_bytes() == backup
    assert _names(tmp_path) == {"corpus.wbproj", "corpus.wbproj.bak"}


def test_a_project_that_cannot_be_serialised_is_refused_before_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.wbproj"
    save_project(_generation(1), path)
    before = path.read_bytes()
    project = _generation(2)
    project.meta["opened_with"] = object()
    with pytest.raises(WorkbenchError, match="cannot be saved"):
        save_project(project, path)
    assert path.read_bytes() == before
    assert _names(tmp_path) == {"corpus.wbproj"}


# --- versions and migrations ------------------------------------------------------------


def test_a_newer_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    data = golden_dict()
    data["version"] = 4
    path = _write(tmp_path, data)
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    assert caught.value.line() == (
        f"{path}: version: made by a newer workbench (format version 4; this one reads up to 3); "
        "please update the workbench"
    )


def test_registered_migrations_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the format is at version 4 and the golden file is an old version 1 (the
    real step to 3 replaced by one that changes the texts)."""
    calls: list[int] = []

    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        calls.append(data["version"])
        data["meta"]["name"] = data["meta"].pop("title")
        return data

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        calls.append(data["version"])
        for entry in data["entries"]:
            entry["text"] = entry["text"].strip()
        return data

    monkeypatch.setattr(project_file, "VERSION", 4)
    monkeypatch.setitem(project_file.MIGRATIONS, 1, one_to_two)
    monkeypatch.setitem(project_file.MIGRATIONS, 2, two_to_three)
    monkeypatch.setitem(project_file.MIGRATIONS, 3, lambda data: data)
    project = load_project(GOLDEN)
    assert calls == [1, 2]
    assert project.meta["name"] == "Golden file, format version 1" and "title" not in project.meta
    saved = tmp_path / "upgraded.wbproj"
    save_project(project, saved)
    assert orjson.loads(saved.read_bytes())["version"] == 4
    assert load_project(saved) == project
    assert calls == [1, 2]  # a current file is not migrated again


def test_a_gap_in_the_migrations_and_a_failing_migration_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project_file, "VERSION", 4)
    monkeypatch.setitem(project_file.MIGRATIONS, 3, lambda data: data)
    monkeypatch.delitem(project_file.MIGRATIONS, 2)
    with pytest.raises(
        WorkbenchError, match=r"golden-project-v1\.json: version: no migration from format version 2"
    ):
        load_project(GOLDEN)

    def fragile(data: dict[str, Any]) -> dict[str, Any]:
        data["entries"][0]["speaker"].upper()  # an old file without the field it expects
        return data

    monkeypatch.setitem(project_file.MIGRATIONS, 2, fragile)
    with pytest.raises(
        WorkbenchError, match=r"version: cannot upgrade from format version 2: KeyError 'speaker'"
    ):
        load_project(GOLDEN)

    monkeypatch.setitem(project_file.MIGRATIONS, 2, lambda data: None)
    with pytest.raises(WorkbenchError, match=r"version: the upgrade from format version 2 gave no project"):
        load_project(GOLDEN)


def test_a_valid_file_the_typed_decoder_leaves_loads_through_the_validating_loader(tmp_path: Path) -> None:
    path = tmp_path / "huge-position.wbproj"
    expected = load_project(GOLDEN)
    expected.entries[0].position = 2**63  # valid, but past the typed decoder's 64-bit integers
    save_project(expected, path)
    assert _loads_typed(path.read_bytes()) is None
    assert load_project(path) == expected


def test_a_loaded_project_knows_where_each_layers_annotations_belong(monkeypatch) -> None:
    project = load_project(GOLDEN)
    expected = {
        annotator: [project.index_of(entry_id) for entry_id in layer]
        for annotator, layer in project.read_every_layer().items()
    }
    # The loader found them checking the file: asking needs no look-ups of its own.
    monkeypatch.setattr(Project, "positions", lambda self: pytest.fail("looked up again"))
    assert {annotator: project.layer_positions(annotator) for annotator in project.annotators()} == expected
