"""The live-blog parser on the reference dispatch and on small fixtures of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import AddImport
from workbench.formats.importers.liveblog.parse import (
    match_time_line,
    parse_date_line,
    parse_text,
    read_liveblog,
)
from workbench.formats.importers.reading import import_paths

REPO = Path(__file__).resolve().parents[2]
# An original dispatch in the shape of a wire-service "The Latest" live blog (caption straight
# under the date line, entries newest first, double blank lines and one "___" between entries,
# one midnight crossing), so these tests run in any clone.
EXAMPLE = REPO / "tests" / "data" / "latest-dispatch.txt"
FIXTURES = REPO / "tests" / "data" / "import"


def test_dispatch_is_one_dispatch_of_twelve_entries_in_published_order() -> None:
    batch = import_paths([EXAMPLE], builtin_codebook("plover"))
    assert len(batch.dispatches) == 1
    dispatch = batch.dispatches[0]
    assert dispatch.title == "The Latest: Rival river towns agree to share flood barrier costs"
    assert dispatch.published == "2023-03-14"
    assert dispatch.dateline == "KELVARN, Estonia"
    assert dispatch.time_basis == "local"
    assert dispatch.caption is not None and dispatch.caption.startswith("Workers stack sandbags")
    assert dispatch.caption.endswith("(AP Photo/Rena Oduya)")
    assert len(batch.entries) == 12
    stamps = [e.timestamp for e in batch.entries]
    assert stamps[:3] == ["2023-03-15T01:10:00", "2023-03-15T00:25:00", "2023-03-14T23:40:00"]
    assert stamps[-1] == "2023-03-14T09:15:00"
    assert stamps == sorted(stamps, reverse=True)
    assert [e.position for e in batch.entries] == list(range(12))
    assert [e.time_label for e in batch.entries[4:6]] == ["7:15 p.m.", "4:50 p.m."]
    assert batch.entries[8].time_label == "Noon"
    # A time inside a sentence is text, not a new entry.
    assert batch.entries[4].text.endswith("could pay for a third of the barrier.")
    assert batch.entries[0].text.count("\n\n") == 1
    raw = EXAMPLE.read_text(encoding="utf-8")
    for entry in batch.entries:
        assert entry.text in raw
        assert entry.text == entry.text.strip()
        assert "\n\n\n" not in entry.text
        assert "___" not in entry.text
        assert "(AP Photo" not in entry.text


def _fresh_import(paths: list[Path]) -> list[str]:
    project = Project(codebook=builtin_codebook("plover"))
    AddImport(import_paths(paths, project.codebook)).redo(project)
    return [e.id for e in project.entries]


def test_same_ids_in_two_projects_and_from_crlf_cp1252_and_utf16_copies(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    first = _fresh_import([EXAMPLE])
    assert first == _fresh_import([EXAMPLE])
    copies = {
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1252.txt": text.replace("\n", "\r\n").encode("cp1252"),
        "utf16le.txt": text.encode("utf-16"),
        "utf16be.txt": b"\xfe\xff" + text.encode("utf-16-be"),
        "cr.txt": text.replace("\n", "\r").encode("utf-8"),
    }
    for name, data in copies.items():
        (tmp_path / name).write_bytes(data)
        assert _fresh_import([tmp_path / name]) == first, name


def test_midnight_rollover_moves_entries_above_the_crossing_to_the_next_day() -> None:
    batch = read_liveblog((FIXTURES / "rollover.txt").read_bytes(), "rollover.txt")
    assert [e.timestamp for e in batch.entries] == [
        "2019-03-04T01:20:00",
        "2019-03-04T00:05:00",
        "2019-03-03T23:40:00",
        "2019-03-03T21:00:00",
    ]
    assert batch.dispatches[0].dateline == "VALMORE, Portugal"
    assert batch.entries[0].text == (
        "Council members approved the harbour budget by nine votes to six.\n\n"
        "The mayor thanked staff who stayed through the night."
    )
    assert all("___" not in e.text for e in batch.entries)


def test_a_digest_becomes_one_dispatch_per_story() -> None:
    batch = read_liveblog((FIXTURES / "digest.txt").read_bytes(), "digest.txt")
    ferry, grain = batch.dispatches
    assert ferry.title == "The Latest: Ferry service resumes after storm"
    assert (ferry.published, ferry.dateline, ferry.time_basis) == ("2018-02-19", "KALDER, Norway", "local")
    assert (grain.published, grain.dateline, grain.time_basis) == ("2018-02-19", "ODESA, Ukraine", None)
    by_dispatch = {d.id: [e for e in batch.entries if e.dispatch_id == d.id] for d in batch.dispatches}
    ferry_entries = by_dispatch[ferry.id]
    assert [e.time_label for e in ferry_entries] == ["2:03 p.m. CET", "10 a.m."]
    assert [e.timestamp for e in ferry_entries] == ["2018-02-19T14:03:00", "2018-02-19T10:00:00"]
    grain_entries = by_dispatch[grain.id]
    assert [(e.time_label, e.timestamp) for e in grain_entries] == [
        ("noon", "2018-02-19T12:00:00"),
        ("midnight", "2018-02-19T00:00:00"),
    ]


def test_a_plain_article_is_one_entry_with_its_date_and_dateline() -> None:
    batch = read_liveblog((FIXTURES / "plain-article.txt").read_bytes(), "plain-article.txt")
    (dispatch,) = batch.dispatches
    (entry,) = batch.entries
    assert dispatch.title == "Library reopens after two-year renovation"
    assert dispatch.published == "2020-04-02"
    assert dispatch.dateline == "TALLINA"
    assert entry.time_label is None and entry.timestamp is None
    assert entry.text.startswith("TALLINA (AP) — The city library")
    assert entry.text.endswith("new cards.")


@pytest.mark.parametrize("dash", ["—", "–", "-", "--"])
def test_lead_dash_variants_all_give_the_dateline(dash: str) -> None:
    text = f"The Latest: Test\n\nJan. 5, 2021\n\nNORTH PORT, Maine (AP) {dash} The latest (all times local):\n\n8 a.m.\n\nText.\n"
    (parsed,) = parse_text(text)
    assert parsed.dispatch.dateline == "NORTH PORT, Maine"
    assert parsed.dispatch.published == "2021-01-05"
    assert parsed.entries[0].timestamp == "2021-01-05T08:00:00"


@pytest.mark.parametrize(
    ("line", "label", "minutes"),
    [
        ("8 p.m.", "8 p.m.", 20 * 60),
        ("4:50 p.m.", "4:50 p.m.", 16 * 60 + 50),
        ("12:55 p.m.", "12:55 p.m.", 12 * 60 + 55),
        ("12:10 a.m.", "12:10 a.m.", 10),
        ("10 a.m.", "10 a.m.", 600),
        ("noon", "noon", 720),
        ("Midnight", "Midnight", 0),
        ("2:03 p.m. EST", "2:03 p.m. EST", 14 * 60 + 3),
        ("Update 2:03 p.m. EST Feb. 19:", "2:03 p.m. EST", 14 * 60 + 3),
        ("  9:15 a.m.  ", "9:15 a.m.", 9 * 60 + 15),
    ],
)
def test_time_lines(line: str, label: str, minutes: int) -> None:
    found = match_time_line(line)
    assert found is not None
    assert (found[0].label, found[0].minutes) == (label, minutes)


@pytest.mark.parametrize("line", ["13 p.m.", "4:75 p.m.", "At 8 p.m. the talks ended.", "8", "noonday", ""])
def test_lines_that_are_not_time_lines(line: str) -> None:
    assert match_time_line(line) is None


def test_inline_update_text_starts_after_the_colon() -> None:
    text = "The Latest: X\n\nMay 1, 2022\n\nUpdate 3:10 p.m. EST May 1: Officials confirmed the closure.\n\n2 p.m.\n\nEarlier.\n"
    (parsed,) = parse_text(text)
    assert [e.text for e in parsed.entries] == ["Officials confirmed the closure.", "Earlier."]
    assert parsed.entries[0].timestamp == "2022-05-01T15:10:00"
    assert parsed.dispatch.time_basis == "EST"


@pytest.mark.parametrize(
    ("line", "iso"),
    [("January 24, 2017", "2017-01-24"), ("Jan. 24, 2017", "2017-01-24"), ("Sept. 3, 2019", "2019-09-03")],
)
def test_date_lines(line: str, iso: str) -> None:
    day = parse_date_line(line)
    assert day is not None and day.isoformat() == iso


def test_date_lines_need_a_whole_date() -> None:
    assert parse_date_line("January 2017 was cold") is None
    assert parse_date_line("Feb. 30, 2017") is None


def test_no_date_line_keeps_times_without_timestamps() -> None:
    (parsed,) = parse_text("The Latest: Undated\n\n3 p.m.\n\nLater.\n\n1 p.m.\n\nEarlier.\n")
    assert [(e.time_label, e.timestamp) for e in parsed.entries] == [("3 p.m.", None), ("1 p.m.", None)]
    assert parsed.dispatch.published is None


def test_blank_file_is_refused() -> None:
    with pytest.raises(WorkbenchError, match="empty"):
        read_liveblog(b"\n \r\n\t\n", "blank.txt")


def test_dates_roll_into_the_next_year() -> None:
    text = (
        "The Latest: New year\n\nDec. 31, 2019\n\nUpdate 12:30 a.m. Jan. 1:\n\nFireworks ended.\n\n"
        "11:50 p.m.\n\nCrowds gathered.\n\n1 a.m.\n\nEarlier.\n"
    )
    (parsed,) = parse_text(text)
    assert [e.timestamp for e in parsed.entries] == [
        "2020-01-01T00:30:00",
        "2019-12-31T23:50:00",
        "2019-12-31T01:00:00",
    ]
