"""Reports how many fuzz cases each target ran, at the end of the test session."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from .fuzz_support import EXAMPLES, FUZZ_COUNTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FUZZ_COUNTS:
        return
    terminalreporter.section(f"fuzz cases (WORKBENCH_FUZZ_EXAMPLES={EXAMPLES} per test)")
    total = 0
    for target in sorted(FUZZ_COUNTS):
        counts = FUZZ_COUNTS[target]
        runs = sum(counts.values())
        total += runs
        terminalreporter.write_line(
            f"{target:<40} {runs:>7} cases ({counts['ok']} accepted, {counts['refused']} refused)"
        )
    terminalreporter.write_line(f"{'all targets':<40} {total:>7} cases, no other exception, no hang")
    report = os.environ.get("WORKBENCH_FUZZ_REPORT")
    if report:
        Path(report).write_bytes(orjson.dumps({t: dict(c) for t, c in FUZZ_COUNTS.items()}))
