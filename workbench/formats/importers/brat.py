"""brat standoff import: an ``.ann`` file and the ``.txt`` beside it become one dispatch.

The text is read as brat reads it, UTF-8 with universal newlines (CRLF and CR count as
one LF), so offsets written by brat, or by our export, point where brat shows them. The
``.ann`` is read as strictly as brat reads it: a text-bound annotation whose reference
text is not its fragments' texts joined by a space is refused with its line number.

- Each ``Entry`` annotation (our export writes one per entry) becomes an entry, from its
  first fragment's start to its last fragment's end; without any, the whole text is one
  entry.
- Other text-bound annotations become spans of the entry holding them, from the first
  fragment's start to the last fragment's end (the workbench's spans are contiguous).
  Their type is mapped back through the codebook's names (``brat_standoff.Names``; a multi
  dimension's flag name, ``actor_RUS``, is a span on that dimension, as an accepted alias
  mention is written), else it becomes a value of the codebook's first span dimension.
- Attributes on an ``Entry`` set its entry-level values; ``AnnotatorNotes`` its note.
- Relations, events, equivalences, normalisations, and attributes or notes on spans have
  no place in a project: they are counted in the import's problems, never refused.

The layer is ``annotator``, or the name of the folder holding the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbench.core.codebook import Codebook
from workbench.core.errors import WorkbenchError
from workbench.core.ids import EntryIds, dispatch_id
from workbench.core.model import Annotation, Dispatch, Entry, Span
from workbench.core.undoable import ImportBatch
from workbench.formats.brat_standoff import ENTRY_TYPE, Names, brat_name

_OUR_DISPATCH_ID = re.compile(r"d-[0-9a-f]{16}")
_NOT_REPRESENTED = {"R": "relations", "E": "events", "*": "equivalences", "N": "normalisations"}


@dataclass
class _TextBound:
    ident: str
    kind: str
    start: int
    end: int


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbenchError(f"is not UTF-8 (byte {exc.start}); brat files are UTF-8", file=file) from None


def read_brat(ann: bytes, txt: bytes, file: str, codebook: Codebook, annotator: str) -> ImportBatch:
    """One document: ``ann`` is the ``.ann`` file's bytes, ``txt`` its ``.txt`` file's."""
    text = _decode(txt, str(Path(file).with_suffix(".txt"))).replace("\r\n", "\n").replace("\r", "\n")
    reader = _AnnReader(text, file)
    for number, line in enumerate(_decode(ann, file).splitlines(), 1):
        if line.strip():
            reader.line(line, f"line {number}")
    stem = Path(file).stem
    did = stem if _OUR_DISPATCH_ID.fullmatch(stem) else dispatch_id(stem, None, None)
    batch = ImportBatch(dispatches=[Dispatch(did, stem, source=file)])
    _build(reader, batch, did, Names(codebook), codebook, annotator)
    batch.problems.extend(
        f"{file}: {count} {what} not imported (no place for them in a project)"
        for what, count in sorted(reader.skipped.items())
    )
    return batch


class _AnnReader:
    """The ``.ann`` lines, checked as brat checks them."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.bounds: dict[str, _TextBound] = {}
        self.attributes: list[tuple[str, str, str | None]] = []
        self.notes: list[tuple[str, str]] = []
        self.skipped: dict[str, int] = {}

    def fail(self, where: str, what: str) -> WorkbenchError:
        return WorkbenchError(what, file=self.file, where=where)

    def line(self, line: str, where: str) -> None:
        ident, tab, rest = line.partition("\t")
        if not tab or not ident:
            raise self.fail(where, "not an annotation line (expected ID, a tab, then the annotation)")
        if ident[0] == "T":
            self.bounds[ident] = self.text_bound(ident, rest, where)
        elif ident[0] in "AM":
            parts = rest.split()
            if len(parts) not in (2, 3):
                raise self.fail(where, "an attribute needs a type, a target and at most one value")
            self.attributes.append((parts[0], parts[1], parts[2] if len(parts) == 3 else None))
        elif ident[0] == "#":
            head, _, note = rest.partition("\t")
            parts = head.split()
            if len(parts) == 2 and parts[0] == "AnnotatorNotes":
                self.notes.append((parts[1], note))
            else:
                self.skip("other notes")
        elif ident[0] in _NOT_REPRESENTED:
            self.skip(_NOT_REPRESENTED[ident[0]])
        else:
            raise self.fail(where, f"unknown annotation id '{ident}'")

    def skip(self, what: str) -> None:
        """Count something a project cannot hold (``what`` in the plural, for the report)."""
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def text_bound(self, ident: str, rest: str, where: str) -> _TextBound:
        head, tab, reference = rest.partition("\t")
        kind, _, offsets = head.partition(" ")
        pieces: list[tuple[int, int]] = []
        try:
            for fragment in offsets.split(";"):
                start, end = (int(n) for n in fragment.split())
                pieces.append((start, end))
        except ValueError:
            raise self.fail(where, "a text-bound annotation needs TYPE START END[;START END...]") from None
        for i, (start, end) in enumerate(pieces):
            if not 0 <= start <= end <= len(self.text) or (i and pieces[i - 1][1] > start):
                raise self.fail(where, f"offsets {offsets} fall outside the text or overlap")
        expected = " ".join(self.text[a:b] for a, b in pieces)
        if tab and reference[: len(expected)] != expected:
            raise self.fail(where, "its text does not match the offsets in the .txt file")
        return _TextBound(ident, kind, pieces[0][0], pieces[-1][1])


def _build(
    reader: _AnnReader, batch: ImportBatch, did: str, names: Names, codebook: Codebook, annotator: str
) -> None:
    """Entries, their spans, attributes and notes, out of the checked lines."""
    marked = sorted((b for b in reader.bounds.values() if b.kind == ENTRY_TYPE), key=lambda b: b.start)
    text = reader.text
    if not marked:
        marked = [_TextBound("", ENTRY_TYPE, 0, len(text.rstrip("\n")))]
    ids = EntryIds(did)
    owner: dict[str, tuple[_TextBound, Annotation]] = {}
    layer: dict[str, Annotation] = {}
    for position, bound in enumerate(marked):
        entry_text = text[bound.start : bound.end]
        entry = Entry(ids.next(None, entry_text), did, position, None, None, entry_text)
        batch.entries.append(entry)
        layer[entry.id] = annotation = Annotation()
        owner[bound.ident] = (bound, annotation)
    span_types, attribute_types, flag_types = names.span_types(), names.attribute_types(), names.flag_types()
    span_dims = [d.key for d in codebook.dimensions if d.kind == "span"]
    for bound in reader.bounds.values():
        if bound.kind == ENTRY_TYPE:
            continue
        home = next(
            ((b, a) for b, a in owner.values() if b.start <= bound.start and bound.end <= b.end), None
        )
        dimension, value = (
            span_types.get(bound.kind)
            or flag_types.get(bound.kind)  # a span on a multi dimension (an accepted alias)
            or (span_dims[0] if span_dims else "", bound.kind)
        )
        if home is None or not dimension:
            reader.skip("spans outside every entry" if home is None else "spans with no span dimension")
            continue
        entry_bound, annotation = home
        annotation.spans.append(
            Span(bound.start - entry_bound.start, bound.end - entry_bound.start, dimension, value)
        )
    for kind, target, attribute_value in reader.attributes:  # a flag attribute has no value: None
        if target not in owner:
            reader.skip("attributes on spans")
            continue
        if not _set_value(owner[target][1], kind, attribute_value, names, attribute_types, codebook):
            reader.skip("attributes naming no dimension")
    for target, note in reader.notes:
        if target in owner:
            annotation = owner[target][1]
            annotation.note = f"{annotation.note}\n{note}" if annotation.note else note
        else:
            reader.skip("notes on spans")
    batch.layers[annotator] = {k: a for k, a in layer.items() if a.values or a.spans or a.note}


def _set_value(
    annotation: Annotation,
    kind: str,
    value: str | None,
    names: Names,
    back: dict[str, tuple[str, str | None]],
    codebook: Codebook,
) -> bool:
    """A brat attribute as an entry-level value: a single dimension's, or a multi one's flag
    (False for a flag that names no dimension)."""
    dimension, flag_value = back.get(kind, (kind, None))
    if value is not None:
        annotation.values[dimension] = names.value_of(dimension, value) or value
        return True
    if flag_value is None:  # a flag the codebook does not list: "<dimension>_<value>"
        multi = [d.key for d in codebook.dimensions if d.kind == "multi"]
        dimension = next((d for d in multi if kind.startswith(brat_name(d) + "_")), "")
        if not dimension:
            return False
        flag_value = kind[len(brat_name(dimension)) + 1 :]
    values = annotation.values.setdefault(dimension, [])
    if isinstance(values, list) and flag_value not in values:
        values.append(flag_value)
    return True
