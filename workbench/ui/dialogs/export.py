"""File ▸ Export…: choose format, layer, subset and split, then export in the background.

The dialog only gathers ``ExportOptions`` and hands them to ``formats.exporting.run_export``
through ``run_job`` (progress bar, Cancel), so the window and ``workbench-cli export``
write identical files. The summary of what was written, tied and bent stays on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.adjudication import GOLD_LAYER
from workbench.formats.exporters.exporting import EXTENSIONS, ExportOptions, ExportSummary, run_export
from workbench.formats.exporters.splits import SplitSpec
from workbench.formats.exporters.which_layer import MAJORITY, NO_LAYER
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.jobs import SHOW_AFTER_MS, IsCancelled, Progress, run_job
from workbench.ui.session import Session
from workbench.ui.settings import Settings

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

FORMAT_CHOICES = (
    ("jsonl", "JSONL records (Hugging Face datasets)"),
    ("csv", "CSV spreadsheet"),
    ("spacy", "spaCy DocBin (.spacy)"),
    ("conll", "CoNLL-2003 BIO tags"),
    ("brat", "brat standoff (folder)"),
    ("qdpx", "REFI-QDA project (.qdpx)"),
)
SUBSET_CHOICES = (
    ("all", "All entries"),
    ("done", "Entries marked done"),
    ("adjudicated", "Adjudicated entries (in gold)"),
    ("filter", "Entries the current filter shows"),
)


class ExportDialog(QDialog):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        show_after_ms: int = SHOW_AFTER_MS,
        settings: Settings | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.settings = settings or Settings()
        self.show_after_ms = show_after_ms
        self.last_summary: ExportSummary | None = None
        self._target = Path()  # where the running export writes
        self.setWindowTitle("Export annotations")
        self.setObjectName("exportDialog")

        self.format_combo = QComboBox(self)
        for key, label in FORMAT_CHOICES:
            self.format_combo.addItem(label, key)
        self.layer_combo = QComboBox(self)
        self.subset_combo = QComboBox(self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText("Where to write the export")
        self.browse_button = QPushButton("Choose…", self)
        form = self._form()
        self.split_box = QGroupBox("Split into train / dev / test", self)
        self.ratio_spins: list[QDoubleSpinBox] = []
        self._fill_split_box()  # made after the ratios, so Tab goes ratios, seed, stratify

        self.summary_view = QPlainTextEdit(self)
        self.summary_view.setReadOnly(True)
        self.summary_view.setPlaceholderText("The summary of the export appears here.")
        self.summary_view.setMaximumHeight(120)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.split_box)
        layout.addWidget(QLabel("Summary:", self))
        layout.addWidget(self.summary_view)
        layout.addWidget(self.buttons)

        self.browse_button.clicked.connect(self.choose_path)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.split_box.toggled.connect(self._format_changed)
        self._fill_choices()
        last_format, _folder = self.settings.export_choice()
        if self.format_combo.findData(last_format) >= 0:
            self.format_combo.setCurrentIndex(self.format_combo.findData(last_format))
        self.resize(560, self.sizeHint().height())

    def _form(self) -> QFormLayout:
        """Format, layer, entries and where to write, one row each."""
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("&Layer:", self.layer_combo)
        form.addRow("&Entries:", self.subset_combo)
        output_label = QLabel("&Output:", self)
        output_label.setBuddy(self.path_edit)
        form.addRow(output_label, path_row)
        return form

    def _fill_split_box(self) -> None:
        """The train / dev / test split, off until ticked: three ratios, seed, stratification."""
        self.split_box.setCheckable(True)
        self.split_box.setChecked(False)
        ratio_row = QHBoxLayout()
        for name, value in (("train", 0.8), ("dev", 0.1), ("test", 0.1)):
            spin = QDoubleSpinBox(self.split_box)
            spin.setRange(0.0, 1.0)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.setValue(value)
            spin.setObjectName(f"{name}Ratio")
            ratio_row.addWidget(QLabel(name, self.split_box))
            ratio_row.addWidget(spin)
            self.ratio_spins.append(spin)
        self.seed_spin = QSpinBox(self.split_box)
        self.seed_spin.setRange(0, 2**31 - 1)
        self.stratify_combo = QComboBox(self.split_box)
        split_form = QFormLayout(self.split_box)
        split_form.addRow("Ratios:", ratio_row)
        split_form.addRow("Seed:", self.seed_spin)
        split_form.addRow("Stratify by:", self.stratify_combo)

    def _fill_choices(self) -> None:
        project = self.session.project
        annotators = [name for name in project.annotators() if name != GOLD_LAYER]
        current = self.session.annotator
        for name in sorted(annotators, key=lambda n: (n != current, n)):
            self.layer_combo.addItem(f"{name}", name)
        has_gold = project.has_layer(GOLD_LAYER) or len(annotators) > 1  # gold holds the agreement at least
        if has_gold:
            self.layer_combo.addItem("gold (agreed and adjudicated)", GOLD_LAYER)
        if len(annotators) > 1:
            self.layer_combo.addItem("majority vote (ties left uncoded)", MAJORITY)
        self.layer_combo.addItem("no labels (the entries only)", NO_LAYER)
        visible = len(self.session.visible_indices())
        for key, label in SUBSET_CHOICES:
            if key == "adjudicated" and not has_gold:
                continue
            text = f"{label} ({visible})" if key == "filter" else label
            self.subset_combo.addItem(text, key)
        self.stratify_combo.addItem("(no stratification)", None)
        for dim in project.codebook.dimensions:
            self.stratify_combo.addItem(dim.label, dim.key)

    def _format_changed(self) -> None:
        """Keep the suggested file name's extension in step with the format."""
        text = self.path_edit.text().strip()
        if not text:
            return
        path = Path(text)
        extension = "" if self._writes_folder() else EXTENSIONS.get(self.format_combo.currentData(), "")
        if not path.suffix or path.suffix.lower() in {*EXTENSIONS.values()}:
            self.path_edit.setText(str(path.with_suffix(extension)))

    def _writes_folder(self) -> bool:
        fmt = self.format_combo.currentData()
        return fmt == "brat" or (fmt in ("spacy", "conll") and self.split_box.isChecked())

    def choose_path(self) -> None:
        fmt = self.format_combo.currentData()
        _format, last_folder = self.settings.export_choice()
        if last_folder is not None and last_folder.is_dir():
            start = str(last_folder)
        else:
            start = str(self.session.path.parent) if self.session.path else str(Path.home())
        if self._writes_folder():
            caption, pattern = "Export into a new folder", "Folder (*)"
        else:
            caption, pattern = "Export to file", f"{fmt} (*{EXTENSIONS[fmt]})"
        chosen = self.dialogs.save_file(caption, start, pattern)
        if chosen is not None:
            path = str(chosen)
            if not self._writes_folder() and not chosen.suffix:
                path += EXTENSIONS[fmt]
            self.path_edit.setText(path)

    def options(self) -> ExportOptions:
        split = None
        if self.split_box.isChecked():
            ratios = tuple(spin.value() for spin in self.ratio_spins)
            total = sum(ratios) or 1.0
            split = SplitSpec(
                tuple(r / total for r in ratios), self.seed_spin.value(), self.stratify_combo.currentData()
            )
        subset = self.subset_combo.currentData()
        return ExportOptions(
            format=self.format_combo.currentData(),
            layer=self.layer_combo.currentData() or "",
            subset=subset,
            indices=list(self.session.visible_indices()) if subset == "filter" else None,
            split=split,
        )

    def start_export(self) -> None:
        target = self.path_edit.text().strip()
        if not target:
            self.choose_path()
            target = self.path_edit.text().strip()
            if not target:
                return
        options = self.options()
        project = self.session.project
        self.summary_view.setPlainText("Exporting…")
        self.export_button.setEnabled(False)
        self.last_summary = None

        def work(progress: Progress, cancelled: IsCancelled) -> ExportSummary:
            return run_export(project, options, target, progress, cancelled)

        self._target = Path(target)

        job = run_job(
            self, "Exporting", work, self._finished, show_after_ms=self.show_after_ms, warn=self.dialogs.warn
        )
        job.finished.connect(self._job_over)

    def _finished(self, summary: ExportSummary) -> None:
        self.last_summary = summary
        # Remembered only once something was written, so a failed attempt changes nothing.
        self.settings.set_export_choice(self.format_combo.currentData(), self._target.absolute().parent)
        self.summary_view.setPlainText("\n".join(summary.lines()))

    def _job_over(self) -> None:
        self.export_button.setEnabled(True)
        if self.last_summary is None:
            self.summary_view.setPlainText("Nothing was written.")


def open_export(window: MainWindow) -> None:
    """File ▸ Export… (its place and keys: ``ui/menus``): the dialog opens on the window's session."""
    ExportDialog(window.session, window, dialogs=window.dialogs).exec()
