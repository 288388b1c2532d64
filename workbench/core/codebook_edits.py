"""Editing a codebook while a project is coded with it.

Each function returns one ``ReplaceCodebook`` command, holding the new codebook together
with every annotation the edit had to rewrite, so a single undo restores both. Renames and
merges carry existing coding along instead of orphaning it; deleting a value that is in
use needs an explicit ``remove_from_annotations=True`` because it destroys coding.
Every refusal is a ``WorkbenchError`` with one line the editor can show as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from workbench.core.app_keys import app_key_clash, blocks, first_free, normalise_shortcut
from workbench.core.code_matching import annotations_using, uses, value_holds
from workbench.core.codebook import KINDS, Codebook, CodeValue, Dimension, check_aliases, check_key
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, ImportedPredictions, Project, Span
from workbench.core.provenance import forget_removed
from workbench.core.undoable import ReplaceCodebook

#: Rewrites one annotation in place; the caller works on a copy.
Rewrite = Callable[[Annotation], None]
Rewrites = list[tuple[str, str, Annotation | None, Annotation | None]]
_Item = TypeVar("_Item")  # what _move reorders: a dimension's values or the codebook's dimensions

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- looking things up -----------------------------------------------------------------


def _dimension(codebook: Codebook, dim_key: str) -> Dimension:
    dim = codebook.dimension(dim_key)
    if dim is None:
        raise WorkbenchError(f"there is no dimension '{dim_key}'", where="codebook")
    return dim


def _value(dim: Dimension, value_key: str) -> CodeValue:
    value = dim.value(value_key)
    if value is None:
        raise WorkbenchError(f"dimension '{dim.key}' has no value '{value_key}'", where="codebook")
    return value


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise WorkbenchError(f"colour '{colour}' is not #rrggbb", where="codebook")
    return colour.lower()


# --- building the command --------------------------------------------------------------


def _rewrite_all(project: Project, dim_key: str, value_key: str | None, rewrite: Rewrite) -> Rewrites:
    """Apply ``rewrite`` to a copy of every annotation that uses the value; keep what changed."""
    changes: Rewrites = []
    for annotator, layer in project.read_every_layer().items():
        for entry_id, ann in layer.items():
            if not uses(ann, dim_key, value_key):
                continue
            after = ann.copy()
            rewrite(after)
            if after != ann:
                changes.append((annotator, entry_id, ann, None if after.is_empty() else after))
    return changes


def _command(
    project: Project,
    text: str,
    after: Codebook,
    rewrites: Rewrites | None = None,
    renamed: tuple[str, str | None, str | None] | None = None,
) -> ReplaceCodebook:
    """The command; ``renamed`` (dimension, old value or None for the whole dimension, new
    key or None when removed) says how imported predictions follow the edit."""
    predictions = None
    if renamed is not None and project.predictions is not None:
        predictions = (project.predictions, _predictions_renamed(project.predictions, *renamed))
    return ReplaceCodebook(text, project.codebook, after, rewrites or [], predictions)


def _predictions_renamed(
    before: ImportedPredictions, dim_key: str, old: str | None, new: str | None
) -> ImportedPredictions:
    """Imported predictions after a value (``old``) or a whole dimension (``old`` None) was
    renamed to ``new`` or removed (None); a value merged into another keeps the higher score."""
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for entry_id, by_dim in before.scores.items():
        kept: dict[str, dict[str, float]] = {}
        for dim, by_value in by_dim.items():
            if dim != dim_key:
                kept[dim] = dict(by_value)
            elif old is None:
                if new is not None:
                    kept[new] = dict(by_value)
            else:
                values: dict[str, float] = {}
                for value, score in by_value.items():
                    key = new if value == old else value
                    if key is not None:
                        values[key] = max(score, values.get(key, 0.0))
                if values:
                    kept[dim] = values
        if kept:
            scores[entry_id] = kept
    return ImportedPredictions(before.source, before.imported, scores)


def _dedupe_spans(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int, str, str]] = set()
    kept: list[Span] = []
    for s in spans:
        ident = (s.start, s.end, s.dimension, s.value)
        if ident not in seen:
            seen.add(ident)
            kept.append(s)
    return kept


def _replace_value(dim_key: str, old: str, new: str | None) -> Rewrite:
    """Turn ``old`` into ``new`` (None removes it) in values and spans, dropping duplicates.

    Provenance follows the value: a renamed value keeps its record; merged into a value the
    annotation already codes, that value keeps its own (none when chosen by hand); deleted,
    its record goes."""

    def apply(ann: Annotation) -> None:
        coded = ann.values.get(dim_key)
        records = ann.assisted.get(dim_key) if ann.assisted else None
        if records is not None and old in records:
            moved = records.pop(old)
            if new is not None and not value_holds(coded, new):
                records[new] = moved
        if isinstance(coded, list):
            items: list[str] = []
            for item in coded:
                kept = new if item == old else item
                if kept is not None and kept not in items:
                    items.append(kept)
            if items:
                ann.values[dim_key] = items
            else:
                del ann.values[dim_key]
        elif coded == old:
            if new is None:
                del ann.values[dim_key]
            else:
                ann.values[dim_key] = new
        spans = []
        for s in ann.spans:
            if s.dimension == dim_key and s.value == old:
                if new is None:
                    continue
                s = Span(s.start, s.end, s.dimension, new)
            spans.append(s)
        ann.spans = _dedupe_spans(spans)
        forget_removed(ann)

    return apply


def _rename_dimension_in(old: str, new: str | None) -> Rewrite:
    """Rename (or with None remove) a dimension in values, spans and provenance."""

    def apply(ann: Annotation) -> None:
        if old in ann.values:
            coded = ann.values.pop(old)
            if new is not None:
                ann.values[new] = coded
        if ann.assisted and old in ann.assisted:
            records = ann.assisted.pop(old)
            if new is not None:
                ann.assisted[new] = records
            ann.assisted = ann.assisted or None
        ann.spans = [
            Span(s.start, s.end, new, s.value) if s.dimension == old and new is not None else s
            for s in ann.spans
            if not (s.dimension == old and new is None)
        ]

    return apply


def _move(items: list[_Item], index: int, offset: int, what: str) -> None:
    target = index + offset
    if not 0 <= target < len(items):
        raise WorkbenchError(
            f"{what} is already at the {'top' if offset < 0 else 'bottom'}", where="codebook"
        )
    items.insert(target, items.pop(index))


# --- values ----------------------------------------------------------------------------


def add_value(
    project: Project, dim_key: str, key: str, label: str = "", colour: str = "#888888", description: str = ""
) -> ReplaceCodebook:
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    key = check_key(key, "value key")
    if dim.value(key) is not None:
        raise WorkbenchError(f"dimension '{dim_key}' already has a value '{key}'", where="codebook")
    dim.values.append(CodeValue(key, label.strip() or key, description, _check_colour(colour)))
    return _command(project, f"Add value '{key}' to {dim.label}", after)


def rename_value(
    project: Project, dim_key: str, key: str, new_key: str | None = None, new_label: str | None = None
) -> ReplaceCodebook:
    """Change a value's key and/or label; annotations follow a key change."""
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    value = _value(dim, key)
    rewrites: Rewrites = []
    if new_key is not None and new_key.strip() != key:
        new_key = check_key(new_key, "value key")
        if dim.value(new_key) is not None:
            raise WorkbenchError(
                f"dimension '{dim_key}' already has a value '{new_key}'; use Merge to combine them",
                where="codebook",
            )
        if value.label == key and new_label is None:
            value.label = new_key
        value.key = new_key
        rewrites = _rewrite_all(project, dim_key, key, _replace_value(dim_key, key, new_key))
    if new_label is not None:
        value.label = new_label.strip() or value.key
    renamed = (dim_key, key, value.key) if value.key != key else None
    return _command(project, f"Rename value '{key}' to '{value.key}'", after, rewrites, renamed)


def merge_values(project: Project, dim_key: str, source: str, target: str) -> ReplaceCodebook:
    """Fold ``source`` into ``target``: coding with ``source`` becomes ``target``, no duplicates."""
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    _value(dim, source)
    _value(dim, target)
    if source == target:
        raise WorkbenchError(f"cannot merge '{source}' into itself", where="codebook")
    dim.values = [v for v in dim.values if v.key != source]
    rewrites = _rewrite_all(project, dim_key, source, _replace_value(dim_key, source, target))
    return _command(project, f"Merge '{source}' into '{target}'", after, rewrites, (dim_key, source, target))


def recolour_value(project: Project, dim_key: str, key: str, colour: str) -> ReplaceCodebook:
    after = project.codebook.copy()
    _value(_dimension(after, dim_key), key).colour = _check_colour(colour)
    return _command(project, f"Colour of '{key}'", after)


def move_value(project: Project, dim_key: str, key: str, offset: int) -> ReplaceCodebook:
    """Move a value up (negative offset) or down; order matters for ordered scales."""
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    _value(dim, key)
    _move(dim.values, dim.keys().index(key), offset, f"'{key}'")
    return _command(project, f"Move '{key}' {'up' if offset < 0 else 'down'}", after)


def delete_value(
    project: Project, dim_key: str, key: str, *, remove_from_annotations: bool = False
) -> ReplaceCodebook:
    """Remove a value; when coding uses it, only with ``remove_from_annotations``.

    The number of annotations changed is ``len(command.rewrites.changes)``.
    """
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    _value(dim, key)
    used = annotations_using(project, dim_key, key)
    if used and not remove_from_annotations:
        raise WorkbenchError(
            f"value '{key}' is used in {used} annotation{'s' * (used != 1)}; "
            "deleting it removes it from them",
            where="codebook",
        )
    dim.values = [v for v in dim.values if v.key != key]
    rewrites = _rewrite_all(project, dim_key, key, _replace_value(dim_key, key, None)) if used else []
    return _command(project, f"Delete value '{key}'", after, rewrites, (dim_key, key, None))


def set_aliases(project: Project, dim_key: str, key: str, aliases: str | list[str]) -> ReplaceCodebook:
    """Give a value the names it goes by in text; typed as one comma-separated line or a list."""
    after = project.codebook.copy()
    value = _value(_dimension(after, dim_key), key)
    names = [a for a in aliases.split(",") if a.strip()] if isinstance(aliases, str) else aliases
    value.aliases = check_aliases(names)
    return _command(project, f"Aliases of '{key}'", after)


# --- shortcuts and stance targets -------------------------------------------------------


def set_shortcut(project: Project, dim_key: str, key: str, shortcut: str) -> ReplaceCodebook:
    """Give a value a key sequence, refusing one that clashes with the window's (``core.app_keys``)
    or another value's: an ambiguous key fires neither action."""
    after = project.codebook.copy()
    value = _value(_dimension(after, dim_key), key)
    shortcut = normalise_shortcut(shortcut)
    if shortcut:
        clash = app_key_clash(shortcut)
        if clash is not None:
            raise WorkbenchError(f"shortcut '{shortcut}' clashes with the window's {clash}", where="codebook")
        for dim in after.dimensions:
            for other in dim.values:
                if other is value or not other.shortcut:
                    continue
                if blocks(shortcut, normalise_shortcut(other.shortcut)):
                    raise WorkbenchError(
                        f"shortcut '{shortcut}' clashes with '{other.shortcut}' of {dim.label} ▸ {other.label}",
                        where="codebook",
                    )
    value.shortcut = shortcut
    return _command(project, f"Shortcut of '{key}'", after)


def free_shortcut(codebook: Codebook, dim_key: str, label: str) -> str:
    """A shortcut for a value typed while coding, or "" when there is no safe one.

    It follows the dimension's chord (actors are "A, R", "A, T", ...) and prefers the
    label's own letters, so a new value is as quick to code as the shipped ones. A
    dimension without chords gets none: a single key could shadow a window key.
    """
    dim = _dimension(codebook, dim_key)
    prefixes = [v.shortcut.split(",")[0].strip() for v in dim.values if "," in v.shortcut]
    if not prefixes:
        return ""
    prefix = max(set(prefixes), key=prefixes.count)
    letters = [c.upper() for c in label if c.isascii() and c.isalnum()]
    keys = dict.fromkeys([*letters, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"])
    taken = [v.shortcut for d in codebook.dimensions for v in d.values]
    return first_free((f"{prefix}, {k}" for k in keys), taken)


def set_target(project: Project, dim_key: str, target: str) -> ReplaceCodebook:
    """What a stance dimension is a stance toward, such as "the cease-fire"."""
    after = project.codebook.copy()
    dim = _dimension(after, dim_key)
    dim.target = target.strip()
    return _command(project, f"Stance target of {dim.label}", after)


# --- dimensions --------------------------------------------------------------------------


def add_dimension(project: Project, key: str, label: str = "", kind: str = "single") -> ReplaceCodebook:
    after = project.codebook.copy()
    key = check_key(key, "dimension key")
    if after.dimension(key) is not None:
        raise WorkbenchError(f"there is already a dimension '{key}'", where="codebook")
    if kind not in KINDS:
        raise WorkbenchError(f"kind must be one of {', '.join(KINDS)}, not '{kind}'", where="codebook")
    after.dimensions.append(Dimension(key=key, label=label.strip() or key, kind=kind))
    return _command(project, f"Add dimension '{key}'", after)


def rename_dimension(
    project: Project, key: str, new_key: str | None = None, new_label: str | None = None
) -> ReplaceCodebook:
    after = project.codebook.copy()
    dim = _dimension(after, key)
    rewrites: Rewrites = []
    if new_key is not None and new_key.strip() != key:
        new_key = check_key(new_key, "dimension key")
        if after.dimension(new_key) is not None:
            raise WorkbenchError(f"there is already a dimension '{new_key}'", where="codebook")
        if dim.label == key and new_label is None:
            dim.label = new_key
        dim.key = new_key
        rewrites = _rewrite_all(project, key, None, _rename_dimension_in(key, new_key))
    if new_label is not None:
        dim.label = new_label.strip() or dim.key
    renamed = (key, None, dim.key) if dim.key != key else None
    return _command(project, f"Rename dimension '{key}' to '{dim.key}'", after, rewrites, renamed)


def move_dimension(project: Project, key: str, offset: int) -> ReplaceCodebook:
    after = project.codebook.copy()
    _dimension(after, key)
    keys = [d.key for d in after.dimensions]
    _move(after.dimensions, keys.index(key), offset, f"'{key}'")
    return _command(project, f"Move dimension '{key}' {'up' if offset < 0 else 'down'}", after)


def delete_dimension(project: Project, key: str, *, remove_from_annotations: bool = False) -> ReplaceCodebook:
    after = project.codebook.copy()
    _dimension(after, key)
    used = annotations_using(project, key)
    if used and not remove_from_annotations:
        raise WorkbenchError(
            f"dimension '{key}' is coded in {used} annotation{'s' * (used != 1)}; "
            "deleting it removes that coding",
            where="codebook",
        )
    after.dimensions = [d for d in after.dimensions if d.key != key]
    rewrites = _rewrite_all(project, key, None, _rename_dimension_in(key, None)) if used else []
    return _command(project, f"Delete dimension '{key}'", after, rewrites, (key, None, None))
