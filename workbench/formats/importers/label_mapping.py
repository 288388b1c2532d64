"""Mapping other tools' label names onto the codebook's dimensions and values.

doccano and Label Studio know only flat label names ("favor", "ORG", "stance:against").
A label written ``dimension:value`` goes to that dimension; a bare label goes to the one
dimension whose values contain it, matching key or label case-insensitively. Span labels
look only at span dimensions and class labels only at the others, so "ORG" can be a span
label while "neutral" is a class. An open dimension (actors) accepts new values when the
dimension is named. Labels that fit nothing, or fit several dimensions, are counted and
reported once per label: an import never drops coding silently.
"""

from __future__ import annotations

from collections import Counter

from workbench.core.codebook import Codebook, Dimension
from workbench.core.model import Annotation


class LabelMapper:
    def __init__(self, codebook: Codebook) -> None:
        self.dimensions: dict[str, Dimension] = {}
        self.values: dict[str, dict[str, str]] = {}
        for dim in codebook.dimensions:
            self.dimensions.setdefault(dim.key.casefold(), dim)
            self.dimensions.setdefault(dim.label.casefold(), dim)
            lookup: dict[str, str] = {}
            for value in dim.values:
                lookup.setdefault(value.key.casefold(), value.key)
            for value in dim.values:
                lookup.setdefault(value.label.casefold(), value.key)
            self.values[dim.key] = lookup
        self.skipped: Counter[tuple[str, str]] = Counter()

    def map(self, label: str, *, span: bool, hint: str | None = None) -> tuple[Dimension, str] | None:
        """The (dimension, value key) for ``label``, or None after noting why it was skipped.

        ``hint`` names the dimension the source tool grouped the label under (Label
        Studio's ``from_name``); it is tried like a ``dimension:`` prefix.
        """
        label = label.strip()
        attempts = [label]
        if hint:
            attempts.insert(0, f"{hint}:{label}")
        for attempt in attempts:
            if ":" in attempt:
                dim_name, _, value_name = attempt.partition(":")
                dim = self.dimensions.get(dim_name.strip().casefold())
                if dim is not None:
                    return self._in_dimension(dim, value_name.strip(), label, span=span)
        candidates = {
            dim.key: dim
            for dim in self.dimensions.values()
            if (dim.kind == "span") == span and label.casefold() in self.values[dim.key]
        }
        unique = list(candidates.values())
        if len(unique) == 1:
            return unique[0], self.values[unique[0].key][label.casefold()]
        if unique:
            self.skipped[("fits several dimensions (" + ", ".join(d.key for d in unique) + ")", label)] += 1
        else:
            self.skipped[("matches no " + ("span " if span else "") + "codebook value", label)] += 1
        return None

    def _in_dimension(
        self, dim: Dimension, value: str, label: str, *, span: bool
    ) -> tuple[Dimension, str] | None:
        if (dim.kind == "span") != span:
            kind = "marks text" if span else "marks no text"
            self.skipped[(f"names dimension '{dim.key}' of kind {dim.kind} but {kind}", label)] += 1
            return None
        key = self.values[dim.key].get(value.casefold())
        if key is not None:
            return dim, key
        if dim.open and value:
            return dim, value
        self.skipped[(f"is not a value of dimension '{dim.key}'", label)] += 1
        return None

    def problems(self, file: str) -> list[str]:
        """One line per skipped label, with how often it occurred."""
        lines = []
        for (reason, label), count in sorted(self.skipped.items()):
            times = f" ({count} times)" if count > 1 else ""
            lines.append(f"{file}: label '{label}'{times} {reason}; not imported")
        return lines


def add_class_value(annotation: Annotation, dim: Dimension, value: str) -> str | None:
    """Add a coded value; returns a problem when a single-choice dimension already differs."""
    current = annotation.values.get(dim.key)
    if dim.kind == "multi":
        items = current if isinstance(current, list) else []
        if value not in items:
            annotation.values[dim.key] = [*items, value]
        return None
    if current is not None and current != value:
        return f"a second value '{value}' for single-choice dimension '{dim.key}' (kept '{current}')"
    annotation.values[dim.key] = value
    return None
