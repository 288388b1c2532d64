"""Import speed: 150,000 live-blog entries from a folder of text files.

Target: ``import_paths`` over the whole folder in at most 10 s. The baseline, measured in
the same run, is reading every file and splitting it into lines, the least any importer
must do; the ratio shows what parsing, timestamps and stable ids cost on top of that.

    .venv/bin/python benchmarks/bench_import.py [ENTRIES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import write_corpus

from workbench.core.codebook import builtin_codebook
from workbench.formats.importing import import_paths

TARGET_SECONDS = 10.0


def _baseline(files: list[Path]) -> float:
    started = time.perf_counter()
    lines = 0
    for path in files:
        lines += len(path.read_bytes().decode("utf-8").split("\n"))
    return time.perf_counter() - started


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    with tempfile.TemporaryDirectory() as folder:
        files = write_corpus(Path(folder), entries)
        size = sum(path.stat().st_size for path in files)
        baseline = _baseline(files)
        started = time.perf_counter()
        cpu = time.process_time()
        batch = import_paths([folder], builtin_codebook("plover"))
        cpu = time.process_time() - cpu
        elapsed = time.perf_counter() - started
    assert len(batch.entries) == entries, (len(batch.entries), entries)
    print(f"{len(files)} files, {size / 1e6:.0f} MB, {entries} entries")
    print(f"read + split lines (baseline): {baseline:6.2f} s")
    print(
        f"import_paths:                  {elapsed:6.2f} s ({cpu:.2f} s CPU), {elapsed / baseline:.1f}x baseline"
    )
    verdict = "meets" if elapsed <= TARGET_SECONDS else "MISSES"
    print(f"{verdict} the target of {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
