"""Golden files: every format's output on the sample project and the fixture, byte for byte.

Two projects: ``resources/samples/sample-project.json`` (the shipped sample, files named
``sample-*``) and ``export-fixture-project.json`` here (emoji, Arabic, a gold layer, spans
that cut through tokens).

A change to an exporter that alters its output fails here until the golden files are
regenerated on purpose: ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats/test_export_golden.py``
(then read the diff before committing it). Manifest dates come from a fixed clock.
"""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.splits import SplitSpec
from workbench.formats.project.file import load_project

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
FIXTURE = GOLDEN / "export-fixture-project.json"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CLOCK = lambda: datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # noqa: E731


def _check(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def _export(tmp_path: Path, fmt: str, layer: str, out_name: str, source: Path = FIXTURE, **options) -> Path:
    out = tmp_path / out_name
    run_export(load_project(source), ExportOptions(format=fmt, layer=layer, clock=CLOCK, **options), out)
    return out


@pytest.mark.parametrize(
    ("fmt", "layer", "name", "options"),
    [
        ("jsonl", "amira", "sample-amira.jsonl", {}),
        (
            "csv",
            "majority",
            "sample-majority-split.csv",
            {"split": SplitSpec((0.5, 0.25, 0.25), 1, "stance")},
        ),
        ("conll", "ben", "sample-ben.conll", {}),
        ("qdpx", "amira", "sample-amira.qdpx", {}),
        ("brat", "ben", "sample-brat-ben", {}),
    ],
)
def test_sample_project_exports_match_golden(
    tmp_path: Path, fmt: str, layer: str, name: str, options: dict
) -> None:
    if not SAMPLE.exists():
        pytest.skip("the sample project is not there")
    out = _export(tmp_path, fmt, layer, name, SAMPLE, **options)
    if fmt == "brat":
        files = sorted(p.name for p in out.iterdir())
        _check(f"{name}.files", ("\n".join(files) + "\n").encode())
        for file in files:
            _check(f"{name}/{file}", (out / file).read_bytes())
        return
    if fmt == "qdpx":
        with zipfile.ZipFile(out) as archive:
            _check(f"{name}.project.qde", archive.read("project.qde"))
            names = sorted(n for n in archive.namelist() if n.startswith("sources/"))
            _check(f"{name}.sources.txt", b"".join(archive.read(n) + b"\n---\n" for n in names))
    else:
        _check(name, out.read_bytes())
    _check(name + ".manifest.json", out.with_name(name + ".manifest.json").read_bytes())


@pytest.mark.parametrize(
    ("fmt", "layer", "name", "options"),
    [
        ("jsonl", "majority", "majority-split.jsonl", {"split": SplitSpec((0.6, 0.2, 0.2), 3, "stance")}),
        ("jsonl", "amira", "amira.jsonl", {}),
        ("csv", "amira", "amira.csv", {}),
        ("conll", "ben", "ben.conll", {}),
    ],
)
def test_single_file_formats_match_golden(
    tmp_path: Path, fmt: str, layer: str, name: str, options: dict
) -> None:
    out = _export(tmp_path, fmt, layer, name, **options)
    _check(name, out.read_bytes())
    _check(name + ".manifest.json", out.with_name(name + ".manifest.json").read_bytes())


def test_brat_folder_matches_golden(tmp_path: Path) -> None:
    out = _export(tmp_path, "brat", "amira", "brat-amira")
    names = sorted(p.name for p in out.iterdir())
    _check("brat-amira.files", ("\n".join(names) + "\n").encode())
    for name in names:
        _check(f"brat-amira/{name}", (out / name).read_bytes())


def test_qdpx_members_match_golden(tmp_path: Path) -> None:
    out = _export(tmp_path, "qdpx", "gold", "gold.qdpx")
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        _check("gold.qdpx.files", ("\n".join(names) + "\n").encode())
        _check("gold.qdpx.project.qde", archive.read("project.qde"))
        sources = b"".join(archive.read(n) + b"\n---\n" for n in names if n.startswith("sources/"))
        _check("gold.qdpx.sources.txt", sources)


def test_spacy_docs_match_golden(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = _export(tmp_path, "spacy", "amira", "amira.spacy")
    docs = DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab)
    described = [
        {
            "text": doc.text,
            "tokens": [t.text for t in doc],
            "spans": {
                key: [[s.start_char, s.end_char, s.label_] for s in group] for key, group in doc.spans.items()
            },
            "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
            "cats": doc.cats,
            "user_data": {str(k): v for k, v in doc.user_data.items()},
        }
        for doc in docs
    ]
    _check("amira.spacy.json", orjson.dumps(described, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
