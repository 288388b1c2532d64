"""The one home of the rules about suggestion-assisted values (``Annotation.assisted``).

A value accepted from a suggestion carries a ``Provenance`` until it is removed; these
rules keep the two in step, say which values the local model may learn from, and which
annotators code blind (no suggestions shown: the reliability sample).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from workbench.core.code_matching import value_holds
from workbench.core.model import Annotation, Project, Provenance, Value

#: Project ``meta`` key: the annotators who code blind.
BLIND_FIELD = "blind_annotators"
#: Where a suggestion may come from (``Provenance.source``): the project's own model,
#: imported predictions, a codebook alias. A project file naming another is refused.
SOURCES = ("model", "predictions", "alias")


def provenance_problem(values: dict[str, Value], assisted: dict[str, dict[str, Provenance]]) -> str | None:
    """What is wrong with an annotation's ``assisted`` records, or None: the one rule both
    readers of a project file apply (a known source, a score in [0, 1], and a record only
    for a value the annotation codes, as ``forget_removed`` keeps it)."""
    for dimension, by_value in assisted.items():
        if not by_value:
            return f"{dimension}: no values (leave the dimension out)"
        for value, how in by_value.items():
            if how.source not in SOURCES:
                return (
                    f"{dimension}.{value}: unknown source '{how.source[:40]}' (one of {', '.join(SOURCES)})"
                )
            if how.score is not None and not 0.0 <= how.score <= 1.0:
                return f"{dimension}.{value}: score {how.score} is not in [0, 1]"
            if not value_holds(values.get(dimension), value):
                return f"{dimension}.{value}: records how a value came that the annotation does not code"
    return None


def provenance(annotation: Annotation | None, dimension: str, value: str) -> Provenance | None:
    """How ``dimension:value`` came to be in ``annotation``; None: chosen by hand (or absent)."""
    if annotation is None or not annotation.assisted:
        return None
    return annotation.assisted.get(dimension, {}).get(value)


def is_assisted(annotation: Annotation | None, dimension: str, value: str) -> bool:
    return provenance(annotation, dimension, value) is not None


def accept(dimension: str, value: str, multi: bool, how: Provenance) -> Callable[[Annotation], None]:
    """An edit (for ``undoable.edit_annotation``) that codes a suggested value and records how.

    A single-choice dimension's earlier value (and its provenance) is replaced; a multi
    dimension's value is added when missing. Coding it again is a no-op apart from the record.
    """

    def apply(ann: Annotation) -> None:
        current = ann.values.get(dimension)
        if multi:
            items = list(current) if isinstance(current, list) else ([current] if current else [])
            if value not in items:
                items.append(value)
            ann.values[dimension] = items
        else:
            ann.values[dimension] = value
        if ann.assisted is None:
            ann.assisted = {}
        kept = {v: p for v, p in ann.assisted.get(dimension, {}).items() if multi and v != value}
        kept[value] = how
        ann.assisted[dimension] = kept

    return apply


def forget_removed(ann: Annotation) -> None:
    """Drop the records of values no longer coded, so a value removed and coded again by
    hand is not still counted as a suggestion's. Every edit that may remove a value ends with it."""
    if not ann.assisted:
        return
    for dimension in list(ann.assisted):
        coded = ann.values.get(dimension)
        kept = {v: p for v, p in ann.assisted[dimension].items() if value_holds(coded, v)}
        if kept:
            ann.assisted[dimension] = kept
        else:
            del ann.assisted[dimension]
    if not ann.assisted:
        ann.assisted = None


def learnable(annotation: Annotation | None, dimension: str) -> list[str]:
    """The values of ``dimension`` the local model may learn from: chosen by hand, or
    assisted by anything but the model itself, or the model's and confirmed by hand."""
    if annotation is None:
        return []
    coded = annotation.values.get(dimension)
    if coded is None:
        return []
    values = [coded] if isinstance(coded, str) else list(dict.fromkeys(coded))
    return [
        v
        for v in values
        if (p := provenance(annotation, dimension, v)) is None or p.source != "model" or p.confirmed
    ]


def blind_annotators(project: Project) -> list[str]:
    """The annotators who code blind: shown no suggestion of any kind."""
    return blind_in(project.meta)


def blind_in(meta: Mapping[str, Any]) -> list[str]:
    """``blind_annotators`` of a project's meta (a file not yet made a project, as merging reads)."""
    names = meta.get(BLIND_FIELD, [])
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def is_blind(project: Project, annotator: str) -> bool:
    return annotator in blind_annotators(project)
