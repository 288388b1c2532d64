"""The time-line recognisers on every shape outlets print, with invented lines."""

from __future__ import annotations

import pytest

from workbench.formats.importers.liveblog.parse import match_time_line, parse_text


@pytest.mark.parametrize(
    ("line", "label", "minutes", "zone"),
    [
        ("12:04 p.m", "12:04 p.m", 12 * 60 + 4, None),
        ("18:31 GMT", "18:31 GMT", 18 * 60 + 31, "GMT"),
        ("1831 GMT", "1831 GMT", 18 * 60 + 31, "GMT"),
        ("10.32 BST", "10.32 BST", 10 * 60 + 32, "BST"),
        ("22:21", "22:21", 22 * 60 + 21, None),
        ("07:30", "07:30", 7 * 60 + 30, None),
        ("7.30am BST", "7.30am BST", 7 * 60 + 30, "BST"),
        ("5:52 a.m. ET", "5:52 a.m. ET", 5 * 60 + 52, "ET"),
        ("9:40 p.m. EDT", "9:40 p.m. EDT", 21 * 60 + 40, "EDT"),
        ("10 a.m. UK time", "10 a.m. UK time", 600, "UK time"),
        (
            "12:05 p.m. Tuesday Singapore time (12:05 a.m. Ohio time)",
            "12:05 p.m. Tuesday Singapore time",
            12 * 60 + 5,
            "Singapore time",
        ),
    ],
)
def test_bare_time_line_shapes(line: str, label: str, minutes: int, zone: str | None) -> None:
    found = match_time_line(line)
    assert found is not None
    mark, rest = found
    assert (mark.label, mark.minutes, mark.zone, rest) == (label, minutes, zone, None)


@pytest.mark.parametrize(
    ("line", "minutes", "text"),
    [
        ("11 p.m.: The harbour ferry stopped running for the night.", 23 * 60, "The harbour ferry"),
        ("18:31 GMT — Volunteers handed out blankets at the square.", 18 * 60 + 31, "Volunteers handed"),
        ("10:15 a.m. Rescue teams reach the upper valley", 10 * 60 + 15, "Rescue teams reach"),
    ],
)
def test_time_and_text_on_one_line(line: str, minutes: int, text: str) -> None:
    found = match_time_line(line)
    assert found is not None
    mark, rest = found
    assert mark.minutes == minutes
    assert rest is not None and line[rest:].startswith(text)


@pytest.mark.parametrize(
    "line",
    [
        "In 1831 the bridge was built.",
        "2020 was a hard year for the town.",
        "4 amendments were tabled before noon.",
        "8 p.m. was the hour the council had agreed on for the vote to start.",
        "24:10",
        "9:61 GMT",
        "1999",
    ],
)
def test_sentences_years_and_impossible_clocks_are_not_time_lines(line: str) -> None:
    assert match_time_line(line) is None


def test_a_blog_in_24_hour_times_with_zones_is_split_at_each_time() -> None:
    text = (
        "Flood waters recede in the river towns\n\nMarch 9, 2023\n\n"
        "19:05 GMT\n\nThe last road into the valley reopened.\n\n"
        "1420 GMT\n\nEngineers checked the old stone bridge.\n\n"
        "11 p.m.: Sirens sounded in the lower town.\n"
    )
    (parsed,) = parse_text(text)
    assert [(e.time_label, e.text[:12]) for e in parsed.entries] == [
        ("19:05 GMT", "The last roa"),
        ("1420 GMT", "Engineers ch"),
        ("11 p.m.", "Sirens sound"),
    ]


def test_an_updated_stamp_with_a_year_is_not_a_time_line() -> None:
    assert match_time_line("Updated 3:52 PM EDT, Tue June 12, 2018") is None
    assert match_time_line("3:52 PM EDT, Tue June 12, 2018") is None


def test_a_long_inline_update_still_opens_an_entry() -> None:
    sentence = "Officials confirmed the closure of the northern crossing for the night. " * 6
    text = f"The Latest: X\n\nMay 1, 2022\n\nUpdate 3:10 p.m. EST May 1: {sentence}\n\n2 p.m.\n\nEarlier.\n"
    (parsed,) = parse_text(text)
    assert [e.time_label for e in parsed.entries] == ["3:10 p.m. EST", "2 p.m."]
    assert parsed.entries[0].text == sentence.strip()
