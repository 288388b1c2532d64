"""The local suggestion models on 150,000 entries with 10,000 coded.

The corpus is ``synthetic.make_project``'s, with one original sentence added to every entry
whose words decide its stance, actor and event type (a cue verb, a capital's name, an event
word), so the models have something to learn; 10,000 entries in one annotator's layer are
coded by those words.

Measured, each beside a baseline of the same run:
- reading the coded entries' words (once a round, shared by the dimensions), then training
  per dimension (grouped cross-validation and the final fit): target <= 10 s of CPU (wall
  time on a shared machine also counts waiting for a core); baseline: a plain Python loop
  splitting the coded texts;
- the suggestion for the shown entry (``SuggestionParts.for_entry``, median, 99th percentile
  and worst of 1,000 entries; the worst is whatever the machine did meanwhile, a collection
  or another process): target <= 5 ms at the 99th percentile; baseline: ``Project.annotation``
  of the same entries;
- predicting the whole corpus with the models that are "on": target <= 30 s; baseline: a
  plain Python loop splitting every text (the least any reading of the words costs);
- the worst lateness of a 10 ms timer on the main thread (a key press waits as long) while
  a whole round runs on the preparation runner's worker: target <= 50 ms; baseline: the
  same timer with nothing running.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_suggest.py [ENTRIES]``
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from synthetic import make_project

from workbench.core.model import Annotation, Entry, Project
from workbench.index.plan import SUGGESTION_MODELS, UNREAD_LAYERS, Step, suggestion_preparation
from workbench.index.project_index import ProjectIndex
from workbench.learning.coded import examples
from workbench.learning.features import Featurizer
from workbench.learning.models import evaluate, fit
from workbench.learning.rounds import RoundResult, _predict, _rows, version
from workbench.ui.app import SWITCH_INTERVAL
from workbench.ui.preparation import Preparation

ENTRIES = 150_000
CODED = 10_000
ANNOTATOR = "amira"
STANCE_CUES = {
    "against": ("condemned", "rejected", "denounced"),
    "neutral": ("noted", "reported", "described"),
    "favor": ("welcomed", "praised", "endorsed"),
}
ACTOR_NAMES = {"RUS": "Moscow", "TUR": "Ankara", "IRN": "Tehran", "USA": "Washington", "UNO": "the UN office"}
EVENT_WORDS = {
    "CONSULT": "a round of talks",
    "ACCUSE": "an accusation",
    "AGREE": "a pledge",
    "PROTEST": "a march",
}


def corpus(entries: int, coded: int) -> Project:
    """``make_project``'s corpus with a deciding sentence per entry and ``coded`` entries coded."""
    project = make_project(entries, annotators=1, coded_fraction=0.0)
    rng = random.Random(7)
    layer: dict[str, Annotation] = {}
    chosen = set(rng.sample(range(len(project.entries)), min(coded, len(project.entries))))
    new_entries = []
    for i, e in enumerate(project.entries):
        stance = rng.choice(list(STANCE_CUES))
        actor = rng.choice(list(ACTOR_NAMES))
        event = rng.choice(list(EVENT_WORDS))
        cue = f" {ACTOR_NAMES[actor]} {rng.choice(STANCE_CUES[stance])} {EVENT_WORDS[event]} on the day."
        new_entries.append(Entry(e.id, e.dispatch_id, e.position, e.time_label, e.timestamp, e.text + cue))
        if i in chosen:
            values = {"stance": stance, "actor": [actor], "event_type": [event]}
            layer[e.id] = Annotation(values=values, status="done")  # type: ignore[arg-type]
    project.entries = new_entries
    project.entries_changed()
    project.replace_layers({ANNOTATOR: layer})
    return project


def cpu_and_wall(run):
    start, start_cpu = time.perf_counter(), time.process_time()
    value = run()
    return value, time.perf_counter() - start, time.process_time() - start_cpu


def drain(generator):
    while True:
        try:
            next(generator)
        except StopIteration as done:
            return done.value


def main() -> int:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else ENTRIES
    coded = min(CODED, entries // 15)
    print(f"bench_suggest: {entries:,} entries, {coded:,} coded by words that decide the labels")
    app = QApplication.instance() or QApplication([])
    sys.setswitchinterval(SWITCH_INTERVAL)
    project = corpus(entries, coded)
    layer = project.layer(ANNOTATOR) or {}
    failures = 0

    def verdict(ok: bool) -> str:
        nonlocal failures
        failures += not ok
        return "ok" if ok else "OVER TARGET"

    coded_texts = [
        project.entries[i].text for i in range(len(project.entries)) if project.entries[i].id in layer
    ]
    _, split_wall, split_cpu = cpu_and_wall(lambda: [t.lower().split() for t in coded_texts])
    print(
        f"\nbaseline: splitting the {len(coded_texts):,} coded texts   {split_wall:6.2f} s (CPU {split_cpu:.2f} s)"
    )
    models = []
    featurizer = Featurizer()
    coded_rows = [i for i, e in enumerate(project.entries) if e.id in layer]
    all_rows, wall, cpu = cpu_and_wall(
        lambda: drain(_rows(featurizer, [project.entries[r].text for r in coded_rows], lambda: None))
    )
    where = {row: i for i, row in enumerate(coded_rows)}
    print(
        f"reading the coded entries' words (once a round) {wall:6.2f} s (CPU {cpu:.2f} s; "
        f"{wall / split_wall:5.1f}x baseline), {all_rows.nnz / all_rows.shape[0]:.0f} columns per entry"
    )
    for dimension in [d for d in project.codebook.dimensions if d.kind in ("single", "multi")]:

        def train(dimension=dimension):
            data = examples(dimension, project.entries, layer)
            rows = all_rows[[where[r] for r in data.rows]]
            quality = evaluate(data, rows)
            return quality, fit(data, rows)

        (quality, model), wall, cpu = cpu_and_wall(train)
        print(
            f"training {dimension.key:<11} {wall:6.2f} s (CPU {cpu:.2f} s; {wall / split_wall:5.1f}x baseline) "
            f"{verdict(cpu <= 10)}  {quality.status}: accuracy {quality.accuracy:.3f} vs {quality.baseline_accuracy:.3f}, "
            f"macro-F1 {quality.macro_f1:.3f} vs {quality.baseline_macro_f1:.3f}"
        )
        if quality.status == "on" and model is not None:
            models.append((dimension.key, model, version(dimension.key, 1)))

    texts = [e.text for e in project.entries]
    _, all_split_wall, all_split_cpu = cpu_and_wall(lambda: [t.lower().split() for t in texts])
    result = RoundResult()
    _, wall, cpu = cpu_and_wall(
        lambda: drain(_predict(models, project.entries, featurizer, lambda: None, result))
    )
    print(
        f"\nbaseline: splitting all {len(texts):,} texts        {all_split_wall:6.2f} s (CPU {all_split_cpu:.2f} s)"
    )
    print(
        f"predicting the corpus ({len(models)} models) {wall:6.2f} s (CPU {cpu:.2f} s; "
        f"{wall / all_split_wall:5.1f}x baseline) {verdict(cpu <= 30)}; {len(result.by_entry):,} entries suggested"
    )

    index = ProjectIndex(project)
    drain(index.suggestions.training(ANNOTATOR))
    sample = random.Random(3).sample([e.id for e in project.entries], 1000)
    suggestion_times = []
    lookup_times = []
    for entry_id in sample:
        start = time.perf_counter()
        index.suggestions.for_entry(entry_id, ANNOTATOR)
        suggestion_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        project.annotation(ANNOTATOR, entry_id)
        lookup_times.append(time.perf_counter() - start)
    median, worst = statistics.median(suggestion_times) * 1000, max(suggestion_times) * 1000
    p99 = statistics.quantiles(suggestion_times, n=100)[98] * 1000
    print(
        f"\nbaseline: Project.annotation              median {statistics.median(lookup_times) * 1000:.4f} ms"
        f"\nsuggestion for the shown entry           median {median:.4f} ms, 99th percentile {p99:.4f} ms, "
        f"worst {worst:.3f} ms {verdict(p99 <= 5)}"
    )

    idle_worst = lateness(app, None, 3.0)
    busy_worst, duration = lateness(app, index, None)
    print(
        f"\nbaseline: a 10 ms timer, nothing running  worst lateness {idle_worst * 1000:5.1f} ms"
        f"\ntimer while a round runs on the worker    worst lateness {busy_worst * 1000:5.1f} ms "
        f"{verdict(busy_worst <= 0.05)} (round {duration:.1f} s)"
    )
    return 1 if failures else 0


def lateness(app: QApplication, index: ProjectIndex | None, seconds: float | None):
    """The worst lateness of a 10 ms timer: for ``seconds``, or while a whole round runs on the
    preparation runner's worker (then also how long the round took)."""
    clock = QElapsedTimer()
    worst = 0.0
    last = [0]

    def tick() -> None:
        nonlocal worst
        now = clock.elapsed()
        worst = max(worst, (now - last[0] - 10) / 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    runner = Preparation()
    loop = QEventLoop()
    done: list[float] = []

    def finished(name: str) -> None:
        if name == SUGGESTION_MODELS:
            done.append(time.perf_counter())
            loop.quit()

    runner.finished.connect(finished)
    clock.start()
    timer.start()
    started = time.perf_counter()
    if index is not None:
        layers_read = Step(UNREAD_LAYERS, "idle", lambda: iter(()))
        runner.start([layers_read, *suggestion_preparation(index, ANNOTATOR, delay_ms=0)])
    else:
        QTimer.singleShot(int((seconds or 0) * 1000), loop.quit)
    loop.exec()
    timer.stop()
    runner.stop()
    if seconds is not None:
        return worst
    return worst, done[0] - started


if __name__ == "__main__":
    sys.exit(main())
