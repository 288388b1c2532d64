"""``workbench-cli import-predictions``: an outside model's scores, saved with the project.

A thin layer over ``formats.importers.predictions``: the scores replace any imported
before (one outside model at a time) and show in the window as suggestions. Any problem
in the file leaves the project file untouched.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.formats.importers.predictions import read_predictions
from workbench.formats.importers.reading import read_limited
from workbench.formats.project.file import load_project, save_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import-predictions",
        help="save an outside model's predictions in a project, shown as suggestions",
        description=(
            'Read JSONL rows {"id", "dimension", "value", "score"} (as `suggest -o` writes) or a '
            "Label Studio JSON export with predictions, and save them in PROJECT."
        ),
    )
    parser.add_argument("project", metavar="PROJECT", help="project file (changed in place)")
    parser.add_argument("predictions", metavar="PREDICTIONS", help="JSONL rows or a Label Studio export")
    parser.add_argument(
        "--source", metavar="NAME", help="the model's name for provenance (default: the file's name)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    path = Path(args.predictions)
    source = args.source or path.stem
    predictions = read_predictions(read_limited(path), str(path), project, source)
    before = project.predictions
    project.predictions = predictions
    save_project(project, args.project)
    replaced = f"; replaced those from {before.source}" if before is not None else ""
    print(f"{args.project}: {predictions.summary()} imported from {path} (source {source}){replaced}")
    return 0
