"""``workbench-cli validate PROJECT``: is this project file sound, and what looks wrong in it?

Loading already refuses anything structurally broken (exit 1 with the one line the loader
gives). What is left are things a valid file can still hold that would quietly spoil an
export or an agreement figure, so they are worth a look before a corpus is handed on:

errors (exit 1)
    codes the codebook does not list on a closed dimension, dimensions it does not list (a
    renamed value, a typo in a hand-edited file: both drop out of exports and agreement); a
    single-choice dimension holding several values.
warnings (exit 0, or 1 with ``--strict``)
    new values on an open dimension (actors added while coding); dispatches without entries; entries
    of a live blog without a time; live-blog entries whose times rise while reading down
    (the newest-first order or a midnight crossing went wrong on import); empty entry text;
    the same value twice in one multi-choice coding; a span on a single or multi dimension
    whose value the entry is not coded with (such a span marks where a coded value is
    named, as accepting an alias mention does); codebook shortcuts the window leaves
    unbound because they clash with its own keys (Ctrl+S, J, ...) or another value's.

Output is one ``FILE: where: what`` line per finding (at most ``--max`` per kind) and a
summary line ``FILE: ok (N dispatches, M entries, K annotators)`` or the counts.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from workbench.core.adjudication import GOLD_LAYER, review_coders
from workbench.core.app_keys import codebook_key_clashes
from workbench.core.code_matching import value_holds
from workbench.core.model import Project
from workbench.core.provenance import BLIND_FIELD
from workbench.formats.project.file import iter_unknown_codes, load_project

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # ERROR or WARNING
    kind: str  # groups findings so a large project's output stays readable
    where: str
    what: str


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a project file and report problems",
        description="Load a project file, refusing it if it is broken, then report codes the codebook "
        "does not list, empty dispatches, live-blog entries without a time and other oddities. "
        "Exit 0 when sound, 1 on errors (or on warnings with --strict).",
    )
    parser.add_argument("project", help="project file (.wbproj)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.add_argument(
        "--max", type=int, default=20, metavar="N", help="show at most N findings of each kind (default 20)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    findings = list(check_project(project))
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_kind[finding.kind].append(finding)
    for group in by_kind.values():
        for finding in group[: max(args.max, 0)]:
            print(f"{args.project}: {finding.where}: {finding.what} ({finding.severity})")
        if len(group) > args.max:
            print(f"{args.project}: ... and {len(group) - args.max} more like the above ({group[0].kind})")
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    size = (
        f"{len(project.dispatches)} dispatches, {len(project.entries)} entries, "
        f"{len(review_coders(project))} annotators"
        + (f", a gold layer of {len(gold)} entries" if (gold := project.layer(GOLD_LAYER)) else "")
    )
    if not findings:
        print(f"{args.project}: ok ({size})")
        return 0
    counts = ", ".join(
        f"{n} {label}{'' if n == 1 else 's'}" for n, label in ((errors, ERROR), (warnings, WARNING)) if n
    )
    print(f"{args.project}: {counts} ({size})")
    return 1 if errors or (args.strict and warnings) else 0


def check_project(project: Project) -> Iterator[Finding]:
    """Every finding, codebook problems first, then dispatch and entry problems."""
    yield from _codebook_findings(project)
    yield from _shortcut_findings(project)
    yield from _dispatch_findings(project)
    yield from _blind_findings(project)


def _blind_findings(project: Project) -> Iterator[Finding]:
    """``meta.blind_annotators`` other than a list of names: the window would ignore it and
    show those coders suggestions, so their agreement would be model-assisted unawares."""
    names = project.meta.get(BLIND_FIELD)
    if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        yield Finding(ERROR, "blind annotators", f"meta.{BLIND_FIELD}", "expected a list of annotator names")


def _shortcut_findings(project: Project) -> Iterator[Finding]:
    """Codebook keys the window will leave unbound, so its own keys (Save, Undo) keep working."""
    for dim, value, why in codebook_key_clashes(project.codebook):
        where = f"codebook.{dim.key}.{value.key}"
        yield Finding(
            WARNING, "shortcut not bound", where, f"shortcut '{value.shortcut}' is not bound: {why}"
        )


def _codebook_findings(project: Project) -> Iterator[Finding]:
    # A new value on an open dimension (an actor added while coding) is normal work; one on a
    # closed dimension, or a dimension the codebook lacks, drops out of exports and agreement.
    open_dimensions = {d.key for d in project.codebook.dimensions if d.open}
    for where, dimension, what in iter_unknown_codes(project):
        severity = WARNING if dimension in open_dimensions else ERROR
        yield Finding(severity, f"unknown code ({severity})", where, what)
    kinds = {d.key: d.kind for d in project.codebook.dimensions}
    for annotator, layer in project.read_every_layer().items():
        for entry_id, ann in layer.items():
            for dim, value in ann.values.items():
                where = f"layers.{annotator}.{entry_id}.values.{dim}"
                kind = kinds.get(dim)
                if type(value) is list:
                    if kind == "single" and len(value) > 1:
                        yield Finding(
                            ERROR, "several single", where, f"single-choice dimension holds {value}"
                        )
                    if len(set(value)) != len(value):
                        yield Finding(WARNING, "repeated value", where, f"a value is repeated in {value}")
            for span in ann.spans:
                # On a choice dimension a span marks where a coded value is named (an alias
                # accepted in the entry text); one whose value is not coded has lost its code.
                kind = kinds.get(span.dimension)
                if (
                    kind is not None
                    and kind != "span"
                    and not value_holds(ann.values.get(span.dimension), span.value)
                ):
                    yield Finding(
                        WARNING,
                        "span of an uncoded value",
                        f"layers.{annotator}.{entry_id}.spans",
                        f"span marks '{span.value}' on the {kind}-choice dimension '{span.dimension}', "
                        "which the entry is not coded with",
                    )


def _dispatch_findings(project: Project) -> Iterator[Finding]:
    by_dispatch: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(project.entries):
        by_dispatch[entry.dispatch_id].append(i)
        if not entry.text.strip():
            yield Finding(WARNING, "empty text", f"entries[{i}]", f"entry '{entry.id}' has no text")
    for dispatch_id, dispatch in project.dispatches.items():
        indices = by_dispatch.get(dispatch_id)
        if not indices:
            yield Finding(
                WARNING, "empty dispatch", f"dispatch '{dispatch_id}'", f"'{dispatch.title}' has no entries"
            )
            continue
        entries = sorted((project.entries[i] for i in indices), key=lambda e: e.position)
        if len(entries) < 2:
            continue  # an article, not a live blog: a missing time is normal
        timed = [(e.timestamp, e) for e in entries if e.timestamp]
        for entry in entries:
            if entry.timestamp is None:
                yield Finding(
                    WARNING,
                    "no time",
                    f"entries[{project.index_of(entry.id)}]",
                    f"live-blog entry '{entry.id}' (position {entry.position}) has no time",
                )
        rising = next((later for (before, _), (after, later) in pairwise(timed) if after > before), None)
        if rising is not None:
            yield Finding(
                WARNING,
                "time order",
                f"dispatch '{dispatch_id}'",
                f"entry '{rising.id}' at {rising.timestamp} is later than the one printed above it; "
                "live blogs run newest first (check the midnight crossing)",
            )
