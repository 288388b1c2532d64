"""spaCy v3 ``.spacy`` export (a ``DocBin``), for training spaCy pipelines directly.

Needs the optional ``export`` extra (``pip install 'media-workbench[export]'``). Each
entry becomes a ``Doc`` made by a blank pipeline of the project's language (``xx`` when
unknown), so tokens are spaCy's own. Spans go to ``doc.spans["sc"]`` (the span
categorizer's default key) and to ``doc.spans[<dimension>]``; spans that overlap no other
span are also ``doc.ents``. Closed single and multi dimensions (stance, event types) go to
``doc.cats`` as ``"<dimension>:<value>"`` with 1.0 or 0.0 for every codebook value, only
when the entry coded that dimension, since an absent label is not a negative one. Open
dimensions (actors) would give an unbounded label set and are kept in ``doc.user_data``
with the ids and split. A span whose ends fall inside a spaCy token is widened with
``alignment_mode="expand"`` and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from workbench.core.codebook import Dimension
from workbench.core.errors import WorkbenchError
from workbench.core.model import Span, Value
from workbench.formats.exporters.subsets import ExportReport, Selection

if TYPE_CHECKING:  # spaCy is an optional extra, imported only when this export runs
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

SPAN_KEY = "sc"
_CHECK_EVERY = 1000


def load_spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise WorkbenchError(
            "the spaCy export needs spaCy: install the export extra (pip install 'media-workbench[export]')"
        ) from None
    return spacy


def blank_pipeline(language: str | None) -> Any:
    spacy = load_spacy()
    try:
        return spacy.blank(language or "xx")
    except (ImportError, OSError, ValueError, KeyError):
        return spacy.blank("xx")


def write_spacy(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    language: str | None = None,
) -> int:
    load_spacy()
    from spacy.tokens import DocBin

    project = selection.project
    nlp = blank_pipeline(language or project.meta.get("language"))
    dims = project.codebook.dimensions
    closed = [d for d in dims if d.kind in ("single", "multi") and not d.open]
    open_dims = [d.key for d in dims if d.kind in ("single", "multi") and d.open]
    docs = DocBin(store_user_data=True)
    splits = selection.splits or {}
    for entry in selection.checked(progress, cancelled, _CHECK_EVERY):
        doc: Doc = nlp.make_doc(entry.text)
        annotation = selection.annotations.get(entry.id)
        values = annotation.values if annotation else {}
        spans = _aligned_spans(doc, entry.id, annotation.spans if annotation else [], selection.report)
        _put_spans(doc, spans, dims)
        _put_categories(doc, closed, values)
        doc.user_data["id"] = entry.id
        doc.user_data["dispatch_id"] = entry.dispatch_id
        doc.user_data["annotator"] = selection.layer
        doc.user_data["split"] = splits.get(entry.id)
        for key in open_dims:
            value = values.get(key)
            doc.user_data[key] = list(value) if isinstance(value, list) else value
        docs.add(doc)
    out.write(docs.to_bytes())
    total = len(selection.entries)
    progress(total, total)
    return total


def _aligned_spans(
    doc: Doc, entry_id: str, spans: list[Span], report: ExportReport
) -> list[tuple[str, SpacySpan]]:
    """Each span as a spaCy span with its dimension: on token bounds, widened to them when
    it cuts a token (reported), left out when it covers no token (noted)."""
    aligned = []
    for span in spans:
        made = doc.char_span(span.start, span.end, label=span.value, alignment_mode="strict")
        if made is None:
            made = doc.char_span(span.start, span.end, label=span.value, alignment_mode="expand")
            report.unaligned.append(
                f"{entry_id} {span.start}-{span.end} {span.dimension}:{span.value} (expanded to spaCy tokens)"
            )
        if made is None:
            report.notes.append(f"spaCy: skipped span {entry_id} {span.start}-{span.end}: it covers no token")
            continue
        aligned.append((span.dimension, made))
    return aligned


def _put_spans(doc: Doc, spans: list[tuple[str, SpacySpan]], dims: list[Dimension]) -> None:
    """Every span under ``SPAN_KEY``, each span dimension's under its key (and a choice
    dimension's too when it has spans: accepted alias mentions), and the spans that overlap
    no other as ``doc.ents`` (entities may not overlap)."""
    doc.spans[SPAN_KEY] = [s for _, s in spans]
    for dim in dims:
        if dim.kind == "span" or any(d == dim.key for d, _ in spans):
            doc.spans[dim.key] = [s for d, s in spans if d == dim.key]
    doc.ents = [
        s
        for i, (_, s) in enumerate(spans)
        if not any(j != i and s.start < o.end and o.start < s.end for j, (_, o) in enumerate(spans))
    ]


def _put_categories(doc: Doc, closed: list[Dimension], values: dict[str, Value]) -> None:
    """1.0 or 0.0 for every value of each closed dimension the entry coded; none for one it
    left uncoded, since an absent label is not a negative one."""
    for dim in closed:
        value = values.get(dim.key)
        if not value:
            continue
        chosen = set(value) if isinstance(value, list) else {value}
        for key in (v.key for v in dim.values):
            doc.cats[f"{dim.key}:{key}"] = 1.0 if key in chosen else 0.0
