"""Which entry to code next, besides the next uncoded row: the least certain, or one at random.

"Next most uncertain" sends the analyst where the models are least sure (the smallest
margin between the best suggestion and the next), which teaches them most per code.
"Next random" draws uniformly among the uncoded entries the filter shows, so that codes
gathered through it estimate the corpus without the queue's own bias. Both read only
what the filter shows and skip what the annotator has coded, like "next uncoded".
"""

from __future__ import annotations

from random import Random
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from workbench.index.project_index import ProjectIndex


def uncoded_among(index: ProjectIndex, annotator: str, shown: np.ndarray) -> np.ndarray:
    """The entries of ``shown`` (indices into ``project.entries``) ``annotator`` has not coded."""
    coded = index.coding.entries(annotator, ("coded",))
    uncoded: np.ndarray = shown[~coded[shown]]
    return uncoded


def least_certain(index: ProjectIndex, annotator: str, shown: np.ndarray) -> str | None:
    """The uncoded entry of ``shown`` with the smallest margin; None when none of them has one.

    Walks the round's entries from the least certain on: the analyst codes from the front,
    so the walk is as long as the coded entries it skips, not as long as the corpus."""
    allowed = np.zeros(len(index.project.entries), bool)
    allowed[uncoded_among(index, annotator, shown)] = True
    positions = index.project.positions()
    for entry_id in index.suggestions.least_certain_first():
        at = positions.get(entry_id)
        if at is not None and allowed[at]:
            return entry_id
    return None


def random_uncoded(
    index: ProjectIndex, annotator: str, shown: np.ndarray, rng: Random, current: str = ""
) -> str | None:
    """A uniformly drawn uncoded entry of ``shown``, other than ``current`` while another is
    left (pressing the key again moves on); None when every shown entry is coded."""
    pool = uncoded_among(index, annotator, shown)
    positions = index.project.positions()
    if len(pool) > 1 and current in positions:
        pool = pool[pool != positions[current]]
    if not len(pool):
        return None
    return index.project.entries[int(pool[rng.randrange(len(pool))])].id
