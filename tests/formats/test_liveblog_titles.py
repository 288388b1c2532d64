"""Story titles recognised by position and shape, else the file name, on invented pages."""

from __future__ import annotations

import pytest

from workbench.formats.importers.liveblog.parse import read_liveblog
from workbench.formats.importers.liveblog.titles import is_headline


@pytest.mark.parametrize(
    "line",
    ["The Latest: Ferry talks resume", "Here's the latest on the harbour strike", "Orchard fire contained"],
)
def test_headline_shapes(line: str) -> None:
    assert is_headline(line, date_line=False)


@pytest.mark.parametrize(
    "line",
    [
        "PORTO, Portugal (AP) — Dock workers walked out on Monday.",
        "WASHINGTON — Senators met late into the night",
        "- Ledger Wire - Friday, September 25, 2015",
        "Crowds wait at the quay. (AP Photo/Inez Varga)",
        "4:50 p.m.",
        "The mayor said the bridge would reopen.",
        "",
    ],
)
def test_lines_that_are_not_headlines(line: str) -> None:
    assert not is_headline(line, date_line=False)


def _one(text: str, name: str = "harbour-page.txt"):
    batch = read_liveblog(text.encode(), name)
    (dispatch,) = batch.dispatches
    return dispatch, batch.entries


def test_a_page_opening_with_its_lead_keeps_the_dateline_and_takes_the_file_name() -> None:
    dispatch, entries = _one(
        "PORTO, Portugal (AP) — Dock workers walked out (all times local):\n\n"
        "3 p.m.\n\nThe cranes stopped.\n\n1 p.m.\n\nTalks failed.\n"
    )
    assert (dispatch.title, dispatch.dateline, dispatch.time_basis) == (
        "harbour-page",
        "PORTO, Portugal",
        "local",
    )
    assert [e.text for e in entries] == ["The cranes stopped.", "Talks failed."]


def test_a_page_opening_with_a_date_line_keeps_its_date() -> None:
    dispatch, entries = _one("March 2, 2021\n\n9 a.m.\n\nThe polls opened.\n")
    assert (dispatch.title, dispatch.published) == ("harbour-page", "2021-03-02")
    assert entries[0].timestamp == "2021-03-02T09:00:00"


def test_a_page_opening_with_a_time_line_keeps_its_first_entry() -> None:
    dispatch, entries = _one("9 a.m.\n\nThe polls opened.\n\n8 a.m.\n\nQueues formed.\n")
    assert dispatch.title == "harbour-page"
    assert [e.time_label for e in entries] == ["9 a.m.", "8 a.m."]


def test_a_page_opening_with_a_caption_or_byline_is_titled_by_its_file() -> None:
    dispatch, _ = _one("Crowds at the quay. (AP Photo/Inez Varga)\n\n2 p.m.\n\nText.\n")
    assert (dispatch.title, dispatch.caption) == ("harbour-page", "Crowds at the quay. (AP Photo/Inez Varga)")
    dispatch, _ = _one("- Ledger Wire - Friday, September 25, 2015\n\n2 p.m.\n\nText.\n")
    assert (dispatch.title, dispatch.published) == ("harbour-page", "2015-09-25")


def test_a_plain_article_starting_with_a_sentence_is_never_titled_by_it() -> None:
    dispatch, entries = _one("The mayor said the bridge would reopen.\n\nWork starts in May.\n")
    assert dispatch.title == "harbour-page"
    assert entries[0].text.startswith("The mayor said")


def test_a_headline_printed_twice_is_one_title() -> None:
    dispatch, entries = _one(
        "Orchard fire contained\n\nOrchard fire contained\n\nJune 2, 2022\n\n3 p.m.\n\nText.\n"
    )
    assert dispatch.title == "Orchard fire contained"
    assert dispatch.lead is None
    assert [e.text for e in entries] == ["Text."]
