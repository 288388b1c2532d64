"""Review ▸ Prepare assignments…: the window's form of ``workbench-cli assign``.

The dialog asks for what the command's options say (coders, overlap, stratification,
seed, folder) and runs the same ``formats.assignments`` functions off the UI thread. The
open project then records the manifest (``assignment_checks.RecordManifest``, one undo
step, saved with the project), so that returned files added with Review ▸ Add annotation
layers from file… are checked against it and the Review dock shows each coder's progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.formats.project.assignment_checks import RecordManifest, progress, recorded_manifest
from workbench.formats.project.assignments import assign, parse_coders, write_assignment
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.jobs import run_job
from workbench.ui.session import Session

NOT_STRATIFIED = "(not stratified)"


class AssignmentDialog(QDialog):
    """The options of an assignment; ``options()`` checks them, naming the first problem."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, dialogs: Dialogs | None = None
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.setWindowTitle("Prepare assignments")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.coders = QLineEdit(self)
        self.coders.setObjectName("coders")
        self.coders.setPlaceholderText("amira, ben, chiara")
        self.overlap = QDoubleSpinBox(self)
        self.overlap.setObjectName("overlap")
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(0.2)
        self.stratify = QComboBox(self)
        self.stratify.setObjectName("stratify")
        self.stratify.addItems(
            [NOT_STRATIFIED, "dispatch", *(d.key for d in session.project.codebook.dimensions)]
        )
        self.by_dispatch = QCheckBox("sample and deal whole dispatches", self)
        self.by_dispatch.setObjectName("byDispatch")
        self.seed = QLineEdit(self)
        self.seed.setObjectName("seed")
        self.seed.setPlaceholderText("drawn and recorded when empty")
        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder)
        where.addWidget(browse)
        form.addRow("Coders:", self.coders)
        form.addRow("Reliability sample:", self.overlap)
        form.addRow("Stratify by:", self.stratify)
        form.addRow("", self.by_dispatch)
        form.addRow("Seed:", self.seed)
        form.addRow("Folder:", where)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = self.dialogs.open_folder("Folder for the coders' files", "")
        if folder is not None:
            self.folder.setText(str(folder))

    def options(self) -> dict[str, Any]:
        """The arguments of ``assign`` and the folder; ``WorkbenchError`` names what is wrong."""
        coders = parse_coders(self.coders.text())
        seed_text = self.seed.text().strip()
        if seed_text and not seed_text.isdigit():
            raise WorkbenchError(f"the seed must be a whole number, not '{seed_text}'")
        folder = self.folder.text().strip()
        if not folder:
            raise WorkbenchError("choose a folder for the coders' files")
        stratify = self.stratify.currentText()
        return {
            "coders": coders,
            "overlap": self.overlap.value(),
            "stratify": None if stratify == NOT_STRATIFIED else stratify,
            "unit": "dispatch" if self.by_dispatch.isChecked() else "entry",
            "seed": int(seed_text) if seed_text else None,
            "folder": Path(folder),
        }

    def _accept_if_valid(self) -> None:
        try:
            self.options()
        except WorkbenchError as exc:
            self.problem.setText(exc.line())
            return
        self.accept()


def prepare_assignments(window: QMainWindow) -> AssignmentDialog:
    """Show the dialog; when accepted, write the files and record the manifest in the project."""
    session: Session = window.session  # type: ignore[attr-defined]
    dialog = AssignmentDialog(session, window, window.dialogs)  # type: ignore[attr-defined]

    def start() -> None:
        options = dialog.options()
        folder = options.pop("folder")
        coders = options.pop("coders")
        project = session.project
        source = session.path.name if session.path else ""

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> dict[str, Any]:
            assignment = assign(project, coders, source=source, **options)
            write_assignment(assignment, folder)
            return assignment.manifest

        def done(manifest: dict[str, Any]) -> None:
            session.push(RecordManifest(manifest))
            coders = ", ".join(manifest["coders"])
            window.dialogs.inform(  # type: ignore[attr-defined]
                "Assignments prepared",
                f"Wrote a file for each of {coders} and manifest.json in {folder} "
                f"({len(manifest['sample'])} entries in the reliability sample, seed {manifest['seed']}).",
            )

        run_job(window, "Preparing assignments", work, done, warn=window.dialogs.warn)  # type: ignore[attr-defined]

    dialog.accepted.connect(start)
    dialog.open()
    return dialog


class ProgressTable(QTableWidget):
    """Each coder's assigned, done and flagged entries, shown while the project records a manifest."""

    COLUMNS = ("coder", "assigned", "done", "flagged", "in sample", "sample done")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setObjectName("assignmentProgress")
        self.session = session
        self.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session.changed.connect(lambda _change: self.refresh())
        session.projectReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        manifest = recorded_manifest(self.session.project)
        self.setVisible(manifest is not None)
        if manifest is None:
            return
        try:
            rows = progress(self.session.project, manifest)
        except WorkbenchError:
            rows = []
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.coder, row.assigned, row.done, row.flagged, row.in_sample, row.sample_done)
            for c, value in enumerate(cells):
                self.setItem(r, c, QTableWidgetItem(str(value)))
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        # As tall as its rows, so a team of three needs no scrolling and the list above keeps the rest.
        height = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(self.horizontalHeader().height() + height + 2 * self.frameWidth())
