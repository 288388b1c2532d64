"""Finding where annotators disagree, and settling it in a ``gold`` layer.

Adjudication never touches the annotators' own layers: the reviewer's decision is a copy
into the ``gold`` layer, built as an ordinary core command so it is undoable like any
other edit. An entry counts as adjudicated once its gold annotation is marked done.

Disagreement here follows the statistics: a coder who gave no value for a dimension is
missing data, not a dissenter. Spans are different: an annotator who annotated the entry
and marked no span of a dimension did say "nothing here", so differing span sets count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from workbench.core.commands import Command, ReplaceAnnotations, edit_annotation, now_iso, set_value
from workbench.core.model import Annotation, Project, Span, Value

GOLD_LAYER = "gold"


class Disagreement(NamedTuple):
    """One entry where at least two of the chosen coders differ, and on which dimensions.

    A named tuple because a large project has 100,000 of them, built in one C-level map.
    """

    entry_id: str
    dimensions: tuple[str, ...]


def review_coders(project: Project) -> list[str]:
    """Every layer except the gold one: the people whose work is being reviewed."""
    return [name for name in project.annotators() if name != GOLD_LAYER]


def _comparable(value: Value) -> object:
    return frozenset(value) if isinstance(value, list) else frozenset([value])


def differing_dimensions(project: Project, entry_id: str, coders: Sequence[str]) -> tuple[str, ...]:
    """The dimensions (codebook order, then others) on which the coders differ for one entry."""
    annotations = [a for a in (project.annotation(c, entry_id) for c in coders) if a is not None]
    if len(annotations) < 2:
        return ()
    found: list[str] = []
    span_dims = {d.key for d in project.codebook.dimensions if d.kind == "span"}
    keys = [d.key for d in project.codebook.dimensions]
    keys += sorted({k for a in annotations for k in a.values} - set(keys))
    for key in keys:
        if key in span_dims:
            marked = {
                frozenset((s.start, s.end, s.value) for s in a.spans if s.dimension == key)
                for a in annotations
            }
            if len(marked) > 1:
                found.append(key)
            continue
        given = {_comparable(v) for a in annotations if (v := a.values.get(key)) is not None}
        if len(given) > 1:
            found.append(key)
    return tuple(found)


def find_disagreements(
    project: Project, coders: Sequence[str] | None = None, dimension: str | None = None
) -> list[Disagreement]:
    """Entries in project order where the coders (default: all but gold) disagree."""
    chosen = list(coders) if coders else review_coders(project)
    result = []
    for entry in project.entries:
        dims = differing_dimensions(project, entry.id, chosen)
        if dims and (dimension is None or dimension in dims):
            result.append(Disagreement(entry.id, dims))
    return result


def is_adjudicated(project: Project, entry_id: str) -> bool:
    gold = project.annotation(GOLD_LAYER, entry_id)
    return gold is not None and gold.status == "done"


def _settle(ann: Annotation) -> None:
    ann.status = "done"


def take_value(project: Project, source: str, entry_id: str, dimension: str) -> Command | None:
    """Copy ``source``'s value (or spans) of one dimension into gold, marking the entry done.

    Taking "no value" from a coder who left the dimension empty clears it in gold, which
    is a legitimate decision ("this entry has no event").
    """
    ann = project.annotation(source, entry_id)
    dim = project.codebook.dimension(dimension)

    def apply(gold: Annotation) -> None:
        if dim is not None and dim.kind == "span":
            gold.spans = [s for s in gold.spans if s.dimension != dimension]
            gold.spans += [Span(s.start, s.end, s.dimension, s.value) for s in (ann.spans if ann else [])]
            gold.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))
        else:
            set_value(dimension, ann.values.get(dimension) if ann else None)(gold)
        _settle(gold)

    return edit_annotation(project, GOLD_LAYER, entry_id, f"Take {source}'s {dimension}", apply)


def take_all(project: Project, source: str, entry_id: str) -> Command | None:
    """Make gold a copy of ``source``'s whole annotation of the entry (values and spans)."""
    ann = project.annotation(source, entry_id)
    before = project.annotation(GOLD_LAYER, entry_id)
    after = ann.copy() if ann else Annotation()
    after.note = before.note if before else ""
    after.status = "done"
    if (
        before is not None
        and before.values == after.values
        and before.spans == after.spans
        and before.status == "done"
    ):
        return None
    after.modified = now_iso()
    return ReplaceAnnotations(f"Take all of {source}'s coding", [(GOLD_LAYER, entry_id, before, after)])


def set_gold_value(project: Project, entry_id: str, dimension: str, value: Value | None) -> Command | None:
    """The reviewer's own value for a dimension, when no annotator got it right."""

    def apply(gold: Annotation) -> None:
        set_value(dimension, value)(gold)
        _settle(gold)

    return edit_annotation(project, GOLD_LAYER, entry_id, f"Set gold {dimension}", apply)
