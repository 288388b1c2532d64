"""What the analyst asked to see (``EntryFilter``) and what "coded" means.

The filter itself is domain: the window, the CLI and saved settings share it. Answering it
over a project (the kept text index, coding masks and times) is derived data and lives in
``workbench.index.filtering``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeGuard

from workbench.core.model import Annotation

#: The statuses a filter can ask for; "uncoded" means no value and no span yet.
FILTER_STATUSES = ("todo", "done", "flagged", "uncoded")


@dataclass(frozen=True)
class EntryFilter:
    """What the analyst asked to see; the empty filter shows everything."""

    text: str = ""
    codes: tuple[tuple[str, str], ...] = ()
    status: str | None = None  # "todo" | "done" | "flagged" | "uncoded"
    annotator: str | None = None  # entries this annotator coded
    minutes: tuple[int, int] | None = None  # [start, end) minutes of the local day
    dates: tuple[str | None, str | None] | None = None  # inclusive ISO dates; None: open end
    #: ``minutes`` and ``dates`` are of the UTC clock (``Entry.utc``) rather than the local one.
    utc: bool = False
    #: [low, high) of the best suggestion's score (``SuggestionParts.confidence``): entries
    #: with nothing suggested, and every entry for a blind annotator, never pass.
    confidence: tuple[float, float] | None = None

    def without_time(self) -> EntryFilter:
        """The same filter ignoring time of day and dates (the activity chart's basis)."""
        return replace(self, minutes=None, dates=None, utc=False)

    def is_empty(self) -> bool:
        """Whether it lets every entry through (a clock without a time range holds nothing back)."""
        return replace(self, utc=False) == EntryFilter()


def is_coded(annotation: Annotation | None) -> TypeGuard[Annotation]:
    """Coded means at least one value or span; a note or status alone does not count."""
    return annotation is not None and bool(annotation.values or annotation.spans)
