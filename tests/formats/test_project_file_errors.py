"""Project files that must be refused: each problem is one line naming the file, where and what."""

from __future__ import annotations

import copy
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from project_file_helpers import GOLDEN, golden_dict
from project_file_helpers import write_project as _write

from workbench.core.errors import WorkbenchError
from workbench.formats.project import file as project_file
from workbench.formats.project.file import load_project, loads_project

# --- refusing bad files -----------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], Any]


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets a dotted path ('entries.0.text') in the golden dict."""

    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def _delete(path: str) -> Mutation:
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        del target[last]

    return apply


def _nested(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"deeper": value}
    return value


AMIRA_1 = "layers.amira.e-golden-1"
BAD_FILES: list[tuple[str, Mutation, str, str]] = [
    # wrong types
    (
        "position is text",
        _set("entries.0.position", "0"),
        "entries[0].position",
        "expected an integer, got a string",
    ),
    ("position is bool", _set("entries.0.position", True), "entries[0].position", "got true/false"),
    ("negative position", _set("entries.0.position", -1), "entries[0].position", "must not be negative"),
    ("text is null", _set("entries.0.text", None), "entries[0].text", "expected a string, got null"),
    ("label is number", _set("entries.2.time_label", 8), "entries[2].time_label", "a string or null"),
    ("title is number", _set("dispatches.0.title", 5), "dispatches[0].title", "expected a string"),
    ("caption is list", _set("dispatches.0.caption", []), "dispatches[0].caption", "a string or null"),
    (
        "code is number",
        _set(f"{AMIRA_1}.values.actor", ["RUS", 3]),
        f"{AMIRA_1}.values.actor",
        "list of strings",
    ),
    ("code is object", _set(f"{AMIRA_1}.values.stance", {}), f"{AMIRA_1}.values.stance", "got an object"),
    ("values is list", _set(f"{AMIRA_1}.values", []), f"{AMIRA_1}.values", "expected an object"),
    ("note is number", _set(f"{AMIRA_1}.note", 1), f"{AMIRA_1}.note", "expected a string"),
    ("modified is number", _set(f"{AMIRA_1}.modified", 1), f"{AMIRA_1}.modified", "a string or null"),
    ("annotation is list", _set(AMIRA_1, []), AMIRA_1, "expected an object, got a list"),
    (
        "span start is float",
        _set(f"{AMIRA_1}.spans.0.start", 17.0),
        f"{AMIRA_1}.spans[0].start",
        "an integer",
    ),
    ("span value is null", _set(f"{AMIRA_1}.spans.0.value", None), f"{AMIRA_1}.spans[0].value", "a string"),
    ("meta is list", _set("meta", []), "meta", "expected an object, got a list"),
    ("entries is object", _set("entries", {}), "entries", "expected a list"),
    ("dispatches is text", _set("dispatches", "d"), "dispatches", "expected a list"),
    ("layers is list", _set("layers", []), "layers", "expected an object"),
    ("layer is list", _set("layers.ben", []), "layers.ben", "expected an object"),
    ("codebook is list", _set("codebook", []), "codebook", "expected an object"),
    ("dimension kind", _set("codebook.dimensions.0.kind", "scale"), "codebook.dimensions[0]", "kind must be"),
    # missing fields
    ("no timestamp field", _delete("entries.1.timestamp"), "entries[1]", "missing 'timestamp'"),
    ("no title", _delete("dispatches.0.title"), "dispatches[0]", "missing 'title'"),
    ("no codebook", _delete("codebook"), "codebook", "missing"),
    ("no span end", _delete(f"{AMIRA_1}.spans.1.end"), f"{AMIRA_1}.spans[1]", "missing 'end'"),
    # unknown fields
    ("unknown entry field", _set("entries.0.mood", "calm"), "entries[0]", "unknown field 'mood'"),
    ("unknown dispatch field", _set("dispatches.0.author", "x"), "dispatches[0]", "unknown field 'author'"),
    ("unknown annotation field", _set(f"{AMIRA_1}.colour", "red"), AMIRA_1, "unknown field 'colour'"),
    (
        "unknown span field",
        _set(f"{AMIRA_1}.spans.0.score", 1),
        f"{AMIRA_1}.spans[0]",
        "unknown field 'score'",
    ),
    ("unknown top-level field", _set("comments", []), "comments", "unknown field at the top level"),
    # identity and references
    (
        "duplicate entry id",
        _set("entries.2.id", "e-golden-1"),
        "entries[2].id",
        "duplicate entry id 'e-golden-1'",
    ),
    (
        "duplicate dispatch id",
        lambda d: d["dispatches"].append(copy.deepcopy(d["dispatches"][0])),
        "dispatches[1].id",
        "duplicate dispatch id 'd-golden-1'",
    ),
    (
        "unknown dispatch",
        _set("entries.1.dispatch_id", "d-nope"),
        "entries[1].dispatch_id",
        "no dispatch 'd-nope'",
    ),
    (
        "annotation of no entry",
        _set("layers.ben.e-nope", {}),
        "layers.ben.e-nope",
        "entry that is not in the project",
    ),
    # spans
    (
        "span past the end",
        _set(f"{AMIRA_1}.spans.1.end", 76),
        f"{AMIRA_1}.spans[1]",
        "offsets 39-76 fall outside",
    ),
    ("empty span", _set(f"{AMIRA_1}.spans.1.end", 39), f"{AMIRA_1}.spans[1]", "offsets 39-39 mark nothing"),
    (
        "negative span",
        _set(f"{AMIRA_1}.spans.0.start", -1),
        f"{AMIRA_1}.spans[0]",
        "offsets -1-19 fall outside",
    ),
    # status
    (
        "bad status",
        _set(f"{AMIRA_1}.status", "finished"),
        f"{AMIRA_1}.status",
        "must be one of todo, done, flagged",
    ),
    ("status is list", _set(f"{AMIRA_1}.status", ["done"]), f"{AMIRA_1}.status", "must be one of"),
    # free-form data too deep to save again
    ("deep meta", _set("meta.tree", _nested(80)), "meta", "nested more than 64 levels deep"),
    (
        "deep dispatch meta",
        _set("dispatches.0.meta", _nested(80)),
        "dispatches[0].meta",
        "nested more than 64",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "where", "what"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_records_are_refused_with_file_where_what(
    tmp_path: Path, mutate: Mutation, where: str, what: str
) -> None:
    data = golden_dict()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    line = caught.value.line()
    assert line.startswith(f"{path}: {where}: "), line
    assert what in line
    assert "\n" not in line


@pytest.mark.parametrize(
    "stamp",
    [
        "2017-01-24 20:00:00",
        "2017-02-30T10:00:00",
        "2017-13-01T10:00",
        "2017-01-24T24:00",
        "2017-01-24T20:60",
        "2017-01-24T20:00:00Z",
        "2017-01-24T20:00:00+01:00",
        "2017-01-24T20:00:00.5",
        "2017-01-24",
        "٢٠١٧-01-24T20:00",
        "8 p.m.",
        "",
    ],
)
def test_timestamps_must_be_local_iso_times(tmp_path: Path, stamp: str) -> None:
    data = golden_dict()
    data["entries"][0]["timestamp"] = stamp
    path = _write(tmp_path, data)
    with pytest.raises(
        WorkbenchError, match=r": entries\[0\]\.timestamp: .* is not a local time YYYY-MM-DDTHH:MM"
    ):
        load_project(path)


def test_leap_days_and_month_ends_are_real_dates(tmp_path: Path) -> None:
    data = golden_dict()
    data["entries"][0]["timestamp"] = "2016-02-29T23:59:59"
    data["entries"][1]["timestamp"] = "2017-01-31T00:00"
    assert load_project(_write(tmp_path, data)).entries[0].timestamp == "2016-02-29T23:59:59"
    data["entries"][0]["timestamp"] = "2017-02-29T23:59:59"
    with pytest.raises(WorkbenchError, match=r"entries\[0\]\.timestamp"):
        load_project(_write(tmp_path, data))


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "file is empty"),
        (b" \n\t\r\n", "file is empty"),
        (b'{"format": "workbench-project", "version": 1,', "not valid JSON"),
        (b"{'format': 'workbench-project'}", "not valid JSON"),
        (bytes(range(256)) * 4, "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "not valid JSON"),
        (b'{"format": "workbench-project", "version": NaN}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b"[]", "not a workbench project"),
        (b"42", "not a workbench project"),
        (b'"workbench-project"', "not a workbench project"),
        (b'{"format": "workbench-codebook", "version": 1}', "not a workbench project"),
        (b'{"format": "workbench-project"}', "version: version must be a positive integer, not None"),
        (b'{"format": "workbench-project", "version": "1"}', "version: version must be a positive integer"),
        (b'{"format": "workbench-project", "version": true}', "version: version must be a positive integer"),
        (b'{"format": "workbench-project", "version": 0}', "version: version must be a positive integer"),
    ],
)
def test_files_that_are_not_projects_get_one_line(tmp_path: Path, content: bytes, what: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    line = caught.value.line()
    assert line.startswith(f"{path}: ")
    assert what in line
    assert "\n" not in line and len(line) < 600


def test_unreadable_and_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WorkbenchError, match=r"missing\.wbproj: No such file or directory"):
        load_project(tmp_path / "missing.wbproj")
    with pytest.raises(WorkbenchError, match=f"{tmp_path}: Is a directory"):
        load_project(tmp_path)
    monkeypatch.setattr(project_file, "MAX_PROJECT_BYTES", 1000)
    with pytest.raises(WorkbenchError, match=r"golden-project-v1\.json: file is .* over the .* limit"):
        load_project(GOLDEN)


def test_file_contents_are_data_never_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings that would run under eval, pickle or YAML tags come back as the same strings."""
    monkeypatch.chdir(tmp_path)
    payloads = [
        "__import__('pathlib').Path('evaluated').touch()",
        "!!python/object/apply:os.system ['touch evaluated']",
        "cos\nsystem\n(S'touch evaluated'\ntR.",
    ]
    data = golden_dict()
    data["meta"]["payloads"] = payloads
    data["entries"][2]["text"] = payloads[0]
    data["layers"]["ben"]["e-golden-3"]["note"] = payloads[1]
    project = load_project(_write(tmp_path, data))
    assert project.meta["payloads"] == payloads
    assert project.entries[2].text == payloads[0]
    assert project.annotation("ben", "e-golden-3").note == payloads[1]
    assert not (tmp_path / "evaluated").exists()


def test_recovery_copies_with_their_extra_field_still_load() -> None:
    data = golden_dict()
    data[project_file.RECOVERY_FIELD] = {"project_path": None, "written": 0.0, "pid": 1}
    assert loads_project(orjson.dumps(data)).meta["title"] == "Golden file, format version 1"


def test_loading_restores_the_garbage_collector_setting() -> None:

    assert gc.isenabled()
    loads_project(GOLDEN.read_bytes())
    assert gc.isenabled()
    with pytest.raises(WorkbenchError):
        loads_project(b"{")
    assert gc.isenabled()
    gc.disable()
    try:
        loads_project(GOLDEN.read_bytes())
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("encode", "expected"),
    [
        (lambda text: text.encode("utf-16"), "is UTF-16-LE text; it must be UTF-8"),
        (lambda text: text.encode("utf-16-be"), "is UTF-16 text (every other byte is NUL); it must be UTF-8"),
        (
            lambda text: text.replace("Harbour", "Harbour\udcff").encode("utf-8", "surrogateescape"),
            "is not valid UTF-8: byte 0xff at offset",
        ),
    ],
)
def test_a_project_file_that_is_not_utf8_says_so(tmp_path: Path, encode, expected: str) -> None:
    text = '{"format": "workbench-project", "version": 1, "meta": {"title": "Harbour"}, "codebook": {}}'
    path = tmp_path / "wrong-encoding.json"
    path.write_bytes(encode(text))
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    assert caught.value.line().startswith(f"{path}: {expected}")
    assert "surrogates" not in caught.value.line()
