"""``workbench-cli set-date`` on a project with one undated live blog, and ``stats --dispatches``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from workbench.cli import main
from workbench.core.codebook import load_codebook
from workbench.core.model import Project
from workbench.core.undoable import AddImport, ImportBatch
from workbench.formats.importers.liveblog.parse import parse_text
from workbench.formats.project.file import load_project, save_project

#: Invented text: a newest-first page without any date, running past midnight.
PAGE = """The Latest: Harbour cranes halted by night storm

PORTVALE (AP) — The latest on the storm at Portvale harbour (all times local):

12:40 a.m.

Crane crews have been sent home until the wind drops below the safety limit.

10:15 p.m.

Gusts at the harbour mouth reached gale force, the coast guard says.
"""


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    (parsed,) = parse_text(PAGE, source="storm.txt")
    project = Project(codebook=load_codebook("plover"))
    AddImport(ImportBatch(dispatches=[parsed.dispatch], entries=parsed.entries)).redo(project)
    path = tmp_path / "storm.json"
    save_project(project, path)
    return path


def _only_dispatch(path: Path) -> str:
    (dispatch_id,) = load_project(path).dispatches
    return dispatch_id


def test_set_date_stamps_the_entries_and_saves_in_place(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dispatch_id = _only_dispatch(project_path)
    assert main(["set-date", str(project_path), dispatch_id, "2025-10-31"]) == 0
    out = capsys.readouterr().out
    assert "dated 'The Latest: Harbour cranes halted by night storm' 2025-10-31 (was no date)" in out
    assert "2 of 2 entries stamped" in out
    saved = load_project(project_path)
    assert [e.timestamp for e in saved.entries] == ["2025-11-01T00:40:00", "2025-10-31T22:15:00"]
    assert saved.dispatches[dispatch_id].published == "2025-10-31"
    assert saved.dispatches[dispatch_id].meta["date_source"] == "set by hand"
    assert project_path.with_name(project_path.name + ".bak").exists()  # the file writer's backup


def test_set_date_with_output_leaves_the_project_as_it_was(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = project_path.read_bytes()
    out = tmp_path / "dated.json"
    dispatch_id = _only_dispatch(project_path)
    assert main(["set-date", str(project_path), dispatch_id, "2025-10-31", "-o", str(out)]) == 0
    assert project_path.read_bytes() == before
    assert load_project(out).dispatches[dispatch_id].published == "2025-10-31"
    assert main(["set-date", str(out), dispatch_id, "2025-11-02"]) == 0
    assert "(was 2025-10-31)" in capsys.readouterr().out
    assert [e.timestamp for e in load_project(out).entries] == ["2025-11-03T00:40:00", "2025-11-02T22:15:00"]


def test_an_unknown_dispatch_is_one_line_that_says_how_to_find_ids(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = project_path.read_bytes()
    assert main(["set-date", str(project_path), "d-unknown", "2025-10-31"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"workbench-cli: {project_path}: no dispatch 'd-unknown'")
    assert f"workbench-cli stats {project_path} --dispatches" in err
    assert project_path.read_bytes() == before


@pytest.mark.parametrize("day", ["2025-02-30", "31.10.2025", "20251031", "tomorrow"])
def test_a_date_not_written_yyyy_mm_dd_is_a_usage_error(
    project_path: Path, day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["set-date", str(project_path), _only_dispatch(project_path), day])
    assert usage.value.code == 2
    assert f"'{day}' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_a_missing_project_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["set-date", str(tmp_path / "none.json"), "d-x", "2025-10-31"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.json" in err


def test_stats_lists_the_dispatches_with_their_dates(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dispatch_id = _only_dispatch(project_path)
    assert main(["stats", str(project_path), "--dispatches"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "Dispatches (id, date, entries, title):"
    assert lines[-1].split() == [dispatch_id, "no", "date", "2", *PAGE.splitlines()[0].split()]
    main(["set-date", str(project_path), dispatch_id, "2025-10-31"])
    capsys.readouterr()
    assert main(["stats", str(project_path), "--dispatches", "--json"]) == 0
    (listed,) = orjson.loads(capsys.readouterr().out)["dispatch_list"]
    assert listed == {
        "id": dispatch_id,
        "title": "The Latest: Harbour cranes halted by night storm",
        "published": "2025-10-31",
        "date_source": "set by hand",
        "entries": 2,
    }
