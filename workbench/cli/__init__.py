"""``workbench-cli``: headless commands over the core, formats and analysis packages.

Each sub-command lives in its own module in this package and registers
itself, so commands stay small and independent. Exit codes: 0 ok, 1 bad data (one line
on stderr, never a traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from workbench import __version__
from workbench.core.errors import WorkbenchError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench-cli",
        description="Import, inspect, export and compare coded news dispatches.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except WorkbenchError as exc:
        print(f"workbench-cli: {exc.line()}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (``| head``) has all it wanted; point stdout at nothing so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"workbench-cli: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench-cli: interrupted", file=sys.stderr)
        return 130
