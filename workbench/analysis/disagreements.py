"""Every entry where annotators disagree, for a whole project at once.

``core.adjudication.differing_dimensions`` answers for one entry and is what the review
dock uses after each edit; scanning 150,000 entries that way takes many seconds. This
answers the same question from the reliability matrices: a unit disagrees on a dimension
when its smallest and largest value id differ (equal sets share one id). Span
dimensions, which most entries lack, are compared entry by entry but only where some
annotator marked a span. The result equals the per-entry rule's (tested), and no Python
object is made per entry until the final rows.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence

import numpy as np

from workbench.analysis.reliability_data import MISSING, Layout, collect, read_plan
from workbench.core.adjudication import review_coders
from workbench.core.model import Project

_SPANS = operator.attrgetter("spans")


def _value_disagreements(project: Project, layout: Layout, key: str, multi: bool | None) -> np.ndarray:
    """Layout positions of the units whose coders gave differing values."""
    dim = project.codebook.dimension(key)
    data = collect(
        project.read_every_layer(), key, multi=multi, order=dim.keys() if dim else (), layout=layout
    )
    present = data.codes != MISSING
    lowest = np.where(present, data.codes, np.iinfo(np.int32).max).min(axis=0)
    highest = data.codes.max(axis=0)
    assert data.columns is not None
    differing: np.ndarray = data.columns[highest > lowest]
    return differing


def _span_disagreements(project: Project, layout: Layout, key: str) -> np.ndarray:
    marked: set[str] = set()
    for name in layout.coders:
        layer = project.layer(name) or {}
        marked.update(itertools.compress(layer, map(_SPANS, layer.values())))  # in C: no loop in Python
    found = []
    for unit in marked:
        annotations = [a for a in (project.annotation(c, unit) for c in layout.coders) if a is not None]
        if len(annotations) < 2:
            continue
        sets = {
            frozenset((s.start, s.end, s.value) for s in a.spans if s.dimension == key) for a in annotations
        }
        if len(sets) > 1:
            found.append(layout.index[unit])
    return np.asarray(found, dtype=np.int64)


def disagreement_columns(
    project: Project, coders: Sequence[str] | None = None, dimension: str | None = None
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Entry ids in project order where the coders (default: all but gold) disagree, and
    for each the dimensions they differ on.

    Two parallel lists rather than one object per row: the dimension tuples are shared
    between rows, so 100,000 rows allocate nothing the garbage collector must walk (each
    new tracked object brings a full collection over millions of project objects nearer).
    """
    chosen = list(coders) if coders else review_coders(project)
    if len(chosen) < 2:
        return [], []
    layout = Layout(project.read_every_layer(), chosen, [e.id for e in project.entries], project.positions())
    keys = [d.key for d in project.codebook.dimensions]
    layout.gather(read_plan(project.codebook, keys), note_keys=True)  # every dimension in one pass
    keys += sorted(layout.dimension_keys() - set(keys))
    if dimension is not None and dimension not in keys:
        return [], []
    layout.gather(read_plan(project.codebook, keys))  # dimensions no codebook lists, if any
    differs = np.zeros((len(keys), len(layout.units)), dtype=bool)
    for row, key in enumerate(keys):
        dim = project.codebook.dimension(key)
        if dim is not None and dim.kind == "span":
            differs[row, _span_disagreements(project, layout, key)] = True
        else:
            multi = None if dim is None else dim.kind == "multi"
            differs[row, _value_disagreements(project, layout, key, multi)] = True
    wanted = np.asarray(differs.any(axis=0)) if dimension is None else differs[keys.index(dimension)]
    # The first len(entries) units are the entries in project order; any after are
    # annotations of entries the project no longer has.
    columns = np.flatnonzero(wanted[: len(project.entries)])
    return layout.units[columns].tolist(), _differing_keys(differs[:, columns], keys)


def _differing_keys(differs: np.ndarray, keys: list[str]) -> list[tuple[str, ...]]:
    """Each column's differing dimensions as a tuple shared by the columns alike.

    Up to 62 dimensions each column's flags pack into one integer, so the distinct
    combinations come from a 1-D ``np.unique`` rather than a far slower sort of rows.
    """
    if len(keys) <= 62:
        bits = np.left_shift(np.int64(1), np.arange(len(keys), dtype=np.int64))
        combos, which = np.unique(bits @ differs.astype(np.int64), return_inverse=True)
        flags = [[bool(combo >> i & 1) for i in range(len(keys))] for combo in combos.tolist()]
    else:
        unique_rows, which = np.unique(differs.T, axis=0, return_inverse=True)
        flags = unique_rows.tolist()
    names = [tuple(k for k, flag in zip(keys, row, strict=True) if flag) for row in flags]
    return list(map(names.__getitem__, which.ravel().tolist()))
