"""What the suggestion queues and the confidence column cost on 150,000 entries, 10,000 coded.

"Next most uncertain" (U) and "next random" (R) run on a key press, so each is set beside
"next uncoded" finding the first uncoded shown entry from the coding mask, measured in the
same run. Filtering by confidence is set beside filtering by status (both masks over every
entry); sorting the list by its Confidence column beside sorting it by Time. The scores
of a round are made into one array the first time a filter or sort asks for them: that
cost is printed apart, as it is paid once per round, not per key press.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_queues.py [ENTRIES]``
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from synthetic import make_project
from timing import median_seconds

from workbench.core.filtering import EntryFilter
from workbench.index.filtering import filter_entries
from workbench.index.queues import least_certain, random_uncoded, uncoded_among
from workbench.index.suggestions import Suggestion, SuggestionRound
from workbench.ui.navigator.entry_model import TIME_COLUMN, EntryTableModel
from workbench.ui.session import Session

RUNS = 20


def main() -> int:
    QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    project = make_project(entries, annotators=1, coded_fraction=min(1.0, 10_000 / entries))
    annotator = next(iter(project.annotators()))
    session = Session(project, None, annotator)
    index = session.index
    rng = random.Random(0)
    by_entry, margins = {}, {}
    for entry in project.entries:
        top = rng.random()
        by_entry[entry.id] = [
            Suggestion("stance", "favor", top, "model", "stance#1"),
            Suggestion("stance", "against", top * rng.random(), "model", "stance#1"),
        ]
        margins[entry.id] = rng.random()
    index.suggestions.publish(SuggestionRound(by_entry, [], margins))
    shown = session.visible_array()
    coded = len(project.layer(annotator) or {})
    print(f"{len(project.entries):,} entries, {coded:,} coded by {annotator}, every entry scored")

    def next_uncoded() -> int:
        return int(uncoded_among(index, annotator, shown)[0])

    baseline = 1e3 * median_seconds(next_uncoded, RUNS)
    began = time.perf_counter()
    least_certain(index, annotator, shown)
    first_u = (time.perf_counter() - began) * 1e3
    u = 1e3 * median_seconds(lambda: least_certain(index, annotator, shown), RUNS)
    r = 1e3 * median_seconds(
        lambda: random_uncoded(index, annotator, shown, rng, project.entries[0].id), RUNS
    )
    print(f"key press, baseline next uncoded (mask): {baseline:7.2f} ms")
    print(
        f"  U next most uncertain: {u:7.2f} ms  ({u / baseline:.1f}x)  first after a round: {first_u:.0f} ms"
    )
    print(f"  R next random:         {r:7.2f} ms  ({r / baseline:.1f}x)")

    by_status = 1e3 * median_seconds(
        lambda: filter_entries(index, EntryFilter(status="uncoded"), annotator), 5
    )
    began = time.perf_counter()
    index.suggestions.confidences()
    scores_once = (time.perf_counter() - began) * 1e3
    by_confidence = 1e3 * median_seconds(
        lambda: filter_entries(index, EntryFilter(confidence=(0.0, 0.6)), annotator), 5
    )
    print(f"filter, baseline status uncoded: {by_status:7.1f} ms")
    print(f"  confidence below 60%:          {by_confidence:7.1f} ms  ({by_confidence / by_status:.1f}x)")
    print(f"  the round's scores as one array (once per round): {scores_once:.0f} ms")

    model = EntryTableModel(session)
    by_time = 1e3 * median_seconds(lambda: model.sort(TIME_COLUMN, Qt.SortOrder.AscendingOrder), 3)
    column = model.confidence_column
    by_score = 1e3 * median_seconds(lambda: model.sort(column, Qt.SortOrder.AscendingOrder), 3)
    print(f"sort the list, baseline by Time: {by_time:7.1f} ms")
    print(f"  by Confidence:                 {by_score:7.1f} ms  ({by_score / by_time:.1f}x)")
    assert np.all(np.diff(index.suggestions.confidences()[model._rows]) >= 0)  # the sort holds
    return 0


if __name__ == "__main__":
    sys.exit(main())
