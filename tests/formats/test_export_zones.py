"""An entry's heading, zone and UTC instant travel through the exports that list entry fields."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import orjson
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.training_records import records_to_batch
from workbench.formats.importers.refi_qda import read_qdpx, read_qdpx_bytes
from workbench.formats.project.file import load_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


@pytest.fixture
def project() -> Project:
    project = load_project(FIXTURE)
    first, second = project.entries[:2]
    first.zone, first.utc = "EET", "2026-03-02T19:40:00Z"
    second.heading = "Where things stand"
    return project


def _fields(project: Project) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.heading, e.zone, e.utc) for e in project.entries]


def test_jsonl_records_carry_the_fields_and_read_back(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    run_export(project, ExportOptions(format="jsonl", layer="amira"), out)
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert (records[0]["zone"], records[0]["utc"], records[0]["heading"]) == (
        "EET",
        "2026-03-02T19:40:00Z",
        None,
    )
    assert records[1]["heading"] == "Where things stand"
    assert {tuple(r) for r in records} == {tuple(records[0])}  # one schema for every record
    batch = records_to_batch(out.read_bytes(), str(out), "x")
    assert [(e.heading, e.zone, e.utc) for e in batch.entries] == _fields(project)


def test_a_jsonl_record_with_a_bad_utc_is_refused_by_line(tmp_path: Path) -> None:
    record = {"id": "e-1", "text": "Quiet night.", "labels": {}, "utc": "2026-03-02T19:40:00"}
    with pytest.raises(
        WorkbenchError, match=r"f\.jsonl: line 1: 'utc' '2026-03-02T19:40:00' is not a UTC time"
    ):
        records_to_batch(orjson.dumps(record), "f.jsonl", "x")


def test_csv_has_zone_utc_and_heading_columns(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.csv"
    run_export(project, ExportOptions(format="csv", layer="amira"), out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (rows[0]["zone"], rows[0]["utc"], rows[0]["heading"]) == ("EET", "2026-03-02T19:40:00Z", "")
    assert rows[1]["heading"] == "Where things stand" and rows[1]["utc"] == ""


def test_qdpx_carries_the_fields_as_variables_and_back(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="amira"), out)
    batch = read_qdpx(out, project.codebook, "x")
    assert [(e.heading, e.zone, e.utc) for e in batch.entries] == _fields(project)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("2026-03-02T19:40:00Z", "2026-03-02T19:40", "utc '2026-03-02T19:40' is not a UTC time"),
        ("2026-03-02T21:40:00", "9:40 p.m.", "timestamp '9:40 p.m.' is not a local time"),
    ],
)
def test_qdpx_times_the_project_file_would_refuse_are_refused_on_import(
    project: Project, tmp_path: Path, old: str, new: str, message: str
) -> None:
    out = tmp_path / "corpus.qdpx"
    run_export(project, ExportOptions(format="qdpx", layer="amira"), out)
    edited = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(edited, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "project.qde":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
    with pytest.raises(WorkbenchError, match=message):
        read_qdpx_bytes(edited.getvalue(), "edited.qdpx", project.codebook, "x")
