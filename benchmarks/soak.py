"""A long coding session on a large project, checked against an independent replay.

The window (offscreen) on a synthetic project takes thousands of seeded random actions
as an analyst's session would: move through the list, set and clear codes, mark entries
done or flagged, write notes, undo, redo, and save now and then. Meanwhile a replay that
shares no code with the workbench (plain dicts, its own undo and redo stacks) applies the
same actions. At the end the saved file is read back and the annotator's layer must be
exactly what the replay expects.

It reports the time per action (from the action until the event queue is drained, which
includes every view's refresh) beside a baseline measured in the same run: draining the
queue after a key press nobody handles. The trend compares the median of the last quarter of actions with
the first: a figure near 1.0 means no slowing down as the undo stack grows.

Run: .venv/bin/python benchmarks/soak.py [ACTIONS] [ENTRIES] [SEED]
Defaults: 20,000 actions on 150,000 entries, seed 0. Exits 1 on any mismatch.
SOAK_CHECK=1 compares the entry after every action and stops at the first divergence;
SOAK_SHOW=N prints the first N mismatched entries (saved, expected).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from synthetic import make_project

from workbench.formats.project.file import load_project, save_project
from workbench.ui.app import build_window
from workbench.ui.coding.operations import Coder
from workbench.ui.session import Session

ANNOTATOR = "amira"
SAVE_EVERY = 1_000

#: One entry's coding as the replay sees it: values (a list for multi dimensions, in the
#: order the codes were added), note and status. Empty means "no annotation".
State = tuple[tuple[tuple[str, str | tuple[str, ...]], ...], str, str]
EMPTY: State = ((), "", "todo")


@dataclass
class Replay:
    """The expected layer, kept with plain data and no workbench code."""

    states: dict[str, State]
    undo: list[tuple[str, State, State]] = field(default_factory=list)
    redo: list[tuple[str, State, State]] = field(default_factory=list)

    def apply(self, entry_id: str, after: State) -> None:
        before = self.states.get(entry_id, EMPTY)
        if after == before:
            return  # the workbench pushes no step for an edit that changes nothing
        self._set(entry_id, after)
        self.undo.append((entry_id, before, after))
        self.redo.clear()

    def step_back(self) -> str | None:
        """Undo the last step; the entry it changed (undo shows it), or None."""
        if not self.undo:
            return None
        entry_id, before, after = self.undo.pop()
        self._set(entry_id, before)
        self.redo.append((entry_id, before, after))
        return entry_id

    def step_forward(self) -> str | None:
        if not self.redo:
            return None
        entry_id, before, after = self.redo.pop()
        self._set(entry_id, after)
        self.undo.append((entry_id, before, after))
        return entry_id

    def _set(self, entry_id: str, state: State) -> None:
        if state == EMPTY:
            self.states.pop(entry_id, None)
        else:
            self.states[entry_id] = state


def state_of(values: dict, note: str, status: str) -> State:
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    return (frozen, note, status)


def toggled(state: State, dimension: str, value: str, multi: bool) -> State:
    values = dict(state[0])
    current = values.get(dimension)
    if multi:
        items = list(current or ())
        items.remove(value) if value in items else items.append(value)
        if items:
            values[dimension] = tuple(items)
        else:
            values.pop(dimension, None)
    elif current == value:
        values.pop(dimension, None)
    else:
        values[dimension] = value
    return (tuple(sorted(values.items())), state[1], state[2])


def drained(app: QApplication, action) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    actions = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    entries = int(sys.argv[2]) if len(sys.argv) > 2 else 150_000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="workbench-soak-"))
    path = folder / "soak.json"
    save_project(make_project(entries=entries, annotators=2, seed=0), path)

    session = Session(load_project(path), path, annotator=ANNOTATOR)
    window, lifecycle = build_window(session, offer_recovered_work=False)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    project = session.project
    layer = project.layer(ANNOTATOR) or {}
    replay = Replay({eid: state_of(a.values, a.note, a.status) for eid, a in layer.items()})
    replay.states = {eid: s for eid, s in replay.states.items() if s != EMPTY}
    ids = [e.id for e in project.entries]
    index_of = {entry_id: i for i, entry_id in enumerate(ids)}
    dimensions = [d for d in project.codebook.dimensions if d.kind != "span" and d.values]
    coder = Coder(session)
    position = rng.randrange(len(ids))
    session.set_current(ids[position])
    app.processEvents()

    times: dict[str, list[float]] = {}
    sequence: list[float] = []
    baseline = [drained(app, lambda: QTest.keyClick(window, Qt.Key.Key_F35)) for _ in range(200)]
    for n in range(actions):
        entry_id, shown = ids[position], None
        roll = rng.random()
        if roll < 0.15:
            kind = "move"
            position = (position + rng.choice((1, -1, rng.randrange(len(ids))))) % len(ids)
            target = ids[position]
            ms = drained(app, lambda target=target: session.set_current(target))
        elif roll < 0.60:
            kind = "code"
            dimension = rng.choice(dimensions)
            value = rng.choice(dimension.values).key
            multi = dimension.kind == "multi"
            replay.apply(entry_id, toggled(replay.states.get(entry_id, EMPTY), dimension.key, value, multi))
            ms = drained(app, lambda d=dimension.key, v=value: coder.toggle(d, v))
        elif roll < 0.70:
            kind = "status"
            status = rng.choice(("done", "flagged"))
            before = replay.states.get(entry_id, EMPTY)
            replay.apply(entry_id, (before[0], before[1], "todo" if before[2] == status else status))
            ms = drained(app, lambda s=status: coder.toggle_status(s))
        elif roll < 0.74:
            kind = "note"
            note = rng.choice(("", "check the source", f"note {n}"))
            before = replay.states.get(entry_id, EMPTY)
            replay.apply(entry_id, (before[0], note, before[2]))
            ms = drained(app, lambda t=note: coder.set_note(t))
        elif roll < 0.89:
            kind = "undo"
            shown = replay.step_back()
            ms = drained(app, session.undo_stack.undo)
        else:
            kind = "redo"
            shown = replay.step_forward()
            ms = drained(app, session.undo_stack.redo)
        if kind in ("undo", "redo") and shown is not None:
            position = index_of[shown]  # undo and redo show the entry they changed
        times.setdefault(kind, []).append(ms)
        if os.environ.get("SOAK_CHECK"):
            for eid in {entry_id, ids[position]}:
                a = project.annotation(ANNOTATOR, eid)
                got = state_of(a.values, a.note, a.status) if a else EMPTY
                if got != replay.states.get(eid, EMPTY):
                    print(
                        "diverged at",
                        n,
                        kind,
                        eid,
                        got,
                        replay.states.get(eid, EMPTY),
                        session.undo_stack.count(),
                        session.undo_stack.index(),
                        len(replay.undo),
                        len(replay.redo),
                    )
                    return 2
        sequence.append(ms)
        if (n + 1) % SAVE_EVERY == 0:
            times.setdefault("save", []).append(drained(app, lifecycle.save))

    assert lifecycle.save(), "the final save failed"
    saved = load_project(path).layer(ANNOTATOR) or {}
    found = {eid: state_of(a.values, a.note, a.status) for eid, a in saved.items()}
    found = {eid: s for eid, s in found.items() if s != EMPTY}
    wrong = sorted(set(found) ^ set(replay.states) | {e for e in found if found[e] != replay.states.get(e)})
    for entry_id in wrong[: int(os.environ.get("SOAK_SHOW", "0"))]:
        print(entry_id, found.get(entry_id), replay.states.get(entry_id))

    quarter = max(1, len(sequence) // 4)
    first, last = statistics.median(sequence[:quarter]), statistics.median(sequence[-quarter:])
    base = statistics.median(baseline)
    print(f"soak: {actions:,} actions on {entries:,} entries, seed {sys.argv[3] if len(sys.argv) > 3 else 0}")
    print(f"  baseline (a key press nobody handles): median {base:.2f} ms")
    for kind, values in sorted(times.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(
            f"  {kind:<6} n={len(values):>6,}  median {statistics.median(values):7.2f} ms  p95 {p95:7.2f} ms"
        )
    print(f"  trend: last quarter / first quarter median = {last / first:.2f} ({first:.2f} -> {last:.2f} ms)")
    print(
        f"  saved layer: {len(found):,} coded entries; replay expects {len(replay.states):,}; mismatches {len(wrong)}"
    )
    session.undo_stack.setClean()
    window.close()
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
