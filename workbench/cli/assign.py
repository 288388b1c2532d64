"""``workbench-cli assign``: one project file per coder, with a reliability sample every coder codes.

A thin layer over ``formats.assignments``: the window's Review ▸ Prepare assignments… runs
the same split. The folder gets ``<coder>.wbproj`` for each coder and ``manifest.json``,
which ``merge --manifest`` and ``progress`` check the returned files against.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.formats.project.assignments import assign, parse_coders, write_assignment
from workbench.formats.project.file import load_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "assign",
        help="split a project among coders, with a reliability sample every coder codes",
        description=(
            "Write FOLDER/<coder>.wbproj for each coder (their share plus the reliability sample) "
            "and FOLDER/manifest.json saying who has which entries."
        ),
    )
    parser.add_argument("project", metavar="PROJECT", help="project file")
    parser.add_argument("--coders", required=True, help="coder names separated by commas: amira,ben,chiara")
    parser.add_argument(
        "--overlap", type=_share, default=0.2, help="share of the units every coder codes (default 0.2)"
    )
    parser.add_argument(
        "--stratify",
        metavar="dispatch|DIMENSION",
        help="sample in proportion to dispatches or a dimension's values",
    )
    parser.add_argument("--by-dispatch", action="store_true", help="sample and deal whole dispatches")
    parser.add_argument(
        "--seed", type=int, help="seed of the draw (recorded in the manifest; drawn when not given)"
    )
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder to write into")
    parser.add_argument("--force", action="store_true", help="write into a folder that already holds files")
    parser.set_defaults(run=run)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a share between 0 and 1")
    return value


def run(args: argparse.Namespace) -> int:
    coders = parse_coders(args.coders)
    project = load_project(args.project)
    try:
        assignment = assign(
            project,
            coders,
            overlap=args.overlap,
            stratify=args.stratify,
            unit="dispatch" if args.by_dispatch else "entry",
            seed=args.seed,
            source=Path(args.project).name,
        )
    except WorkbenchError as exc:
        raise exc.with_file(args.project) from None
    folder = Path(args.output)
    write_assignment(assignment, folder, force=args.force)
    manifest = assignment.manifest
    sample = len(manifest["sample"])
    for coder in coders:
        share = len(manifest["coders"][coder]["entries"])
        print(
            f"{folder / manifest['coders'][coder]['file']}: {share} entries of their own + {sample} in the sample"
        )
    print(f"wrote {folder / 'manifest.json'} (seed {manifest['seed']})")
    return 0
