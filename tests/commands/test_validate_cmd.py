"""``workbench-cli validate``: one line per problem, a summary, and exit codes scripts can gate on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from workbench.cli import main

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden-project-v1.json"


def _golden() -> dict[str, Any]:
    return orjson.loads(GOLDEN.read_bytes())


def _write(tmp_path: Path, data: dict[str, Any], name: str = "corpus.wbproj") -> Path:
    path = tmp_path / name
    path.write_bytes(orjson.dumps(data))
    return path


def _timed_golden() -> dict[str, Any]:
    """The golden project without its one warning (an untimed live-blog entry)."""
    data = _golden()
    data["entries"][2]["time_label"] = "11 p.m."
    data["entries"][2]["timestamp"] = "2017-01-24T23:00:00"
    return data


def test_a_sound_project_is_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _timed_golden())
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok (1 dispatches, 3 entries, 2 annotators)\n"


def test_gold_is_not_counted_as_an_annotator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _timed_golden()
    data["layers"]["gold"] = {data["entries"][0]["id"]: {"values": {"stance": "favor"}, "status": "done"}}
    path = _write(tmp_path, data)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == f"{path}: ok (1 dispatches, 3 entries, 2 annotators, a gold layer of 1 entries)\n"


def test_warnings_are_listed_but_pass_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _golden()  # entry 3 of a live blog has no time
    data["dispatches"].append({"id": "d-empty", "title": "The Latest: nothing yet"})
    data["layers"]["amira"]["e-golden-1"]["values"]["actor"] = ["RUS", "SYR REB", "RUS"]  # open: new actor
    path = _write(tmp_path, data)

    assert main(["validate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    text = "\n".join(lines)
    assert "layers.amira.e-golden-1.values.actor: unknown code 'SYR REB' (warning)" in text
    assert "a value is repeated in ['RUS', 'SYR REB', 'RUS'] (warning)" in text
    assert "dispatch 'd-empty': 'The Latest: nothing yet' has no entries (warning)" in text
    assert "entries[2]: live-blog entry 'e-golden-3' (position 2) has no time (warning)" in text
    assert lines[-1] == f"{path}: 4 warnings (2 dispatches, 3 entries, 2 annotators)"

    assert main(["validate", "--strict", str(path)]) == 1


def test_codebook_keys_that_clash_with_the_window_are_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _timed_golden()
    values = next(d for d in data["codebook"]["dimensions"] if d["values"])["values"]
    values[0]["shortcut"] = "Ctrl+S"
    path = _write(tmp_path, data)
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert (
        "shortcut 'Ctrl+S' is not bound: taken by the window's save (Ctrl+S) (warning)"
        in capsys.readouterr().out
    )


def test_errors_fail_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _timed_golden()
    amira = data["layers"]["amira"]["e-golden-1"]
    amira["values"]["stance"] = ["favor", "against"]  # single-choice with two values
    amira["values"]["event_type"] = ["AGREE", "CEASEFIRE"]  # closed dimension, unknown code
    amira["values"]["mood"] = "calm"  # a dimension the codebook lacks
    # A span on a choice dimension marks where a value is named: one whose value is not coded
    # there has lost its code (a warning); one whose value is coded is fine.
    amira["spans"].append({"start": 0, "end": 3, "dimension": "stance", "value": "neutral"})
    amira["spans"].append({"start": 0, "end": 3, "dimension": "stance", "value": "favor"})
    path = _write(tmp_path, data)

    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    where = f"{path}: layers.amira.e-golden-1"
    assert f"{where}.values.event_type: unknown code 'CEASEFIRE' (error)" in out
    assert f"{where}: unknown dimension 'mood' (error)" in out
    assert f"{where}.values.stance: single-choice dimension holds ['favor', 'against'] (error)" in out
    assert (
        f"{where}.spans: span marks 'neutral' on the single-choice dimension 'stance', "
        "which the entry is not coded with (warning)"
    ) in out
    assert "'favor' on the single-choice" not in out
    assert out.splitlines()[-1].startswith(f"{path}: 3 errors")


def test_times_rising_down_a_live_blog_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _timed_golden()
    data["entries"][0]["timestamp"] = "2017-01-24T00:30:00"  # the midnight crossing was missed
    path = _write(tmp_path, data)
    assert main(["validate", str(path)]) == 0
    assert (
        "entry 'e-golden-2' at 2017-01-24T23:45 is later than the one printed above it"
        in capsys.readouterr().out
    )


def test_many_findings_are_capped_per_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _golden()
    for n in range(30):
        data["entries"].append(
            {
                "id": f"e-untimed-{n}",
                "dispatch_id": "d-golden-1",
                "position": 3 + n,
                "time_label": None,
                "timestamp": None,
                "text": f"Undated paragraph {n}.",
            }
        )
    path = _write(tmp_path, data)
    assert main(["validate", "--max", "5", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if "has no time" in line]) == 5
    assert f"{path}: ... and 26 more like the above (no time)" in lines
    assert lines[-1] == f"{path}: 31 warnings (1 dispatches, 33 entries, 2 annotators)"


def test_a_broken_file_is_one_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _golden()
    data["layers"]["amira"]["e-golden-1"]["spans"][0]["end"] = 500
    path = _write(tmp_path, data)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"workbench-cli: {path}: layers.amira.e-golden-1.spans[0]: "
        "offsets 17-500 fall outside the entry text (length 75)\n"
    )


def test_the_installed_command_exits_0_1_2_without_tracebacks(tmp_path: Path) -> None:
    command = shutil.which("workbench-cli", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("workbench-cli is not installed in this environment")
    good = _write(tmp_path, _timed_golden(), "good.wbproj")
    bad = tmp_path / "bad.wbproj"
    bad.write_bytes(b"\x00\x01 not a project")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, *args], capture_output=True, text=True, timeout=120)

    ok, broken, missing, usage = (
        run("validate", str(good)),
        run("validate", str(bad)),
        run("validate", str(tmp_path / "absent.wbproj")),
        run("validate"),
    )
    assert (ok.returncode, broken.returncode, missing.returncode, usage.returncode) == (0, 1, 1, 2)
    assert ok.stdout == f"{good}: ok (1 dispatches, 3 entries, 2 annotators)\n"
    assert broken.stderr.startswith(f"workbench-cli: {bad}: not valid JSON")
    assert missing.stderr == f"workbench-cli: {tmp_path / 'absent.wbproj'}: No such file or directory\n"
    assert "usage: workbench-cli validate" in usage.stderr
    for result in (ok, broken, missing, usage):
        assert "Traceback" not in result.stdout + result.stderr
