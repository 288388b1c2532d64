"""File ▸ Import predictions: a team's own model's scores, shown as suggestions.

The window's way to what ``workbench-cli import-predictions`` does, without closing the
project: the file is read in the background (the same reader, so the same one-line
errors, and all or nothing) and lands as one undoable step that replaces the scores
imported before. Its suggestions then show and are accepted like the local model's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import WorkbenchError
from workbench.core.model import ImportedPredictions
from workbench.core.undoable import ReplacePredictions
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
    codebook = project.codebook  # replaced, never changed in place, by a codebook edit
    data: list[bytes] = []

    def work(progress: Progress, cancelled: IsCancelled) -> ImportedPredictions:
        data.append(read_limited(chosen))
        return read_predictions(data[0], str(chosen), project, chosen.stem)

    def done(predictions: ImportedPredictions) -> None:
        if session.project is not project:
            return  # another project was opened meanwhile: these scores are for the one closed
        if project.codebook is not codebook or not all(map(project.has_entry, predictions.scores)):
            # Edited while the file was read (an undone import, a renamed code): checked
            # again, so that no score the saved project would refuse gets in.
            try:
                predictions = read_predictions(data[0], str(chosen), project, chosen.stem)
            except WorkbenchError as exc:
                window.dialogs.warn(title, exc.line())
                return
        before = project.predictions
        session.push(ReplacePredictions(f"Import predictions from {chosen.name}", before, predictions))
        replaced = f"; they replace those from {before.source}" if before is not None else ""
        window.statusBar().showMessage(
            f"{predictions.summary()} imported from {chosen.name} (source {predictions.source})"
            f"{replaced}. Undo takes them back.",
            8000,
        )

    title = f"Importing predictions from {chosen.name}"
    run_job(window, title, work, done, warn=window.dialogs.warn)
