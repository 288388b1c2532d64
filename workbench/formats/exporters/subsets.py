"""Which entries an export writes, and the bundle every exporter reads.

Subsets: ``all`` entries; ``done`` (the chosen layer marked them done); ``adjudicated``
(entries whose gold, as ``core.adjudication`` computes it, has no undecided dispute); ``filter`` (the entry indices the window's current
filter shows, passed in). Entries keep project order, so files are reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from workbench.core.adjudication import gold_layer
from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project

#: What places an entry in its dispatch and its day, written beside each entry by the
#: exporters that name their columns or variables (CSV, REFI-QDA), in this order.
ENTRY_PLACE_FIELDS = (
    "dispatch_id",
    "dispatch_title",
    "position",
    "time_label",
    "timestamp",
    "zone",
    "utc",
    "heading",
)

SUBSETS = ("all", "done", "adjudicated", "filter")


@dataclass
class ExportReport:
    """What exporters had to bend, shared by every part of one export so nothing goes unsaid."""

    unaligned: list[str] = field(default_factory=list)  # "entry-id start-end dimension:value"
    notes: list[str] = field(default_factory=list)

    def unaligned_entries(self) -> list[str]:
        return sorted({item.split(" ", 1)[0] for item in self.unaligned})


@dataclass
class Selection:
    """What one export writes: entries in order, the chosen layer's annotations, the splits."""

    project: Project
    entries: list[Entry]
    annotations: dict[str, Annotation]
    layer: str
    splits: dict[str, str] | None = None  # entry id -> split name, when splitting
    report: ExportReport = field(default_factory=ExportReport)

    def dispatch(self, entry: Entry) -> Dispatch | None:
        return self.project.dispatches.get(entry.dispatch_id)

    def checked(
        self, progress: Callable[[int, int], None], cancelled: Callable[[], bool], every: int = 1000
    ) -> Iterator[Entry]:
        """The entries in order, reporting progress and honouring cancel every ``every`` entries.

        Every exporter walks its entries this way, so a cancel is noticed within a moment
        whatever the format, and no exporter repeats the bookkeeping.
        """
        total = len(self.entries)
        for done, entry in enumerate(self.entries):
            if done % every == 0:
                if cancelled():
                    raise Cancelled
                progress(done, total)
            yield entry

    def restricted(self, entries: list[Entry]) -> Selection:
        """The same export limited to ``entries`` (one split of it)."""
        return Selection(self.project, entries, self.annotations, self.layer, self.splits, self.report)


def subset_indices(
    project: Project, subset: str, annotations: dict[str, Annotation], indices: list[int] | None = None
) -> list[int]:
    """Indices into ``project.entries`` of the entries in ``subset``, in project order."""
    entries = project.entries
    if subset == "all":
        return list(range(len(entries)))
    if subset == "done":
        return [
            i
            for i, e in enumerate(entries)
            if (a := annotations.get(e.id)) is not None and a.status == "done"
        ]
    if subset == "adjudicated":
        gold = gold_layer(project)
        return [i for i, e in enumerate(entries) if (a := gold.get(e.id)) is not None and a.status == "done"]
    if subset == "filter":
        if indices is None:
            raise WorkbenchError("the 'filter' subset needs the entries the current filter shows")
        count = len(entries)
        return sorted({i for i in indices if 0 <= i < count})
    raise WorkbenchError(f"unknown subset '{subset}'; choose one of {', '.join(SUBSETS)}")
