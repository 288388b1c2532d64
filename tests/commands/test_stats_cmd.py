"""``workbench-cli stats`` on the hand-made corpus of ``tests/analysis/test_activity.py``.

The corpus (``tests/data/activity-corpus.json``): 2 dispatches, 8 entries (one without a
time), layers "ana" and "ben"; see the activity tests for what each entry holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from workbench.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus.json"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.json"
    shutil.copy(CORPUS, path)
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["stats", *args, "--json"]) == 0
    return orjson.loads(capsys.readouterr().out)


def test_json_summary_keys_and_counts(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = run_json(capsys, str(project_path))
    assert set(summary) == {
        "dispatches",
        "entries",
        "annotators",
        "gold",
        "values",
        "hours",
        "no_time",
        "clock",
    }
    assert summary["clock"] == "local"
    assert summary["dispatches"] == 2
    assert summary["entries"] == 8
    assert summary["annotators"] == ["ana", "ben"]
    hours = [0] * 24
    hours[0], hours[9], hours[13], hours[23] = 4, 1, 1, 1
    assert summary["hours"] == hours
    assert summary["no_time"] == 1
    # Without --annotator the values add up over all layers: ben's favor and neutral count too.
    assert summary["values"]["stance"] == {"against": 3, "neutral": 2, "favor": 3}
    assert summary["values"]["actor"]["IRN"] == 1


def test_json_values_of_one_annotator(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = run_json(capsys, str(project_path), "--annotator", "ana")
    assert summary["values"]["stance"] == {"against": 3, "neutral": 1, "favor": 2}
    assert summary["values"]["actor"]["IRN"] == 0
    assert summary["values"]["event_type"]["AGREE"] == 1
    assert summary["values"]["mention"] == {"PER": 0, "ORG": 1, "LOC": 0}
    # The hour histogram counts entries whatever the layer.
    assert sum(summary["hours"]) == 7


def test_hours_csv_with_breakdown(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hours.csv"
    args = [str(project_path), "--hours-csv", str(out), "--bin", "30", "--by", "actor", "--top", "2"]
    assert main(["stats", *args, "--annotator", "ana"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "start,total,RUS,TUR,other,uncoded"
    assert len(lines) == 1 + 48 + 1
    rows = {line.split(",")[0]: line.split(",")[1:] for line in lines[1:]}
    assert rows["00:00"] == ["3", "1", "0", "1", "1"]  # e1 RUS, e2 uncoded, e3 USA (other)
    assert rows["00:30"] == ["1", "0", "0", "1", "0"]  # e4 XYZ
    assert rows["13:30"] == ["1", "0", "0", "1", "0"]  # e5 SYR+UNO, once in other
    assert rows["23:30"] == ["1", "1", "1", "0", "0"]  # e0 RUS+TUR
    assert rows["09:00"] == ["1", "0", "0", "0", "1"]
    assert lines[-1] == "no time,1,1,0,0,0"
    assert "00:00" in capsys.readouterr().out


def test_hours_csv_without_breakdown_and_every_entry_timed(tmp_path: Path) -> None:
    data = orjson.loads(CORPUS.read_bytes())
    data["entries"] = [e for e in data["entries"] if e["timestamp"] is not None]
    data["layers"] = {}
    path = tmp_path / "timed.json"
    path.write_bytes(orjson.dumps(data))
    out = tmp_path / "hours.csv"
    assert main(["stats", str(path), "--hours-csv", str(out), "--bin", "15"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "start,total"
    assert len(lines) == 1 + 96
    assert lines[1] == "00:00,2"
    assert lines[96] == "23:45,1"
    assert not any(line.startswith("no time") for line in lines)


def test_text_summary_shows_counts_and_bars(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(project_path), "--by", "stance", "--annotator", "ana"]) == 0
    text = capsys.readouterr().out
    assert "Entries:     8 (1 without a time)" in text
    assert "Annotators:  ana, ben" in text
    midnight = next(line for line in text.splitlines() if line.strip().startswith("00:00"))
    assert "█" in midnight and "against 1" in midnight and "uncoded 1" in midnight
    assert next(line for line in text.splitlines() if line.strip().startswith("no time")).split()[2] == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotator", "zoe"], "no annotator 'zoe'"),
        (["--by", "tone", "--annotator", "ana"], "no dimension 'tone'"),
        (["--by", "stance"], "--by needs --annotator"),
    ],
)
def test_bad_options_give_one_line(
    project_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["stats", str(project_path), *args]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err and str(project_path) in err


def test_unreadable_project_and_bad_bin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", str(CORPUS), "--bin", "20"])
    assert exit_info.value.code == 2


def test_failed_csv_write_leaves_no_partial_file(project_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "hours.csv"
    assert main(["stats", str(project_path), "--hours-csv", str(target)]) == 1
    assert not target.parent.exists()


def test_gold_is_reported_apart_from_the_annotators(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = orjson.loads(project_path.read_bytes())
    first = data["entries"][0]["id"]
    data["layers"]["gold"] = {first: {"values": {"stance": "favor"}, "status": "done"}}
    project_path.write_bytes(orjson.dumps(data))
    summary = run_json(capsys, str(project_path))
    assert summary["annotators"] == ["ana", "ben"] and summary["gold"] == {"entries": 1, "adjudicated": 1}
    plain = orjson.loads(orjson.dumps(summary["values"]))
    assert main(["stats", str(project_path)]) == 0
    text = capsys.readouterr().out
    assert "Annotators:  ana, ben\n" in text and "Gold:        1 entries, 1 with nothing left open" in text
    data["layers"].pop("gold")
    project_path.write_bytes(orjson.dumps(data))
    assert run_json(capsys, str(project_path))["values"] == plain  # gold's values are not counted again


UTC_CORPUS = CORPUS.with_name("activity-corpus-utc.json")


def test_utc_counts_hours_of_the_utc_clock(capsys: pytest.CaptureFixture[str]) -> None:
    local = run_json(capsys, str(UTC_CORPUS))
    utc = run_json(capsys, str(UTC_CORPUS), "--utc")
    assert (local["clock"], utc["clock"]) == ("local", "UTC")
    assert {h: n for h, n in enumerate(local["hours"]) if n} == {0: 4, 9: 1, 13: 1, 23: 1}
    assert {h: n for h, n in enumerate(utc["hours"]) if n} == {10: 1, 20: 1, 21: 4}
    assert (local["no_time"], utc["no_time"]) == (1, 2)  # e7's zone is not known: no UTC time


def test_utc_text_and_csv_say_the_clock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hours.csv"
    assert main(["stats", str(UTC_CORPUS), "--utc", "--hours-csv", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Entries:     8 (2 without a UTC time)" in text
    assert "(60-minute bins, UTC):" in text
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "start_utc,total" and rows[22] == "21:00,4" and rows[-1] == "no UTC time,2"
