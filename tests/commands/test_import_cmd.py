"""``workbench-cli import``: creating and adding to projects, messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.formats.project.file import load_project

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "import"
SAMPLES = REPO / "resources" / "samples"


def test_creates_a_project_then_adds_without_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.json"
    assert main(["import", str(SAMPLES / "ceasefire-talks.txt"), "-o", str(project)]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "added 1 dispatch, 10 entries, 0 annotations" in out
    assert len(load_project(project).entries) == 10

    assert main(["import", str(SAMPLES), "-o", str(project)]) == 0
    captured = capsys.readouterr()
    assert "added 5 dispatches, 28 entries" in captured.out
    assert "skipped 10 duplicate entries" in captured.out
    assert "1 problem" in captured.out and "sample-project.json: skipped" in captured.err
    loaded = load_project(project)
    assert len(loaded.entries) == 38
    assert loaded.codebook.name == "plover"


def test_annotations_and_annotator_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.json"
    code = main(["import", str(FIXTURES / "doccano-old.jsonl"), "-o", str(project), "--annotator", "zoe"])
    assert code == 0
    assert "1 annotation" in capsys.readouterr().out
    assert list(load_project(project).annotators()) == ["zoe"]


def test_codebook_for_new_projects_and_refused_for_existing_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.json"
    assert main(["import", str(FIXTURES / "rollover.txt"), "-o", str(project), "--codebook", "cameo"]) == 0
    assert load_project(project).codebook.name == "cameo"
    before = project.read_bytes()
    code = main(["import", str(FIXTURES / "digest.txt"), "-o", str(project), "--codebook", "plover"])
    assert code == 1
    err = capsys.readouterr().err
    assert "already uses codebook 'cameo'" in err and err.count("\n") == 1
    assert project.read_bytes() == before


def test_a_failed_import_leaves_the_project_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.json"
    assert main(["import", str(FIXTURES / "rollover.txt"), "-o", str(project)]) == 0
    before = project.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"uri": "x", "body_text": "trunc')
    assert main(["import", str(FIXTURES / "digest.txt"), str(bad), "-o", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workbench-cli: {bad}: ") and "truncated" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert project.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "p.json"]  # no temporary files left


def test_a_failed_import_creates_no_project(tmp_path: Path) -> None:
    project = tmp_path / "new.json"
    assert main(["import", str(tmp_path / "missing.txt"), "-o", str(project)]) == 1
    assert not project.exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["import", str(FIXTURES / "rollover.txt")])  # no -o
    assert info.value.code == 2


def test_a_dispatch_without_a_date_is_named_in_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "undated-page.txt"
    page.write_text("Orchard fire contained\n\n3 p.m.\n\nCrews held the line.\n")
    dated = tmp_path / "dated-page.txt"
    dated.write_text("Orchard fire out\n\nJune 3, 2022\n\n9 a.m.\n\nRain fell.\n")
    assert main(["import", str(page), str(dated), "-o", str(tmp_path / "p.json")]) == 0
    captured = capsys.readouterr()
    assert "1 problem" in captured.out
    assert captured.err.splitlines() == [
        f"warning: {page}: 'Orchard fire contained': no date found (no date line, byline, updated stamp "
        "or date in the title); entries keep their printed times without timestamps"
    ]
