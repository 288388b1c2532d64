"""The coding conditions a filter asks about, as masks over the entries, patched per change.

Part of the project index (``ProjectIndex.coding``): built from the annotation layers,
never saved, and kept up to date only through ``note_change``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import compress, repeat
from operator import attrgetter, methodcaller

import numpy as np

from workbench.core.code_matching import looks_in, spans_hold, uses, value_holds
from workbench.core.filtering import is_coded
from workbench.core.model import Annotation, Project
from workbench.core.undoable import Change
from workbench.index.positions import LayerPositions

_VALUES_OF = attrgetter("values")
_SPANS_OF = attrgetter("spans")
_STATUS_OF = attrgetter("status")
#: Per entry in ``CodingIndex.statuses``: no annotation counts as to do.
STATUS_CODE = {"todo": 0, "done": 1, "flagged": 2}
#: Annotations read per step of ``CodingIndex.preparing`` (about 4 ms at three dimensions).
PREPARING_STEP = 1000
#: Dimensions with more values than this get no prepared code masks: a mask is a byte per
#: entry, so 100,000 actors over 150,000 entries would hold 15 GB, and every coding change
#: patched each mask (200 ms a key press at 2,000 entries). Their codes are built on first use.
PREPARED_VALUES = 256


class CodingIndex:
    """The entries meeting each coding condition, kept between filterings and patched per change.

    Each condition is a mask over the entries, combined with numpy. Building one is a pass
    over a layer's 120,000 annotations, 35-110 ms on this machine (each annotation and its
    values are a memory access away), too long for the first use of a filter; so a window
    builds what its annotator's filters ask for in idle moments (``preparing``), and the
    rest is built on first use. A coding change touches a handful of entries, so an owner
    that sees every change (the window's session) keeps one index and passes it each
    ``Change``; without such an owner use a fresh index per filtering.
    Conditions: ("coded",), ("status", "done"|"flagged"), ("not todo",), ("code", dim, value).
    ``positions`` is the project index's (a fresh one without it).
    """

    def __init__(self, project: Project, positions: LayerPositions | None = None) -> None:
        self.project = project
        self._positions = LayerPositions(project) if positions is None else positions
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self._statuses: dict[str, np.ndarray] = {}
        #: Annotators whose conditions are being prepared, and the entries changed meanwhile.
        self._changed_while_preparing: dict[str, set[str]] = {}

    def entries(self, annotator: str, condition: tuple[str, ...]) -> np.ndarray:
        """Per entry (bool), whether ``annotator``'s coding puts it under ``condition``
        (do not modify)."""
        kind = condition[0]
        if kind in ("status", "not todo"):
            statuses = self.statuses(annotator)
            held: np.ndarray = (
                statuses == STATUS_CODE[condition[1]] if kind == "status" else statuses != STATUS_CODE["todo"]
            )
            return held
        key = (annotator, *condition)
        found = self._masks.get(key)
        if found is None:
            found = self._masks[key] = self._build(annotator, condition)
        return found

    def statuses(self, annotator: str) -> np.ndarray:
        """Per entry, ``annotator``'s status as ``STATUS_CODE`` (do not modify)."""
        kept = self._statuses.get(annotator)
        if kept is None:
            positions, annotations = _placed(self.project, self._positions, annotator)
            kept = np.zeros(len(self.project.entries), np.int8)
            kept[positions] = _status_codes(annotations)
            self._statuses[annotator] = kept
        return kept

    def note_change(self, change: Change) -> None:
        """Bring what is kept up to date with ``change`` (already applied to the project)."""
        if change.entries_added_or_removed or change.codebook:
            # positions or dimension kinds moved: rebuild on demand, and stop preparing
            self._masks.clear()
            self._statuses.clear()
            self._changed_while_preparing.clear()
            return
        for annotator in change.annotators:
            if annotator in self._changed_while_preparing:
                self._changed_while_preparing[annotator].update(change.entry_ids)
            if annotator in self._statuses:
                self._patch(annotator, change.entry_ids, self._statuses[annotator], None)
        for (annotator, *condition), found in self._masks.items():
            if annotator in change.annotators:
                self._patch(annotator, change.entry_ids, found, tuple(condition))

    def preparing(self, annotator: str, codes: bool = True) -> Iterator[None]:
        """Build ``annotator``'s statuses, "coded" and (``codes``) each code of each dimension
        that is not a span dimension nor longer than ``PREPARED_VALUES``, ``PREPARING_STEP``
        annotations per step (each ``next`` is one step).

        Changes made between steps are applied at the end; a change of entries or of the
        codebook (which ``note_change`` is told of) abandons the preparation.
        """
        positions, annotations = _placed(self.project, self._positions, annotator)
        entries = len(self.project.entries)
        dimensions = [
            d
            for d in self.project.codebook.dimensions
            if codes and d.kind != "span" and len(d.values) <= PREPARED_VALUES
        ]
        statuses = np.zeros(entries, np.int8)
        coded = np.zeros(entries, bool)
        by_code = {(d.key, code.key): np.zeros(entries, bool) for d in dimensions for code in d.values}
        self._changed_while_preparing[annotator] = set()
        try:
            for first in range(0, len(annotations), PREPARING_STEP):
                part = annotations[first : first + PREPARING_STEP]
                where = positions[first : first + PREPARING_STEP]
                statuses[where] = _status_codes(part)
                coded[where] = np.fromiter(map(is_coded, part), bool, len(part))
                for dimension in dimensions:
                    values = map(methodcaller("get", dimension.key), map(_VALUES_OF, part))
                    for position, value in zip(where.tolist(), values, strict=True):
                        for one in (value,) if type(value) is str else (value or ()):
                            mask = by_code.get((dimension.key, one))
                            if mask is not None:
                                mask[position] = True
                yield
        finally:  # also when the caller closes the steps part-way
            changed = self._changed_while_preparing.pop(annotator, None)
        if changed is None:
            return  # entries or the codebook changed meanwhile
        self._patch(annotator, changed, statuses, None)
        self._patch(annotator, changed, coded, ("coded",))
        self._statuses[annotator] = statuses
        self._masks[(annotator, "coded")] = coded
        for (dimension_key, code_key), mask in by_code.items():
            self._patch(annotator, changed, mask, ("code", dimension_key, code_key))
            self._masks[(annotator, "code", dimension_key, code_key)] = mask

    def _patch(
        self, annotator: str, entry_ids: Iterable[str], kept: np.ndarray, condition: tuple[str, ...] | None
    ) -> None:
        """Set ``kept`` (statuses when ``condition`` is None) anew for ``entry_ids``."""
        position_of = self.project.positions()
        for entry_id in entry_ids:
            i = position_of.get(entry_id)
            if i is None:
                continue
            annotation = self.project.annotation(annotator, entry_id)
            if condition is None:
                kept[i] = STATUS_CODE[annotation.status] if annotation else STATUS_CODE["todo"]
            else:
                kept[i] = self._holds(annotation, condition)

    def _build(self, annotator: str, condition: tuple[str, ...]) -> np.ndarray:
        positions, annotations = _placed(self.project, self._positions, annotator)
        kind, *args = condition
        if kind == "coded":
            holding = np.fromiter(map(is_coded, annotations), bool, len(annotations))
        else:
            dimension, value = args
            holding = _coded_with(self.project, annotations, dimension, value)
        mask = np.zeros(len(self.project.entries), bool)
        mask[positions] = holding
        return mask

    def _holds(self, annotation: Annotation | None, condition: tuple[str, ...]) -> bool:
        if annotation is None:
            return False
        kind, *args = condition
        if kind == "coded":
            return is_coded(annotation)
        dimension, value = args
        known = self.project.codebook.dimension(dimension)
        return uses(annotation, dimension, value, known.kind if known else None)


def _status_codes(annotations: list[Annotation]) -> np.ndarray:
    return np.fromiter(map(STATUS_CODE.__getitem__, map(_STATUS_OF, annotations)), np.int8, len(annotations))


def _placed(project: Project, placing: LayerPositions, annotator: str) -> tuple[np.ndarray, list[Annotation]]:
    """``annotator``'s annotations of entries in the project and each one's entry index."""
    positions = placing.of(annotator)  # first: it reads the layer if it was left unread
    layer = project.layer(annotator) or {}
    annotations = list(layer.values())
    if None in positions:  # annotations of ids that are no longer entries are left out
        kept = [i for i, position in enumerate(positions) if position is not None]
        return np.array([positions[i] for i in kept], np.intp), [annotations[i] for i in kept]
    return np.array(positions, np.intp), annotations


def _coded_with(project: Project, annotations: list[Annotation], dimension: str, value: str) -> np.ndarray:
    """Per annotation, ``code_matching.uses`` for ``dimension:value``, taken apart so the values
    are read in one pass and only annotations with spans are looked at for spans."""
    known = project.codebook.dimension(dimension)
    in_values, in_spans = looks_in(known.kind if known else None)
    found = np.zeros(len(annotations), bool)
    if in_spans:
        for i in compress(range(len(annotations)), map(_SPANS_OF, annotations)):
            found[i] = spans_hold(annotations[i].spans, dimension, value)
    if in_values:
        coded = map(methodcaller("get", dimension), map(_VALUES_OF, annotations))
        found |= np.fromiter(map(value_holds, coded, repeat(value)), bool, len(annotations))
    return found
