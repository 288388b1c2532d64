"""Every importer meets truncated, mutated, mistyped and random files.

The readers are taken from ``importing.READERS``, so a format added later is fuzzed
without touching this file. Each case must either import or raise a ``WorkbenchError``;
and whatever imports must survive being added to a project, saved and loaded again,
because an import that produces an unloadable project loses work at the next open.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import AddImport, ImportBatch
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.importers import reading as importing
from workbench.formats.project.file import dumps_project, load_project, loads_project

from .fuzz_support import FUZZ_SETTINGS, expect_clean_outcome, json_shape_mutations, mutated

REPO = Path(__file__).resolve().parents[2]
SEED_FOLDERS = [
    REPO / "tests" / "data" / "import",
    REPO / "tests" / "data" / "golden",
    REPO / "resources" / "samples",
]
MAX_SEED_BYTES = 32 * 1024
CODEBOOK = builtin_codebook("plover")
EXTENSIONS = importing.supported_extensions()
#: A brat .ann file is read with the .txt beside it, so fuzzed .ann files get a real brat
#: text beside them (a golden export's), and only .ann seeds written for that text import.
_BRAT_TEXT = next(
    p for p in sorted((REPO / "tests" / "data" / "golden").rglob("*.txt")) if p.with_suffix(".ann").is_file()
)
_BRAT_FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-brat-"))
for _stem in ("seed", "fuzz"):
    (_BRAT_FOLDER / f"{_stem}.txt").write_bytes(_BRAT_TEXT.read_bytes())
GENERIC_SEED = "The Latest: seed\nMarch 2, 2024\n\nPIRAEUS (AP) — ferries (all times local):\n\n9 a.m.\n\nText.\n".encode()


def _exported(fmt: str) -> bytes:
    """An archive format has no seed files in the repository: export the sample project."""
    project = load_project(REPO / "resources" / "samples" / "sample-project.json")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"seed.{fmt}"
        run_export(project, ExportOptions(format=fmt, layer="amira"), out)
        return out.read_bytes()


def _seeds(extension: str) -> list[bytes]:
    """Small valid files of this type (or read by the same reader) from the test data and samples."""
    same_reader = [e for e in EXTENSIONS if importing.READERS[e] is importing.READERS[extension]]
    found: list[bytes] = []
    for ext in [extension, *same_reader]:
        found = found or [
            path.read_bytes()
            for folder in SEED_FOLDERS
            for path in sorted(folder.rglob(f"*{ext}"))
            if path.is_file() and path.stat().st_size <= MAX_SEED_BYTES
        ]
    if extension == ".qdpx":
        found.append(_exported("qdpx"))
    return [seed for seed in found if _imports(seed, extension)] or [GENERIC_SEED]


def _file_name(stem: str, extension: str) -> str:
    return str(_BRAT_FOLDER / f"{stem}{extension}") if extension == ".ann" else f"{stem}{extension}"


def _imports(seed: bytes, extension: str) -> bool:
    """Only files the reader accepts make good seeds (test data includes export manifests)."""
    try:
        return bool(importing.read_bytes(seed, _file_name("seed", extension), CODEBOOK, "seed").entries)
    except WorkbenchError:
        return False


SEEDS = {ext: _seeds(ext) for ext in EXTENSIONS}


def _json_documents(extension: str) -> list[object]:
    documents: list[object] = []
    for seed in SEEDS[extension]:
        try:
            documents.append(orjson.loads(seed))
        except orjson.JSONDecodeError:
            lines = [orjson.loads(line) for line in seed.splitlines() if line.strip()]
            documents.append(lines)
    return documents


def _check_batch_saves(batch: ImportBatch) -> None:
    project = Project(codebook=CODEBOOK)
    AddImport(batch).redo(project)
    reloaded = loads_project(dumps_project(project))
    assert [e.id for e in reloaded.entries] == [e.id for e in project.entries]


def _read(extension: str, data: bytes) -> None:
    batch = expect_clean_outcome(
        f"importer {extension}",
        lambda: importing.read_bytes(data, _file_name("fuzz", extension), CODEBOOK, "fuzz"),
    )
    if batch is not None:
        _check_batch_saves(batch)


def test_every_extension_has_a_real_seed() -> None:
    """Fuzzing a format from random bytes only would rarely get past its first check."""
    missing = [ext for ext, seeds in SEEDS.items() if seeds == [GENERIC_SEED]]
    assert not missing, f"no seed files for {missing}"
    assert all(_imports(SEEDS[ext][0], ext) for ext in EXTENSIONS)


@pytest.mark.parametrize("extension", EXTENSIONS)
@FUZZ_SETTINGS
@given(data=st.data())
def test_mutated_files_import_or_refuse(extension: str, data: st.DataObject) -> None:
    _read(extension, data.draw(mutated(SEEDS[extension])))


@pytest.mark.parametrize("extension", [e for e in EXTENSIONS if e in {".json", ".jsonl"}])
@FUZZ_SETTINGS
@given(data=st.data())
def test_mistyped_json_imports_or_refuses(extension: str, data: st.DataObject) -> None:
    raw = data.draw(json_shape_mutations(_json_documents(extension)))
    if extension == ".jsonl":
        document = json.loads(raw)
        lines = document if isinstance(document, list) else [document]
        raw = b"\n".join(json.dumps(line).encode() for line in lines)
    _read(extension, raw)


@FUZZ_SETTINGS
@given(
    seed=st.sampled_from([s for seeds in SEEDS.values() for s in seeds]),
    extension=st.sampled_from(EXTENSIONS),
)
def test_files_under_the_wrong_extension_import_or_refuse(seed: bytes, extension: str) -> None:
    _read(extension, seed)


@FUZZ_SETTINGS
@given(files=st.lists(st.tuples(st.sampled_from(EXTENSIONS), st.data()), min_size=1, max_size=3))
def test_import_paths_on_a_folder_of_mutated_files(tmp_path_factory, files) -> None:
    folder: Path = tmp_path_factory.mktemp("drop")
    for i, (extension, data) in enumerate(files):
        (folder / f"file{i}{extension}").write_bytes(data.draw(mutated(SEEDS[extension])))
    batch = expect_clean_outcome(
        "import_paths (folders)", lambda: importing.import_paths([folder], CODEBOOK, "fuzz")
    )
    if batch is not None:
        _check_batch_saves(batch)


def _rezipped(seed: bytes, member_edits: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(seed)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info.filename, member_edits.get(info.filename, source.read(info)))
    return buffer.getvalue()


QDPX_SEED = SEEDS[".qdpx"][-1] if ".qdpx" in SEEDS else b""
QDPX_MEMBERS = (
    {}
    if not QDPX_SEED
    else {
        i: zipfile.ZipFile(io.BytesIO(QDPX_SEED)).read(i)
        for i in zipfile.ZipFile(io.BytesIO(QDPX_SEED)).namelist()
    }
)


@pytest.mark.skipif(not QDPX_SEED, reason="no .qdpx reader")
@FUZZ_SETTINGS
@given(data=st.data())
def test_qdpx_with_mutated_members_imports_or_refuses(data: st.DataObject) -> None:
    """Byte edits to a ZIP mostly break its checksums; editing the members inside gets further."""
    name = data.draw(st.sampled_from(sorted(QDPX_MEMBERS)))
    _read(".qdpx", _rezipped(QDPX_SEED, {name: data.draw(mutated([QDPX_MEMBERS[name]]))}))


@pytest.mark.skipif(not QDPX_SEED, reason="no .qdpx reader")
def test_damaged_archives_the_fuzzer_found_are_refused() -> None:
    """These escaped as zlib.error and ValueError before ``importers.refi_qda`` caught them."""
    qde_start = QDPX_SEED.index(b"project.qde") + len(b"project.qde")
    corrupt_deflate = QDPX_SEED[:qde_start] + b"\xff" * 64 + QDPX_SEED[qde_start + 64 :]
    shifted = QDPX_SEED[1:]
    for damaged in (corrupt_deflate, shifted):
        with pytest.raises(WorkbenchError) as caught:
            importing.read_bytes(damaged, "damaged.qdpx", CODEBOOK, "fuzz")
        assert caught.value.file == "damaged.qdpx"


@pytest.mark.parametrize(
    "stamp", [" 026-03-02T18:15:00", "2026-02-30T10:00:00", "2026-03-02T24:00", "2026-03-02"]
)
def test_records_with_a_time_the_project_file_refuses_are_refused_at_import(stamp: str) -> None:
    """The fuzzer found this: the import succeeded, then the saved project would not open."""
    record = {"id": "e-1", "text": "Talks resumed.", "labels": {"stance": "favor"}, "timestamp": stamp}
    with pytest.raises(WorkbenchError) as caught:
        importing.read_bytes(orjson.dumps(record), "records.jsonl", CODEBOOK, "ana")
    assert "timestamp" in caught.value.what
    record["timestamp"] = "2026-03-02T18:15:00"
    _check_batch_saves(importing.read_bytes(orjson.dumps(record), "records.jsonl", CODEBOOK, "ana"))
