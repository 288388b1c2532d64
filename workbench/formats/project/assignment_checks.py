"""Collecting coders' returned files against the assignment manifest, and their progress.

The merge adds nothing half-way: every returned file is checked before any is merged
(``check_returns``), so a file from another project, a coder missing, a codebook that
changed or entries coded that the coder was not given are each reported, one line
naming the file, and the merge stops with the project as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.core.codebook import codebook_from_dict
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import Change, Command
from workbench.formats.project.assignments import META_KEY, assigned_entries, codebook_hash

if TYPE_CHECKING:  # the merge pulls in every importer; the window's progress table needs none
    from workbench.formats.project.merging import LayerSource

#: Where a project merged from returned files keeps the manifest it was checked against
#: (the manifest itself, not its path, so it travels with the file).
MANIFEST_META = "assignment_manifest"
#: How many entry ids a message quotes before "...".
_SHOWN = 5


def check_returns(
    manifest: dict[str, Any], manifest_file: str, sources: list[LayerSource]
) -> list[WorkbenchError]:
    """Every problem with the returned files, each naming its file; empty when they can be merged."""
    problems: list[WorkbenchError] = []
    returned: dict[str, str] = {}
    for source in sources:
        coder = _check_one(manifest, source, problems)
        if coder is None:
            continue
        if coder in returned:
            problems.append(
                WorkbenchError(f"coder '{coder}' was already returned by {returned[coder]}", file=source.name)
            )
        returned[coder] = source.name
    missing = [coder for coder in manifest["coders"] if coder not in returned]
    if missing:
        problems.append(WorkbenchError(f"no returned file from {', '.join(missing)}", file=manifest_file))
    return problems


def check_return(manifest: dict[str, Any], source: LayerSource) -> list[WorkbenchError]:
    """The problems of one returned file, merged alone (the window adds one file at a time)."""
    problems: list[WorkbenchError] = []
    _check_one(manifest, source, problems)
    return problems


def _what_changed(manifest: dict[str, Any], source: LayerSource) -> str:
    """The codebook's differences from the assigned one ("first"), where the manifest holds that one."""
    from workbench.formats.project.merging import (
        codebook_differences,  # with the merge, which imports it anyway
    )

    assigned = manifest["codebook"]
    if source.codebook is None:
        return "the returned file holds none"
    try:
        definition = codebook_from_dict(assigned["definition"], where="manifest codebook")
    except (KeyError, WorkbenchError):
        return f"'{assigned.get('name', '')}' changed by hand?"  # a manifest without the codebook itself
    changes = codebook_differences(definition, source.codebook)
    shown = "; ".join(changes[:_SHOWN]) + (" ..." if len(changes) > _SHOWN else "")
    return shown or "the same codes, other labels, colours, shortcuts or descriptions"


def _check_one(manifest: dict[str, Any], source: LayerSource, problems: list[WorkbenchError]) -> str | None:
    """The coder ``source`` was returned by, after noting its problems; None when it is not a returned file."""

    def problem(what: str) -> None:
        problems.append(WorkbenchError(what, file=source.name))

    mark = source.meta.get(META_KEY)
    if not isinstance(mark, dict) or not isinstance(mark.get("coder"), str):
        problem("not a coder's file from an assignment (its meta names no assignment)")
        return None
    if mark.get("source") != manifest["source"]["identity"]:
        problem("from another project: its corpus is not the one the manifest split")
        return None
    if mark.get("id") != manifest["id"]:
        problem(
            f"from another assignment of this project ({mark.get('id')}, the manifest's is {manifest['id']})"
        )
        return None
    coder: str = mark["coder"]
    if coder not in manifest["coders"]:
        problem(f"coder '{coder}' is not in the manifest")
        return None
    if source.codebook is None or codebook_hash(source.codebook) != manifest["codebook"]["hash"]:
        problem(f"codebook differs from the one assigned: {_what_changed(manifest, source)}")
    assigned = set(assigned_entries(manifest, coder))
    coded = 0
    for name, layer in source.batch.layers.items():
        used = [entry_id for entry_id, ann in layer.items() if not ann.is_empty()]
        if used and name != coder:
            problem(f"holds {len(used)} annotations by '{name}', not by the assigned coder '{coder}'")
            continue
        outside = [entry_id for entry_id in used if entry_id not in assigned]
        if outside:
            shown = ", ".join(outside[:_SHOWN]) + (" ..." if len(outside) > _SHOWN else "")
            problem(f"{len(outside)} entries coded that were not assigned to {coder}: {shown}")
        coded += len(used)
    if not coded:
        problem(f"{coder} coded nothing")
    return coder


@dataclass
class CoderProgress:
    """One coder's row of the progress table."""

    coder: str
    assigned: int
    done: int
    flagged: int
    in_sample: int
    sample_done: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "coder": self.coder,
            "assigned": self.assigned,
            "done": self.done,
            "flagged": self.flagged,
            "in_sample": self.in_sample,
            "sample_done": self.sample_done,
        }


def progress(project: Project, manifest: dict[str, Any]) -> list[CoderProgress]:
    """Each coder's assigned, done and flagged entries in ``project`` (a returned or merged file)."""
    sample = set(manifest["sample"])
    if not any(
        project.has_entry(entry_id)
        for coder in manifest["coders"]
        for entry_id in assigned_entries(manifest, coder)
    ):
        raise WorkbenchError("none of the manifest's entries are in this project: another project?")
    rows = []
    for coder in manifest["coders"]:
        layer = project.layer(coder) or {}
        assigned = assigned_entries(manifest, coder)
        statuses = [ann.status for entry_id in assigned if (ann := layer.get(entry_id)) is not None]
        sample_done = sum(
            1 for entry_id in sample if (ann := layer.get(entry_id)) is not None and ann.status == "done"
        )
        rows.append(
            CoderProgress(
                coder,
                len(assigned),
                statuses.count("done"),
                statuses.count("flagged"),
                len(sample),
                sample_done,
            )
        )
    return rows


def recorded_manifest(project: Project) -> dict[str, Any] | None:
    """The manifest the project keeps (prepared from it in the window, or merged with it), if any."""
    manifest = project.meta.get(MANIFEST_META)
    return manifest if isinstance(manifest, dict) else None


class RecordManifest(Command):
    """Keep the manifest in the project's meta, one undo step, so the files coming back are
    checked against it and the Review dock shows each coder's progress."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.text = "Record assignments"
        self.manifest = manifest
        self._before: Any = None

    def redo(self, project: Project) -> Change:
        self._before = project.meta.get(MANIFEST_META)
        project.meta[MANIFEST_META] = self.manifest
        return Change()

    def undo(self, project: Project) -> Change:
        if self._before is None:
            project.meta.pop(MANIFEST_META, None)
        else:
            project.meta[MANIFEST_META] = self._before
        return Change()
