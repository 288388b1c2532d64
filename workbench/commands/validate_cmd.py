"""``workbench-cli validate PROJECT``: is this project file safe to work on?

Loading already refuses what would corrupt work: spans whose offsets fall outside their
text, duplicate dispatch or entry ids, annotations of entries that do not exist, values of
the wrong type. Those fail with one line and exit 1. What loads but deserves a look,
codes the codebook does not list (a colleague's renamed value, a typo in a hand-edited
file), is listed one per line, and the exit code is 1 too, so a script can gate on it.
"""

from __future__ import annotations

import argparse

from workbench.formats.project_file import load_project, unknown_codes


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a project file: structure, span offsets, ids and unknown codes",
        description="Check a project file. Exit 0 when it is clean, 1 when it does not load or "
        "holds codes its codebook does not list (each printed on its own line).",
    )
    parser.add_argument("project", help="project file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    problems = unknown_codes(project)
    for problem in problems:
        print(f"{args.project}: {problem}")
    if problems:
        print(f"{args.project}: {len(problems)} unknown code(s); the rest is valid")
        return 1
    coded = sum(len(layer) for layer in project.layers.values())
    print(f"{args.project}: valid ({len(project.entries)} entries, {coded} annotations)")
    return 0
