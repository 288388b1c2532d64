"""CoNLL-2003 style BIO export of one span dimension.

Four space-separated columns as in CoNLL-2003, ``token _ _ tag`` (no part-of-speech or
chunk tags: ``_``), a blank line after each sentence, and the document marker in the same
four columns, ``-DOCSTART- -X- O O``, before each dispatch: the line spaCy's converter
(``spacy convert``) splits documents at and CoNLL-2003 readers skip. Tokens and
sentences come from ``workbench.formats.exporters.tokenize``; a sentence never ends inside a span,
so an entity across a line break stays one entity. A span whose ends fall inside a token
is expanded to cover the whole tokens it touches and reported (never dropped silently);
a span that overlaps an earlier one, or covers no token at all, is skipped and reported,
because BIO tags cannot express it. Tokens never hold white space; a label that does
has it written as ``_`` (reported), so no value can add a line or a column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

from workbench.core.errors import WorkbenchError
from workbench.core.model import Entry
from workbench.formats.exporters.subsets import Selection
from workbench.formats.exporters.tokenize import sentences

DOCSTART = "-DOCSTART- -X- O O"
#: The part-of-speech and chunk columns, which the workbench does not tag.
NO_TAGS = "_ _"
_CHECK_EVERY = 2000
_NOT_IN_A_LABEL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def conll_label(value: str) -> str:
    """A span value as one column: white space and control characters become ``_``."""
    return _NOT_IN_A_LABEL.sub("_", value) or "_"


def span_dimension_for(selection: Selection, requested: str | None) -> str:
    span_dims = [d.key for d in selection.project.codebook.dimensions if d.kind == "span"]
    if requested:
        if requested not in span_dims:
            raise WorkbenchError(
                f"'{requested}' is not a span dimension (span dimensions: {', '.join(span_dims)})"
            )
        return requested
    if not span_dims:
        raise WorkbenchError("the codebook has no span dimension, and CoNLL tags spans")
    return span_dims[0]


def write_conll(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    span_dimension: str | None = None,
) -> int:
    dimension = span_dimension_for(selection, span_dimension)
    lines: list[str] = []
    current_dispatch = None
    for entry in selection.checked(progress, cancelled, _CHECK_EVERY):
        if entry.dispatch_id != current_dispatch:
            current_dispatch = entry.dispatch_id
            lines.extend((DOCSTART, ""))
        for sentence in entry_sentences(entry, selection, dimension):
            lines.extend(f"{token} {NO_TAGS} {tag}" for token, tag in sentence)
            lines.append("")
    out.write(("\n".join(lines) + "\n").encode("utf-8") if lines else b"")
    total = len(selection.entries)
    progress(total, total)
    return total


def entry_sentences(entry: Entry, selection: Selection, dimension: str) -> list[list[tuple[str, str]]]:
    """The entry's sentences as (token, BIO tag) pairs, reporting spans that needed bending."""
    text = entry.text
    annotation = selection.annotations.get(entry.id)
    spans = sorted(
        (s for s in (annotation.spans if annotation else []) if s.dimension == dimension),
        key=lambda s: (s.start, -s.end),
    )
    grouped = sentences(text, [(s.start, s.end) for s in spans])
    flat = [span for sentence in grouped for span in sentence]
    tags = ["O"] * len(flat)
    report = selection.report
    for span in spans:
        described = f"{entry.id} {span.start}-{span.end} {span.dimension}:{span.value}"
        covered = [i for i, (a, b) in enumerate(flat) if a < span.end and b > span.start]
        if not covered:
            report.notes.append(f"CoNLL: skipped span {described}: it covers no token")
            continue
        if any(tags[i] != "O" for i in covered):
            report.notes.append(f"CoNLL: skipped span {described}: it overlaps an earlier span")
            continue
        if flat[covered[0]][0] != span.start or flat[covered[-1]][1] != span.end:
            report.unaligned.append(described + " (expanded to whole tokens)")
        label = conll_label(span.value)
        renamed = f"CoNLL: label {span.value!r} written as {label} (white space in a label)"
        if label != span.value and renamed not in report.notes:  # once per label, not per span
            report.notes.append(renamed)
        tags[covered[0]] = f"B-{label}"
        for i in covered[1:]:
            tags[i] = f"I-{label}"
    result: list[list[tuple[str, str]]] = []
    position = 0
    for sentence in grouped:
        result.append([(text[a:b], tags[position + k]) for k, (a, b) in enumerate(sentence)])
        position += len(sentence)
    return result
