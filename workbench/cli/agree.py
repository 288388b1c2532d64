"""``workbench-cli agree``: inter-annotator agreement over project files and JSONL records.

Every layer of a project file is a coder; in a JSONL file of annotation records the coder
is each record's ``annotator``, else the file name stem. All inputs are combined the way
``merge`` combines them (entries matched by id, then by normalised text), so a unit
missing from a coder's file and a null label are both missing data.
"""

from __future__ import annotations

import argparse
import sys

import orjson

from workbench.analysis.agreement import AgreementReport, project_agreement, report_to_json
from workbench.analysis.agreement_alpha import LEVELS
from workbench.analysis.agreement_bootstrap import RESAMPLING
from workbench.analysis.reliability_data import Figure
from workbench.core.errors import WorkbenchError
from workbench.formats.project.merging import combine


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "agree",
        help="agreement between annotators (kappa, Krippendorff's alpha, span F1)",
        description="Agreement between annotators per dimension and per pair of annotators.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="project files or JSONL annotation records")
    parser.add_argument("--dimension", action="append", help="only this dimension (repeatable)")
    parser.add_argument(
        "--level",
        choices=LEVELS,
        help="alpha level for single-choice dimensions (default: ordinal if ordered)",
    )
    parser.add_argument(
        "--distance",
        choices=("masi", "jaccard"),
        default="masi",
        help="set distance for multi-valued dimensions",
    )
    parser.add_argument("--annotators", help="comma-separated annotators to compare (default: all but gold)")
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="add alpha's 95%% bootstrap interval from N resamples (1000 is usual), P(alpha<.667/.800), "
        "per-value and per-coder diagnostics and drift by coding week",
    )
    parser.add_argument("--seed", type=int, help="seed of the bootstrap, to reproduce its interval")
    parser.add_argument(
        "--resample",
        choices=RESAMPLING,
        default="pairs",
        help="bootstrap pairs of values (Krippendorff's algorithm, default) or whole units "
        "(closer to the nominal coverage with 3 or more coders per unit)",
    )
    parser.add_argument(
        "--without-assisted",
        action="store_true",
        help="leave out units where a coder's value came from a suggestion (model, imported predictions, alias)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project, merges = combine(args.files)
    annotators = [a.strip() for a in args.annotators.split(",") if a.strip()] if args.annotators else None
    report = project_agreement(
        project,
        dimensions=args.dimension,
        annotators=annotators,
        level=args.level,
        distance=args.distance,
        bootstrap=args.bootstrap,
        seed=args.seed,
        resample=args.resample,
        exclude_assisted=args.without_assisted,
    )
    if not report.dimensions and not report.spans:
        raise WorkbenchError(
            "nothing to compare: no annotator coded anything in these files", file=", ".join(args.files)
        )
    for merge in merges:
        if merge.unmatched or merge.dropped_spans or merge.notes:
            for line in merge.lines():
                print(line, file=sys.stderr)
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(report_to_json(report), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        sys.stdout.write(format_table(report))
    return 0


def _show(figure: Figure) -> str:
    return "-" if figure.value is None else f"{figure.value:.3f}"


def format_table(report: AgreementReport) -> str:
    """A plain-text table: one block per dimension, overall figures then each pair."""
    lines: list[str] = []
    for dim in report.dimensions:
        lines.append(
            f"{dim.dimension} ({dim.kind}, alpha {dim.level}): {len(dim.coders)} coders, {dim.units} units"
        )
        header = f"  {'coders':<28} {'units':>6} {'agree%':>7} {'cohen':>7} {'fleiss':>7} {'alpha':>7}"
        lines.append(header)
        lines.append(
            f"  {'all':<28} {dim.alpha.units:>6} {_percent(dim.percent):>7} {_show(dim.cohen):>7} "
            f"{_show(dim.fleiss):>7} {_show(dim.alpha):>7}"
        )
        for pair in dim.pairs:
            name = " / ".join(pair.coders)
            lines.append(
                f"  {name[:28]:<28} {pair.cohen.units:>6} {_percent(pair.percent):>7} {_show(pair.cohen):>7} "
                f"{'':>7} {_show(pair.alpha):>7}"
            )
        reasons = {
            name: fig.reason
            for name, fig in (("cohen", dim.cohen), ("fleiss", dim.fleiss), ("alpha", dim.alpha))
            if fig.reason and not (name == "cohen" and len(dim.coders) > 2)
        }
        lines += [f"  {name} undefined: {reason}" for name, reason in reasons.items()]
        if dim.assisted_units:
            how = "left out" if report.assisted_left_out else "included; --without-assisted leaves them out"
            lines.append(f"  {dim.assisted_units} units with suggestion-assisted values ({how})")
        iv = dim.interval
        if iv is not None and iv.low is not None and iv.high is not None:
            lines.append(
                f"  alpha {100 * iv.confidence:.0f}% interval [{iv.low:.3f}, {iv.high:.3f}] "
                f"({iv.resamples} resamples); P(alpha < .667) = {iv.below[0]:.3f}, "
                f"P(alpha < .800) = {iv.below[1]:.3f}"
            )
        lines.append("")
    for span_pair in report.spans:
        first, second = span_pair.coders
        lines.append(f"spans {first} / {second} over {span_pair.units} shared entries (F1)")
        lines.append(f"  {'code':<28} {first[:6]:>6} {second[:6]:>6} {'exact':>7} {'overlap':>7}")
        for scores in span_pair.codes:
            lines.append(
                f"  {scores.code:<28} {scores.spans_a:>6} {scores.spans_b:>6} "
                f"{_show(scores.exact[2]):>7} {_show(scores.overlap[2]):>7}"
            )
        lines.append("")
    return "\n".join(lines)


def _percent(figure: Figure) -> str:
    return "-" if figure.value is None else f"{100 * figure.value:.1f}"
