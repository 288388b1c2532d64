"""The one rule for "does this annotation use dimension:value", and the counts built on it.

A single or multi dimension's codes live in ``Annotation.values``; a span dimension's in
``Annotation.spans``. When the dimension's kind is known the rule looks only where its codes
live (a stray value under a span dimension is reported by validation, not counted twice);
when it is not known (a dimension the codebook lacks, or a caller without a codebook) it
looks in both. Filters, the coding masks, codebook edits, usage counts, splits and the chart
all ask here, so they cannot disagree about what a code is.
"""

from __future__ import annotations

from collections import Counter

from workbench.core.model import Annotation, Project, Span, Value


def looks_in(kind: str | None) -> tuple[bool, bool]:
    """Where a dimension of ``kind`` keeps its codes: (in values, in spans); None: unknown."""
    return kind != "span", kind is None or kind == "span"


def value_holds(coded: Value | None, value: str | None) -> bool:
    """Whether a coded value (a string or a list of strings) holds ``value``; None: any value."""
    if coded is None:
        return False
    return value is None or coded == value or (type(coded) is list and value in coded)


def spans_hold(spans: list[Span], dimension: str, value: str | None) -> bool:
    """Whether a span marks ``dimension:value``; ``value`` None: any value of the dimension."""
    return any(s.dimension == dimension and (value is None or s.value == value) for s in spans)


def uses(
    annotation: Annotation | None, dimension: str, value: str | None = None, kind: str | None = None
) -> bool:
    """Whether ``annotation`` codes ``dimension:value`` (``value`` None: any value of it).

    ``kind`` is the dimension's kind when the caller knows it; see the module's note.
    Runs once per annotation of the project on every codebook edit, hence the early exits.
    """
    if annotation is None:
        return False
    in_values, in_spans = looks_in(kind)
    if in_values and value_holds(annotation.values.get(dimension), value):
        return True
    return in_spans and bool(annotation.spans) and spans_hold(annotation.spans, dimension, value)


def codes(annotation: Annotation | None, dimension: str, kind: str) -> list[str]:
    """The distinct values ``annotation`` gives a dimension of ``kind``, in the order coded."""
    if annotation is None:
        return []
    if kind == "span":
        return list(dict.fromkeys(s.value for s in annotation.spans if s.dimension == dimension))
    coded = annotation.values.get(dimension)
    if coded is None:
        return []
    return [coded] if isinstance(coded, str) else list(dict.fromkeys(coded))


def annotations_using(project: Project, dimension: str, value: str | None = None) -> int:
    """How many annotations (over all annotators) use a value, or any value of a dimension.

    The kind is left unknown on purpose: an edit that renames or deletes a value must find
    every use of it, a stray one included.
    """
    return sum(
        uses(ann, dimension, value) for layer in project.read_every_layer().values() for ann in layer.values()
    )


def usage_counts(project: Project) -> Counter[tuple[str, str | None]]:
    """``annotations_using`` for every (dimension, value) and (dimension, None), in one pass.

    Coded values are unique within an annotation, so they are counted directly; only the
    rare annotations with spans need a set to count each code once.
    """
    counts: Counter[tuple[str, str | None]] = Counter()
    for layer in project.read_every_layer().values():
        for ann in layer.values():
            for dim, coded in ann.values.items():
                counts[(dim, None)] += 1
                if isinstance(coded, str):
                    counts[(dim, coded)] += 1
                else:
                    for value in coded:
                        counts[(dim, value)] += 1
            if ann.spans:
                coded_keys: set[tuple[str, str | None]] = {(d, None) for d in ann.values}
                for d, coded in ann.values.items():
                    coded_keys.update((d, v) for v in (coded if isinstance(coded, list) else [coded]))
                from_spans = {(s.dimension, None) for s in ann.spans} | {
                    (s.dimension, s.value) for s in ann.spans
                }
                counts.update(from_spans - coded_keys)
    return counts
