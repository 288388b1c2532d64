"""One entry point for every export, used by ``workbench-cli export`` and the export dialog.

``run_export`` picks the layer and the subset, optionally splits, hands the selection to
the format's writer and reports what happened. Nothing half-written is ever left behind:
files are written through ``atomic_write`` (a temporary name beside the target, fsynced,
renamed at the end; modes as for a save), and folders are built in a temporary folder
beside the target, fsynced and renamed into place. A cancelled or failed export removes
its temporary files.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import orjson

from workbench import __version__
from workbench.core.errors import WorkbenchError, never_cancelled, no_progress
from workbench.core.model import Project
from workbench.formats.atomic_write import atomic_writer, new_folder_mode, replace_folder, write_atomic
from workbench.formats.exporters.splits import SplitSpec, assign_splits, split_counts
from workbench.formats.exporters.subsets import Selection, subset_indices
from workbench.formats.exporters.which_layer import NO_LAYER, ChosenLayer, choose_layer

FORMATS = ("jsonl", "csv", "spacy", "conll", "brat", "qdpx")
#: Formats that can go to standard output ("-"): text formats without per-split files.
STDOUT_FORMATS = ("jsonl", "csv", "conll")
EXTENSIONS = {"jsonl": ".jsonl", "csv": ".csv", "spacy": ".spacy", "conll": ".conll", "qdpx": ".qdpx"}
MANIFEST_MARK = "workbench-export-manifest"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass
class ExportOptions:
    format: str = "jsonl"
    layer: str = ""  # an annotator's name, "gold", "majority" or "none" (empty labels)
    subset: str = "all"  # all | done | adjudicated | filter
    indices: list[int] | None = None  # the entries the current filter shows (subset "filter")
    split: SplitSpec | None = None
    span_dimension: str | None = None  # CoNLL: which span dimension becomes the tags
    language: str | None = None  # spaCy: blank pipeline language, else the project's, else "xx"
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass
class ExportSummary:
    format: str
    layer: str
    subset: str
    records: int
    outputs: list[str]
    per_split: dict[str, int] = field(default_factory=dict)
    ties: dict[str, int] = field(default_factory=dict)
    unaligned: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_adjudicated: list[str] = field(default_factory=list)  # gold entries with undecided disputes

    def lines(self) -> list[str]:
        """The human summary the CLI prints to stderr and the dialog shows."""
        lines = [f"{self.records} records written ({self.format}, layer {self.layer}, subset {self.subset})"]
        if self.per_split:
            lines.append("per split: " + ", ".join(f"{k} {v}" for k, v in self.per_split.items()))
        if self.ties:
            lines.append(
                f"majority ties (left uncoded): {sum(self.ties.values())} — "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.ties.items()))
            )
        if self.unaligned:
            entries = sorted({u.split(" ", 1)[0] for u in self.unaligned})
            shown = ", ".join(entries[:5]) + (" …" if len(entries) > 5 else "")
            lines.append(f"{len(self.unaligned)} spans not on token boundaries, in entries {shown}")
        lines.extend(self.notes)
        lines.extend(f"wrote {o}" for o in self.outputs)
        return lines


def run_export(
    project: Project,
    options: ExportOptions,
    out: str | os.PathLike[str],
    progress: Progress = no_progress,
    cancelled: Cancelled = never_cancelled,
    stdout: BinaryIO | None = None,
) -> ExportSummary:
    """Export ``project`` to ``out`` ("-" is standard output) as ``options`` say."""
    fmt = options.format
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    to_stdout = str(out) == "-"
    if to_stdout and (fmt not in STDOUT_FORMATS or (fmt == "conll" and options.split)):
        raise WorkbenchError(f"{fmt} cannot be written to standard output; give a file or folder name")
    selection, chosen = _select(project, options, cancelled)
    exported = {e.id for e in selection.entries}
    summary = ExportSummary(
        fmt, selection.layer, options.subset, len(selection.entries), [], ties=chosen.ties(exported)
    )
    summary.not_adjudicated = [e for e in chosen.not_adjudicated if e in exported]
    summary.notes.extend(_layer_notes(chosen, exported))
    if selection.splits is not None:
        for name in options.split.names if options.split else ():
            summary.per_split[name] = sum(1 for s in selection.splits.values() if s == name)

    if to_stdout:
        target = stdout if stdout is not None else sys.stdout.buffer
        buffer = io.BytesIO()
        _write_single(fmt, selection, buffer, options, progress, cancelled)
        target.write(buffer.getvalue())
        target.flush()
        summary.outputs.append("standard output")
    else:
        _write_to_disk(Path(out), fmt, selection, options, progress, cancelled, summary)
    summary.unaligned = list(selection.report.unaligned)
    summary.notes.extend(selection.report.notes)
    return summary


def _select(project: Project, options: ExportOptions, cancelled: Cancelled) -> tuple[Selection, ChosenLayer]:
    candidate_ids = None
    if options.subset == "filter" and options.indices is not None:
        candidate_ids = [project.entries[i].id for i in options.indices if 0 <= i < len(project.entries)]
    if not options.layer:
        raise WorkbenchError("choose a layer: an annotator's name, gold, majority or none")
    chosen = choose_layer(project, options.layer, candidate_ids, cancelled)
    if options.subset == "all":
        entries = list(project.entries)
    else:
        entries = [
            project.entries[i]
            for i in subset_indices(project, options.subset, chosen.annotations, options.indices)
        ]
    if not entries:
        raise WorkbenchError(
            f"nothing to export: the '{options.subset}' subset of layer {chosen.name} is empty"
        )
    selection = Selection(project, entries, chosen.annotations, chosen.name)
    if options.split is not None:
        selection.splits = assign_splits(entries, chosen.annotations, options.split, project.codebook)
    return selection, chosen


def _layer_notes(chosen: ChosenLayer, exported: set[str]) -> list[str]:
    """What the reader of the corpus must know about the layer: ties, open disputes, no labels."""
    notes = []
    if tied := sum(1 for e in chosen.tied if e in exported):
        notes.append(f"{tied} entries had a tie in at least one dimension")
    if waiting := [e for e in chosen.not_adjudicated if e in exported]:
        shown = ", ".join(waiting[:5]) + (" …" if len(waiting) > 5 else "")
        notes.append(
            f"warning: {len(waiting)} entries are not fully adjudicated (disputes left open, "
            f"their labels hold only what the coders agreed on): {shown}"
        )
    if chosen.name == NO_LAYER:
        notes.append("no annotation layer: every entry is exported with empty labels")
    elif not chosen.annotations:
        notes.append(f"layer {chosen.name} is empty (nothing coded yet): every entry has empty labels")
    return notes


def _write_single(
    fmt: str,
    selection: Selection,
    out: BinaryIO,
    options: ExportOptions,
    progress: Progress,
    cancelled: Cancelled,
) -> None:
    if fmt == "jsonl":
        from workbench.formats.exporters.jsonl import write_jsonl

        write_jsonl(selection, out, progress, cancelled)
    elif fmt == "csv":
        from workbench.formats.exporters.csv_table import write_csv

        write_csv(selection, out, progress, cancelled)
    elif fmt == "conll":
        from workbench.formats.exporters.conll import write_conll

        write_conll(selection, out, progress, cancelled, options.span_dimension)
    elif fmt == "spacy":
        from workbench.formats.exporters.spacy_docbin import write_spacy

        write_spacy(selection, out, progress, cancelled, options.language)
    elif fmt == "qdpx":
        from workbench.formats.exporters.refi_qda import write_qdpx

        write_qdpx(selection, out, progress, cancelled)
    else:  # pragma: no cover - FORMATS is checked first
        raise WorkbenchError(f"{fmt} is not a single-file format")


def _write_to_disk(
    out: Path,
    fmt: str,
    selection: Selection,
    options: ExportOptions,
    progress: Progress,
    cancelled: Cancelled,
    summary: ExportSummary,
) -> None:
    folder_output = fmt == "brat" or (fmt in ("spacy", "conll") and selection.splits is not None)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise WorkbenchError("the folder to write into does not exist", file=str(parent))
    if folder_output:
        _check_folder_target(out)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
        try:
            new_folder_mode(tmp_dir)
            _write_folder(fmt, selection, tmp_dir, options, progress, cancelled)
            _write_manifest(tmp_dir / "manifest.json", selection, options, summary)
            replace_folder(tmp_dir, out)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        summary.outputs.append(str(out))
        return
    if out.is_dir():
        raise WorkbenchError(f"is a folder; {fmt} writes one file (give a file name)", file=str(out))
    manifest = out.with_name(out.name + ".manifest.json")
    with atomic_writer(out) as handle:
        _write_single(fmt, selection, handle, options, progress, cancelled)
    _write_manifest(manifest, selection, options, summary)
    summary.outputs.extend([str(out), str(manifest)])


def _write_folder(
    fmt: str,
    selection: Selection,
    folder: Path,
    options: ExportOptions,
    progress: Progress,
    cancelled: Cancelled,
) -> None:
    if fmt == "brat":
        from workbench.formats.exporters.brat import write_brat

        write_brat(selection, folder, progress, cancelled)
        return
    names = options.split.names if options.split else ()
    splits = selection.splits or {}  # set whenever options.split is
    total = len(selection.entries)
    done = 0
    for name in names:
        part = selection.restricted([e for e in selection.entries if splits[e.id] == name])
        offset = done

        def part_progress(n: int, _total: int, offset: int = offset) -> None:
            progress(offset + n, total)

        with open(folder / f"{name}{EXTENSIONS[fmt]}", "wb") as handle:
            _write_single(fmt, part, handle, options, part_progress, cancelled)
        done += len(part.entries)


def _check_folder_target(out: Path) -> None:
    """Only an empty folder or an earlier export (it has our manifest) may be replaced."""
    if out.is_file():
        raise WorkbenchError("is a file; this export writes a folder (give a new folder name)", file=str(out))
    if out.is_dir() and any(out.iterdir()) and not _is_earlier_export(out):
        raise WorkbenchError(
            "folder exists and is not an earlier export; give a new folder name", file=str(out)
        )


def _is_earlier_export(folder: Path) -> bool:
    try:
        manifest: object = orjson.loads((folder / "manifest.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == MANIFEST_MARK


def _write_manifest(path: Path, selection: Selection, options: ExportOptions, summary: ExportSummary) -> None:
    project = selection.project
    split = options.split
    manifest = {
        "format": MANIFEST_MARK,
        "export_format": options.format,
        "created": options.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tool": f"workbench {__version__}",
        "codebook": project.codebook.name,
        "layer": selection.layer,
        "subset": options.subset,
        "records": len(selection.entries),
        "split": None
        if split is None
        else {
            "names": list(split.names),
            "ratios": list(split.ratios),
            "seed": split.seed,
            "stratify": split.stratify,
        },
        "ties": summary.ties,
        "unaligned_spans": len(selection.report.unaligned),
        "counts": split_counts(
            selection.entries, selection.splits or {}, selection.annotations, project.codebook
        ),
    }
    if not selection.annotations:
        manifest["labels"] = "empty"  # a corpus for preparation or pre-annotation elsewhere
    if summary.not_adjudicated:
        manifest["not_adjudicated"] = summary.not_adjudicated  # gold whose disputes nobody decided yet
    write_atomic(path, orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
