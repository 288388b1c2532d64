"""ninjs 1.x, 2.x and 3.x items, from .json and .jsonl files."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.ids import dispatch_id
from workbench.formats.importers.ninjs import html_to_text
from workbench.formats.importers.reading import import_paths, read_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "import"
PLOVER = builtin_codebook("plover")


def test_ninjs_1x_live_blog_body_is_segmented_and_dated_from_the_version_time() -> None:
    batch = import_paths([FIXTURES / "ninjs-1x.json"], PLOVER)
    (dispatch,) = batch.dispatches
    assert dispatch.id == dispatch_id("", None, None, "urn:example:wire:2021:harbour-latest")
    assert dispatch.title == "The Latest: Harbour reopens after oil spill clean-up"
    assert (dispatch.dateline, dispatch.time_basis) == ("PIRAN, Slovenia", "local")
    # versioncreated dates the newest entry; the older one is before midnight.
    assert dispatch.published == "2021-06-08"
    assert [(e.time_label, e.timestamp) for e in batch.entries] == [
        ("1:05 a.m.", "2021-06-09T01:05:00"),
        ("9:15 p.m.", "2021-06-08T21:15:00"),
    ]
    assert batch.entries[1].text == (
        "Divers finished sealing the leaking tanker.\n\nThe coast guard said no more oil was reaching the shore."
    )


def test_ninjs_2x_list_prefers_main_headline_and_strips_html() -> None:
    batch = import_paths([FIXTURES / "ninjs-2x.json"], PLOVER)
    bridge, festival = batch.dispatches
    assert bridge.title == "Old river bridge closed for repairs"
    assert bridge.dateline == "NOVA GORICA, Slovenia"
    assert bridge.published == "2022-09-12"
    bridge_entry, festival_entry = batch.entries
    assert bridge_entry.text == (
        "The city closed the old river bridge on Monday.\n\n"
        "Engineers found cracks in two & more supports.\nRepairs will take a week."
    )
    assert bridge_entry.timestamp == "2022-09-12T08:40:00"
    assert festival.published == "2022-09-13"  # from firstcreated
    assert festival_entry.text == "Organisers counted more visitors than ever."


def test_ninjs_3x_camel_case_per_line() -> None:
    batch = import_paths([FIXTURES / "ninjs-3x.jsonl"], PLOVER)
    assert [d.title for d in batch.dispatches] == [
        "Rail strike ends after pay deal",
        "Ferry line adds winter sailings",
    ]
    assert [e.text for e in batch.entries] == [
        "Train drivers returned to work on Friday after a two-day strike.",
        "The ferry line will add two sailings a day.",
    ]
    assert batch.dispatches[0].published == "2023-02-03"


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<h1>Title</h1><script>var x = 1;</script><p>One\n two</p><ul><li>a</li><li>b</li></ul>"
    assert html_to_text(html) == "Title\n\nOne two\n\na\n\nb"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"uri": "x", "headline": "No body"}', "no body"),
        (b'{"uri": 5, "body_text": "Text"}', "'uri' must be a string"),
        (b'{"uri": "x", "body_text": "T", "versioncreated": "yesterday"}', "not an ISO 8601"),
        (b'{"uri": "x", "headlines": "Just a string", "body_text": "T"}', "list of objects"),
    ],
)
def test_malformed_ninjs_items_name_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message) as info:
        read_bytes(data, "item.json", PLOVER)
    assert info.value.file == "item.json"


def test_ninjs_entries_get_their_zone_and_utc_time() -> None:
    live = import_paths([FIXTURES / "ninjs-1x.json"], PLOVER)
    # "(all times local)" with a PIRAN, Slovenia dateline: Slovenia's zone, summer time in June.
    assert [(e.zone, e.utc) for e in live.entries] == [
        ("Europe/Ljubljana", "2021-06-08T23:05:00Z"),
        ("Europe/Ljubljana", "2021-06-08T19:15:00Z"),
    ]
    items = import_paths([FIXTURES / "ninjs-2x.json"], PLOVER)
    bridge, festival = items.entries
    assert (bridge.timestamp, bridge.zone, bridge.utc) == (
        "2022-09-12T08:40:00",
        "+0200",
        "2022-09-12T06:40:00Z",
    )
    assert (festival.zone, festival.utc) == ("UTC", "2022-09-13T18:00:00Z")
