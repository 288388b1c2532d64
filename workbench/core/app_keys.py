"""The keys the workbench itself binds, listed once, and the rule for a codebook shortcut clashing with one.

A codebook value bound to Ctrl+S would make Save ambiguous in the coding area, and Qt
then fires neither: Save and Undo would silently stop working while coding. So the window
builds its menus and coding keys from this table, and the codebook's checks (at load, in
the codebook editor, for a typed actor's free shortcut) refuse what clashes with it. A key
added to a menu here is refused to codebooks at once, with no second list to forget.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from workbench.core.codebook import Codebook, CodeValue, Dimension
from workbench.core.errors import WorkbenchError

#: Most keys a codebook shortcut may chain ("E, 1" is two).
MAX_SHORTCUT_KEYS = 4

#: Every key the window binds, by what it does. Menu titles' Alt mnemonics are listed too:
#: a codebook shortcut on Alt+F would take the File menu away from the keyboard.
APP_KEYS: dict[str, tuple[str, ...]] = {
    "new": ("Ctrl+N",),
    "open": ("Ctrl+O",),
    "save": ("Ctrl+S",),
    "save as": ("Ctrl+Shift+S",),
    "import": ("Ctrl+I",),
    "export": ("Ctrl+Shift+E",),
    "quit": ("Ctrl+Q",),
    "undo": ("Ctrl+Z",),
    "redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
    "find": ("Ctrl+F",),
    "note": ("Ctrl+E",),
    "edit codebook": ("Ctrl+Shift+K",),
    "set dispatch date": ("Ctrl+Shift+D",),
    "review disagreements": ("Ctrl+Shift+R",),
    "agreement report": ("Ctrl+Shift+A",),
    "next disagreement": ("Alt+Down", "]"),
    "previous disagreement": ("Alt+Up", "["),
    "keyboard shortcuts": ("F1",),
    "mark done": ("D",),
    "flag": ("F",),
    "next entry": ("J", "Down"),
    "previous entry": ("K", "Up"),
    "next uncoded entry": ("N",),
    "next uncertain entry": ("U",),
    "next random entry": ("R",),
    "accept suggestions": ("S",),
    "take all from annotator": tuple(f"Alt+{n}" for n in range(1, 10)),
    "menus": ("Alt+F", "Alt+E", "Alt+V", "Alt+R", "Alt+H"),
}


def keys_of(action: str) -> list[str]:
    """The keys of one of the window's actions, for building it (a KeyError names a typo at start-up)."""
    return list(APP_KEYS[action])


def normalise_shortcut(shortcut: str) -> str:
    """Canonical text of a key sequence: ``"e,1"`` becomes ``"E, 1"``; empty clears it."""
    keys = [part.strip() for part in shortcut.split(",")]
    if keys == [""]:
        return ""
    if any(not k for k in keys) or len(keys) > MAX_SHORTCUT_KEYS:
        raise WorkbenchError(
            f"shortcut '{shortcut}' must be 1 to {MAX_SHORTCUT_KEYS} keys separated by commas",
            where="codebook",
        )
    return ", ".join(k.upper() if len(k) == 1 else k for k in keys)


def blocks(a: str, b: str) -> bool:
    """True when pressing one normalised sequence would always fire before the other could finish.

    Equal sequences block each other, and so does a prefix: with "A" bound, "A, R" can
    never be typed. Comparison ignores case, as Qt does for key names.
    """
    first, second = a.lower().split(", "), b.lower().split(", ")
    n = min(len(first), len(second))
    return first[:n] == second[:n]


@cache
def _app_sequences() -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int], list[str]]:
    """The window's keys as look-ups: each sequence's lower-cased keys, and each proper prefix
    of one, to its place in ``APP_KEYS`` order; and the "action (key)" text of each place."""
    exact: dict[tuple[str, ...], int] = {}
    prefixes: dict[tuple[str, ...], int] = {}
    named: list[str] = []
    for action, keys in APP_KEYS.items():
        for key in keys:
            place = len(named)
            named.append(f"{action} ({key})")
            parts = tuple(normalise_shortcut(key).lower().split(", "))
            exact.setdefault(parts, place)
            for n in range(1, len(parts)):
                prefixes.setdefault(parts[:n], place)
    return exact, prefixes, named


def app_key_clash(shortcut: str) -> str | None:
    """The window's action a shortcut clashes with ("save (Ctrl+S)"), or None when it is free.

    By look-up (``blocks`` is equality or a prefix either way), since the clash check runs
    for every value of a codebook that may hold 100,000."""
    mine = normalise_shortcut(shortcut)
    if not mine:
        return None
    exact, prefixes, named = _app_sequences()
    keys = tuple(mine.lower().split(", "))
    places = [exact[keys[:n]] for n in range(1, len(keys) + 1) if keys[:n] in exact]
    if keys in prefixes:
        places.append(prefixes[keys])
    return named[min(places)] if places else None


def codebook_key_clashes(codebook: Codebook) -> Iterator[tuple[Dimension, CodeValue, str]]:
    """(dimension, value, why) for every value whose shortcut cannot be bound
    ("taken by the window's save (Ctrl+S)", "taken by Stance ▸ Favor").

    A shortcut is refused when it clashes with the window's keys or with an earlier value's
    shortcut, or is not a key sequence at all; the first of two clashing values keeps its key.
    """
    # Kept sequences by their keys, and every prefix of them, so that a clash is a few
    # look-ups rather than a scan of all kept keys (a codebook of 100,000 values with
    # shortcuts would otherwise compare billions of pairs before the window opened).
    kept: dict[tuple[str, ...], str] = {}  # lower-cased keys -> whose
    prefixes: dict[tuple[str, ...], str] = {}  # each proper prefix of a kept sequence -> whose
    for dim in codebook.dimensions:
        for value in dim.values:
            if not value.shortcut:
                continue
            try:
                mine = normalise_shortcut(value.shortcut)
            except WorkbenchError as exc:
                yield dim, value, exc.what
                continue
            app = app_key_clash(mine)
            keys = tuple(mine.lower().split(", "))
            heads = [keys[:n] for n in range(1, len(keys) + 1)]
            # blocks(): a kept sequence equal to one of my heads, or one that I am the head of
            other = next((kept[h] for h in heads if h in kept), None) or prefixes.get(keys)
            if app is not None:
                yield dim, value, f"taken by the window's {app}"
            elif other is not None:
                yield dim, value, f"taken by {other}"
            else:
                whose = f"{dim.label} ▸ {value.label}"
                kept[keys] = whose
                for head in heads[:-1]:
                    prefixes.setdefault(head, whose)


def first_free(candidates: Iterable[str], taken: Iterable[str]) -> str:
    """The first candidate sequence that clashes with neither the window's keys nor ``taken``; "" if none."""
    busy = [normalise_shortcut(t) for t in taken if t]
    for candidate in candidates:
        mine = normalise_shortcut(candidate)
        if app_key_clash(mine) is None and not any(blocks(mine, other) for other in busy):
            return mine
    return ""
