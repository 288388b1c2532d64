"""File ▸ Import predictions: a team's own model's scores, shown as suggestions.

The window's way to what ``workbench-cli import-predictions`` does, without closing the
project: the file is read in the background (the same reader, so the same one-line
errors, and all or nothing) and lands as one undoable step that replaces the scores
imported before. Its suggestions then show and are accepted like the local model's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.model import ImportedPredictions
from workbench.core.undoable import Change, ReplacePredictions
from workbench.ui.jobs import IsCancelled, Progress, run_job

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

FILE_FILTER = "Predictions (*.jsonl *.ndjson *.json);;All files (*)"


def import_predictions(window: MainWindow, path: Path | None = None) -> None:
    """Ask for a predictions file (unless given one), read it off the UI thread, and put
    its scores in the project as one undo step, saying what came in and what it replaced."""
    if path is None:
        folder = str(Path(window.session.path).parent) if window.session.path else ""
        path = window.dialogs.open_file("Import predictions", folder, FILE_FILTER)
        if path is None:
            return
    chosen = path
    # Imported here: the readers pull in every importer, off the start-up path.
    from workbench.formats.importers.predictions import read_predictions
    from workbench.formats.importers.reading import read_limited

    session = window.session
    project = session.project
    changes: list[Change] = []  # what the project went through while the file was read

    def work(progress: Progress, cancelled: IsCancelled) -> tuple[ImportedPredictions, str]:
        predictions = read_predictions(read_limited(chosen), str(chosen), project, chosen.stem)
        return predictions, predictions.summary()  # counting 300,000 scores is worker's work too

    def done(read: tuple[ImportedPredictions, str]) -> None:
        predictions, summary = read
        if session.project is not project:
            return  # another project was opened meanwhile: these scores are for the one closed
        if any(c.entries_added_or_removed or c.codebook for c in changes):
            # An import undone or a code renamed meanwhile: read again against the project
            # as it is now, so that no score the saved project would refuse gets in.
            import_predictions(window, chosen)
            return
        before = project.predictions
        session.push(ReplacePredictions(f"Import predictions from {chosen.name}", before, predictions))
        replaced = f"; they replace those from {before.source}" if before is not None else ""
        window.statusBar().showMessage(
            f"{summary} imported from {chosen.name} (source {predictions.source})"
            f"{replaced}. Undo takes them back.",
            8000,
        )

    session.changed.connect(changes.append)
    job = run_job(window, f"Importing predictions from {chosen.name}", work, done, warn=window.dialogs.warn)
    job.finished.connect(lambda: session.changed.disconnect(changes.append))
