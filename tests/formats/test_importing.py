"""import_paths: folders, format detection, all-or-nothing failure, limits and round trips."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest

from tests.oracles import entry_record
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.model import Annotation, Project, Span
from workbench.core.undoable import AddImport
from workbench.formats.importers.reading import MAX_IMPORT_BYTES, import_paths, read_bytes
from workbench.formats.project.file import load_project

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "import"
SAMPLES = REPO / "resources" / "samples"
PLOVER = builtin_codebook("plover")


def test_a_folder_is_read_recursively_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "nested" / "deeper" / "story.TXT").write_bytes((FIXTURES / "rollover.txt").read_bytes())
    (tmp_path / "monitoring.csv").write_bytes((FIXTURES / "monitoring.csv").read_bytes())
    (tmp_path / ".hidden.txt").write_text("The Latest: hidden\n\n8 p.m.\n\nSecret.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Not for import.\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "codebook.json").write_bytes((REPO / "resources" / "codebooks" / "plover.json").read_bytes())
    seen: list[tuple[int, int]] = []
    batch = import_paths([tmp_path], PLOVER, progress=lambda done, total: seen.append((done, total)))
    assert len(batch.entries) == 4 + 3
    assert not any("hidden" in e.text.lower() or "Not for import" in e.text for e in batch.entries)
    assert batch.problems == [
        f"{tmp_path / 'photo.jpg'}: skipped, not a known file type",
        f"{tmp_path / 'codebook.json'}: skipped, a workbench codebook file",
    ]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_folder_import_skips_links_leading_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "id_rsa").write_text("PRIVATE KEY material, not a dispatch.\n")
    folder = tmp_path / "dispatches"
    folder.mkdir()
    (folder / "story.txt").write_bytes((FIXTURES / "rollover.txt").read_bytes())
    (folder / "notes.txt").symlink_to(outside / "id_rsa")
    (folder / "again.txt").symlink_to(folder / "story.txt")
    batch = import_paths([folder], PLOVER)
    assert not any("PRIVATE" in e.text for e in batch.entries)
    assert len(batch.entries) == 4
    assert batch.problems == [f"{folder / 'notes.txt'}: skipped, a link leading out of the folder"]


def test_many_files_and_duplicates_across_files_appear_once(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes((FIXTURES / "rollover.txt").read_bytes().replace(b"\n", b"\r\n"))
    batch = import_paths([FIXTURES / "rollover.txt", copy, FIXTURES / "digest.txt"], PLOVER)
    assert len(batch.dispatches) == 3
    assert len(batch.entries) == 4 + 4
    assert len({e.id for e in batch.entries}) == len(batch.entries)


def test_the_samples_import_and_the_sample_project_is_current() -> None:
    batch = import_paths([SAMPLES], PLOVER)
    assert len(batch.dispatches) == 6
    assert 35 <= len(batch.entries) <= 45
    assert {d.meta.get("date_source") for d in batch.dispatches} >= {"updated stamp", "byline"}
    assert any(e.heading for e in batch.entries) and any(e.utc for e in batch.entries)
    assert len({e.timestamp[:10] for e in batch.entries if e.timestamp}) >= 3
    assert any("sample-project.json" in p and "skipped" in p for p in batch.problems)
    project = load_project(SAMPLES / "sample-project.json")
    assert {e.id for e in project.entries} == {e.id for e in batch.entries}
    assert set(project.annotators()) == {"amira", "ben"}
    statuses = [a.status for layer in project.read_every_layer().values() for a in layer.values()]
    assert statuses.count("flagged") == 1 and "done" in statuses and "todo" in statuses
    emoji_entry = next(e for e in project.entries if "🌊" in e.text)
    spans = project.layer("amira")[emoji_entry.id].spans
    assert [emoji_entry.text[s.start : s.end] for s in spans] == ["Atmeh"]


def test_sample_project_build_is_byte_identical() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_sample_project", REPO / "tools" / "build_sample_project.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (SAMPLES / "sample-project.json").read_bytes()


def test_our_jsonl_records_round_trip(tmp_path: Path) -> None:
    source = import_paths([FIXTURES / "rollover.txt"], PLOVER)
    entry = source.entries[0]
    annotation = Annotation(
        values={"stance": "favor", "actor": ["UNO"]},
        spans=[Span(0, 7, "mention", "ORG")],
        note="checked",
        status="done",
    )
    lines = [
        orjson.dumps(
            entry_record(e, source.dispatches[0], "amira", annotation if e is entry else None, PLOVER)
        )
        for e in source.entries
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    batch = import_paths([path], PLOVER)
    assert [e.id for e in batch.entries] == [e.id for e in source.entries]
    assert [e.text for e in batch.entries] == [e.text for e in source.entries]
    restored = batch.layers["amira"][entry.id]
    assert (restored.values, restored.spans, restored.note, restored.status) == (
        annotation.values,
        annotation.spans,
        "checked",
        "done",
    )
    as_list = tmp_path / "corpus.json"
    as_list.write_bytes(b"[" + b",".join(lines) + b"]")
    assert [e.id for e in import_paths([as_list], PLOVER).entries] == [e.id for e in source.entries]


def test_records_without_annotator_field_go_to_the_file_stem(tmp_path: Path) -> None:
    record = {"id": "e-1", "text": "Some text.", "labels": {"stance": "neutral"}}
    path = tmp_path / "colleague.jsonl"
    path.write_bytes(orjson.dumps(record))
    assert set(import_paths([path], PLOVER).layers) == {"colleague"}


def test_reimport_into_a_project_adds_nothing() -> None:
    project = Project(codebook=PLOVER)
    first = AddImport(import_paths([SAMPLES], PLOVER))
    first.redo(project)
    again = AddImport(import_paths([SAMPLES], PLOVER))
    again.redo(project)
    assert len(first.added_entries) == len(project.entries) > 0
    assert again.added_entries == [] and again.added_dispatches == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("empty.json", b"", "file is empty"),
        ("empty.jsonl", b"\n\n", "file is empty"),
        ("empty.csv", b"", "file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03PK\x03\x04" * 50, "binary data"),
        ("binary.json", b"\x00\x01\x02" * 50, "binary data"),
        ("truncated.json", b'[{"uri": "a", "body_text": "Some te', "truncated"),
        ("truncated.jsonl", b'{"text": "ok"}\n{"text": "cut', "line 2: not valid JSON"),
        ("shape.json", b'{"hello": "world"}', "JSON of an unknown shape"),
        ("number.json", b"42", "JSON of an unknown shape"),
        ("list.json", b"[]", "empty list"),
        ("shape.jsonl", b"[1, 2]\n", "JSON of an unknown shape"),
        ("notext.csv", b"title,date\nA,2020-01-01\n", "no 'text' column"),
        ("latin.json", '{"uri": "x", "body_text": "caf\u00e9 \u2014 ok"}'.encode("cp1252"), None),
        ("deep.json", b"[" * 100000 + b"]" * 100000, "JSON"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(name: str, data: bytes, message: str | None) -> None:
    if message is None:  # mis-encoded but decodable: imported, not refused
        assert read_bytes(data, name, PLOVER).entries[0].text == "caf\u00e9 \u2014 ok"
        return
    with pytest.raises(WorkbenchError, match=message) as info:
        read_bytes(data, name, PLOVER)
    line = info.value.line()
    assert line.startswith(name + ":") and "\n" not in line


def test_one_bad_file_fails_the_whole_import(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_bytes((FIXTURES / "rollover.txt").read_bytes())
    (tmp_path / "b-bad.json").write_bytes(b'{"uri": "x", "body_text": ')
    with pytest.raises(WorkbenchError) as info:
        import_paths([tmp_path], PLOVER)
    assert info.value.file == str(tmp_path / "b-bad.json")


def test_a_100_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024**2)  # sparse: no disk space used
    assert big.stat().st_size > MAX_IMPORT_BYTES
    started = time.perf_counter()
    with pytest.raises(WorkbenchError, match="over the 64 MB import limit") as info:
        import_paths([big], PLOVER)
    assert time.perf_counter() - started < 5  # refused without parsing 100 MB
    assert info.value.file == str(big)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file or folder"),
        (lambda d: d, "no importable files"),
    ],
)
def test_missing_paths_and_empty_folders(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkbenchError, match=message):
        import_paths([make(tmp_path)], PLOVER)


def test_explicit_file_of_unknown_type_and_project_files_are_refused(tmp_path: Path) -> None:
    doc = tmp_path / "notes.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(WorkbenchError, match=r"unknown file type '\.docx'"):
        import_paths([doc], PLOVER)
    with pytest.raises(WorkbenchError, match="workbench project file"):
        import_paths([SAMPLES / "sample-project.json"], PLOVER)


def test_cancel_stops_the_import(tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        import_paths([FIXTURES], PLOVER, cancelled=lambda: True)
