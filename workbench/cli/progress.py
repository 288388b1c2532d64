"""``workbench-cli progress PROJECT --manifest M``: each coder's assigned, done and flagged entries.

PROJECT is a merged project (``merge --manifest`` keeps the manifest in it, so ``--manifest``
may then be left out) or a single returned file.
"""

from __future__ import annotations

import argparse

import orjson

from workbench.core.errors import WorkbenchError
from workbench.formats.project.assignment_checks import MANIFEST_META, progress
from workbench.formats.project.assignments import load_manifest
from workbench.formats.project.file import load_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="each coder's assigned, done and flagged entries",
        description="A per-coder table of an assignment's progress: assigned, done, flagged, in the sample.",
    )
    parser.add_argument("project", metavar="PROJECT", help="merged project or a returned file")
    parser.add_argument("--manifest", metavar="MANIFEST", help="the assignment's manifest.json")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    if args.manifest:
        manifest = load_manifest(args.manifest)
    elif isinstance(project.meta.get(MANIFEST_META), dict):
        manifest = project.meta[MANIFEST_META]
    else:
        raise WorkbenchError("no manifest recorded in the project; give --manifest", file=args.project)
    try:
        rows = progress(project, manifest)
    except WorkbenchError as exc:
        raise exc.with_file(args.project) from None
    if args.json:
        print(orjson.dumps([row.as_dict() for row in rows], option=orjson.OPT_INDENT_2).decode())
        return 0
    width = max(len("coder"), *(len(row.coder) for row in rows))
    print(f"{'coder':<{width}}  assigned  done  flagged  in sample  sample done")
    for row in rows:
        print(
            f"{row.coder:<{width}}  {row.assigned:>8}  {row.done:>4}  {row.flagged:>7}  "
            f"{row.in_sample:>9}  {row.sample_done:>11}"
        )
    return 0
