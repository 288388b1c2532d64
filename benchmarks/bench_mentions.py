"""Mention suggestions with very many aliases and on a long entry (``index/mentions``).

Measures, for the stock ``plover`` codebook (10 actors, the baseline) and for codebooks of
10,000 and 100,000 synthetic actors with three aliases each:

- building the alias table (once per codebook);
- finding the mentions in an entry of news-like text of about 1 KB, and of about 1 MB;

and beside them, as the alternative considered, one compiled regular expression of every
alias (``(?<!\\w)(?:alias|alias|...)(?!\\w)``, longest first, ignoring case) on the same texts
(on the 1 MB text estimated from its first 10 KB: the whole took over ten minutes; not
at all beyond 10,000 actors, where it took 1.9 s on 1 KB and an estimated 80 minutes on 1 MB).
Each figure is the best of a few runs, in milliseconds, with its ratio to the baseline's.

Run: .venv/bin/python benchmarks/bench_mentions.py [ACTORS ...]   (default: 10000 100000)
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable

from workbench.core.codebook import CodeValue, builtin_codebook
from workbench.index.mentions import alias_matcher

WORDS = " ".join(
    [
        "the talks resumed on Tuesday after envoys from the Kremlin and Ankara met in Geneva while",
        "shelling continued near the border and aid convoys waited for permission to cross a",
        "spokesman said the United Nations would report to the Security Council later and a",
        "ministry of defence statement denied it",
    ]
).split()


def _text(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _codebook(actors: int):
    codebook = builtin_codebook("plover")
    actor = codebook.dimension("actor")
    assert actor is not None
    for i in range(actors):
        name = f"Actorland{i}"
        actor.values.append(
            CodeValue(key=f"A{i}", label=name, aliases=[name, f"{name}ian", f"Ministry of {name}"])
        )
    return codebook


def _regex(codebook) -> re.Pattern[str]:
    aliases = sorted(
        {a for d in codebook.dimensions for v in d.values for a in v.aliases}, key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, aliases)) + r")(?!\w)", re.IGNORECASE)


def _row(actors: int, short: str, long: str) -> tuple[int, float, float, float, float, float, int]:
    codebook = _codebook(actors)
    build = _best(lambda: alias_matcher(codebook), 1)
    matcher = alias_matcher(codebook)
    pattern = _regex(codebook) if actors <= 10_000 else None
    nan = float("nan")
    return (
        actors,
        build,
        _best(lambda: matcher.find(short)),
        _best(lambda: matcher.find(long), 1),
        _best(lambda: pattern.findall(short), 1) if pattern else nan,
        _best(lambda: pattern.findall(long[:10_000]), 1) * 100 if pattern else nan,
        len(matcher.find(long)),
    )


def main(sizes: list[int]) -> None:
    short, long = _text(1_000), _text(1_000_000)
    rows = [_row(actors, short, long) for actors in [0, *sizes]]
    base = rows[0]
    print("actors    build ms   1KB ms (x)      1MB ms (x)        regex 1KB ms   regex 1MB ms   finds in 1MB")
    for actors, build, find_short, find_long, regex_short, regex_long, found in rows:
        print(
            f"{10 + actors:>7,}  {build:>9.1f}   {find_short:>6.2f} ({find_short / base[2]:4.1f})"
            f"   {find_long:>8.0f} ({find_long / base[3]:4.1f})   {regex_short:>12.2f}   {regex_long:>12.0f}"
            f"   {found:>10,}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
