"""Printing order decided from the sequence, midnight in either direction, small inversions."""

from __future__ import annotations

from workbench.formats.importers.liveblog.order import NEWEST_FIRST, OLDEST_FIRST, decide_order
from workbench.formats.importers.liveblog.parse import parse_text, read_liveblog
from workbench.formats.importers.liveblog.times import TimeMark


def _marks(*minutes: int) -> list[TimeMark | None]:
    return [TimeMark(str(m), m) for m in minutes]


def test_the_sequence_decides_the_order() -> None:
    assert decide_order(_marks(600, 540, 480)) == NEWEST_FIRST
    assert decide_order(_marks(480, 540, 600)) == OLDEST_FIRST
    assert decide_order(_marks(1400, 20, 80)) == OLDEST_FIRST  # a midnight is not a step of order
    assert decide_order(_marks(600)) == NEWEST_FIRST
    assert decide_order(_marks(600, 660, 600)) is None


def _stamps(body: str) -> list[str | None]:
    (parsed,) = parse_text("Harbour page\n\nMarch 3, 2019\n\n" + body)
    return [e.timestamp for e in parsed.entries]


def test_an_oldest_first_page_crosses_midnight_forwards() -> None:
    assert _stamps("22:10\n\nBoats left.\n\n23:40\n\nRain.\n\n00:15\n\nBoats back.\n\n01:00\n\nQuiet.\n") == [
        "2019-03-03T22:10:00",
        "2019-03-03T23:40:00",
        "2019-03-04T00:15:00",
        "2019-03-04T01:00:00",
    ]


def test_a_nine_minute_inversion_is_not_a_midnight() -> None:
    stamps = _stamps("3:09 p.m.\n\nA.\n\n3 p.m.\n\nB.\n\n3:05 p.m.\n\nC.\n\n2 p.m.\n\nD.\n")
    assert stamps == [
        "2019-03-03T15:09:00",
        "2019-03-03T15:00:00",
        "2019-03-03T15:05:00",
        "2019-03-03T14:00:00",
    ]


def test_an_unclear_order_is_named_in_the_import_notes() -> None:
    batch = read_liveblog(
        b"Harbour page\n\nMarch 3, 2019\n\n9 a.m.\n\nA.\n\n11 a.m.\n\nB.\n\n9 a.m.\n\nC.\n", "h.txt"
    )
    assert batch.dispatches[0].meta["order"] == "unclear"
    assert batch.problems == [
        "h.txt: 'Harbour page': order unclear (times neither mostly rise nor mostly fall); read as newest first"
    ]
