"""brat standoff export: a ``.txt`` and an ``.ann`` per dispatch, and an ``annotation.conf``.

A dispatch's exported entries are joined with a blank line (``"\\n\\n"``) in export order,
after CRLF and CR are turned into LF (``brat_standoff.normalise``): brat and any reader in
text mode see one character per line end, so every offset, shifted by where its entry
starts, points at the same text for all of them. Offsets are code points, as brat counts
them. Lines written to the ``.ann`` file:

- ``T<n><TAB>Entry START END<TAB>text``: one text-bound ``Entry`` annotation covering each
  entry, which carries the entry-level labels;
- ``A<n><TAB><dimension> T<entry> <value>``: a ``single`` dimension's value (stance);
- ``A<n><TAB><dimension>_<value> T<entry>``: a binary attribute per value of a ``multi``
  dimension (actors, event types), since a brat attribute holds one value;
- ``#<n><TAB>AnnotatorNotes T<entry><TAB>text``: the analyst's note;
- ``T<n><TAB><LABEL> START END<TAB>text``: each span, its type the span's value (PER).

A stretch holding a line break or a tab is written as brat fragments around them
(``T3<TAB>LOC 0 5;6 11<TAB>Gaza City``), as brat itself writes it. ``annotation.conf``
declares every type and attribute used, so brat accepts and shows them. With a split,
each split is a subfolder and the configuration sits at the top, where brat finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.core.errors import Cancelled
from workbench.core.model import Entry
from workbench.formats.brat_standoff import (
    ENTRY_SEPARATOR,
    ENTRY_TYPE,
    Names,
    Shift,
    fragments,
    normalise,
    one_line,
    unique_stems,
)
from workbench.formats.exporters.subsets import Selection


def write_brat(
    selection: Selection,
    folder: Path,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    by_dispatch: dict[str, list[Entry]] = {}
    for entry in selection.entries:
        by_dispatch.setdefault(entry.dispatch_id, []).append(entry)
    names = Names(selection.project.codebook)
    stems = unique_stems(by_dispatch)
    splits = selection.splits
    total = len(selection.entries)
    done = 0
    for dispatch_id, entries in by_dispatch.items():
        if cancelled():
            raise Cancelled
        target = folder / splits[entries[0].id] if splits else folder
        target.mkdir(exist_ok=True)
        text, ann = dispatch_standoff(selection, entries, names)
        (target / f"{stems[dispatch_id]}.txt").write_bytes(text.encode("utf-8"))
        (target / f"{stems[dispatch_id]}.ann").write_bytes(ann.encode("utf-8"))
        done += len(entries)
        progress(done, total)
    (folder / "annotation.conf").write_text(annotation_conf(selection, names), encoding="utf-8")
    return total


class _Ann:
    """The ``.ann`` lines of one document and their numbering."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._counters = {"T": 0, "A": 0, "#": 0}

    def add(self, kind: str, body: str) -> str:
        self._counters[kind] += 1
        ident = f"{kind}{self._counters[kind]}"
        self.lines.append(f"{ident}\t{body}")
        return ident

    def text_bound(self, label: str, text: str, pieces: list[tuple[int, int]], offset: int) -> str:
        where = ";".join(f"{offset + a} {offset + b}" for a, b in pieces)
        return self.add("T", f"{label} {where}\t{' '.join(text[a:b] for a, b in pieces)}")


def dispatch_standoff(
    selection: Selection, entries: list[Entry], names: Names | None = None
) -> tuple[str, str]:
    """The dispatch's normalised text and its ``.ann`` lines."""
    names = names or Names(selection.project.codebook)
    ann = _Ann()
    texts: list[str] = []
    offset = 0
    for entry in entries:
        text, removed = normalise(entry.text)
        texts.append(text)
        _entry_lines(selection, entry, text, Shift(removed), offset, names, ann)
        offset += len(text) + len(ENTRY_SEPARATOR)
    joined = ENTRY_SEPARATOR.join(texts) + "\n"
    return joined, "\n".join(ann.lines) + "\n" if ann.lines else ""


def _entry_lines(
    selection: Selection, entry: Entry, text: str, shift: Shift, offset: int, names: Names, ann: _Ann
) -> None:
    """The entry's ``Entry`` annotation, its labels as attributes, its note and its spans."""
    entry_t = ann.text_bound(ENTRY_TYPE, text, fragments(text, 0, len(text)) or [(0, 0)], offset)
    annotation = selection.annotations.get(entry.id)
    if annotation is None:
        return
    for key, value in annotation.values.items():
        if isinstance(value, list) or names.kinds.get(key) == "multi":
            for item in value if isinstance(value, list) else [value]:
                names.kinds.setdefault(key, "multi")
                ann.add("A", f"{names.name(key, item)} {entry_t}")
        elif value:
            ann.add("A", f"{names.attribute(key)} {entry_t} {names.name(key, value)}")
    if annotation.note:
        ann.add("#", f"AnnotatorNotes {entry_t}\t{one_line(annotation.note)}")
    for span in annotation.spans:
        start, end = shift(span.start), shift(span.end)
        pieces = fragments(text, start, end)
        described = f"{entry.id} {span.start}-{span.end} {span.dimension}:{span.value}"
        if not pieces:
            selection.report.notes.append(f"brat: skipped span {described}: it holds only line breaks")
            continue
        if pieces[0][0] != start or pieces[-1][1] != end:
            selection.report.notes.append(
                f"brat: span {described} written without the line breaks at its ends"
            )
        names.kinds.setdefault(span.dimension, "span")
        ann.text_bound(names.span_name(span.dimension, span.value), text, pieces, offset)


def annotation_conf(selection: Selection, names: Names) -> str:
    """Every entity type and attribute the export wrote (and the codebook's), declared."""
    multi_flags = [f"{flag}\tArg:{ENTRY_TYPE}" for flag in names.flags.values()]
    singles = [
        f"{attribute}\tArg:{ENTRY_TYPE}, Value:"
        + "|".join(v for (d, _), v in names.values.items() if d == dimension)
        for dimension, attribute in names.singles.items()
        if any(d == dimension for d, _ in names.values)
    ]
    return "\n".join(
        [
            f"# brat configuration for the '{one_line(selection.project.codebook.name)}' codebook, "
            "written by the workbench",
            "[entities]",
            ENTRY_TYPE,
            *names.spans.values(),
            "[relations]",
            "[events]",
            "[attributes]",
            *singles,
            *multi_flags,
            "",
        ]
    )
