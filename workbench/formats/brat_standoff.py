"""The rules of brat's standoff format that its writer and its reader share.

brat reads a ``.txt`` with universal newlines (a CRLF is one character to it) and each
``.ann`` line as one annotation, checking that a text-bound annotation's reference text
equals its fragments' texts joined by a space. So:

- ``normalise`` turns CRLF and lone CR into LF and says where characters were removed,
  and ``Shift`` moves offsets onto the normalised text;
- ``fragments`` cuts a stretch at every character a reader could take as a line break
  (and at tabs), since such a character can be neither inside an ``.ann`` line nor, as
  brat itself does, inside a fragment;
- ``Names`` gives every entity type and attribute the letters, digits, ``-`` and ``_``
  brat allows, and keeps them apart when cleaning makes two names equal.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from workbench.core.codebook import Codebook

ENTRY_TYPE = "Entry"
ENTRY_SEPARATOR = "\n\n"
#: Every character ``str.splitlines`` breaks at, and the tab that separates an ``.ann`` line's fields.
BREAKS = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PIECE = re.compile(f"[^{BREAKS}]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_ONE_LINE = str.maketrans(dict.fromkeys(BREAKS, " "))


def brat_name(label: str) -> str:
    """brat types and attribute values allow letters, digits, ``-`` and ``_`` only."""
    return _UNSAFE.sub("_", label) or "_"


def one_line(text: str) -> str:
    """Free text (a note) on one ``.ann`` line, line breaks and tabs as spaces."""
    return text.translate(_ONE_LINE)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text with CRLF and CR as LF, and the old offsets of the characters removed."""
    removed = [m.start() for m in re.finditer("\r\n", text)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), removed


class Shift:
    """Moves offsets of a text onto its normalised form (each removed CR shifts by one)."""

    def __init__(self, removed: list[int]) -> None:
        self._removed = removed

    def __call__(self, offset: int) -> int:
        return offset - bisect.bisect_left(self._removed, offset)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between line breaks and tabs, as brat fragments."""
    return [(start + m.start(), start + m.end()) for m in _PIECE.finditer(text[start:end])]


class Names:
    """brat names for span types and entry-level attributes, unique after cleaning.

    Codebook values are named first, in codebook order, so a reader holding the same
    codebook derives the same names; values only the data holds follow in order of use.
    A name cleaning would make equal to an earlier one gets ``-2``, ``-3``...
    """

    def __init__(self, codebook: Codebook) -> None:
        self._taken: set[str] = {ENTRY_TYPE.lower()}
        self.spans: dict[tuple[str, str], str] = {}
        self.singles: dict[str, str] = {}
        self.values: dict[tuple[str, str], str] = {}  # single dimension's values
        self._value_names: dict[tuple[str, str], str] = {}
        self._taken_values: dict[str, set[str]] = {}  # a single dimension's value names
        self.flags: dict[tuple[str, str], str] = {}  # multi dimension's values, one binary attribute each
        self.kinds = {d.key: d.kind for d in codebook.dimensions}
        for dim in codebook.dimensions:
            for value in (v.key for v in dim.values):
                self.name(dim.key, value)

    def name(self, dimension: str, value: str) -> str:
        """The name of ``value`` of ``dimension``: a span type, an attribute value or a flag."""
        kind = self.kinds.get(dimension, "single")
        if kind == "span":
            return self.span_name(dimension, value)
        if kind == "multi":
            if (dimension, value) not in self.flags:
                wanted = brat_name(f"{dimension}_{value}")
                self.flags[dimension, value] = numbered(wanted, self._taken)
            return self.flags[dimension, value]
        self.attribute(dimension)
        if (dimension, value) not in self.values:
            taken = self._taken_values.setdefault(dimension, set())
            self.values[dimension, value] = numbered(brat_name(value), taken)
        return self.values[dimension, value]

    def span_name(self, dimension: str, value: str) -> str:
        """The entity type of a span marking ``dimension:value``, whatever the dimension's kind:
        on a choice dimension a span marks where a coded value is named (an accepted alias).
        On a multi dimension it is the value's flag name (``actor_RUS``), which the reader maps
        back to the dimension (``flag_types``)."""
        if (dimension, value) not in self.spans:
            if self.kinds.get(dimension) == "multi":
                self.spans[dimension, value] = self.name(dimension, value)
            else:
                self.spans[dimension, value] = numbered(brat_name(value), self._taken)
        return self.spans[dimension, value]

    def flag_types(self) -> dict[str, tuple[str, str]]:
        """Every multi dimension's flag name back to its (dimension, value)."""
        return {name: key for key, name in self.flags.items()}

    def attribute(self, dimension: str) -> str:
        """The attribute type of a single dimension."""
        if dimension not in self.singles:
            self.singles[dimension] = numbered(brat_name(dimension), self._taken)
        return self.singles[dimension]

    def span_types(self) -> dict[str, tuple[str, str]]:
        """Every span type's name back to its (dimension, value)."""
        return {name: key for key, name in self.spans.items()}

    def attribute_types(self) -> dict[str, tuple[str, str | None]]:
        """Every attribute name back to (dimension, value); a single dimension's to (dim, None)."""
        back: dict[str, tuple[str, str | None]] = {name: key for key, name in self.flags.items()}
        back.update({name: (dim, None) for dim, name in self.singles.items()})
        return back

    def value_of(self, dimension: str, name: str) -> str | None:
        """The single dimension's value named ``name``, if the codebook or the data had it."""
        if len(self._value_names) != len(self.values):  # names were added since last asked
            self._value_names = {(d, written): v for (d, v), written in self.values.items()}
        return self._value_names.get((dimension, name))


def numbered(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever ``taken`` lacks (case-blind:
    brat folders live on case-blind disks too); the name returned is then taken."""
    name, n = wanted, 1
    while name.lower() in taken:
        n += 1
        name = f"{wanted}-{n}"
    taken.add(name.lower())
    return name


def unique_stems(ids: Iterable[str]) -> dict[str, str]:
    """A file stem per dispatch id: cleaned, and numbered when two clean to the same name."""
    taken: set[str] = set()
    return {dispatch_id: numbered(brat_name(dispatch_id), taken) for dispatch_id in ids}
