"""Parsing a large project file part by part, to keep the peak memory of a load low.

Parsing a file whole with ``orjson.loads`` builds a dict for every record before any of
them becomes an ``Entry`` or ``Annotation``, with orjson's own working memory on top:
about 4.7 times the file size at the peak for 150,000 entries. A file in the layout
``dumps_project`` writes (two-space indentation, members in the order it writes them) can
instead be parsed a piece at a time, each piece built into records before the next is
parsed, which keeps the peak near 3.5 times the file size.

Why the result is exactly the whole-file parse's: JSON strings cannot hold a raw newline,
so the separators searched for here (a newline and a given indentation) are structure,
never text. A piece is cut at a comma that separates two members of a list or object, and
is parsed with that comma temporarily turned into the closing (or opening) bracket, in
place, in the loader's private copy of the file (no copies of the pieces are made). A
JSON list or object is its members joined by commas, so if every piece parses, the
pieces together are the whole. Anything unexpected (another layout, a piece that does not
parse, a repeated key) gives up, and the caller parses the file whole, so that errors are
always reported exactly as the whole-file parse reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

#: Files smaller than this are parsed whole: splitting only pays off for large projects.
SPLIT_FROM_BYTES = 8 * 1024**2
#: About this many bytes of entries are parsed at a time (some thousands of entries).
CHUNK_BYTES = 4 * 1024**2

_START = b'{\n  "'
_ENTRIES_KEY = b'\n  "entries": ['
_LAYERS_KEY = b'\n  "layers": {'
_ENTRY_BREAK = b"\n    },\n    {"  # between two entries; the comma is at +6
_ANNOTATOR_BREAK = b'\n    },\n    "'  # between two annotators' layers; the comma is at +6


class NotTheSavedLayout(Exception):
    """The file is valid or not, but not in the layout this module can split."""


class Pieces:
    """A file's bytes in a private bytearray, parsed one delimited piece at a time."""

    def __init__(self, buffer: bytearray) -> None:
        self.buffer = buffer
        self.view = memoryview(buffer)

    def parse(self, left: int, right: int, opening: int, closing: int) -> Any:
        """Parse ``buffer[left:right + 1]`` with its end bytes read as ``opening``/``closing``."""
        buffer = self.buffer
        saved = buffer[left], buffer[right]
        buffer[left], buffer[right] = opening, closing
        try:
            return orjson.loads(self.view[left : right + 1])
        finally:
            buffer[left], buffer[right] = saved


def split(buffer: bytearray) -> tuple[dict[str, Any], Iterator[Any], Iterator[tuple[Any, Any]]] | None:
    """The parsed head (every member before the entries), the entries in chunks, the layers.

    None when the file is small or not in the saved layout. The iterators raise
    ``NotTheSavedLayout`` or ``orjson.JSONDecodeError`` when a piece does not fit.
    """
    if len(buffer) < SPLIT_FROM_BYTES or not buffer.startswith(_START):
        return None
    end = len(buffer)
    while buffer[end - 1] in b" \t\r\n":
        end -= 1
    if buffer[end - 2 : end] != b"\n}":
        return None
    close = end - 2  # the newline before the file's closing brace
    entries_key = buffer.find(_ENTRIES_KEY)
    if entries_key == -1 or buffer[entries_key - 1] != ord(","):
        return None
    layers_key = buffer.find(_LAYERS_KEY, entries_key)
    entries_start = entries_key + len(_ENTRIES_KEY) - 1
    if layers_key == -1:
        entries_stop, layers_start = close, -1
    else:
        if buffer[layers_key - 1] != ord(","):
            return None
        entries_stop, layers_start = layers_key - 1, layers_key + len(_LAYERS_KEY) - 1
    pieces = Pieces(buffer)
    # Everything before the entries, read as an object: the comma before them becomes "}".
    head = pieces.parse(0, entries_key - 1, ord("{"), ord("}"))
    head.pop("entries", None)  # a repeated key: the later one, parsed below, wins as in a whole parse
    head.pop("layers", None)
    entries = _entry_chunks(pieces, entries_start, entries_stop)
    layers = _layer_pieces(pieces, layers_start, close) if layers_start != -1 else iter(())
    return head, entries, layers


def _entry_chunks(pieces: Pieces, start: int, stop: int) -> Iterator[Any]:
    """The entries list, about ``CHUNK_BYTES`` at a time, cut at the comma between two entries.

    Each cut is found by jumping ahead and searching from there, so only a few bytes are
    searched per chunk rather than every entry's.
    """
    buffer = pieces.buffer
    if buffer[start] != ord("[") or buffer[stop - 1] != ord("]"):
        raise NotTheSavedLayout
    left = start
    while True:
        found = buffer.find(_ENTRY_BREAK, min(left + CHUNK_BYTES, stop), stop)
        if found == -1:
            yield pieces.parse(left, stop - 1, ord("["), ord("]"))
            return
        comma = found + 6
        yield pieces.parse(left, comma, ord("["), ord("]"))
        left = comma


def _layer_pieces(pieces: Pieces, start: int, stop: int) -> Iterator[tuple[Any, Any]]:
    """The layers object one annotator at a time, cut at the comma between two annotators."""
    buffer = pieces.buffer
    if buffer[start] != ord("{") or buffer[stop - 1] != ord("}"):
        raise NotTheSavedLayout
    seen: set[Any] = set()
    left = start
    while left < stop - 1:
        found = buffer.find(_ANNOTATOR_BREAK, left, stop)
        right = found + 6 if found != -1 else stop - 1
        for name, layer in pieces.parse(left, right, ord("{"), ord("}")).items():
            if name in seen:  # a whole parse keeps only the later one
                raise NotTheSavedLayout
            seen.add(name)
            yield name, layer
        left = right
