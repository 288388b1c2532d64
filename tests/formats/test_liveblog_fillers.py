"""Separators between live-blog entries and doubled time lines, on invented pages."""

from __future__ import annotations

import pytest

from workbench.formats.importers.liveblog.fillers import is_filler
from workbench.formats.importers.liveblog.parse import parse_text


@pytest.mark.parametrize("line", ["___", "__", "———", "—", " – ", "----", "***", "===", "", "  "])
def test_separator_lines_are_filler(line: str) -> None:
    assert is_filler(line)


@pytest.mark.parametrize("line", ["_", "--", "— and then", "a", "**bold**"])
def test_text_lines_are_not_filler(line: str) -> None:
    assert not is_filler(line)


@pytest.mark.parametrize("separator", ["———", "—", "__", "–"])
def test_separators_do_not_stay_at_the_end_of_the_entry_above(separator: str) -> None:
    text = (
        f"The Latest: Orchard fire contained\n\nJune 2, 2022\n\n"
        f"3 p.m.\n\nCrews held the line at the river.\n\n{separator}\n\n"
        f"1 p.m.\n\nWind turned the fire east.\n\n{separator}\n"
    )
    (parsed,) = parse_text(text)
    assert [e.text for e in parsed.entries] == [
        "Crews held the line at the river.",
        "Wind turned the fire east.",
    ]


def test_a_time_printed_twice_opens_one_entry_and_keeps_the_repeat_in_its_text() -> None:
    text = (
        "Tram strike enters second day\n\nOctober 4, 2022\n\n"
        "9.15am BST\n\n09:15\n\nDepots stayed shut across the city.\n\n"
        "7.30am BST\n\n07:30\n\nPickets gathered before dawn.\n"
    )
    (parsed,) = parse_text(text)
    assert [(e.time_label, e.text) for e in parsed.entries] == [
        ("9.15am BST", "09:15\n\nDepots stayed shut across the city."),
        ("7.30am BST", "07:30\n\nPickets gathered before dawn."),
    ]
    assert [e.timestamp for e in parsed.entries] == ["2022-10-04T09:15:00", "2022-10-04T07:30:00"]
