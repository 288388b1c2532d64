"""``workbench-cli assign``: one project file per coder, with a reliability sample every coder codes.

A thin layer over ``formats.assignments``: the window's Review ▸ Prepare assignments… runs
the same split. The folder gets ``<coder>.wbproj`` for each coder and ``manifest.json``,
which ``merge --manifest`` and ``progress`` check the returned files against.

``--blind NAME`` / ``--not-blind NAME`` say who codes blind (shown no suggestions: the
reliability sample whose agreement no model colours), by the window's own undoable
command (``core.undoable.SetBlind``), saved in the project's meta; given with ``--coders``
the setting goes into every coder's file too, and given alone it is all that is done.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.provenance import blind_annotators
from workbench.core.undoable import SetBlind
from workbench.formats.project.assignments import assign, parse_coders, write_assignment
from workbench.formats.project.file import load_project, save_project


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
    parser.add_argument("--coders", help="coder names separated by commas: amira,ben,chiara")
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
    parser.add_argument("-o", "--output", metavar="FOLDER", help="folder to write into (with --coders)")
    parser.add_argument("--force", action="store_true", help="write into a folder that already holds files")
    parser.add_argument(
        "--blind",
        action="append",
        default=[],
        metavar="NAME",
        help="NAME codes blind: shown no suggestions (repeatable; saved in PROJECT)",
    )
    parser.add_argument(
        "--not-blind", action="append", default=[], metavar="NAME", help="NAME is shown suggestions again"
    )
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
    if args.coders is None and not (args.blind or args.not_blind):
        raise WorkbenchError(
            "give --coders (with -o FOLDER) to split the project, or --blind/--not-blind NAME"
        )
    if args.coders is not None and args.output is None:
        raise WorkbenchError("--coders needs -o FOLDER to write the coders' files into")
    project = load_project(args.project)
    if args.blind or args.not_blind:
        _set_blind(project, args)
    if args.coders is None:
        return 0
    coders = parse_coders(args.coders)
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


def _set_blind(project: Project, args: argparse.Namespace) -> None:
    """Apply ``--blind`` and ``--not-blind`` and save the project (only when they changed it)."""
    both = set(args.blind) & set(args.not_blind)
    if both:
        raise WorkbenchError(f"'{sorted(both)[0]}' is given both --blind and --not-blind")
    before = blind_annotators(project)
    for name, blind in [(n, True) for n in args.blind] + [(n, False) for n in args.not_blind]:
        if not name.strip():
            raise WorkbenchError("--blind and --not-blind need an annotator name")
        SetBlind(name, blind).redo(project)
    after = blind_annotators(project)
    if after != before:
        save_project(project, args.project)
    print(f"{args.project}: coding blind: {', '.join(after) or '(nobody)'}")
