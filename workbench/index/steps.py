"""The unit of work the preparation plan is made of, shared by the plan and its runner.

The plan (``workbench.index``) says what is prepared after a project opens and in which
order; the runner (``workbench.ui.preparation``) says how: idle steps run one ``next()``
per pass of the event loop on the UI thread, worker steps run on the runner's one
background thread. Keeping the type here lets the plan stay Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

#: ``idle``: a generator run one step per event-loop pass on the UI thread, each step a few
#: milliseconds. ``worker``: run to its end on the runner's background thread; it must
#: yield the interpreter now and then (see ``in_turns``) and return when ``cancelled()``.
Where = Literal["idle", "worker"]


@dataclass(frozen=True)
class Step:
    """One named piece of preparation. ``run`` is called once: for an idle step it returns
    the generator to step through; for a worker step it does the work and returns None.
    ``after`` names steps that must have finished first."""

    name: str
    where: Where
    run: Callable[[], Iterator[object] | None]
    after: tuple[str, ...] = ()
