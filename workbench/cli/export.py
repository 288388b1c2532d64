"""``workbench-cli export``: write a training or exchange corpus from a project.

    workbench-cli export PROJECT --format jsonl|csv|spacy|conll|brat|qdpx
        [--annotator NAME|gold|majority|none] [--subset all|done|adjudicated]
        [--split 0.8,0.1,0.1 --seed N --stratify DIMENSION] -o OUT

``-o -`` writes JSONL, CSV or CoNLL to standard output; the summary (records, per split,
majority ties, spans that did not align to tokens) always goes to standard error.
"""

from __future__ import annotations

import argparse
import sys

from workbench.core.adjudication import GOLD_LAYER
from workbench.formats.exporters.exporting import FORMATS, ExportOptions, run_export
from workbench.formats.exporters.splits import SplitSpec, parse_ratios
from workbench.formats.exporters.which_layer import NO_LAYER
from workbench.formats.project.file import load_project

CLI_SUBSETS = ("all", "done", "adjudicated")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export annotations as JSONL, CSV, spaCy, CoNLL, brat or REFI-QDA",
        description="Export one annotation layer of a project for training or for other tools.",
    )
    parser.add_argument("project", help="the project file (.json)")
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="jsonl", help="output format (default jsonl)"
    )
    parser.add_argument(
        "--annotator",
        "-a",
        metavar="NAME",
        help="the layer to export: an annotator's name, 'gold', 'majority' or 'none' (empty labels); "
        "default: the only annotator, 'none' when nobody has coded yet, else an error",
    )
    parser.add_argument("--subset", choices=CLI_SUBSETS, default="all", help="which entries (default all)")
    parser.add_argument("--split", metavar="RATIOS", help="train,dev,test ratios such as 0.8,0.1,0.1")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    parser.add_argument("--stratify", metavar="DIMENSION", help="balance the split by this dimension")
    parser.add_argument("--span-dimension", metavar="DIMENSION", help="CoNLL: the span dimension to tag")
    parser.add_argument(
        "--language", metavar="CODE", help="spaCy: the blank pipeline's language (default xx)"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="output file or folder; - for stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    layer = args.annotator
    if not layer:
        annotators = [name for name in project.annotators() if name != GOLD_LAYER]
        if len(annotators) > 1:
            print(
                "workbench-cli: export: choose a layer with --annotator "
                f"({', '.join(sorted(project.annotators()))}, gold, majority or none)",
                file=sys.stderr,
            )
            return 2
        layer = annotators[0] if annotators else NO_LAYER
    if (args.seed != 0 or args.stratify) and not args.split:
        print("workbench-cli: export: --seed and --stratify need --split", file=sys.stderr)
        return 2
    split = SplitSpec(parse_ratios(args.split), args.seed, args.stratify) if args.split else None
    options = ExportOptions(
        format=args.format,
        layer=layer,
        subset=args.subset,
        split=split,
        span_dimension=args.span_dimension,
        language=args.language,
    )
    summary = run_export(project, options, args.output)
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 0
