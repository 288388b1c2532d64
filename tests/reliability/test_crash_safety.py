"""Killing the workbench at any moment of a save leaves a whole project on disk.

A child process saves a large project in a loop, alternating between two different
versions; the test kills it with SIGKILL after a random delay, many times, and each time
checks that the file loads and is byte for byte one of the versions the child was saving
or had just saved: the complete old or the complete new project, never a mixture.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import resource
import signal
import time
from pathlib import Path

import orjson
import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.project import file as project_file
from workbench.formats.project.file import dumps_project, load_project, save_project

KILLS = int(os.environ.get("WORKBENCH_CRASH_KILLS", "20"))
ENTRIES = 6_000
MIN_KILL_SPREAD = 0.25
_FORK = multiprocessing.get_context("fork")


def build_version(generation: int) -> Project:
    """Two alternating contents (even and odd), each stamped with its generation number.

    The texts and the coding differ between the parities, so a file stitched together from
    two saves would match neither.
    """
    parity = generation % 2
    project = Project(codebook=builtin_codebook("plover"), meta={"generation": generation, "tool": "test"})
    project.dispatches["d-1"] = Dispatch(id="d-1", title="The Latest: kill test")
    stance = ("against", "favor")[parity]
    layer: dict[str, Annotation] = {}
    for i in range(ENTRIES):
        text = f"Entry {i} of version {parity}: the council met again and talks went on past noon."
        project.entries.append(Entry(f"e-{i}", "d-1", i, "4:50 p.m.", "2017-01-24T16:50:00", text))
        if i % 3 == parity:
            layer[f"e-{i}"] = Annotation(
                values={"stance": stance, "actor": ["SYR GOV", "RUS MIL"][: parity + 1]},
                spans=[Span(0, 5, "mention", "ORG")],
                status="done",
            )
    project.set_layer("ana", layer)
    return project


def _expected_bytes(versions: list[Project], generation: int) -> bytes:
    project = versions[generation % 2]
    project.meta["generation"] = generation
    return dumps_project(project)


def _save_forever(path: str, versions: list[Project], started, finished, ready) -> None:  # pragma: no cover
    """The child: save alternating versions until killed (it inherits ``versions`` by fork)."""
    ready.set()
    generation = finished.value
    while True:
        generation += 1
        project = versions[generation % 2]
        project.meta["generation"] = generation
        started.value = generation
        save_project(project, path)
        finished.value = generation


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_sigkill_during_saves_never_leaves_a_partial_project(tmp_path: Path) -> None:
    path = tmp_path / "big.wbproj"
    versions = [build_version(0), build_version(1)]
    save_project(versions[0], path)
    started_at = time.perf_counter()
    save_project(versions[0], path)
    save_seconds = time.perf_counter() - started_at

    rng = random.Random(int(os.environ.get("WORKBENCH_CRASH_SEED", "7")))
    mid_save = 0
    generations_seen: set[int] = set()
    last_on_disk = 0
    for kill in range(KILLS):
        started = _FORK.Value("q", last_on_disk, lock=False)
        finished = _FORK.Value("q", last_on_disk, lock=False)
        ready = _FORK.Event()
        child = _FORK.Process(
            target=_save_forever, args=(str(path), versions, started, finished, ready), daemon=True
        )
        child.start()
        assert ready.wait(60), "the saving child did not start"
        # Spread the kills over several whole saves so every phase gets hit: serialising,
        # writing, fsync, linking the backup, renaming. At least a quarter second: on a
        # fast disk a save takes 0.02 s here, less than a freshly forked child needs for
        # its first one (its copy-on-write pages), and no kill would land after a save.
        time.sleep(rng.uniform(0, max(2.5 * save_seconds, MIN_KILL_SPREAD)))
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL

        raw = path.read_bytes()
        on_disk = int(load_project(path).meta["generation"])
        allowed = {finished.value, started.value}
        assert on_disk in allowed, f"kill {kill}: file holds generation {on_disk}, expected one of {allowed}"
        assert raw == _expected_bytes(versions, on_disk), f"kill {kill}: generation {on_disk} is not complete"
        # The backup is a whole earlier version too (byte equality with a valid save implies it loads).
        backup = path.with_name(path.name + ".bak").read_bytes()
        backup_generation = int(orjson.loads(backup)["meta"]["generation"])
        assert backup_generation <= on_disk
        assert backup == _expected_bytes(versions, backup_generation)
        mid_save += started.value != finished.value
        generations_seen.add(on_disk)
        last_on_disk = on_disk

    print(
        f"\ncrash safety: {KILLS} kills, {mid_save} during a save, {len(generations_seen)} versions seen on disk, "
        f"all survived ({save_seconds:.2f} s per save)"
    )
    # Enough kills must land inside a save, or the test proved nothing.
    assert mid_save >= KILLS // 2
    assert len(generations_seen) > 1


def test_leftover_temp_files_are_ignored_and_cleaned_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "p.wbproj"
    project = build_version(0)
    project.entries = project.entries[:10]
    project.set_layer(
        "ana", {k: v for k, v in project.layer("ana").items() if k in {"e-0", "e-3", "e-6", "e-9"}}
    )
    save_project(project, path)
    stale = tmp_path / f".{path.name}.abc123.tmp"
    stale.write_bytes(b'{"format": "workbench-proj')  # what a kill mid-write leaves
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert load_project(path).meta["generation"] == 0

    project.meta["generation"] = 1
    save_project(project, path)
    assert load_project(path).meta["generation"] == 1
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_fails_the_save_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "p.wbproj"
    project = build_version(0)
    project.entries = project.entries[:50]
    project.replace_layers({})
    save_project(project, path)
    before = path.read_bytes()

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "fsync":
        monkeypatch.setattr(project_file.os, "fsync", no_space)
    else:
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object):
            handle = real_fdopen(fd, *args, **kwargs)

            class Full:
                def __enter__(self):
                    return self

                def __exit__(self, *exc: object) -> None:
                    handle.close()

                def write(self, _data: bytes) -> int:
                    no_space()
                    return 0

                def flush(self) -> None:
                    handle.flush()

                def fileno(self) -> int:
                    return handle.fileno()

            return Full()

        monkeypatch.setattr(project_file.os, "fdopen", fdopen)

    project.meta["generation"] = 1
    with pytest.raises(OSError) as caught:
        save_project(project, path)
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def _save_under_a_file_size_limit(
    path: str, project: Project, limit: int, result
) -> None:  # pragma: no cover
    """The child: the kernel refuses writes past ``limit`` bytes (EFBIG), like a full quota."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get the error instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        save_project(project, path)
    except OSError as exc:
        result.value = exc.errno
    else:
        result.value = 0


def test_a_write_the_kernel_refuses_fails_the_save_and_keeps_the_old_file(tmp_path: Path) -> None:
    """No monkeypatching: a real failing write, whatever the save code writes through."""
    path = tmp_path / "p.wbproj"
    small = build_version(0)
    small.entries = small.entries[:20]
    small.replace_layers({})
    save_project(small, path)
    before = path.read_bytes()

    result = _FORK.Value("i", -1, lock=False)
    child = _FORK.Process(
        target=_save_under_a_file_size_limit, args=(str(path), build_version(1), len(before) * 4, result)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
    assert result.value == errno.EFBIG
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []
