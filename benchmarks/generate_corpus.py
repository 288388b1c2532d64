"""Write synthetic AP-style "The Latest" live blogs as plain text files.

The import benchmark needs a large folder of text in the shape analysts actually receive
(domain.md section 1): title, date line, optional photo caption, the dateline lead with
"(all times local)", then time lines newest first, each followed by paragraphs, some blogs
running past midnight. The wording comes from ``synthetic.py`` and is original.

    python benchmarks/generate_corpus.py OUT_DIR [--entries 150000] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from synthetic import SyntheticDispatch, iter_dispatches, time_label


def render(dispatch: SyntheticDispatch, entries: int | None = None) -> str:
    """The text of one blog as printed, keeping only its first ``entries`` entries."""
    day = dispatch.published
    lines = [dispatch.title, "", f"{day:%B} {day.day}, {day.year}"]
    if dispatch.caption:
        lines.append(dispatch.caption)
    lines += ["", dispatch.lead, ""]
    for item in dispatch.entries[:entries]:
        if item.moment is None:
            raise ValueError("every entry of a text corpus needs a time line")
        lines += [time_label(item.moment), ""]
        for paragraph in item.text.split("\n\n"):
            lines += [paragraph, ""]
        lines.append("")
    return "\n".join(lines)


def write_corpus(folder: Path, entries: int = 150_000, seed: int = 0) -> list[Path]:
    """Write blogs holding exactly ``entries`` entries in all; returns the files in order."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    remaining = entries
    for number, dispatch in enumerate(iter_dispatches(entries // 10 + 1, seed, untimed_fraction=0.0)):
        if remaining <= 0:
            break
        path = folder / f"latest-{number:06d}.txt"
        path.write_text(render(dispatch, remaining), encoding="utf-8")
        remaining -= len(dispatch.entries)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--entries", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    files = write_corpus(args.folder, args.entries, args.seed)
    size = sum(path.stat().st_size for path in files)
    print(
        f"{len(files)} files, {args.entries} entries, {size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s -> {args.folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
