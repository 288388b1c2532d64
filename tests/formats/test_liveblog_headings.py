"""Headings as entry boundaries: the recognisers alone, then whole invented pages in each shape."""

from __future__ import annotations

import pytest

from workbench.formats.importers.liveblog.fillers import is_filler
from workbench.formats.importers.liveblog.headings import (
    AFTER_TIME,
    CAPITALS,
    NUMBERED,
    TITLE_CASE,
    find_headings,
    heading_kind,
)
from workbench.formats.importers.liveblog.parse import parse_text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("HARBOUR FERRIES RUN AGAIN", CAPITALS),
        ("  THE MAYOR'S NEW BUDGET  ", CAPITALS),
        ("1. The latest harbour headlines", NUMBERED),
        ("12) What changes on Monday", NUMBERED),
        ("Rescue Teams Reach the Valley", TITLE_CASE),
        ("Markets in Lisbon and Porto", TITLE_CASE),
    ],
)
def test_heading_shapes(line: str, kind: str) -> None:
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "PORTO, Portugal (AP) — Dock workers walked out on Monday.",
        "WASHINGTON — Senators met late into the night",
        "By Ana Ruiz",
        "BY ANA RUIZ AND TOM VELDE",
        "- Ledger Wire - Friday, September 25, 2015",
        "Crowds wait at the quay (AP Photo/Inez Varga)",
        "June 3, 2021",
        "JUNE 3, 2021",
        "4:50 p.m.",
        "ASSOCIATED PRESS",
        "The ferry left on time.",
        "HERE'S THE LATEST:",
        "1. Ferries run again.",
        "Rescue teams reach the valley",  # sentence case: a heading only right after a time
        "BEIRUT",
        "A" * 40 + " " + "B" * 45,
        "",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert heading_kind(line) is None


def test_a_sentence_case_line_is_a_heading_only_after_a_time() -> None:
    assert heading_kind("Rescue teams reach the valley", after_time=True) == AFTER_TIME
    assert heading_kind("the valley road", after_time=True) is None


def test_find_headings_wants_body_text_under_each_and_a_paragraph_start() -> None:
    lines = [
        "FERRIES RUN AGAIN",  # 0: heading, body below
        "Boats left the quay at six.",
        "",
        "1. Lower fares",  # 3: a list of short lines, no body under the first: not a heading
        "2. More boats",
        "",
        "Wrapped Line Of Title Case",  # 6: runs straight into text: not a heading
        "continues the paragraph.",
        "",
        "MARKET OPENS",  # 9: last heading with body
        "",
        "Stalls opened at nine.",
    ]
    assert find_headings(lines, 0, len(lines), is_filler) == [0, 9]


DIGEST = """Here's the latest on the harbour festival

June 3, 2021

PORTO, Portugal (AP) — The harbour festival opened on Thursday with boats and music. Here's the latest:

BOATS PARADE UNDER THE BRIDGE

Forty boats sailed under the old bridge at dusk, their crews waving to the crowd.

A second parade is planned for Saturday.

MAYOR OPENS THE FISH MARKET

The mayor cut a ribbon at the rebuilt fish market.
___

RAIN EXPECTED ON SUNDAY

Forecasters say showers could cut the last day short.
"""


def test_a_heres_the_latest_digest_splits_at_its_capital_headings() -> None:
    (parsed,) = parse_text(DIGEST)
    dispatch = parsed.dispatch
    assert dispatch.title == "Here's the latest on the harbour festival"
    assert (dispatch.published, dispatch.dateline) == ("2021-06-03", "PORTO, Portugal")
    assert dispatch.lead is not None and dispatch.lead.endswith("Here's the latest:")
    assert [e.heading for e in parsed.entries] == [
        "BOATS PARADE UNDER THE BRIDGE",
        "MAYOR OPENS THE FISH MARKET",
        "RAIN EXPECTED ON SUNDAY",
    ]
    texts = [e.text for e in parsed.entries]
    assert texts[0] == (
        "Forty boats sailed under the old bridge at dusk, their crews waving to the crowd.\n\n"
        "A second parade is planned for Saturday."
    )
    assert texts[1] == "The mayor cut a ribbon at the rebuilt fish market."  # the separator is not text
    for entry in parsed.entries:
        assert entry.heading is not None and entry.heading not in entry.text
        assert f"{entry.heading}\n\n{entry.text}" in DIGEST and entry.time_label is None
    assert len({e.id for e in parsed.entries}) == 3


NUMBERED_POST = """Island ferries: live updates

Mar. 9, 2022

Ferries to the islands were cancelled for a second day.

1. The latest ferry headlines

All crossings stay suspended until the wind drops.

2. What changes for schools

Island schools will teach online on Thursday.

Parents can collect laptops at the harbour office.

3. Where to find updates

The port authority posts notices every hour.
"""


def test_a_numbered_live_post_keeps_its_opening_paragraph_as_an_entry() -> None:
    (parsed,) = parse_text(NUMBERED_POST)
    assert parsed.dispatch.title == "Island ferries: live updates"
    assert parsed.dispatch.published == "2022-03-09"
    assert [e.heading for e in parsed.entries] == [
        None,
        "1. The latest ferry headlines",
        "2. What changes for schools",
        "3. Where to find updates",
    ]
    assert parsed.entries[0].text == "Ferries to the islands were cancelled for a second day."
    assert parsed.entries[2].text == (
        "Island schools will teach online on Thursday.\n\nParents can collect laptops at the harbour office."
    )


def test_an_article_with_one_subheading_stays_one_entry() -> None:
    text = (
        "Library reopens\n\nApril 2, 2020\n\nTALLINA (AP) — The library reopened.\n\n"
        "WHAT COMES NEXT\n\nA reading room opens in May.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.entries[0].heading is None
    assert parsed.entries[0].text.startswith("TALLINA (AP)")
    assert parsed.entries[0].text.endswith("opens in May.")


TIMED = """The Latest: Valley roads reopen after the landslide

May 2, 2020

BRENNVALE, Austria (AP) — The latest on the landslide in the Brenn valley (all times local):

10:15 a.m. Rescue teams reach the valley

The first teams arrived by road after crews cleared the pass overnight.

___

9 a.m.

Roads Reopen In The North

Crews cleared the northern road, the regional office says.

___

8:20 a.m.

Officials say the school stays shut today.
"""


def test_a_timed_blog_takes_the_line_beside_or_under_a_time_as_its_heading() -> None:
    (parsed,) = parse_text(TIMED)
    assert [e.time_label for e in parsed.entries] == ["10:15 a.m.", "9 a.m.", "8:20 a.m."]
    headings = [e.heading for e in parsed.entries]
    assert headings == ["Rescue teams reach the valley", "Roads Reopen In The North", None]
    assert parsed.entries[0].text == "The first teams arrived by road after crews cleared the pass overnight."
    assert parsed.entries[1].text == "Crews cleared the northern road, the regional office says."
    assert [e.timestamp for e in parsed.entries] == [
        "2020-05-02T10:15:00",
        "2020-05-02T09:00:00",
        "2020-05-02T08:20:00",
    ]


def test_timed_entry_ids_are_those_of_earlier_imports() -> None:
    """Pinned from the parser before headings were read: re-importing a timed blog must
    match the entries analysts have already coded."""
    (parsed,) = parse_text(TIMED)
    assert [e.id for e in parsed.entries] == [
        "e-a7ae647b3caedd28",
        "e-16f5644650d3cb28",
        "e-8acec322fdb332e0",
    ]


def test_a_wrapped_first_line_under_a_time_is_not_a_heading() -> None:
    text = (
        "The Latest: X\n\nMay 2, 2020\n\n9 a.m.\n\nCrews cleared the northern road\nbefore dawn on Friday.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.entries[0].heading is None
    assert parsed.entries[0].text.startswith("Crews cleared")


def test_a_heading_with_nothing_under_it_stays_the_text() -> None:
    (parsed,) = parse_text("The Latest: X\n\nMay 2, 2020\n\n9 a.m.\n\nRoads reopen in the north\n")
    assert parsed.entries[0].heading is None
    assert parsed.entries[0].text == "Roads reopen in the north"


def test_an_opening_that_announces_the_list_is_the_lead_with_either_apostrophe() -> None:
    text = (
        "Harbour festival\n\nPORTO (AP) — Here’s the latest from the quay on Thursday.\n\n"
        "BOATS PARADE\n\nForty boats sailed.\n\nMARKET OPENS\n\nStalls opened.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.dispatch.lead == "PORTO (AP) — Here’s the latest from the quay on Thursday."
    assert [e.heading for e in parsed.entries] == ["BOATS PARADE", "MARKET OPENS"]
