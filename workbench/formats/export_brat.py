"""brat standoff export: a ``.txt`` and an ``.ann`` per dispatch, and an ``annotation.conf``.

A dispatch's exported entries are joined with a blank line (``"\\n\\n"``) in export order,
and every offset is shifted by where its entry starts; offsets are code points, as brat
counts them. Lines written to the ``.ann`` file:

- ``T<n><TAB>Entry START END<TAB>text``: one text-bound ``Entry`` annotation covering each
  entry, which carries the entry-level labels;
- ``A<n><TAB><dimension> T<entry> <value>``: a ``single`` dimension's value (stance);
- ``#<n><TAB>AnnotatorNotes T<entry><TAB><dimension>: v1; v2``: a ``multi`` dimension's
  values (actors, event types), and ``note: ...`` for the analyst's note, since brat
  attributes hold one value each;
- ``T<n><TAB><LABEL> START END<TAB>text``: each span, its type the span's value (PER).

``annotation.conf`` declares the span labels and the ``Entry`` type as entities and the
single dimensions as attributes of ``Entry``. With a split, each split is a subfolder
and the configuration sits at the top, where brat finds it for every subfolder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from workbench.core.errors import Cancelled
from workbench.core.model import Entry
from workbench.formats.subsets import Selection

ENTRY_TYPE = "Entry"
ENTRY_SEPARATOR = "\n\n"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def brat_name(label: str) -> str:
    """brat types and attribute values allow letters, digits, ``-`` and ``_`` only."""
    return _UNSAFE.sub("_", label) or "_"


def write_brat(
    selection: Selection,
    folder: Path,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    (folder / "annotation.conf").write_text(annotation_conf(selection), encoding="utf-8")
    by_dispatch: dict[str, list[Entry]] = {}
    for entry in selection.entries:
        by_dispatch.setdefault(entry.dispatch_id, []).append(entry)
    splits = selection.splits
    total = len(selection.entries)
    done = 0
    for dispatch_id, entries in by_dispatch.items():
        if cancelled():
            raise Cancelled
        target = folder / splits[entries[0].id] if splits else folder
        target.mkdir(exist_ok=True)
        text, ann = dispatch_standoff(selection, entries)
        stem = brat_name(dispatch_id)
        (target / f"{stem}.txt").write_bytes(text.encode("utf-8"))
        (target / f"{stem}.ann").write_bytes(ann.encode("utf-8"))
        done += len(entries)
        progress(done, total)
    return total


#: Every character some reader takes as a line break (``str.splitlines``), and the tab.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def _one_line(text: str) -> str:
    """The reference text after a T line, on one line but as long as the stretch it names."""
    return text.translate(_LINE_BREAKS)


def dispatch_standoff(selection: Selection, entries: list[Entry]) -> tuple[str, str]:
    """The dispatch's text and its ``.ann`` lines."""
    dims = {d.key: d for d in selection.project.codebook.dimensions}
    lines: list[str] = []
    counters = {"T": 0, "A": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    offset = 0
    for entry in entries:
        text = entry.text
        entry_t = next_id("T")
        lines.append(f"{entry_t}\t{ENTRY_TYPE} {offset} {offset + len(text)}\t{_one_line(text)}")
        annotation = selection.annotations.get(entry.id)
        if annotation is not None:
            for key, value in annotation.values.items():
                dim = dims.get(key)
                if isinstance(value, list) or (dim is not None and dim.kind == "multi"):
                    items = value if isinstance(value, list) else [value]
                    lines.append(f"{next_id('#')}\tAnnotatorNotes {entry_t}\t{key}: {'; '.join(items)}")
                else:
                    lines.append(f"{next_id('A')}\t{brat_name(key)} {entry_t} {brat_name(value)}")
            if annotation.note:
                lines.append(f"{next_id('#')}\tAnnotatorNotes {entry_t}\tnote: {_one_line(annotation.note)}")
            for span in annotation.spans:
                start, end = offset + span.start, offset + span.end
                piece = _one_line(text[span.start : span.end])
                lines.append(f"{next_id('T')}\t{brat_name(span.value)} {start} {end}\t{piece}")
        offset += len(text) + len(ENTRY_SEPARATOR)
    joined = ENTRY_SEPARATOR.join(e.text for e in entries) + "\n"
    return joined, "\n".join(lines) + "\n" if lines else ""


def annotation_conf(selection: Selection) -> str:
    codebook = selection.project.codebook
    span_labels: list[str] = []
    for dim in codebook.dimensions:
        if dim.kind == "span":
            span_labels.extend(
                brat_name(v) for v in (c.key for c in dim.values) if brat_name(v) not in span_labels
            )
    attributes = [
        f"{brat_name(d.key)}\tArg:{ENTRY_TYPE}, Value:{'|'.join(brat_name(v.key) for v in d.values)}"
        for d in codebook.dimensions
        if d.kind == "single" and d.values
    ]
    return "\n".join(
        [
            f"# brat configuration for the '{codebook.name}' codebook, written by the workbench",
            "[entities]",
            ENTRY_TYPE,
            *span_labels,
            "[relations]",
            "[events]",
            "[attributes]",
            *attributes,
            "",
        ]
    )
