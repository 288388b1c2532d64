"""Finding where annotators disagree, and settling it in a ``gold`` layer.

Gold is built as curation tools build it (INCEpTION pre-fills agreement): what the coders
agree on is in gold from the start, and the reviewer decides only what they dispute.

- A value is **agreed** when at least two coders gave one and every value given is the
  same; a span is agreed when every coder who annotated the entry marked it.
- A dimension the coders differ on is **open** until a reviewer decides it (takes a
  coder's value or spans, or types one); decided dimensions are listed in the gold
  annotation's ``decided`` and never recomputed. All other dimensions follow the coders'
  layers as they change (``gold_changes``, run after every edit by ``gold_sync``).
- An entry is **adjudicated** (gold status ``done``) when none of its dimensions is open.

Provenance (``Annotation.assisted``): a reviewer's decision is a hand choice, so a decided
dimension carries none, whichever coder's value was taken. An agreed value keeps a
suggestion's record only when every coder who gave it had it from a suggestion (the first
coder's record); one coder choosing it by hand makes it hand-chosen in gold, so the local
model may learn from it (``provenance.learnable``).

Adjudication never touches the annotators' own layers, and every decision is an ordinary
core command, so it is undoable like any other edit.

Disagreement here follows the statistics: a coder who gave no value for a dimension is
missing data, not a dissenter. Spans are different: an annotator who annotated the entry
and marked no span of a dimension did say "nothing here", so differing span sets count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import msgspec

from workbench.core.model import Annotation, Project, Span, Value
from workbench.core.provenance import provenance
from workbench.core.undoable import Command, ReplaceAnnotations, now_iso, set_value

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
    return _differing(project, annotations)


def _differing(project: Project, annotations: list[Annotation]) -> tuple[str, ...]:
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


def is_adjudicated(project: Project, entry_id: str) -> bool:
    gold = project.annotation(GOLD_LAYER, entry_id)
    return gold is not None and gold.status == "done"


Overrides = Mapping[tuple[str, str], Annotation | None]


def _coder_annotations(project: Project, entry_id: str, overrides: Overrides) -> list[Annotation]:
    coders = dict.fromkeys(review_coders(project))
    coders.update(dict.fromkeys(sorted(c for c, e in overrides if e == entry_id and c != GOLD_LAYER)))
    found = []
    for coder in coders:
        key = (coder, entry_id)
        ann = overrides[key] if key in overrides else project.annotation(coder, entry_id)
        if ann is not None:
            found.append(ann)
    return found


def _fill(
    project: Project, coded: list[Annotation], decided: set[str], stored: Annotation | None
) -> Annotation:
    """Values and spans of gold: the stored ones of decided dimensions, the agreement elsewhere."""
    gold = Annotation()
    value_keys = [d.key for d in project.codebook.dimensions if d.kind != "span"]
    value_keys += sorted({k for a in coded for k in a.values} - set(value_keys))
    for key in value_keys:
        if key in decided:
            if stored is not None and key in stored.values:
                set_value(key, stored.values[key])(gold)
            continue
        givers = [a for a in coded if a.values.get(key) is not None]
        given = [a.values[key] for a in givers]
        if len(given) >= 2 and len({_comparable(v) for v in given}) == 1:
            set_value(key, given[0])(gold)
            _keep_agreed_provenance(gold, key, givers)
    for key in (d.key for d in project.codebook.dimensions if d.kind == "span"):
        if key in decided:
            gold.spans += [s for s in (stored.spans if stored else []) if s.dimension == key]
        elif len(coded) >= 2:
            marked = [{(s.start, s.end, s.value) for s in a.spans if s.dimension == key} for a in coded]
            gold.spans += [Span(start, end, key, value) for start, end, value in set.intersection(*marked)]
    gold.spans = sorted(
        (Span(s.start, s.end, s.dimension, s.value) for s in gold.spans),
        key=lambda s: (s.start, s.end, s.dimension, s.value),
    )
    return gold


def _keep_agreed_provenance(gold: Annotation, key: str, givers: list[Annotation]) -> None:
    """Record an agreed value as assisted when no coder who gave it chose it by hand."""
    coded = gold.values[key]
    for value in [coded] if isinstance(coded, str) else coded:
        records = [provenance(a, key, value) for a in givers]
        first = records[0]
        if first is not None and None not in records:
            gold.assisted = gold.assisted or {}
            gold.assisted.setdefault(key, {})[value] = msgspec.structs.replace(first)


def _decided(stored: Annotation | None) -> set[str]:
    """What a reviewer decided. Gold that does not record it (``decided`` None: written by
    hand, by another tool, or before decisions were recorded) counts as deciding every
    dimension it holds, so a stored gold value is never recomputed away."""
    if stored is None:
        return set()
    if stored.decided is None:
        return set(stored.values) | {s.dimension for s in stored.spans}
    return set(stored.decided)


def open_dimensions(project: Project, entry_id: str, overrides: Overrides = {}) -> tuple[str, ...]:  # noqa: B006 - read only
    """The dimensions the coders dispute on an entry that no reviewer has decided yet."""
    stored = overrides.get((GOLD_LAYER, entry_id), project.annotation(GOLD_LAYER, entry_id))
    coded = _coder_annotations(project, entry_id, overrides)
    decided = _decided(stored)
    return tuple(d for d in _differing(project, coded) if d not in decided)


def derived_gold(project: Project, entry_id: str, overrides: Overrides = {}) -> Annotation | None:  # noqa: B006
    """Gold for one entry as the rules of the module docstring make it from the coders'
    layers and the reviewer's decisions; None when there is nothing to hold.

    ``overrides`` stands in for annotations about to change, so a command can know the
    gold that goes with its result before it runs.
    """
    stored = overrides.get((GOLD_LAYER, entry_id), project.annotation(GOLD_LAYER, entry_id))
    coded = _coder_annotations(project, entry_id, overrides)
    decided = _decided(stored)
    if len(coded) < 2 and not decided:
        return None
    gold = _fill(project, coded, decided, stored)
    gold.decided = sorted(decided)
    if stored is not None:
        gold.note, gold.modified = stored.note, stored.modified
    disputed = _differing(project, coded)
    gold.status = "todo" if any(d not in decided for d in disputed) else "done"
    if not (gold.values or gold.spans or decided or gold.note or disputed):
        return None
    return gold


def _same_gold(a: Annotation | None, b: Annotation | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.values, a.spans, a.status, a.decided, a.note, a.assisted) == (
        b.values,
        b.spans,
        b.status,
        b.decided,
        b.note,
        b.assisted,
    )


def gold_changes(
    project: Project,
    entry_ids: Iterable[str],
    overrides: Overrides = {},  # noqa: B006 - read only
) -> list[tuple[str, str, Annotation | None, Annotation | None]]:
    """The gold edits (for ``ReplaceAnnotations``) that bring these entries' gold up to date."""
    changes = []
    for entry_id in entry_ids:
        if not project.has_entry(entry_id):
            continue
        before = overrides.get((GOLD_LAYER, entry_id), project.annotation(GOLD_LAYER, entry_id))
        after = derived_gold(project, entry_id, overrides)
        if not _same_gold(before, after):
            changes.append((GOLD_LAYER, entry_id, before, after))
    return changes


def gold_layer(project: Project) -> dict[str, Annotation]:
    """The whole gold layer as it stands now, for exports (the stored one may predate edits)."""
    layer = {}
    for entry in project.entries:
        gold = derived_gold(project, entry.id)
        if gold is not None:
            layer[entry.id] = gold
    return layer


def prefill_gold(project: Project) -> Command | None:
    """One undo step bringing every entry's gold up to date: for a project whose layers were
    merged or edited elsewhere, before anyone reviews it."""
    changes = gold_changes(project, (e.id for e in project.entries))
    return ReplaceAnnotations("Pre-fill gold with agreed values", changes) if changes else None


def _decide(
    project: Project, entry_id: str, text: str, dims: Iterable[str], edit: Callable[[Annotation], None]
) -> Command | None:
    """A reviewer's decision on ``dims``: gold as it stands, edited, the dimensions marked decided."""
    before = project.annotation(GOLD_LAYER, entry_id)
    base = derived_gold(project, entry_id) or Annotation()
    after = base.copy()
    edit(after)
    dims = list(dims)
    if after.assisted:  # a decision is the reviewer's own choice (see the module docstring)
        for dim in dims:
            after.assisted.pop(dim, None)
        after.assisted = after.assisted or None
    after.decided = sorted(set(after.decided or ()) | set(dims))
    disputed = _differing(project, _coder_annotations(project, entry_id, {}))
    after.status = "todo" if any(d not in after.decided for d in disputed) else "done"
    if _same_gold(before, after):
        return None
    after.modified = now_iso()
    return ReplaceAnnotations(text, [(GOLD_LAYER, entry_id, before, after)])


def take_value(project: Project, source: str, entry_id: str, dimension: str) -> Command | None:
    """Decide one dimension with ``source``'s value (or spans); the rest of gold stays.

    Taking "no value" from a coder who left the dimension empty clears it in gold, which
    is a legitimate decision ("this entry has no event").
    """
    ann = project.annotation(source, entry_id)
    dim = project.codebook.dimension(dimension)

    def apply(gold: Annotation) -> None:
        if dim is not None and dim.kind == "span":
            gold.spans = [s for s in gold.spans if s.dimension != dimension]
            gold.spans += [s for s in (ann.spans if ann else []) if s.dimension == dimension]
            gold.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))
        else:
            set_value(dimension, ann.values.get(dimension) if ann else None)(gold)

    return _decide(project, entry_id, f"Take {source}'s {dimension}", [dimension], apply)


def take_all(project: Project, source: str, entry_id: str) -> Command | None:
    """Decide every dimension with ``source``'s whole annotation of the entry (values and spans)."""
    ann = project.annotation(source, entry_id) or Annotation()
    dims = [d.key for d in project.codebook.dimensions] + list(ann.values)

    def apply(gold: Annotation) -> None:
        gold.values = ann.copy().values
        gold.spans = ann.copy().spans

    return _decide(project, entry_id, f"Take all of {source}'s coding", dict.fromkeys(dims), apply)


def set_gold_value(project: Project, entry_id: str, dimension: str, value: Value | None) -> Command | None:
    """The reviewer's own value for a dimension, when no annotator got it right."""
    return _decide(project, entry_id, f"Set gold {dimension}", [dimension], set_value(dimension, value))
