"""CSV and TSV exports of media-monitoring services."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.formats.importers.csv_rows import read_csv
from workbench.formats.importers.reading import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "import"


def test_semicolon_csv_with_bom_groups_rows_by_title_and_date() -> None:
    batch = import_paths([FIXTURES / "monitoring.csv"], builtin_codebook("plover"))
    fire, council = batch.dispatches
    assert (fire.title, fire.published) == ("Market fire in the old town", "2020-07-01")
    assert (council.title, council.published) == ("Council vote", "2020-07-01")  # 01.07.2020 is day first
    fire_entries = [e for e in batch.entries if e.dispatch_id == fire.id]
    assert [(e.position, e.time_label, e.timestamp) for e in fire_entries] == [
        (0, "21:10", "2020-07-01T21:10:00"),
        (1, "8:05 p.m.", "2020-07-01T20:05:00"),
    ]
    assert fire_entries[1].text == "Smoke rose over the market; traders fled."
    assert fire.meta["row_ids"] == {fire_entries[0].id: "r1", fire_entries[1].id: "r2"}


def test_tsv_without_title_uses_the_file_name() -> None:
    batch = import_paths([FIXTURES / "monitoring.tsv"], builtin_codebook("plover"))
    (dispatch,) = batch.dispatches
    assert dispatch.title == "Tab story"
    assert [e.text for e in batch.entries] == ["First row text.", "Second row text."]


def test_comma_csv_with_crlf_and_quoted_newlines() -> None:
    data = b'Text,Title\r\n"Line one\r\nline two",Story\r\nAnother,Story\r\n'
    batch = read_csv(data, "export.csv")
    assert [e.text for e in batch.entries] == ["Line one\nline two", "Another"]
    assert len(batch.dispatches) == 1


def test_cp1252_csv() -> None:
    data = "text;title\n\u201cQuoted\u201d \u2014 says the caf\u00e9 owner;Story\n".encode("cp1252")
    batch = read_csv(data, "legacy.csv")
    assert batch.entries[0].text == "\u201cQuoted\u201d \u2014 says the caf\u00e9 owner"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"headline,body\nA,B\n", "no 'text' column (columns found: headline, body)"),
        (b"text,date\nSome text,not a date at all\n", "date 'not a date at all' is not a date"),
        (b"text,time\nSome text,25 o'clock\n", "is not a time of day"),
        (b"text,title\nA,B,C,D\n", "4 fields but the header has 2"),
    ],
)
def test_bad_csv_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(WorkbenchError, match=re.escape(message)) as info:
        read_csv(data, "bad.csv")
    assert info.value.line().startswith("bad.csv")
    assert "\n" not in info.value.line()


def test_blank_text_rows_are_reported_not_imported() -> None:
    batch = read_csv(b"text,title\n,Story\nReal text,Story\n", "gaps.csv")
    assert [e.text for e in batch.entries] == ["Real text"]
    assert batch.problems == ["gaps.csv: line 2: empty text skipped"]
