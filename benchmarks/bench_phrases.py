"""Text search for phrases at 150,000 entries: through the word rows against a scan of the texts.

A phrase (text with a space or punctuation) cannot be answered by the word rows alone, so
it is searched for only in the entries holding each of its rarer words
(``WordRows.holding_each_word``); a phrase of common words is searched as before. The
baseline, measured in the same process, is the same search on an index whose word rows are
not built, which scans every entry's text. CPU ms of ``TextIndex.with_text`` over every
entry, best of 5, and the ratio to the baseline.

Run: .venv/bin/python benchmarks/bench_phrases.py [ENTRIES]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_project

from workbench.index.project_index import ProjectIndex

PHRASES = ("quarantine zone", "peace talks", "fire talks", "the talks", "in the", "talks,")


def best_ms(search: Callable[[], list[int]]) -> tuple[float, int]:
    """Least CPU milliseconds of five calls, and how many entries the search found."""
    least, found = float("inf"), 0
    for _ in range(5):
        start = time.process_time()
        found = len(search())
        least = min(least, time.process_time() - start)
    return least * 1000, found


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    project = make_project(entries, annotators=1)
    rows = ProjectIndex(project).text
    rows.build()
    scan = ProjectIndex(project).text  # never built: every search scans the texts
    print(f"phrases, {entries:,} entries: CPU ms of the search alone, best of 5")
    for phrase in PHRASES:
        ours, found = best_ms(lambda p=phrase: rows.with_text(p, None))
        baseline, scanned = best_ms(lambda p=phrase: scan.with_text(p, None))
        if found != scanned:
            raise SystemExit(f"{phrase!r}: the word rows found {found}, the scan {scanned}")
        print(
            f"  {phrase!r:18} {found:7,} entries  word rows {ours:6.2f} ms  "
            f"scan (baseline) {baseline:6.2f} ms  = {ours / baseline:.2f}x"
        )


if __name__ == "__main__":
    main()
