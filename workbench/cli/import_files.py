"""``workbench-cli import``: files and folders into a new or existing project.

Everything is parsed before the project is touched and the project is saved atomically at
the end, so a failed import leaves an existing project file exactly as it was. Adding goes
through the core ``AddImport`` command, which skips known ids: importing the same files
twice adds nothing the second time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.core.codebook import codebook_to_dict, load_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import AddImport
from workbench.formats.importers.reading import import_paths, supported_extensions
from workbench.formats.project.file import load_project, save_project

DEFAULT_CODEBOOK = "plover"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import dispatches and annotations into a project",
        description=(
            "Import files or folders (searched recursively) into PROJECT, creating it if needed. "
            f"Accepted: {', '.join(supported_extensions())}. Re-importing never duplicates entries."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
    parser.add_argument(
        "-o", "--output", required=True, metavar="PROJECT", help="project file to create or add to"
    )
    parser.add_argument(
        "--codebook",
        metavar="NAME_OR_FILE",
        help=f"codebook for a new project: plover, cameo or a codebook file (default {DEFAULT_CODEBOOK})",
    )
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="annotator of imported labels (default: the file's own, else its name)",
    )
    parser.add_argument(
        "--text-field",
        metavar="FIELD",
        help="Label Studio: the task data field holding the text, when it is not 'text' and several could be",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.exists():
        project = load_project(output)
        if args.codebook:
            wanted = load_codebook(args.codebook)
            if codebook_to_dict(wanted) != codebook_to_dict(project.codebook):
                raise WorkbenchError(
                    f"the project already uses codebook '{project.codebook.name}'; --codebook "
                    f"'{args.codebook}' applies only to new projects",
                    file=str(output),
                )
        created = False
    else:
        if output.parent and not output.parent.is_dir():
            raise WorkbenchError("folder does not exist", file=str(output.parent))
        project = Project(codebook=load_codebook(args.codebook or DEFAULT_CODEBOOK))
        created = True

    batch = import_paths(args.paths, project.codebook, annotator=args.annotator, text_field=args.text_field)
    command = AddImport(batch, text="Import")
    command.redo(project)
    save_project(project, output)

    skipped_entries = len(batch.entries) - len(command.added_entries)
    print(
        f"{'created' if created else 'updated'} {output}: added {_count(len(command.added_dispatches), 'dispatch')}, "
        f"{_count(len(command.added_entries), 'entry')}, {_count(len(command.added_annotations), 'annotation')}; "
        f"skipped {_count(skipped_entries, 'duplicate entry')}, "
        f"{_count(command.skipped_annotations, 'already coded annotation')}; "
        f"{_count(len(batch.problems) + len(command.problems), 'problem')}"
    )
    for problem in batch.problems + command.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith("ch") else "s")
    return f"{n} {plural}"
