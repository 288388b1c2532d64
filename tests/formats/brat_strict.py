"""A strict reader of brat standoff, with the checks brat's own loader makes.

No brat parser on the package index checks what brat checks, so the tests use this one.
Like brat, it reads the ``.txt`` with universal newlines and the ``.ann`` line by line
(``str.splitlines``, as Python's codec readers split), and it refuses:

- a line that is not ``ID<TAB>...``, or an id used twice;
- a text-bound annotation whose fragments are out of order, overlap, leave the text, or
  whose reference text is not the fragments' texts joined by one space;
- an attribute or note pointing at an id that does not exist;
- a type or attribute (and a multi-valued attribute's value) ``annotation.conf`` lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_NAME = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class Document:
    text: str
    textbounds: dict[str, tuple[str, list[tuple[int, int]], str]] = field(default_factory=dict)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)  # type, target, value
    notes: list[tuple[str, str]] = field(default_factory=list)  # target, text


@dataclass
class Conf:
    entities: set[str]
    attributes: dict[str, set[str] | None]  # binary attributes have no values


def read_conf(path: Path) -> Conf:
    section = None
    entities: set[str] = set()
    attributes: dict[str, set[str] | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "entities":
            assert _NAME.fullmatch(line.strip()), line
            entities.add(line.strip())
        elif section == "attributes":
            name, args = line.split("\t")
            assert _NAME.fullmatch(name), line
            parts = dict(part.strip().split(":", 1) for part in args.split(","))
            assert parts["Arg"] in entities, line
            attributes[name] = set(parts["Value"].split("|")) if "Value" in parts else None
    return Conf(entities, attributes)


def read_document(ann: Path, conf: Conf) -> Document:
    with open(ann.with_suffix(".txt"), encoding="utf-8", newline=None) as handle:  # universal newlines
        doc = Document(handle.read())
    seen: set[str] = set()
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{ann.name} line {number}: {line!r}"
        ident, _, rest = line.partition("\t")
        assert rest and ident not in seen, where
        seen.add(ident)
        if ident.startswith("T"):
            _textbound(doc, ident, rest, conf, where)
        elif ident.startswith("A"):
            parts = rest.split(" ")
            assert len(parts) in (2, 3), where
            kind, target = parts[0], parts[1]
            value = parts[2] if len(parts) == 3 else None
            assert kind in conf.attributes, where
            allowed = conf.attributes[kind]
            assert (value is None) if allowed is None else (value in allowed), where
            doc.attributes.append((kind, target, value))
        elif ident.startswith("#"):
            head, _, note = rest.partition("\t")
            kind, target = head.split(" ")
            assert kind == "AnnotatorNotes", where
            doc.notes.append((target, note))
        else:
            raise AssertionError(where)
    ids = set(doc.textbounds)
    assert all(target in ids for _, target, _ in doc.attributes)
    assert all(target in ids for target, _ in doc.notes)
    return doc


def _textbound(doc: Document, ident: str, rest: str, conf: Conf, where: str) -> None:
    head, tab, reference = rest.partition("\t")
    assert tab, where
    kind, _, offsets = head.partition(" ")
    assert kind in conf.entities, where
    pieces = []
    for fragment in offsets.split(";"):
        start, end = (int(n) for n in fragment.split(" "))
        assert 0 <= start <= end <= len(doc.text), where
        assert not pieces or pieces[-1][1] < start, where  # in order, not touching or overlapping
        pieces.append((start, end))
    assert reference == " ".join(doc.text[a:b] for a, b in pieces), where
    doc.textbounds[ident] = (kind, pieces, reference)


def read_folder(folder: Path) -> dict[Path, Document]:
    conf = read_conf(folder / "annotation.conf")
    return {ann: read_document(ann, conf) for ann in sorted(folder.rglob("*.ann"))}
