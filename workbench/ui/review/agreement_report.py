"""The agreement report window, and the Review menu that opens it and the review dock.

The report shows the per-dimension table with alpha's bootstrap interval and the chance
that alpha is below .667 and .800, one pair's confusion matrix, the chosen dimension's
diagnostics (which values carry the disagreement, each coder against the rest) and its
drift by coding week. The bootstrap is seeded with a fixed seed so that computing again
on the same project shows the same interval.

The figures come from ``analysis.agreement.project_agreement`` run through ``run_job``,
so a 150,000-entry project computes off the UI thread with a cancel button; the window
only shows the result and writes it as CSV. Undefined figures read as "—" with the
reason in the notes column, never as a made-up 0 or 1.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.agreement import (
    AgreementReport,
    DimensionReport,
    PairReport,
    confusion_rows,
    project_agreement,
    summary_rows,
)
from workbench.analysis.agreement_alpha import LEVELS
from workbench.analysis.agreement_bootstrap import DEFAULT_RESAMPLES
from workbench.formats.atomic_write import write_atomic
from workbench.formats.csv_safe import SafeWriter
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.jobs import IsCancelled, Progress, run_job
from workbench.ui.review.agreement_drift import DriftView, diagnostics_text, figure_text, interval_cells
from workbench.ui.review.assignment_dialog import ProgressTable, prepare_assignments
from workbench.ui.review.panel import ReviewPanel
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

COLUMNS = (
    "Dimension",
    "Alpha level",
    "Coders",
    "Units",
    "Agreement",
    "Cohen κ",
    "Fleiss κ",
    "α",
    "α 95 % interval",
    "P(α < .667)",
    "P(α < .800)",
    "Assisted",
    "Notes",
)
#: The report's bootstrap seed: fixed, so the same project always shows the same interval.
REPORT_SEED = 0


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    SafeWriter(buffer).writerows(rows)
    return buffer.getvalue()


def span_summary(report: AgreementReport) -> str:
    """Per pair, each span code's F1 by exact and by overlap match, with the span counts the
    figures rest on; a figure that cannot be computed says why instead of a bare dash."""
    lines = []
    for pair in report.spans:
        first, second = pair.coders[0], pair.coders[1]
        lines.append(
            f"Spans {first} / {second} ({pair.units} shared entries). F1 = agreement on marked spans, "
            "exact (same start, end and code) / overlap (one shared character, same code):"
        )
        for s in pair.codes:
            counts = f"({first} {s.spans_a} spans, {second} {s.spans_b})"
            if s.exact[2].value is None:
                nobody = first if not s.spans_a else second
                lines.append(
                    f"  {s.code} {counts}: F1 undefined, only one side used the code ({nobody} marked none)"
                )
            else:
                lines.append(f"  {s.code} {figure_text(s.exact[2])} / {figure_text(s.overlap[2])} {counts}")
    if not report.spans:
        lines.append("Spans: no span agreement (fewer than two annotators annotated the same entries)")
    return "\n".join(lines)


def _dimension_cells(dim: DimensionReport, assisted_left_out: bool) -> list[str]:
    """A dimension's bold row: its figures over all coders, and the units where a value came
    from a suggestion (marked "left out" when the figures leave them out)."""
    reasons = [
        f"{n}: {f.reason}"
        for n, f in (("Cohen", dim.cohen), ("Fleiss", dim.fleiss), ("α", dim.alpha))
        if f.reason and not (n == "Cohen" and len(dim.coders) > 2)
    ]
    assisted = str(dim.assisted_units) + (" left out" if assisted_left_out and dim.assisted_units else "")
    return [
        dim.dimension,
        dim.level,
        f"all {len(dim.coders)}",
        str(dim.alpha.units),
        figure_text(dim.percent, True),
        figure_text(dim.cohen),
        figure_text(dim.fleiss),
        figure_text(dim.alpha),
        *interval_cells(dim.interval),
        assisted,
        "; ".join(reasons),
    ]


def _pair_cells(pair: PairReport) -> list[str]:
    return [
        "",
        "",
        " / ".join(pair.coders),
        str(pair.cohen.units),
        figure_text(pair.percent, True),
        figure_text(pair.cohen),
        "",
        figure_text(pair.alpha),
        "",
        "",
        "",
        "",
        pair.alpha.reason or "",
    ]


class AgreementReportWindow(QDialog):
    """Non-modal: reviewers keep it open beside the review dock while adjudicating."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, dialogs: Dialogs | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementReport")
        self.setWindowTitle("Agreement report")
        self.session = session
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.report: AgreementReport | None = None
        self._make_options()
        self._make_views()
        self._lay_out()
        self.resize(1100, 880)
        self.compute_button.clicked.connect(self.compute)
        self.without_assisted.toggled.connect(lambda _on: self.compute())
        self.dimension_box.currentIndexChanged.connect(lambda _i: self._fill_pairs())
        self.pair_box.currentIndexChanged.connect(lambda _i: self._show_pair())
        self.export_button.clicked.connect(lambda: self._export(self.summary_csv, "agreement.csv"))
        self.export_confusion_button.clicked.connect(
            lambda: self._export(self.confusion_csv, "confusion.csv")
        )

    def _make_options(self) -> None:
        """What the figures are computed with: the alpha level, the set distance, whether
        suggestion-assisted values count, and the button that computes them again."""
        self.level_box = QComboBox(self)
        self.level_box.setObjectName("reportLevel")
        self.level_box.addItem("ordinal where ordered, else nominal", None)
        for level in LEVELS:
            self.level_box.addItem(level, level)
        self.distance_box = QComboBox(self)
        self.distance_box.setObjectName("reportDistance")
        for distance in ("masi", "jaccard"):
            self.distance_box.addItem(distance.upper() if distance == "masi" else "Jaccard", distance)
        self.without_assisted = QCheckBox("Leave out suggestion-assisted values", self)
        self.without_assisted.setObjectName("reportWithoutAssisted")
        self.without_assisted.setToolTip(
            "Compute without the units where a coder's value came from a suggestion (the local model, "
            "imported predictions or an alias): agreement the coders reached on their own"
        )
        self.compute_button = QPushButton("&Compute", self)
        self.compute_button.setObjectName("reportCompute")

    def _make_views(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("reportTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.dimension_box = QComboBox(self)
        self.dimension_box.setObjectName("reportDimension")
        self.pair_box = QComboBox(self)
        self.pair_box.setObjectName("reportPair")
        for box in (self.dimension_box, self.pair_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pair_label = QLabel(self)
        self.pair_label.setObjectName("reportPairFigures")
        self.spans_label = QLabel(self)
        self.spans_label.setObjectName("reportSpans")
        self.spans_label.setWordWrap(True)
        self.confusion = QTableWidget(self)
        self.confusion.setObjectName("reportConfusion")
        self.confusion.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.diagnostics_label = QLabel(self)
        self.diagnostics_label.setObjectName("reportDiagnostics")
        self.diagnostics_label.setWordWrap(True)
        self.drift_view = DriftView(self)
        self.drift, self.drift_plot = self.drift_view.table, self.drift_view.plot
        self.export_button = QPushButton("Export table as CSV…", self)
        self.export_button.setObjectName("reportExport")
        self.export_confusion_button = QPushButton("Export confusion matrix as CSV…", self)
        self.export_confusion_button.setObjectName("reportExportConfusion")

    def _lay_out(self) -> None:
        options = QHBoxLayout()
        options.addWidget(QLabel("Alpha level:", self))
        options.addWidget(self.level_box)
        options.addWidget(QLabel("Set distance:", self))
        options.addWidget(self.distance_box)
        options.addWidget(self.without_assisted)
        options.addStretch(1)
        options.addWidget(self.compute_button)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Confusion matrix for", self))
        chooser.addWidget(self.dimension_box)
        chooser.addWidget(self.pair_box)
        chooser.addWidget(self.pair_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.export_confusion_button)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.spans_label)
        layout.addLayout(chooser)
        layout.addWidget(self.confusion, 2)
        layout.addWidget(self.diagnostics_label)
        layout.addWidget(
            QLabel("Drift by coding week (α of the units completed that week; each coder's values):", self)
        )
        layout.addWidget(self.drift_view, 2)
        layout.addLayout(buttons)

    # --- computing --------------------------------------------------------------------------

    def compute(self) -> None:
        """Run the statistics in a worker; the project is read, never changed, meanwhile."""
        project = self.session.project
        level, distance = self.level_box.currentData(), self.distance_box.currentData()
        exclude_assisted = self.without_assisted.isChecked()

        def work(progress: Progress, cancelled: IsCancelled) -> AgreementReport:
            return project_agreement(
                project,
                level=level,
                distance=distance,
                progress=progress,
                cancelled=cancelled,
                bootstrap=DEFAULT_RESAMPLES,
                seed=REPORT_SEED,
                exclude_assisted=exclude_assisted,
            )

        self.compute_button.setEnabled(False)
        job = run_job(self, "Computing agreement", work, self.show_report, warn=self.dialogs.warn)
        button = self.compute_button
        job.finished.connect(lambda: button.setEnabled(True) if shiboken6.isValid(button) else None)

    def show_report(self, report: AgreementReport) -> None:
        if not shiboken6.isValid(self.table):  # the window was closed while computing
            return
        self.report = report
        rows: list[tuple[DimensionReport, PairReport | None]] = []
        for dim in report.dimensions:
            rows.append((dim, None))
            rows += [(dim, pair) for pair in dim.pairs]
        self.table.setRowCount(len(rows))
        for r, (dim, pair) in enumerate(rows):
            cells = _dimension_cells(dim, report.assisted_left_out) if pair is None else _pair_cells(pair)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if pair is None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if 3 <= c <= 11:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.spans_label.setText(span_summary(report))
        self.dimension_box.blockSignals(True)
        self.dimension_box.clear()
        for dim in report.dimensions:
            self.dimension_box.addItem(dim.dimension, dim.dimension)
        self.dimension_box.blockSignals(False)
        self._fill_pairs()

    def _dimension(self) -> DimensionReport | None:
        if self.report is None:
            return None
        key = self.dimension_box.currentData()
        return next((d for d in self.report.dimensions if d.dimension == key), None)

    def _fill_pairs(self) -> None:
        dim = self._dimension()
        self.diagnostics_label.setText(diagnostics_text(dim))
        self.drift_view.show_dimension(dim)
        self.pair_box.blockSignals(True)
        self.pair_box.clear()
        for i, pair in enumerate(dim.pairs if dim else []):
            self.pair_box.addItem(" / ".join(pair.coders), i)
        self.pair_box.blockSignals(False)
        self._show_pair()

    def current_pair(self) -> PairReport | None:
        dim = self._dimension()
        index = self.pair_box.currentData()
        return dim.pairs[index] if dim and index is not None else None

    def _show_pair(self) -> None:
        pair = self.current_pair()
        self.confusion.clear()
        if pair is None:
            self.confusion.setRowCount(0)
            self.confusion.setColumnCount(0)
            self.pair_label.setText("")
            return
        first, second = pair.coders
        self.pair_label.setText(
            f"rows: {first}, columns: {second} — {pair.cohen.units} shared units, agreement "
            f"{figure_text(pair.percent, True)}, Cohen κ {figure_text(pair.cohen)}, α {figure_text(pair.alpha)}"
        )
        size = len(pair.values)
        self.confusion.setRowCount(size)
        self.confusion.setColumnCount(size)
        self.confusion.setHorizontalHeaderLabels(pair.values)
        self.confusion.setVerticalHeaderLabels(pair.values)
        peak = max(1, int(pair.confusion.max()) if size else 1)
        for r, counts in enumerate(pair.confusion.tolist()):
            for c, count in enumerate(counts):
                item = QTableWidgetItem(str(count) if count else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if count:
                    shade = 255 - int(120 * count / peak)
                    colour = (shade, 240, shade) if r == c else (255, shade, shade)
                    item.setBackground(QColor(*colour))  # green diagonal: agreement
                self.confusion.setItem(r, c, item)
        self.confusion.resizeColumnsToContents()

    # --- exporting --------------------------------------------------------------------------

    def summary_csv(self) -> str:
        return csv_text(summary_rows(self.report)) if self.report else ""

    def confusion_csv(self) -> str:
        pair = self.current_pair()
        return csv_text(confusion_rows(pair)) if pair else ""

    def _export(self, make_text: Callable[[], str], suggested: str) -> None:
        text = make_text()
        if not text:
            return
        folder = self.session.path.parent if self.session.path else Path.home()
        chosen = self.dialogs.save_file("Export as CSV", str(folder / suggested), "CSV files (*.csv)")
        if chosen is not None:
            self.write_csv(chosen, text)

    @staticmethod
    def write_csv(path: Path, text: str) -> None:
        write_atomic(path, text.encode("utf-8"))


def install_review_mode(window: MainWindow) -> ReviewPanel:
    """Add the review dock and the Review menu to a ``MainWindow`` (its only wiring call)."""
    session: Session = window.session
    panel = ReviewPanel(session, window, window.dialogs)
    dock = window.add_panel_dock("reviewDock", "Review", panel)
    chart_dock = window.docks.get("activityDock")
    if chart_dock is not None:
        window.tabifyDockWidget(chart_dock, dock)  # the bottom area is too short for two side by side
    dock.hide()
    bind = window.menu_actions.bind  # their places, texts and keys: ``ui/menus``

    def step(direction: int) -> None:
        dock.show()
        dock.raise_()
        panel.step(direction)

    show = window.menu_actions.adopt("review disagreements", dock.toggleViewAction())
    show.triggered.connect(lambda checked: dock.raise_() if checked else None)  # to the front of its tabs
    bind("next disagreement", lambda: step(1))
    bind("previous disagreement", lambda: step(-1))
    bind("agreement report", lambda: open_report(window))
    bind("add layers", lambda: add_layers_from_file(window))
    bind("prepare assignments", lambda: prepare_assignments(window))
    panel.add_below_list(ProgressTable(session, panel))  # shown while the project records an assignment
    return panel


def open_report(window: MainWindow) -> AgreementReportWindow:
    report = AgreementReportWindow(window.session, window, window.dialogs)
    report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    report.show()
    report.compute()
    return report


def add_layers_from_file(window: MainWindow, path: str | None = None) -> None:
    """Merge a colleague's layers (project, JSONL, doccano, Label Studio) as one undo step."""
    if path is None:
        chosen = window.dialogs.open_file(
            "Add annotation layers", "", "Projects and annotations (*.json *.jsonl);;All files (*)"
        )
        if chosen is None:
            return
        path = str(chosen)
    # Imported here: it pulls in every importer (about 0.1 s), off the start-up path.
    from workbench.core.errors import WorkbenchError
    from workbench.formats.project.assignment_checks import check_return, recorded_manifest
    from workbench.formats.project.assignments import META_KEY
    from workbench.formats.project.merging import MergeLayers, MergePlan, plan_merge, read_source

    session: Session = window.session
    project = session.project

    def work(progress: Progress, cancelled: IsCancelled) -> MergePlan:
        source = read_source(path, project.codebook)
        manifest = recorded_manifest(project)
        if (
            manifest is not None and META_KEY in source.meta
        ):  # a coder's returned file: refused whole if wrong
            problems = check_return(manifest, source)
            if problems:
                raise WorkbenchError("; ".join(p.what for p in problems) + "; nothing added", file=path)
        return plan_merge(project, source, add_unmatched=False)

    def done(plan: MergePlan) -> None:
        session.push(MergeLayers(plan, f"Add layers from {Path(path).name}"))
        window.dialogs.inform("Annotation layers added", "\n".join(plan.report.lines()))

    run_job(window, "Reading annotation layers", work, done, warn=window.dialogs.warn)
