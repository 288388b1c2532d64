"""``workbench-cli export``: files, standard output, summary on stderr, exit codes."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import orjson
import pytest

from workbench.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    target = tmp_path / "project.json"
    shutil.copy(FIXTURE, target)
    return target


def test_jsonl_to_stdout_with_summary_on_stderr(project_file: Path, capsysbinary) -> None:
    code = main(["export", str(project_file), "--format", "jsonl", "--annotator", "amira", "-o", "-"])
    captured = capsysbinary.readouterr()
    assert code == 0
    records = [orjson.loads(line) for line in captured.out.splitlines()]
    assert len(records) == 7 and {r["annotator"] for r in records} == {"amira"}
    assert b"7 records written (jsonl, layer amira, subset all)" in captured.err


def test_csv_to_stdout_with_split(project_file: Path, capsysbinary) -> None:
    argv = [
        "export",
        str(project_file),
        "-f",
        "csv",
        "-a",
        "gold",
        "--split",
        "0.5,0.5",
        "--seed",
        "3",
        "-o",
        "-",
    ]
    assert main(argv) == 0
    captured = capsysbinary.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out.decode("utf-8-sig"), newline="")))
    assert {row["split"] for row in rows} == {"train", "test"}
    assert b"per split: train" in captured.err


def test_majority_reports_ties_and_writes_manifest(project_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "majority.conll"
    assert (
        main(
            ["export", str(project_file), "-f", "conll", "-a", "majority", "--subset", "done", "-o", str(out)]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "majority ties (left uncoded):" in err and "stance" in err
    manifest = orjson.loads(out.with_name("majority.conll.manifest.json").read_bytes())
    assert manifest["layer"] == "majority" and manifest["subset"] == "done" and manifest["ties"]


def test_folder_formats_and_unaligned_report(project_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "splits"
    argv = [
        "export",
        str(project_file),
        "-f",
        "conll",
        "-a",
        "ben",
        "--split",
        "0.6,0.2,0.2",
        "--stratify",
        "stance",
    ]
    assert main([*argv, "-o", str(out)]) == 0
    assert (out / "train.conll").exists() and (out / "manifest.json").exists()
    assert "1 spans not on token boundaries" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-a", "nobody"], "no annotator 'nobody'"),
        (["-a", "amira", "--split", "0.9,0.9"], "add up to 1"),
        (["-a", "amira", "--split", "0.5,0.5", "--stratify", "mood"], "no such dimension"),
        (["-a", "amira", "-f", "brat"], "cannot be written to standard output"),
        (
            ["-a", "gold", "--subset", "done", "-f", "conll", "--span-dimension", "stance"],
            "not a span dimension",
        ),
    ],
)
def test_bad_data_exits_1_with_one_line(project_file: Path, capsys, extra: list[str], message: str) -> None:
    assert main(["export", str(project_file), *extra, "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_project_exits_1(tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path / "nope.json"), "-a", "x", "-o", "-"]) == 1
    assert "nope.json" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "jsonl"],  # no -o
        ["-f", "xml", "-a", "amira", "-o", "-"],
        ["-o", "-"],  # several annotators and no --annotator
        ["-a", "amira", "--seed", "4", "-o", "-"],  # --seed without --split
    ],
)
def test_usage_errors_exit_2(project_file: Path, capsys, argv: list[str]) -> None:
    try:
        code = main(["export", str(project_file), *argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2
    assert capsys.readouterr().err


def test_nothing_is_left_when_the_export_fails(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    assert (
        main(
            [
                "export",
                str(project_file),
                "-f",
                "conll",
                "-a",
                "amira",
                "--span-dimension",
                "actor",
                "-o",
                str(out),
            ]
        )
        == 1
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.json"]


def test_an_uncoded_project_exports_its_entries_with_empty_labels(tmp_path: Path, capsys) -> None:
    project = orjson.loads(FIXTURE.read_bytes())
    project["layers"] = {}  # nobody has coded yet
    path = tmp_path / "uncoded.json"
    path.write_bytes(orjson.dumps(project))
    for layer in ([], ["-a", "gold"]):
        out = tmp_path / "corpus.jsonl"
        assert main(["export", str(path), "-f", "jsonl", *layer, "-o", str(out)]) == 0
        records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
        assert len(records) == len(project["entries"])
        assert all(v is None for r in records for v in r["labels"].values()) and all(
            not r["spans"] for r in records
        )
        manifest = orjson.loads((tmp_path / "corpus.jsonl.manifest.json").read_bytes())
        assert manifest["labels"] == "empty" and manifest["records"] == len(records)
        assert "empty labels" in capsys.readouterr().err


def test_gold_export_warns_about_entries_not_fully_adjudicated(
    project_file: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "gold.jsonl"
    assert main(["export", str(project_file), "-a", "gold", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    manifest = orjson.loads((tmp_path / "gold.jsonl.manifest.json").read_bytes())
    assert manifest["not_adjudicated"], "the fixture's coders dispute entries nobody decided"
    assert f"warning: {len(manifest['not_adjudicated'])} entries are not fully adjudicated" in err
