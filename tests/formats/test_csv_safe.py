"""Every CSV the workbench writes goes through one neutralising writer (issue 20.14).

Each test reads the file back with the ``csv`` module, as a spreadsheet import would, and
checks that no cell starts like a formula and that no row was split.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson

from workbench.analysis.agreement import project_agreement, summary_rows
from workbench.cli import main
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.csv_safe import FORMULA_STARTS
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.ui.review.agreement_report import csv_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "activity-corpus.json"
HOSTILE = '=HYPERLINK("http://example.invalid")\r@SUM(1)'


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _no_formula(rows: list[list[str]]) -> None:
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []


def test_export_header_from_a_hostile_value_key_is_neutralised(tmp_path: Path) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Briefing")
    project.entries = [Entry("e0", "d", 0, None, None, "Crews cleared the road.")]
    project.set_annotation("ana", "e0", Annotation(values={HOSTILE: "x", "stance": "favor"}))
    out = tmp_path / "corpus.csv"
    run_export(project, ExportOptions(format="csv", layer="ana"), out)
    rows = _cells(out.read_bytes().decode("utf-8-sig"))
    assert len(rows) == 2 and len(rows[0]) == len(rows[1])
    assert "'" + HOSTILE in rows[0]
    _no_formula(rows)


def test_hours_csv_header_with_a_hostile_actor_keeps_one_row(tmp_path: Path) -> None:
    data = orjson.loads(CORPUS.read_bytes())
    for annotation in data["layers"]["ana"].values():
        actors = annotation.get("values", {}).get("actor")
        if actors and "RUS" in actors:
            actors[actors.index("RUS")] = HOSTILE
    path = tmp_path / "corpus.json"
    path.write_bytes(orjson.dumps(data))
    out = tmp_path / "hours.csv"
    args = ["stats", str(path), "--hours-csv", str(out), "--by", "actor", "--annotator", "ana"]
    assert main(args) == 0
    rows = _cells(out.read_bytes().decode("utf-8"))
    assert rows[0][:2] == ["start", "total"] and "'" + HOSTILE in rows[0]
    assert len({len(row) for row in rows}) == 1  # the CR did not split the header
    _no_formula(rows)


def test_agreement_report_csv_neutralises_a_hostile_dimension() -> None:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d"] = Dispatch("d", "Briefing")
    project.entries = [Entry(f"e{i}", "d", i, None, None, f"Entry {i}.") for i in range(3)]
    for name, values in {"ana": ["a", "b", "a"], "bo": ["b", "a", "a"]}.items():
        for i, value in enumerate(values):
            project.set_annotation(name, f"e{i}", Annotation(values={HOSTILE: value}))
    rows = _cells(csv_text(summary_rows(project_agreement(project))))
    assert any(row[0] == "'" + HOSTILE for row in rows)
    assert any(cell.startswith("-0.") for row in rows for cell in row)  # a negative figure stays a number
    _no_formula([[c for c in row if not c.startswith("-0.")] for row in rows])
