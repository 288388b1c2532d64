"""Importing files into the open project: File ▸ Import, dropped files and the command line.

Imports run off the UI thread and land as one undoable step, or not at all; a file whose
text field is ambiguous comes back as a question for the person, and the import runs again
with the answer. What was skipped or guessed is reported once, in one box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from workbench.core.errors import AmbiguousField
from workbench.core.undoable import AddImport, ImportBatch
from workbench.ui import jobs

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class ImportFlow(QObject):
    """Asks what to import, reads it in the background and adds it to the session."""

    def __init__(self, window: MainWindow, folder: Callable[[], str]) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.dialogs = window.dialogs
        self._folder = folder  # where the file dialogs start: the project's folder

    def import_files(self) -> None:
        from workbench.formats.importers import (
            reading as importing,  # every reader and charset detection: off start-up
        )

        patterns = " ".join(f"*{ext}" for ext in importing.supported_extensions())
        chosen = self.dialogs.open_files(
            "Import files", self._folder(), f"Importable files ({patterns});;All files (*)"
        )
        if chosen:
            self.import_paths(chosen)

    def import_folder(self) -> None:
        chosen = self.dialogs.open_folder("Import a folder", self._folder())
        if chosen is not None:
            self.import_paths([chosen])

    def import_paths(self, paths: Sequence[Path], text_field: str | None = None) -> jobs.Job:
        """Read ``paths`` in the background and add them as one undoable step; a file whose
        text field is ambiguous comes back as the question, to ask the person and run again."""
        from workbench.formats.importers import reading as importing  # imported here, like ``import_files``

        codebook = self.session.project.codebook.copy()  # the worker must not share live data
        label = paths[0].name if len(paths) == 1 else f"{len(paths)} items"

        def read(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            try:
                return importing.import_paths(paths, codebook, None, progress, cancelled, text_field)
            except AmbiguousField as question:
                return question

        return jobs.run_job(
            self.window,
            f"Importing {label}",
            read,
            lambda got: self._imported(got, paths, label),
            warn=self.dialogs.warn,
        )

    def _imported(self, got: object, paths: Sequence[Path], label: str) -> None:
        if isinstance(got, ImportBatch):
            self._add_import(got, label)
        elif isinstance(got, AmbiguousField):
            field = self.dialogs.choose("Import", f"{got.line()}\n\nWhich field holds the text?", got.choices)
            if field:
                self.import_paths(paths, text_field=field)

    def _add_import(self, batch: ImportBatch, label: str) -> None:
        project = self.session.project
        new_entries = sum(1 for e in batch.entries if not project.has_entry(e.id))
        new_codes = sum(
            1
            for annotator, layer in batch.layers.items()
            for entry_id in layer
            if project.annotation(annotator, entry_id) is None
        )
        if not new_entries and not new_codes:
            self._report_import(f"Nothing new in {label}: every entry is already in the project.", batch)
            return
        command = AddImport(batch, f"Import {label}")
        self.session.push(command)
        batch.problems.extend(command.problems)
        self.window.navigator.table.setFocus()
        self._report_import(
            f"Imported {new_entries} new entr{'y' if new_entries == 1 else 'ies'} from {label}.", batch
        )

    def _report_import(self, summary: str, batch: ImportBatch) -> None:
        self.window.statusBar().showMessage(summary, 6000)
        if batch.problems:
            count = len(batch.problems)
            self.dialogs.inform(
                "Import",
                summary,
                informative=f"{count} note{'s' * (count != 1)} (see details).",
                details="\n".join(batch.problems),
            )
