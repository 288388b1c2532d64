"""Format version 2: the optional entry fields heading, zone and utc, and the step from version 1."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from project_file_helpers import GOLDEN, golden_dict, write_project

from workbench.core.errors import WorkbenchError
from workbench.formats.project import file as project_file
from workbench.formats.project import validation as project_records
from workbench.formats.project.file import (
    MIGRATIONS,
    VERSION,
    _loads_typed,
    dumps_project,
    load_project,
    loads_project,
    migrate,
    project_from_dict,
    save_project,
)

ZONED = {"zone": "EDT", "utc": "2017-01-25T05:30:00Z"}
HEADED = {"heading": "What to know"}


def _golden_v2(**fields_by_entry: dict[str, Any]) -> dict[str, Any]:
    """The golden file as version 2, with extra fields on the entries named (by index)."""
    data = golden_dict()
    data["version"] = 2
    for index, fields in fields_by_entry.items():
        data["entries"][int(index.removeprefix("e"))].update(fields)
    return data


def test_version_1_migrates_to_2_with_its_entries_as_they_were() -> None:
    old = golden_dict()
    upgraded = migrate(copy.deepcopy(old))
    assert upgraded["version"] == VERSION
    assert upgraded["entries"] == old["entries"]
    assert {k: v for k, v in upgraded.items() if k != "version"} == {
        k: v for k, v in old.items() if k != "version"
    }
    assert MIGRATIONS[1](copy.deepcopy(old))["entries"] == old["entries"]


def test_a_version_1_file_loads_without_the_new_fields_and_saves_as_the_current_version(
    tmp_path: Path,
) -> None:
    project = load_project(GOLDEN)
    assert all((e.heading, e.zone, e.utc) == (None, None, None) for e in project.entries)
    saved = tmp_path / "upgraded.wbproj"
    save_project(project, saved)
    data = orjson.loads(saved.read_bytes())
    assert data["version"] == VERSION
    # Unset fields are not written: an ordinary entry keeps its six keys.
    assert [sorted(e) for e in data["entries"]] == [sorted(e) for e in golden_dict()["entries"]]
    assert load_project(saved) == project


def test_version_1_is_read_by_the_typed_decoder_and_by_migration_alike() -> None:
    raw = GOLDEN.read_bytes()
    typed = _loads_typed(raw)
    assert typed is not None
    assert typed == project_from_dict(migrate(orjson.loads(raw)))


def test_a_migration_that_changes_records_sends_version_1_through_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a version-only step lets the typed decoder skip the migration."""

    def headed(data: dict[str, Any]) -> dict[str, Any]:
        for entry in data["entries"]:
            entry["heading"] = "moved"
        return data

    monkeypatch.setitem(project_file.MIGRATIONS, 1, headed)
    assert _loads_typed(GOLDEN.read_bytes()) is None
    assert {e.heading for e in load_project(GOLDEN).entries} == {"moved"}


def test_the_new_fields_round_trip_and_are_written_only_when_set(tmp_path: Path) -> None:
    path = write_project(tmp_path, _golden_v2(e0=ZONED, e2=HEADED))
    project = load_project(path)
    first, second, third = project.entries
    assert (first.zone, first.utc, first.heading) == ("EDT", "2017-01-25T05:30:00Z", None)
    assert (second.heading, second.zone, second.utc) == (None, None, None)
    assert third.heading == "What to know"
    saved = tmp_path / "again.wbproj"
    save_project(project, saved)
    entries = orjson.loads(saved.read_bytes())["entries"]
    assert entries[0]["zone"] == "EDT" and "heading" not in entries[0]
    assert not {"heading", "zone", "utc"} & entries[1].keys()
    assert entries[2]["heading"] == "What to know" and "utc" not in entries[2]
    assert load_project(saved) == project


def test_every_reader_takes_the_new_fields_the_same_way() -> None:
    raw = orjson.dumps(_golden_v2(e0=ZONED, e1={"zone": None}, e2=HEADED))
    typed = _loads_typed(raw)
    assert typed is not None
    validated = project_from_dict(migrate(orjson.loads(raw)))
    assert typed == validated
    # The one-by-one reader (for a list the column check gives up on) agrees as well.
    one_by_one = project_records._entries_one_by_one(orjson.loads(raw)["entries"], typed.dispatches)
    assert one_by_one == typed.entries


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"utc": "2017-01-25T05:30:00"},
            "entries[0].utc: '2017-01-25T05:30:00' is not a UTC time YYYY-MM-DDTHH:MM:SSZ",
        ),
        ({"utc": "2017-02-30T05:30:00Z"}, "entries[0].utc: '2017-02-30T05:30:00Z' is not a UTC time"),
        ({"utc": 5}, "entries[0].utc: expected a string or null, got an integer"),
        ({"heading": ["a"]}, "entries[0].heading: expected a string or null, got a list"),
        ({"zone": True}, "entries[0].zone: expected a string or null, got true/false"),
        ({"zone": "EDT", "colour": "red"}, "entries[0]: unknown field 'colour'"),
    ],
)
def test_a_bad_new_field_is_named(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    path = write_project(tmp_path, _golden_v2(e0=fields))
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    assert message in caught.value.line()
    assert _loads_typed(path.read_bytes()) is None


def test_the_optional_fields_do_not_stand_in_for_required_ones(tmp_path: Path) -> None:
    data = _golden_v2(e0=ZONED)
    del data["entries"][0]["text"]
    with pytest.raises(WorkbenchError, match=r"entries\[0\]: missing 'text'"):
        load_project(write_project(tmp_path, data))


def test_a_current_file_with_the_new_fields_takes_the_quick_path() -> None:
    project = loads_project(orjson.dumps(_golden_v2(e0=ZONED)))
    raw = dumps_project(project)
    assert _loads_typed(raw) == project


GOLDEN_V2 = GOLDEN.with_name("golden-project-v2.json")


def test_golden_version_2_file_keeps_loading_with_its_contents(tmp_path: Path) -> None:
    project = load_project(GOLDEN_V2)
    assert project.meta["title"] == "Golden file, format version 2"
    first, second, third = project.entries
    assert (first.time_label, first.timestamp, first.zone, first.utc) == (
        "12:30 a.m.",
        "2017-01-25T00:30:00",
        "Asia/Beirut",
        "2017-01-24T22:30:00Z",
    )
    assert (second.zone, second.utc, second.heading) == ("Asia/Beirut", "2017-01-24T21:45:00Z", None)
    assert (third.heading, third.zone, third.utc) == ("What to know", None, None)
    old = load_project(GOLDEN)
    assert project.read_every_layer() == old.read_every_layer() and project.codebook == old.codebook
    saved = tmp_path / "again.wbproj"
    save_project(project, saved)
    # Saved again it is the current version, its records written as they were.
    assert saved.read_bytes() == GOLDEN_V2.read_bytes().replace(
        b'"version": 2,', f'"version": {VERSION},'.encode(), 1
    )
