"""The one CSV writer behind every CSV the workbench writes: exports, activity counts and the
agreement report.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so text from a project (an entry, a note, a value or dimension key in
a header) could run commands on the reader's machine (CSV injection). Every cell of every
row, the header included, gets a leading apostrophe when it starts so; a plain number
such as ``-0.25`` is left as it is, since a spreadsheet reads it as the number it is.
Rows end in CRLF (RFC 4180), so a cell holding a carriage return or a line feed is always
quoted and can never split its row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class _TextOut(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(cell: object) -> object:
    """The cell as a spreadsheet shows it as plain text; non-strings are left alone."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class SafeWriter:
    """``csv.writer`` that neutralises every cell it writes."""

    def __init__(self, out: _TextOut) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
