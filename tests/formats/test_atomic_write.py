"""Saves and exports through the one atomic writer: links, modes, long names, errors, races."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from workbench.cli import main as cli
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Dispatch, Entry, Project
from workbench.formats.project.file import load_project, save_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


def _project(generation: int = 0) -> Project:
    dispatch = Dispatch(id="d-mine", title="The Latest: miners reach the surface", published="2026-05-06")
    entry = Entry("e-0", dispatch.id, 0, "noon", None, "The last of the crew climbed out after nine hours.")
    return Project(
        codebook=builtin_codebook("plover"),
        dispatches={dispatch.id: dispatch},
        entries=[entry],
        meta={"generation": generation},
    )


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "mine.json"
    save_project(_project(0), target)
    link = tmp_path / "mine.json"
    link.symlink_to(target)

    save_project(_project(1), link)

    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_project(target).meta["generation"] == 1
    assert load_project(shared / "mine.json.bak").meta["generation"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.json", "shared"]


def test_a_save_keeps_the_files_mode_and_group(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    save_project(_project(0), path)
    os.chmod(path, 0o664)
    group = 4242 if os.geteuid() == 0 else os.getgid()  # only root may hand a file to any group
    os.chown(path, -1, group)

    save_project(_project(1), path)

    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == 0o664
    assert st.st_gid == group


def test_new_saves_and_exports_follow_the_umask(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "fresh.json"
    save_project(_project(0), path)
    project = tmp_path / "project.json"
    shutil.copy(FIXTURE, project)
    out = tmp_path / "out.csv"
    assert cli(["export", str(project), "-f", "csv", "-a", "amira", "-o", str(out)]) == 0
    folder = tmp_path / "brat"
    assert cli(["export", str(project), "-f", "brat", "-a", "amira", "-o", str(folder)]) == 0

    modes = {
        p.name: stat.S_IMODE(p.stat().st_mode) for p in (path, out, out.with_name("out.csv.manifest.json"))
    }
    assert modes == {"fresh.json": 0o644, "out.csv": 0o644, "out.csv.manifest.json": 0o644}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_the_exports_file_is_fsynced_before_it_is_renamed(tmp_path: Path, monkeypatch) -> None:
    synced: set[int] = set()
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.add(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    project = tmp_path / "project.json"
    shutil.copy(FIXTURE, project)
    out = tmp_path / "out.jsonl"
    assert cli(["export", str(project), "-f", "jsonl", "-a", "amira", "-o", str(out)]) == 0
    assert out.stat().st_ino in synced


@pytest.mark.parametrize("length", [241, 250, 255])
def test_a_file_name_up_to_the_limit_saves_again_and_again(tmp_path: Path, length: int) -> None:
    path = tmp_path / ("n" * (length - len(".json")) + ".json")
    save_project(_project(0), path)
    save_project(_project(1), path)  # now with a backup beside it
    save_project(_project(2), path)
    assert load_project(path).meta["generation"] == 2
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and load_project(backups[0]).meta["generation"] == 1


def test_a_folder_that_refuses_the_temp_file_names_the_project(tmp_path: Path, monkeypatch, capsys) -> None:
    """What a read-only folder gives (faked: the tests may run as root, who may write anywhere)."""
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    project = tmp_path / "project.json"
    shutil.copy(FIXTURE, project)
    monkeypatch.setattr(os, "open", refusing)
    out = tmp_path / "merged.json"
    assert cli(["merge", str(project), str(project), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"workbench-cli: {out}: Permission denied\n"


def test_two_saves_at_once_do_not_collide_on_the_backup(tmp_path: Path, monkeypatch) -> None:
    """The second process's whole save runs while the first one links its backup."""
    path = tmp_path / "busy.json"
    save_project(_project(0), path)
    real_link = os.link
    calls: list[str] = []

    def link(src, dst, *args, **kwargs):
        calls.append(str(dst))
        if len(calls) == 1:
            save_project(_project(2), path)  # the other process, in between
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    save_project(_project(1), path)
    assert len(set(calls)) == 2, "each save links its backup under its own name"
    assert load_project(path).meta["generation"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
