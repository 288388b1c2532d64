"""The window with one very large thing: a codebook of many actors, or one 50 MB entry, offscreen.

Issue #20 point 10 found a codebook of 100,000 actors gave no window after 600 s (10,000
took 10 s) and a 50 MB entry took 61 s to select and 6.5 s per key press. This measures,
on a small project (2,000 entries) so the large thing dominates:

- the window built and shown (Session, MainWindow, exposed, events drained);
- the review dock raised (its list of disagreements painted);
- selecting an entry (``j`` from the first entry; in the long-entry case the next entry
  is the 50 MB one);
- a coding key press (``1``, ``2``, ``3``: stance) on that entry, the median of nine;
- switching the window's project away to the stock project and back to the large one
  (``Session.replace_project``, as File > Open does after its load);

each timed once the window's work after opening (text search index, coding conditions)
is done, as in ``bench_window.py``;
- opening the codebook editor (Edit > Edit codebook...), and opening its actor row;
- the activity chart broken down by actor;
- for the long entry, a bare ``QPlainTextEdit.setPlainText`` of its text: the floor of
  selecting it, which no change in the workbench can go below.

Baseline, measured in the same run: the same steps on the same project with the stock
``plover`` codebook (10 actors) and no long entry. Each case runs in a fresh interpreter
(so one case's memory and caches do not reach the next) with a time limit; a case over
the limit is reported as such. Times are CPU seconds of the process (wall time in
brackets); peak memory is the process's ``VmHWM``.

Run: .venv/bin/python benchmarks/bench_scale.py [--limit SECONDS] [CASE ...]
     cases: stock, actors-1000, actors-10000, actors-100000, long-50MB (default: all)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.session import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENTRIES = 2_000
LONG_BYTES = 50 * 1024**2
CASES = ("stock", "actors-1000", "actors-10000", "actors-100000", "long-50MB")
STEPS = (
    "window",
    "review list",
    "select",
    "key press",
    "switch away",
    "switch back",
    "codebook editor",
    "editor: actors",
    "chart by actor",
    "Qt setPlainText",
)


def build_project(case: str):
    """The 2,000-entry synthetic project, with the case's large thing added."""
    from synthetic import make_project

    from workbench.core.codebook import CodeValue
    from workbench.core.model import Annotation, Entry, Span

    project = make_project(ENTRIES, annotators=2)
    if case.startswith("actors-"):
        count = int(case.split("-")[1])
        actor = project.codebook.dimension("actor")
        assert actor is not None
        # Made-up actor codes after the stock ten; no shortcuts, as an imported list has none.
        actor.values += [
            CodeValue(key=f"ACT{n:06d}", label=f"Actor number {n}", colour="#6f8fb3")
            for n in range(count - len(actor.values))
        ]
    elif case.startswith("long-"):
        first = project.entries[1]
        # Curly quotes and an emoji, as real copy has: Qt positions then differ from code points.
        pooled = "\n\n".join(f"“{e.text}” 👍🏽" for e in project.entries)
        text = (pooled * (LONG_BYTES // len(pooled.encode()) + 1))[:LONG_BYTES]
        project.entries[1] = Entry(
            first.id, first.dispatch_id, first.position, first.time_label, first.timestamp, text
        )
        project.entries_changed()
        # Both coders marked a mention near the end and disagree on the stance: the entry
        # is painted with spans and listed in the review dock.
        for name, stance in zip(project.annotators(), ("favor", "against"), strict=False):
            annotation = project.layer(name).setdefault(first.id, Annotation())
            annotation.values["stance"] = stance
            end = len(text) - 100
            annotation.spans = [Span(end - 20, end, "mention", "PER")]
    return project


def run_case(case: str) -> dict[str, float]:
    """Every step of one case, in this process: {step: cpu seconds, step + ' wall': seconds}."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDockWidget

    from workbench.ui.coding.codebook_editor import CodebookEditor
    from workbench.ui.main_window import MainWindow
    from workbench.ui.session import Session

    app = QApplication.instance() or QApplication([])
    figures: dict[str, float] = {}

    def timed(step: str, action: Callable[[], object]) -> None:
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        app.processEvents()
        figures[step] = time.process_time() - start_cpu
        figures[f"{step} wall"] = time.perf_counter() - start

    project = build_project(case)
    stock = build_project("stock")
    session = Session(project, None, annotator="amira")
    holder: dict[str, MainWindow] = {}

    def show_window() -> None:
        window = MainWindow(session)
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window)
        holder["window"] = window

    timed("window", show_window)
    window = holder["window"]
    settle(app, session)
    table = window.navigator.table
    table.setFocus()
    app.processEvents()
    review = window.findChild(QDockWidget, "reviewDock")
    timed("review list", lambda: (review.show(), review.raise_()))
    table.setFocus()
    timed("select", lambda: QTest.keyClick(table, "j"))
    presses = []
    for key in "123" * 3:  # the median of nine: one press may meet a garbage collection
        timed("key press", lambda k=key: QTest.keyClick(table, k))
        presses.append((figures["key press"], figures["key press wall"]))
    figures["key press"], figures["key press wall"] = sorted(presses)[len(presses) // 2]
    timed("switch away", lambda: session.replace_project(stock, None))
    settle(app, session)
    timed("switch back", lambda: session.replace_project(project, None))
    settle(app, session)

    def open_editor() -> None:
        editor = CodebookEditor(session, window)
        editor.show()
        QTest.qWaitForWindowExposed(editor)
        holder["editor"] = editor

    timed("codebook editor", open_editor)
    tree = holder["editor"].tree
    actors = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(1) == "actor"
    )
    timed("editor: actors", lambda: actors.setExpanded(True))
    holder["editor"].close()
    chart = window.chart_dock.widget()
    box = getattr(chart, "breakdown_box", None)
    if box is not None:
        index = box.findData("actor")
        if index >= 0:
            timed("chart by actor", lambda: box.setCurrentIndex(index))
    if case.startswith("long-"):  # the floor of selecting it: Qt taking the text alone
        from PySide6.QtWidgets import QPlainTextEdit

        bare = QPlainTextEdit()
        timed("Qt setPlainText", lambda: bare.setPlainText(project.entries[1].text))
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_F12)
    figures["peak MB"] = peak_mb()
    return figures


def settle(app: QApplication, session: Session) -> None:
    """Wait for the work a window starts after opening (the text search index on its thread,
    the coding conditions in idle steps): CPU time counts every thread, so a step timed
    meanwhile would be charged with it."""
    from PySide6.QtTest import QTest

    from workbench.index.plan import CODING_DELAY_MS

    session.index.text.build()
    QTest.qWait(CODING_DELAY_MS)
    while session.is_preparing_coding():
        QTest.qWait(50)
    app.processEvents()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_fresh_process(case: str, limit: float) -> dict[str, float] | None:
    """The case's figures from a fresh interpreter, or None when it ran over ``limit`` seconds."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", case],
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"case {case} failed with exit status {done.returncode}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["--child"]:
        print(json.dumps(run_case(arguments[1])), flush=True)
        os._exit(0)  # freeing a 100,000-value codebook's widgets is no part of any step
    limit = 300.0
    if arguments[:1] == ["--limit"]:
        limit, arguments = float(arguments[1]), arguments[2:]
    cases = arguments or list(CASES)
    print(f"{ENTRIES:,} entries; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    baseline = in_fresh_process("stock", limit)
    assert baseline is not None, "the stock case ran over the limit"
    for case in cases:
        figures = baseline if case == "stock" else in_fresh_process(case, limit)
        if figures is None:
            print(f"\n{case}: no result within {limit:.0f} s")
            continue
        print(f"\n{case}  (peak memory {figures['peak MB']:.0f} MB; stock {baseline['peak MB']:.0f} MB)")
        for step in STEPS:
            if step not in figures:
                continue
            # A floor of this case alone, or a step the stock case has nothing to do in
            # (its ten actors' rows are open already): no ratio.
            if step not in baseline or baseline[step] < 0.001:
                print(
                    f"  {step:16s} CPU {figures[step] * 1000:9.1f} ms  (wall {figures[step + ' wall'] * 1000:9.1f} ms)"
                )
                continue
            ratio = figures[step] / max(baseline[step], 1e-4)
            print(
                f"  {step:16s} CPU {figures[step] * 1000:9.1f} ms  (wall {figures[step + ' wall'] * 1000:9.1f} ms)"
                f"  {ratio:7.1f}x stock ({baseline[step] * 1000:.1f} ms)"
            )


if __name__ == "__main__":
    main()
