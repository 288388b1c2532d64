"""Run every ``bench_*.py`` in this folder, one after another, each in its own interpreter.

    .venv/bin/python benchmarks/run_all.py [ENTRIES] [-k SUBSTRING]

A fresh interpreter per benchmark keeps one benchmark's memory and warm caches from
flattering or penalising the next. ENTRIES (default: each script's own, 150,000) is
passed on to every script. Qt benchmarks run offscreen. The exit code is 1 when any
benchmark failed, so a missed run is not mistaken for a fast one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", nargs="?", type=int, help="entries per benchmark (default 150,000)")
    parser.add_argument("-k", dest="pattern", default="", help="run only benchmarks whose name contains this")
    args = parser.parse_args(argv)

    scripts = sorted(p for p in HERE.glob("bench_*.py") if args.pattern in p.stem)
    if not scripts:
        print(f"no benchmark matches '{args.pattern}'", file=sys.stderr)
        return 2
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    extra = [str(args.entries)] if args.entries else []
    results: list[tuple[str, int, float]] = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent, env=env)
        results.append((script.name, code, time.perf_counter() - started))
        print(flush=True)

    print("=== summary")
    for name, code, seconds in results:
        print(f"  {name:<28} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {seconds:6.1f} s")
    return 1 if any(code for _, code, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
