"""Shared pieces of the fuzz tests: hostile byte strategies, a hang guard and a case counter.

Every fuzz target is called through ``expect_clean_outcome``, which accepts exactly two
outcomes, a result or a ``WorkbenchError`` with a message, and counts the cases per target
so the run ends with a summary of how much was tried (see ``conftest.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from workbench.core.errors import WorkbenchError

T = TypeVar("T")

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "40"))
#: A case taking longer than this is a hang: the alarm turns it into a test failure.
HANG_SECONDS = 20

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the hang guard below is the real limit; a loaded CI box must not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    derandomize=os.environ.get("WORKBENCH_FUZZ_RANDOM") is None,
)

#: target -> outcome ("ok" | "refused") -> number of cases.
FUZZ_COUNTS: dict[str, Counter[str]] = {}


class Hang(Exception):
    """Raised by the alarm when one case runs past ``HANG_SECONDS``."""


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    def on_alarm(_signum: int, _frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expect_clean_outcome(target: str, call: Callable[[], T]) -> T | None:
    """Run one case: it may succeed or refuse with a WorkbenchError, nothing else."""
    counts = FUZZ_COUNTS.setdefault(target, Counter())
    with hang_guard():
        try:
            result = call()
        except WorkbenchError as exc:
            assert exc.line().strip(), f"{target}: a WorkbenchError without a message"
            assert "\n" not in exc.what, f"{target}: the message is not one line: {exc.what!r}"
            counts["refused"] += 1
            return None
    counts["ok"] += 1
    return result


#: Fragments that have broken parsers elsewhere: invalid UTF-8, surrogates, NULs, BOMs,
#: numbers no integer type holds, deep nesting, formula prefixes, bidi overrides.
HOSTILE_FRAGMENTS = [
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff\x00",
    b"\xef\xbb\xbf",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x80\x81\x82",
    b"99999999999999999999999999999999999999",
    b"-9223372036854775809",
    b"1e999999",
    b"NaN",
    b"Infinity",
    b"\\ud800",
    b"\\u0000",
    b'"',
    b"\r",
    b"\r\n\r\n",
    b"[" * 3000,
    b'{"a":' * 3000,
    b"<" * 2000,
    "\u202e\u2066".encode(),
    "\U0001f600\u0301\u200d".encode(),
    b"=cmd|' /C calc'!A0",
    b"\n8 p.m.\n",
    b"\nThe Latest: \n",
    b'{"__reduce__": ["os.system", ["echo pwned"]]}',
    b"!!python/object/apply:os.system ['echo pwned']",
]


def _apply_mutations(seed: bytes, edits: list[tuple[int, int, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for kind, at, length, fragment in edits:
        at = at % (len(data) + 1)
        if kind == 0:  # overwrite one byte
            if data:
                data[min(at, len(data) - 1)] = fragment[0] if fragment else 0
        elif kind == 1:  # insert a hostile fragment
            data[at:at] = fragment
        elif kind == 2:  # delete a stretch
            del data[at : at + length]
        else:  # duplicate a stretch
            data[at:at] = data[at : at + length]
    return bytes(data)


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Truncations and byte-level mutations of valid files, plus plain random bytes."""
    seed = st.sampled_from(seeds)
    truncated = seed.flatmap(lambda s: st.integers(0, max(len(s) - 1, 0)).map(lambda n: s[:n]))
    edit = st.tuples(
        st.integers(0, 3),
        st.integers(0, 1 << 30),
        st.integers(1, 64),
        st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.binary(min_size=1, max_size=16)),
    )
    edited = st.tuples(seed, st.lists(edit, min_size=1, max_size=6)).map(lambda p: _apply_mutations(*p))
    return st.one_of(truncated, edited, edited, st.binary(max_size=2048))


def _paths(node: Any, prefix: tuple[Any, ...] = (), limit: int = 400) -> list[tuple[Any, ...]]:
    """Paths to the nodes of a JSON document, breadth first, at most ``limit`` of them."""
    found: list[tuple[Any, ...]] = []
    queue: list[tuple[tuple[Any, ...], Any]] = [(prefix, node)]
    while queue and len(found) < limit:
        path, value = queue.pop(0)
        found.append(path)
        if isinstance(value, dict):
            queue.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            queue.extend(((*path, i), v) for i, v in enumerate(value))
    return found


_HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**400, -1, 0, 2**31]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "\x00", "\ud800", "=cmd|' /C calc'!A0", "../../etc/passwd", "e-0", "d-1"]),
    st.recursive(
        st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=5)),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    ),
    st.integers(50, 3000).map(lambda depth: json.loads("[" * min(depth, 900) + "]" * min(depth, 900))),
)


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


@st.composite
def json_shape_mutations(draw: st.DrawFn, seed_documents: list[Any]) -> bytes:
    """A valid document with a few nodes swapped for values of the wrong type or size.

    ``json.dumps`` is used to write the result because it will write what orjson refuses
    (NaN, huge integers, lone surrogates), which is exactly what hostile files contain.
    """
    doc = json.loads(json.dumps(draw(st.sampled_from(seed_documents))))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        target = draw(st.sampled_from(paths))
        if target and draw(st.integers(0, 4)) == 0:
            parent = doc
            for key in target[:-1]:
                parent = parent[key]
            if isinstance(parent, dict):
                del parent[target[-1]]  # a missing required field
                continue
        doc = _replace(doc, target, draw(_HOSTILE_VALUES))
    try:
        return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):
        return json.dumps(doc, ensure_ascii=True, check_circular=False).encode()
