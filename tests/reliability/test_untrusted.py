"""Files a colleague sends cannot harm the analyst who opens them.

Nothing in a project file or an import is ever executed; oversized files are refused by
their size before they are read; archives cannot write outside a folder or inflate
without bound; broken references are refused with one line, unknown codes listed; and
CSV exports cannot smuggle formulas into a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from workbench.cli import main as cli_main
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.importers import reading as importing
from workbench.formats.importers import refi_qda as qdpx_import
from workbench.formats.project.file import MAX_PROJECT_BYTES, dumps_project, load_project, loads_project

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = builtin_codebook("plover")
FORMULAS = ("=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", '@HYPERLINK("http://x")', "\t=1", "\r=1")


def _project() -> Project:
    project = Project(codebook=CODEBOOK)
    project.dispatches["d-1"] = Dispatch(id="d-1", title="The Latest: relief flights", published="2026-03-05")
    texts = ["Relief flights landed at the airport.", "The minister promised more tents by evening."]
    for i, text in enumerate(texts):
        project.entries.append(Entry(f"e-{i}", "d-1", i, "noon", f"2026-03-05T1{i}:00:00", text))
    project.set_layer(
        "ana", {"e-0": Annotation(values={"stance": "favor"}, spans=[Span(0, 6, "mention", "ORG")])}
    )
    return project


def _doc() -> dict:
    return orjson.loads(dumps_project(_project()))


# --- nothing is executed -------------------------------------------------------------------


EXECUTABLE_LOOKING = [
    {"__reduce__": ["os.system", ["touch {marker}"]]},
    {"py/reduce": [{"py/function": "os.system"}, {"py/tuple": ["touch {marker}"]}]},
    "!!python/object/apply:os.system ['touch {marker}']",
    "__import__('os').system('touch {marker}')",
    "$(touch {marker})",
]


@pytest.mark.parametrize("payload", EXECUTABLE_LOOKING)
def test_code_looking_values_in_a_project_stay_plain_data(tmp_path: Path, payload) -> None:
    marker = tmp_path / "executed"
    payload = orjson.loads(orjson.dumps(payload).replace(b"{marker}", str(marker).encode()))
    doc = _doc()
    doc["meta"]["hook"] = payload
    doc["dispatches"][0]["meta"] = {"note": payload}
    doc["layers"]["ana"]["e-0"]["note"] = orjson.dumps(payload).decode()
    project = loads_project(orjson.dumps(doc))
    assert project.meta["hook"] == payload
    assert project.dispatches["d-1"].meta == {"note": payload}
    assert not marker.exists()
    # Where the format has no room for extra keys, they are refused, not interpreted.
    doc["layers"]["ana"]["e-0"]["__reduce__"] = payload
    with pytest.raises(WorkbenchError, match="unknown field '__reduce__'"):
        loads_project(orjson.dumps(doc))
    assert not marker.exists()


@pytest.mark.parametrize("suffix", [".csv", ".txt", ".jsonl"])
def test_formula_and_code_text_imports_as_plain_text(tmp_path: Path, suffix: str) -> None:
    marker = tmp_path / "executed"
    text = f"=cmd|' /C touch {marker}'!A0"
    path = tmp_path / f"hostile{suffix}"
    if suffix == ".csv":
        path.write_text(f'title,text\nRelief,"{text}"\n', encoding="utf-8")
    elif suffix == ".txt":
        path.write_text(text + "\n", encoding="utf-8")
    else:
        path.write_bytes(orjson.dumps({"text": text, "label": ["__reduce__"]}))
    batch = importing.import_paths([path], CODEBOOK, "ana")
    assert [e.text for e in batch.entries] == [text]
    assert not marker.exists()


def test_the_data_packages_never_evaluate_or_unpickle() -> None:
    """A static guarantee: no module that reads files can execute what is in them."""
    forbidden = re.compile(
        r"\b(pickle|marshal|shelve|yaml|dill|jsonpickle)\b|(?<![\w.])(eval|exec|compile|__import__)\(|os\.system|subprocess"
    )
    offenders = []
    for package in ("core", "formats", "analysis", "index", "cli"):
        for module in sorted((REPO / "workbench" / package).rglob("*.py")):
            for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if forbidden.search(code):
                    offenders.append(f"{module.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


# --- size limits -----------------------------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space and no time to make."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".json", ".qdpx"])
def test_a_100_mb_import_is_refused_by_its_size_with_the_limit_stated(tmp_path: Path, suffix: str) -> None:
    big = _sparse(tmp_path / f"huge{suffix}", 100 * 1024**2)
    with pytest.raises(WorkbenchError) as caught:
        importing.import_paths([big], CODEBOOK)
    limit_mb = importing.MAX_IMPORT_BYTES // 1024**2
    assert caught.value.file == str(big)
    assert "100 MB" in caught.value.what and f"{limit_mb} MB import limit" in caught.value.what


def test_an_oversized_project_is_refused_before_reading(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "huge.json", MAX_PROJECT_BYTES + 1)
    with pytest.raises(WorkbenchError, match="GiB limit"):
        load_project(big)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_absurd_nesting_is_refused_not_a_crash(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(WorkbenchError):
        importing.import_paths([path], CODEBOOK)
    with pytest.raises(WorkbenchError):
        loads_project(b'{"format": "workbench-project", "version": 1, "meta": ' + b"[" * 200_000)


# --- archives ----------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _qdpx_seed(tmp_path: Path) -> bytes:
    out = tmp_path / "seed.qdpx"
    run_export(_project(), ExportOptions(format="qdpx", layer="ana"), out)
    return out.read_bytes()


def _members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _import_archive(tmp_path: Path, data: bytes) -> WorkbenchError:
    path = tmp_path / "colleague.qdpx"
    path.write_bytes(data)
    before = sorted(p.name for p in tmp_path.parent.rglob("*"))
    with pytest.raises(WorkbenchError) as caught:
        importing.import_paths([path], CODEBOOK, "ana")
    assert sorted(p.name for p in tmp_path.parent.rglob("*")) == before, "the import wrote files"
    assert "\n" not in caught.value.line()
    return caught.value


@pytest.mark.parametrize(
    "name", ["../../evil.txt", "/etc/cron.d/evil", "C:/Windows/evil.txt", "sources/../../x.txt"]
)
def test_archive_members_outside_the_archive_folder_are_refused(tmp_path: Path, name: str) -> None:
    members = _members(_qdpx_seed(tmp_path))
    members[name] = b"owned"
    error = _import_archive(tmp_path, _zip(members))
    assert "outside" in error.what


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    members = _members(_qdpx_seed(tmp_path))
    members["sources/bomb.txt"] = bytes(40 * 1024**2)  # 40 MB of zeros deflate to about 40 KB
    error = _import_archive(tmp_path, _zip(members))
    assert "bomb" in error.what or "inflate" in error.what


def test_an_archive_that_lies_about_its_sizes_is_refused(tmp_path: Path) -> None:
    data = bytearray(_qdpx_seed(tmp_path))
    central = data.index(b"PK\x01\x02")  # first central directory record: project.qde
    struct.pack_into("<I", data, central + 24, qdpx_import.MAX_TOTAL_BYTES + 1)
    error = _import_archive(tmp_path, bytes(data))
    assert "inflate" in error.what or "declares" in error.what


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    members = _members(_qdpx_seed(tmp_path))
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    members["project.qde"] = laughs + members["project.qde"].split(b"?>", 1)[1]
    error = _import_archive(tmp_path, _zip(members))
    assert "DOCTYPE" in error.what


# --- broken references and unknown codes --------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d["layers"]["ana"]["e-0"]["spans"][0].update(end=999), "layers.ana.e-0.spans[0]"),
        (lambda d: d["layers"]["ana"]["e-0"]["spans"][0].update(start=-1), "layers.ana.e-0.spans[0]"),
        (lambda d: d["entries"][1].update(id="e-0"), "entries[1].id"),
        (lambda d: d["dispatches"].append(dict(d["dispatches"][0])), "dispatches[1].id"),
        (lambda d: d["layers"]["ana"].update({"e-9": {"status": "done"}}), "layers.ana.e-9"),
    ],
)
def test_broken_references_are_refused_naming_the_place(tmp_path: Path, edit, where: str) -> None:
    doc = _doc()
    edit(doc)
    path = tmp_path / "broken.json"
    path.write_bytes(orjson.dumps(doc))
    with pytest.raises(WorkbenchError) as caught:
        load_project(path)
    assert caught.value.file == str(path) and caught.value.where == where


def test_validate_lists_unknown_codes_and_fails(tmp_path: Path, capsys) -> None:
    doc = _doc()
    doc["layers"]["ana"]["e-0"]["values"]["stance"] = "enthusiastic"
    doc["layers"]["ana"]["e-1"] = {
        "values": {"mood": "calm"},
        "spans": [{"start": 0, "end": 3, "dimension": "mention", "value": "GPE"}],
    }
    path = tmp_path / "odd.json"
    path.write_bytes(orjson.dumps(doc))
    assert cli_main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    for odd in ("'enthusiastic'", "'mood'", "GPE"):
        assert odd in out, f"validate did not mention {odd}"
    assert all(line.startswith(f"{path}: ") for line in out.splitlines())

    clean = tmp_path / "clean.json"
    clean.write_bytes(dumps_project(_project()))
    assert cli_main(["validate", str(clean)]) == 0
    assert "enthusiastic" not in capsys.readouterr().out


# --- CSV exports ----------------------------------------------------------------------------------


def test_csv_export_neutralises_formulas_in_every_cell(tmp_path: Path) -> None:
    project = _project()
    for i, formula in enumerate(FORMULAS):
        entry_id = f"e-f{i}"
        project.entries.append(Entry(entry_id, "d-1", 10 + i, formula, None, f"{formula} said the caller"))
        project.codebook.dimension("actor").values.append(
            type(project.codebook.dimensions[0].values[0])(formula, formula)
        )
        project.layer("ana")[entry_id] = Annotation(values={"actor": [formula]}, note=formula, status="done")
    project.dispatches["d-1"].title = '=HYPERLINK("http://evil")'
    project.entries_changed()
    out = tmp_path / "export.csv"
    run_export(project, ExportOptions(format="csv", layer="ana"), out)

    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    dangerous = [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []
    assert "'=cmd|' /C calc'!A0 said the caller" in cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert sum(cell.startswith("'") for cell in cells) >= 3 * len(FORMULAS)  # text, actor and note cells


# --- names that lead to pipes and devices ---------------------------------------------


def _readers() -> dict[str, Callable[[Path], object]]:
    from workbench.core.codebook import load_codebook
    from workbench.formats.importers.refi_qda import read_qdpx
    from workbench.formats.project.merging import read_source

    return {
        "import": lambda p: importing.import_paths([p], CODEBOOK),
        "open": load_project,
        "codebook": lambda p: load_codebook(str(p)),
        "add layers": read_source,
        "qdpx": lambda p: read_qdpx(p, CODEBOOK, "x"),
    }


@pytest.mark.parametrize("reader", sorted(_readers()))
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused_without_reading(
    tmp_path: Path, reader: str, device: str
) -> None:
    """Read whole, /dev/zero filled the memory (a MemoryError traceback) in every reader."""
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    link = tmp_path / "codes.json"
    link.symlink_to(device)
    with pytest.raises(WorkbenchError, match="not a regular file: it is a device") as caught:
        _readers()[reader](link)
    assert caught.value.file == str(link)


@pytest.mark.parametrize("reader", sorted(_readers()))
def test_a_named_pipe_is_named_as_such_and_never_waited_on(tmp_path: Path, reader: str) -> None:
    """A FIFO hung every reader for ever on open, and the import called it "no such file"."""
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    with pytest.raises(WorkbenchError, match=r"not a regular file: it is a named pipe \(FIFO\)") as caught:
        _readers()[reader](fifo)
    assert caught.value.line().startswith(f"{fifo}: ")
