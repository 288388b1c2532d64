"""What is prepared after a project opens, in which order, on which thread: the one plan.

Opening shows the window on what the file held first; everything else the window will
want is derived afterwards, by these steps, run by one runner (``ui/preparation.py``):

1. ``UNREAD_LAYERS`` (idle): the layers a quick start left unread, a slice of a few
   milliseconds per pass of the event loop. A wrong layer stops the plan; the runner says
   why (the window closes the project unsaved).
2. ``OWN_CODING`` (idle, from ``CODING_DELAY_MS``, after 1): the annotator's statuses,
   "coded" and codes as masks, so their first filter is as quick as later ones.
3. ``OTHERS_CODING`` (idle, after 2): the other annotators' statuses and "coded" (a
   "coded by" filter asks for those).
4. ``TEXT_INDEX`` (worker, from ``TEXT_DELAY_MS``, after 1): the folded texts and word
   rows, on the one background thread, which yields the interpreter in turns
   (``index.gil``); searches scan until it is ready.
5. ``MENTION_TABLES`` (worker, from ``TEXT_DELAY_MS``, after 1, behind 4): the alias
   table of a codebook too large to build at the first entry shown
   (``index.mentions.BUILD_HERE_UP_TO``); until it is ready no alias is underlined.
   Planned only for such a codebook, again when it is edited; the window is told
   through the runner's ``finished``.
6. ``SUGGESTION_MODELS`` (worker, from ``SUGGEST_DELAY_MS``, after 1): the local models of
   the annotator's layer, judged on held-out dispatches and run over the corpus
   (``index.suggestions``, ``learning``), pausing every few texts like 4. Planned again
   after every ``RETRAIN_EVERY`` new codes and when the annotator changes; the window is
   told through the runner's ``finished``.

Idle steps run one at a time in this order, on the window's thread, so they need no lock;
the worker step runs beside them. Both wait for the layers, because reading them and
either one at once held key presses for up to 0.6 s. Cancelling (close, or another project)
closes the running idle step (its ``finally`` drops what it half built) and marks the
index stale, so the worker gives up at its next slice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from workbench.core.model import Project
from workbench.index.project_index import ProjectIndex

UNREAD_LAYERS = "unread layers"
OWN_CODING = "this annotator's coding"
OTHERS_CODING = "the others' statuses"
TEXT_INDEX = "text index"
MENTION_TABLES = "mention tables"
SUGGESTION_MODELS = "suggestion models"
#: The coding masks wait this long after opening (or a change of annotator): the window's
#: idle moments go first to drawing it and to the activity chart.
CODING_DELAY_MS = 1000
#: The text index waits this long, so it does not compete with drawing the window but is
#: ready before most first searches.
TEXT_DELAY_MS = 1500
#: The models wait this long after opening, behind the text index on the one worker.
SUGGEST_DELAY_MS = 2500


@dataclass(frozen=True)
class Step:
    """One piece of preparation: ``run()`` gives its slices (idle: one per pass of the event
    loop; worker: iterated to the end on the background thread)."""

    name: str
    where: Literal["idle", "worker"]
    run: Callable[[], Iterator[None]]
    #: Milliseconds after the plan (or this step) was started before it may begin.
    not_before_ms: int = 0
    #: Names of the steps that must have ended first.
    waits_for: tuple[str, ...] = ()


def preparation(index: ProjectIndex, annotator: str) -> list[Step]:
    """The whole plan for a project just opened (or put in the window's session)."""
    return [
        Step(UNREAD_LAYERS, "idle", lambda: _reading(index.project)),
        *coding_preparation(index, annotator),
        Step(TEXT_INDEX, "worker", lambda: _text(index), TEXT_DELAY_MS, (UNREAD_LAYERS,)),
        *mention_preparation(index),
        *suggestion_preparation(index, annotator),
    ]


def mention_preparation(index: ProjectIndex, delay_ms: int = TEXT_DELAY_MS) -> list[Step]:
    """Step 5, when the codebook's alias table is too large to build on the window's thread."""
    if not index.suggestions.wants_alias_table():
        return []
    return [Step(MENTION_TABLES, "worker", index.suggestions.preparing_mentions, delay_ms, (UNREAD_LAYERS,))]


def suggestion_preparation(
    index: ProjectIndex, annotator: str, delay_ms: int = SUGGEST_DELAY_MS
) -> list[Step]:
    """Step 6, also planned again after new codes (``delay_ms`` 0) or another annotator."""
    index.suggestions.planned(annotator)
    return [
        Step(
            SUGGESTION_MODELS,
            "worker",
            lambda: index.suggestions.training(annotator),
            delay_ms,
            (UNREAD_LAYERS,),
        )
    ]


def coding_preparation(index: ProjectIndex, annotator: str) -> list[Step]:
    """Steps 2 and 3, also planned again when the annotator changes."""
    return [
        Step(
            OWN_CODING, "idle", lambda: index.coding.preparing(annotator), CODING_DELAY_MS, (UNREAD_LAYERS,)
        ),
        Step(OTHERS_CODING, "idle", lambda: _others(index, annotator), CODING_DELAY_MS, (OWN_CODING,)),
    ]


def _reading(project: Project) -> Iterator[None]:
    while not project.read_layers_step():
        yield


def _others(index: ProjectIndex, annotator: str) -> Iterator[None]:
    for other in index.project.annotators():
        if other != annotator:
            yield from index.coding.preparing(other, codes=False)


def _text(index: ProjectIndex) -> Iterator[None]:
    index.text.build()
    yield
