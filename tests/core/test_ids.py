"""Stable ids: the same dispatch must get the same ids on every machine and every run."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

from workbench.core.ids import EntryIds, dispatch_id, normalise

TEXT = "Envoys from three capitals met behind closed doors on Tuesday.\n\nNo statement followed."
CAFE = "Delegates met at the café near the ministry."


def _ids(dispatch: str, entries: list[tuple[str | None, str]]) -> list[str]:
    ids = EntryIds(dispatch)
    return [ids.next(label, text) for label, text in entries]


def test_ids_are_stable_across_processes() -> None:
    """Hash randomisation must not leak in: a fresh interpreter gives the same ids."""
    script = (
        "from workbench.core.ids import EntryIds, dispatch_id\n"
        "d = dispatch_id('The Latest: Talks open', '2017-01-24', 'BEIRUT')\n"
        f"print(d, EntryIds(d).next('8 p.m.', {TEXT!r}))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    here = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    assert runs == {f"{here} {EntryIds(here).next('8 p.m.', TEXT)}\n"}
    assert here.startswith("d-") and len(here) == 18


def test_entry_ids_ignore_line_endings_whitespace_and_normal_form() -> None:
    did = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    decomposed = unicodedata.normalize("NFD", CAFE)
    assert decomposed != CAFE
    variants = [
        [("8 p.m.", TEXT), ("4:50 p.m.", CAFE)],
        [("8 p.m.", TEXT.replace("\n", "\r\n")), ("4:50 p.m.", decomposed)],
        [(" 8  p.m. ", "  " + TEXT.replace(" ", "  \t") + "\n"), ("4:50\u00a0p.m.", CAFE + "\r\n")],
    ]
    first, *others = (_ids(did, v) for v in variants)
    assert all(other == first for other in others)
    assert normalise("  a\r\n\tb ") == "a b"


def test_dispatch_ids_fold_case_and_spacing_but_tell_stories_apart() -> None:
    base = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    assert dispatch_id("the latest:  talks OPEN", "2017-01-24", "Beirut") == base
    assert dispatch_id("The Latest: Talks open", "2017-01-25", "BEIRUT") != base
    assert dispatch_id("The Latest: Talks open", "2017-01-24", "ASTANA") != base
    assert dispatch_id("The Latest: Talks close", "2017-01-24", "BEIRUT") != base
    assert dispatch_id("x", None, None, uri="urn:example:1") == dispatch_id(
        "y", "2020-01-01", "Z", "urn:example:1"
    )
    assert dispatch_id("x", None, None, uri="urn:example:1") != dispatch_id(
        "x", None, None, uri="urn:example:2"
    )


def test_same_entry_in_different_dispatches_gets_different_ids() -> None:
    one = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    two = dispatch_id("The Latest: Talks close", "2017-01-24", "BEIRUT")
    assert EntryIds(one).next("8 p.m.", TEXT) != EntryIds(two).next("8 p.m.", TEXT)


def test_time_label_is_part_of_the_id() -> None:
    did = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    assert EntryIds(did).next("8 p.m.", TEXT) != EntryIds(did).next("9 p.m.", TEXT)
    assert EntryIds(did).next(None, TEXT) == EntryIds(did).next("", TEXT)


def test_duplicate_entries_get_numbered_suffixes_in_reading_order() -> None:
    did = dispatch_id("The Latest: Talks open", "2017-01-24", "BEIRUT")
    entries = [
        ("noon", "Correction follows."),
        ("11 a.m.", CAFE),
        ("noon", "Correction follows."),
        ("noon", "Correction follows."),
    ]
    first = _ids(did, entries)
    assert first == _ids(did, entries)
    assert len(set(first)) == 4
    assert first[2] == first[0] + "-2"
    assert first[3] == first[0] + "-3"
    assert "-" not in first[1][2:]
