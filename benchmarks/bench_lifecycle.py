"""Project lifecycle costs on 150,000 entries: the autosave's pause, codebook edits, the editor.

The autosave writes on the UI thread (the project must not change while it is
serialised), so its pause is what an analyst feels every 30 seconds; it is reported beside
the atomic project save of the same data. The usual copy is a delta of the annotations
touched since the last save; the full copy (after an import, or of an unsaved project) is
shown too. A codebook rename rewrites every
annotation using the value and is reported beside one bare pass counting those
annotations. The editor's usage counts are one pass over all annotations.

Run: .venv/bin/python benchmarks/bench_lifecycle.py [ENTRIES]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication
from synthetic import make_project
from timing import median_seconds

from workbench.core import codebook_edits
from workbench.core.code_matching import annotations_using, usage_counts
from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.project.file import save_project
from workbench.ui.project.autosave import Autosave
from workbench.ui.session import Session

RUNS = 3


def main() -> None:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    app = QApplication.instance() or QApplication([])
    print(f"building {entries:,} entries…", flush=True)
    project = make_project(entries)
    annotator = next(iter(project.annotators()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        session = Session(project, path, annotator=annotator)
        autosave = Autosave(session, interval_ms=3_600_000, folder=Path(folder) / "recovery")
        for entry in project.entries[:200]:  # a few minutes of coding since the last save
            session.push(edit_annotation(project, annotator, entry.id, "x", set_value("stance", "favor")))
        save_s = median_seconds(lambda: save_project(project, path), RUNS)
        delta_s = median_seconds(lambda: autosave.write_now(delta_ok=True), RUNS)
        delta_size = autosave.recovery_file().stat().st_size
        full_s = median_seconds(autosave.write_now, RUNS)
        print(f"atomic save (baseline)        {save_s * 1000:8.0f} ms")
        print(f"autosave, full copy           {full_s * 1000:8.0f} ms   ratio {full_s / save_s:.2f}")
        print(
            f"autosave, delta of 200 edits  {delta_s * 1000:8.0f} ms   ratio {delta_s / save_s:.4f}"
            f"   ({delta_size / 1024:.0f} KiB)"
        )
        session.undo_stack.setClean()
        autosave.discard()

    actor = project.codebook.dimension("actor")
    value = max(actor.keys(), key=lambda k: annotations_using(project, "actor", k))
    used = annotations_using(project, "actor", value)
    count_s = median_seconds(lambda: annotations_using(project, "actor", value), RUNS)

    def rename_and_undo() -> None:
        rename = codebook_edits.rename_value(project, "actor", value, value + " X")
        rename.redo(project)
        rename.undo(project)

    build_s = median_seconds(lambda: codebook_edits.rename_value(project, "actor", value, value + " X"), RUNS)
    round_s = median_seconds(rename_and_undo, RUNS)
    counts_s = median_seconds(lambda: usage_counts(project), RUNS)
    annotations = sum(len(layer) for layer in project.read_every_layer().values())
    print(f"'{value}' is used in {used:,} of {annotations:,} annotations")
    print(f"one counting pass (baseline)  {count_s * 1000:8.0f} ms")
    print(f"build rename command          {build_s * 1000:8.0f} ms   ratio {build_s / count_s:.1f}")
    print(f"rename + undo                 {round_s * 1000:8.0f} ms   ratio {round_s / count_s:.1f}")
    print(f"editor usage counts           {counts_s * 1000:8.0f} ms   ratio {counts_s / count_s:.1f}")
    app.quit()


if __name__ == "__main__":
    main()
