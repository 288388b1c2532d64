"""Datelines with and without an agency mark, and inside a byline block, on invented leads."""

from __future__ import annotations

import pytest

from workbench.formats.importers.liveblog.datelines import find_dateline
from workbench.formats.importers.liveblog.parse import parse_text


@pytest.mark.parametrize(
    ("lead", "dateline"),
    [
        ("BEIRUT (AP) — Talks resumed.", "BEIRUT"),
        ("PORTO, Portugal (Reuters) - Dock workers walked out.", "PORTO, Portugal"),
        ("WASHINGTON — Senators met late into the night.", "WASHINGTON"),
        ("SAN LORENZO, Chile -- The quake shook the coast.", "SAN LORENZO, Chile"),
        ("By Ana Ruiz\nLedger Wire\nKALDER, Norway (AP) — Ferries stopped.", "KALDER, Norway"),
    ],
)
def test_dateline_shapes(lead: str, dateline: str) -> None:
    assert find_dateline(lead) == dateline


@pytest.mark.parametrize(
    "text", ["The talks — long delayed — resumed.", "Officials said - at last - it was over.", "Plain words."]
)
def test_sentences_with_dashes_have_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_a_lead_without_an_agency_gives_the_dateline() -> None:
    text = (
        "The Latest: Budget vote delayed\n\nMay 3, 2022\n\n"
        "WASHINGTON — The latest on the budget (all times local):\n\n4 p.m.\n\nThe vote moved to Friday.\n"
    )
    (parsed,) = parse_text(text)
    assert (parsed.dispatch.dateline, parsed.dispatch.time_basis) == ("WASHINGTON", "local")


def test_a_dateline_in_a_byline_block_after_a_caption() -> None:
    text = (
        "Games open in the snow\n\nFeb. 9, 2024\n\nSkaters warm up. (AP Photo/Lena Ott)\n\n"
        "By Ana Ruiz\nLedger Wire\nHALLSTEIN, Austria (AP) — The games opened on Friday:\n\n"
        "8 p.m.\n\nThe torch was lit.\n"
    )
    (parsed,) = parse_text(text)
    assert parsed.dispatch.dateline == "HALLSTEIN, Austria"
    assert parsed.dispatch.caption == "Skaters warm up. (AP Photo/Lena Ott)"
    assert parsed.dispatch.lead is not None and parsed.dispatch.lead.startswith("By Ana Ruiz")
