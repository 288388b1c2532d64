"""A project file read ahead on a thread opens exactly as ``load_project`` opens it."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from project_file_helpers import GOLDEN, golden_dict, write_project

from workbench.core.errors import WorkbenchError
from workbench.formats.project_file import dumps_project, load_project
from workbench.formats.project_prefetch import ProjectPrefetch


def test_a_prefetched_project_is_the_project_load_project_reads(tmp_path: Path) -> None:
    path = Path(shutil.copy(GOLDEN, tmp_path / "golden.json"))
    assert dumps_project(ProjectPrefetch(path).load(path)) == dumps_project(load_project(path))


def test_a_missing_file_is_reported_when_loaded_not_when_read_ahead(tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    prefetch = ProjectPrefetch(missing)  # nothing raised on the reading thread's behalf yet
    with pytest.raises(WorkbenchError) as caught:
        prefetch.load(missing)
    assert caught.value.line() == f"{missing}: No such file or directory"


def test_a_broken_file_is_named_in_its_one_line_error(tmp_path: Path) -> None:
    path = write_project(tmp_path, b'{"format": "workbench-project", "version": 1,')
    with pytest.raises(WorkbenchError) as caught:
        ProjectPrefetch(path).load(path)
    assert caught.value.line().startswith(f"{path}: not valid JSON")


def test_another_path_is_read_when_asked_for(tmp_path: Path) -> None:
    ahead = write_project(tmp_path, b"not a project")
    other = Path(shutil.copy(GOLDEN, tmp_path / "other.json"))
    project = ProjectPrefetch(ahead).load(other)
    assert [e.id for e in project.entries] == [e["id"] for e in golden_dict()["entries"]]


def test_a_second_load_reads_the_file_again_rather_than_stale_bytes(tmp_path: Path) -> None:
    path = Path(shutil.copy(GOLDEN, tmp_path / "golden.json"))
    prefetch = ProjectPrefetch(path)
    first = prefetch.load(path)
    changed = golden_dict()
    changed["entries"][0]["text"] = "Edited on disk after the first load."
    changed["layers"] = {}  # no span may outrun the new text
    path.write_bytes(orjson.dumps(changed))
    second = prefetch.load(path)
    assert first.entries[0].text != second.entries[0].text == "Edited on disk after the first load."
