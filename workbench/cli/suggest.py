"""``workbench-cli suggest PROJECT``: the local models' quality, and their predictions as a file.

``--evaluate`` trains a model per single and multi dimension on one annotator's learnable
codes (``core/provenance.learnable``) and prints, per dimension, its status ("on", "not
better", "too few"), cross-validated accuracy and macro-F1 with folds grouped by dispatch,
the majority baseline on the same folds, the coded entries and the folds; ``--json`` prints
them as a list of objects with those names. ``-o OUT.jsonl`` also predicts every entry and
writes one row per suggestion, ``{"id", "dimension", "value", "score"}``, the rows
``import-predictions`` reads; only dimensions whose model is "on" are written. The same
training round as the window's (``index/suggestions``), so the figures agree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from workbench.core.adjudication import review_coders
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.formats.atomic_write import write_atomic
from workbench.formats.project.file import load_project
from workbench.index.project_index import ProjectIndex
from workbench.index.suggestions import DimensionQuality


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="train the local suggestion models: their held-out quality, or predictions as JSONL",
        description="Train a model per dimension on one annotator's codes; print its quality "
        "(--evaluate) or write its suggestions for every entry (-o OUT.jsonl).",
    )
    parser.add_argument("project", metavar="PROJECT", help="project file")
    parser.add_argument(
        "--evaluate", action="store_true", help="print each dimension's cross-validated quality"
    )
    parser.add_argument("--json", action="store_true", help="with --evaluate, print JSON instead of a table")
    parser.add_argument("-o", "--output", metavar="OUT", help="write one JSONL row per suggestion")
    parser.add_argument("--annotator", help="whose codes to learn from (default: the only coder)")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    if not args.evaluate and not args.output:
        args.parser.error("give --evaluate, -o OUT.jsonl, or both")
    project = load_project(args.project)
    annotator = _annotator(project, args)
    index = ProjectIndex(project)
    for _ in index.suggestions.training(annotator, predict=bool(args.output)):
        pass
    qualities = index.suggestions.quality()
    if args.output:
        _write(index, Path(args.output))
    if args.evaluate:
        if args.json:
            rows = [_as_dict(q) for q in qualities]
            sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        else:
            print("\n".join(_table(qualities, annotator)))
    return 0


def _annotator(project: Project, args: argparse.Namespace) -> str:
    if args.annotator is not None:
        if not project.has_layer(args.annotator):
            names = ", ".join(project.annotators()) or "none"
            raise WorkbenchError(f"no annotator '{args.annotator}' (annotators: {names})", file=args.project)
        return str(args.annotator)
    coders = review_coders(project)
    if len(coders) != 1:
        names = ", ".join(coders) or "none"
        raise WorkbenchError(
            f"give --annotator NAME, whose codes to learn from (annotators: {names})", file=args.project
        )
    return coders[0]


def _write(index: ProjectIndex, path: Path) -> None:
    lines = [
        orjson.dumps({"id": entry.id, "dimension": s.dimension, "value": s.value, "score": round(s.score, 4)})
        for entry in index.project.entries
        for s in index.suggestions.model_suggestions(entry.id)
    ]
    write_atomic(path, b"".join(line + b"\n" for line in lines))


def _as_dict(quality: DimensionQuality) -> dict[str, Any]:
    return {
        "dimension": quality.dimension,
        "status": quality.status,
        "accuracy": quality.accuracy,
        "macro_f1": quality.macro_f1,
        "baseline_accuracy": quality.baseline_accuracy,
        "baseline_macro_f1": quality.baseline_macro_f1,
        "coded": quality.coded,
        "folds": quality.folds,
        "version": quality.version,
        "message": quality.message,
    }


def _table(qualities: list[DimensionQuality], annotator: str) -> list[str]:
    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    width = max([len("dimension"), *(len(q.dimension) for q in qualities)])
    lines = [
        f"Models trained on {annotator}'s codes (folds grouped by dispatch):",
        f"{'dimension':<{width}}  {'status':<10}  accuracy  baseline  macro-F1  baseline  coded  folds",
    ]
    for q in qualities:
        lines.append(
            f"{q.dimension:<{width}}  {q.status:<10}  {figure(q.accuracy):>8}  {figure(q.baseline_accuracy):>8}  "
            f"{figure(q.macro_f1):>8}  {figure(q.baseline_macro_f1):>8}  {q.coded:>5}  {q.folds:>5}"
        )
    lines += [f"  {q.dimension}: {q.message}" for q in qualities if q.message]
    return lines
