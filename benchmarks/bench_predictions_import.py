"""File ▸ Import predictions at 150,000 entries, offscreen: the reading and what it holds the window.

An outside model's file has a stance and an actor score for every entry (300,000 JSONL
rows). Reported beside baselines measured in the same run:

- reading and checking the file on the worker, beside ``orjson.loads`` of its lines (the
  least any reader does): target within 5x (a busy bar shows meanwhile);
- the UI thread's part once the file is read (the undo step, every view's refresh and
  repaint, the status line), as CPU time, beside Edit ▸ Code blind switched on and off,
  which refreshes the same views of suggestions: target within 2x and 250 ms;
- the Confidence column's array made again after the import, paid on the next confidence
  filter or sort, beside making it with the local model's round only.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_predictions_import.py [ENTRIES]``
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from synthetic import make_project
from timing import cpu_ms, median_seconds

from workbench.core.undoable import ReplacePredictions, SetBlind
from workbench.formats.importers.predictions import read_predictions
from workbench.index.suggestions import Suggestion, SuggestionRound
from workbench.ui import jobs
from workbench.ui.app import build_window
from workbench.ui.session import Session
from workbench.ui.suggestions.predictions_import import import_predictions

ANNOTATOR = "amira"
ROUNDS = 5
ACTORS = ("RUS", "TUR", "USA", "UNO", "NGO")


def main() -> int:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    app = QApplication.instance() or QApplication([])
    project = make_project(entries, annotators=1, coded_fraction=min(1.0, 10_000 / entries))
    rows = []
    for i, entry in enumerate(project.entries):
        rows.append({"id": entry.id, "dimension": "stance", "value": "favor", "score": (i % 97) / 97})
        rows.append({"id": entry.id, "dimension": "actor", "value": ACTORS[i % 5], "score": (i % 89) / 89})
    data = b"".join(orjson.dumps(r) + b"\n" for r in rows)
    print(f"{entries:,} entries; a predictions file of {len(rows):,} rows, {len(data) / 1e6:.1f} MB")

    loads = median_seconds(lambda: [orjson.loads(line) for line in data.splitlines()], ROUNDS)
    read = median_seconds(lambda: read_predictions(data, "bert.jsonl", project, "bert"), ROUNDS)
    print(f"{'reading, baseline orjson.loads of the lines':46} {loads * 1000:8.0f} ms")
    print(f"{'  read_predictions (on the worker)':46} {read * 1000:8.0f} ms  x{read / loads:.2f}")

    session = Session(project, None, annotator=ANNOTATOR)
    round_ = SuggestionRound(
        by_entry={e.id: (Suggestion("stance", "against", 0.6, "model", "stance#1"),) for e in project.entries}
    )
    session.index.suggestions.publish(round_)
    window, _lifecycle = build_window(session, offer_recovered_work=False)
    window.resize(1400, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    for _ in range(20):
        app.processEvents()
    suggestions = session.index.suggestions
    began = time.perf_counter()
    suggestions.confidences()
    model_only = time.perf_counter() - began

    def blind_switch(on: bool) -> Callable[[], None]:
        return lambda: session.push(SetBlind(ANNOTATOR, on))

    blind = statistics.median(cpu_ms(app, blind_switch(on)) for on in (True, False) * ROUNDS)
    imported = read_predictions(data, "bert.jsonl", project, "bert")
    summary = imported.summary()  # made on the worker, with the reading

    def land() -> None:
        # What ``import_predictions``'s done() does on the UI thread, timed apart from the reading.
        session.push(ReplacePredictions("Import predictions from bert.jsonl", project.predictions, imported))
        window.statusBar().showMessage(f"{summary} imported from bert.jsonl")

    landing = []
    for _ in range(ROUNDS):
        landing.append(cpu_ms(app, land))
        session.undo_stack.undo()
        app.processEvents()
    landed = statistics.median(landing)
    session.undo_stack.redo()
    began = time.perf_counter()
    suggestions.confidences()
    with_imported = time.perf_counter() - began
    print(f"{'UI thread, baseline Code blind on/off':46} {blind:8.1f} ms")
    print(f"{'  the import landing (undo step, views)':46} {landed:8.1f} ms  x{landed / blind:.2f}")
    print(f"{'Confidence array, the local round only':46} {model_only * 1000:8.0f} ms")
    print(
        f"{'  with the imported scores too':46} {with_imported * 1000:8.0f} ms  x{with_imported / model_only:.2f}"
    )

    # The whole way once, through the menu's function and the job runner, as a check.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roberta.jsonl"
        path.write_bytes(data)
        import_predictions(window, path)
        while jobs.active_jobs():
            app.processEvents()
    assert project.predictions is not None and project.predictions.source == "roberta"
    ok = read <= 5 * loads and landed <= max(2 * blind, blind + 20) and landed <= 250
    print("targets met" if ok else "TARGETS MISSED")
    session.undo_stack.setClean()
    window.close()
    session.shut_down()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
