"""The codebook key-clash rule gives the same answers by look-up as by comparing every pair,
so a codebook of many values with shortcuts opens without comparing billions of pairs."""

from __future__ import annotations

import random

from workbench.core.app_keys import (
    APP_KEYS,
    app_key_clash,
    blocks,
    codebook_key_clashes,
    normalise_shortcut,
)
from workbench.core.codebook import Codebook, CodeValue, Dimension
from workbench.core.errors import WorkbenchError


def _pairwise(codebook: Codebook) -> list[tuple[str, str]]:
    """The rule as written: each shortcut against the window's keys and every earlier kept one."""
    taken: list[tuple[str, str]] = []
    refused = []
    for dim in codebook.dimensions:
        for value in dim.values:
            if not value.shortcut:
                continue
            mine = normalise_shortcut(value.shortcut)
            other = next((whose for seq, whose in taken if blocks(mine, seq)), None)
            if app_key_clash(mine) is not None:
                refused.append((value.key, "app"))
            elif other is not None:
                refused.append((value.key, f"taken by {other}"))
            else:
                taken.append((mine, f"{dim.label} ▸ {value.label}"))
    return refused


def test_look_ups_find_the_same_clashes_as_comparing_every_pair() -> None:
    rng = random.Random(4)
    keys = ["A", "B", "Q", "1", "2", "R", "t", "F2"]
    values = []
    for n in range(3000):
        length = rng.choice((1, 2, 2, 3))
        shortcut = ", ".join(rng.choice(keys) for _ in range(length)) if n % 7 else ""
        values.append(CodeValue(key=f"V{n}", label=f"Value {n}", shortcut=shortcut))
    codebook = Codebook(
        "many",
        "Many",
        [Dimension("d", "Dim", "multi", values[:1500]), Dimension("e", "Other", "multi", values[1500:])],
    )
    found = [
        (value.key, "app" if why.startswith("taken by the window's") else why)
        for _dim, value, why in codebook_key_clashes(codebook)
    ]
    assert found == _pairwise(codebook)
    assert len(found) > 2000  # most of them clash: the test covers both kinds of prefix


def _app_clash_pairwise(shortcut: str) -> str | None:
    mine = normalise_shortcut(shortcut)
    for action, keys in APP_KEYS.items():
        for key in keys:
            if blocks(mine, normalise_shortcut(key)):
                return f"{action} ({key})"
    return None


def test_the_window_keys_are_found_by_look_up_as_by_comparing_each() -> None:
    window_keys = [key for keys in APP_KEYS.values() for key in keys]
    heads = {normalise_shortcut(k).split(", ")[0] for k in window_keys}
    rng = random.Random(9)
    pool = [*window_keys, *heads, "A", "Q, 1", "ctrl+s", "F1, X", "Ctrl+Shift+Z", "j, k", "Alt+3"]
    tried = pool + [
        ", ".join(rng.choice([*pool, "X", "7"]) for _ in range(rng.choice((1, 2, 3)))) for _ in range(2000)
    ]
    for shortcut in tried:
        try:
            expected = _app_clash_pairwise(shortcut)
        except WorkbenchError:
            continue  # not a key sequence: the rule says so elsewhere
        assert app_key_clash(shortcut) == expected, shortcut
