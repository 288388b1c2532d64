"""``workbench-cli merge``: combine several analysts' projects into one holding every layer.

Entries and dispatches are unioned by id (then matched by normalised text); a layer
present in two inputs is the same annotator and is merged entry by entry, keeping the
newer annotation. What happened to each input is printed, including anything that did
not line up, so nothing is lost without a word. The output is written atomically. With
``--manifest`` the inputs are coders' returned files, each checked against the assignment
(``formats.assignment_checks``) before any is merged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.core.adjudication import GOLD_LAYER, prefill_gold, review_coders
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.project.assignment_checks import MANIFEST_META, check_returns
from workbench.formats.project.assignments import load_manifest
from workbench.formats.project.file import save_project
from workbench.formats.project.merging import MergeReport, combine, combine_sources, read_source


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="combine analysts' projects (and JSONL, doccano or Label Studio files) into one",
        description="Combine several projects of the same corpus into one project holding every layer.",
    )
    parser.add_argument("projects", nargs="+", metavar="PROJECT", help="project files or annotation exports")
    parser.add_argument("-o", "--output", required=True, help="the merged project file to write")
    parser.add_argument(
        "--manifest",
        metavar="MANIFEST",
        help="check the coders' returned files against an assignment's manifest.json before merging any",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if not output.parent.exists():
        raise WorkbenchError("folder does not exist", file=str(output.parent))
    if args.manifest:
        project, reports = _combine_returns(args.projects, args.manifest)
    else:
        project, reports = combine(args.projects)
    for report in reports:
        for line in report.lines():
            print(line)
    prefill = prefill_gold(project)  # the merged file's gold holds the agreement from the start
    if prefill is not None:
        prefill.redo(project)
    save_project(project, output)
    coders = ", ".join(f"{name} ({len(project.layer(name) or {})})" for name in review_coders(project))
    gold = project.layer(GOLD_LAYER) or {}
    done = sum(a.status == "done" for a in gold.values())
    print(
        f"wrote {output}: {len(project.entries)} entries, annotators {coders or '(none)'}; "
        f"gold {len(gold)} entries ({done} with nothing open)"
    )
    return 0


def _combine_returns(paths: list[str], manifest_path: str) -> tuple[Project, list[MergeReport]]:
    """Every returned file checked against the manifest first: one problem and nothing is merged."""
    manifest = load_manifest(manifest_path)
    sources = [read_source(path) for path in paths]
    problems = check_returns(manifest, manifest_path, sources)
    for problem in problems:
        print(f"workbench-cli: {problem.line()}", file=sys.stderr)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise WorkbenchError(f"{count} with the returned files; nothing merged", file=manifest_path)
    project, reports = combine_sources(sources)
    project.meta[MANIFEST_META] = manifest  # the progress table reads it from the merged file
    return project, reports
