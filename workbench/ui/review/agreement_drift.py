"""The agreement report's uncertainty and drift parts: interval cells, diagnostics text,
and the drift-by-week table with its plot.

Kept apart from the report window so that the window stays about laying out and
exporting; pyqtgraph is imported when a drift view is made (the report opens), never at
program start-up, where it would cost half a second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QTableWidget, QTableWidgetItem, QWidget

from workbench.analysis.agreement import DimensionReport
from workbench.analysis.agreement_bootstrap import THRESHOLDS, AlphaInterval, WeekDrift
from workbench.analysis.reliability_data import Figure


def figure_text(figure: Figure, percent: bool = False) -> str:
    """A figure as the report shows it: "—" when undefined, never a made-up 0 or 1."""
    if figure.value is None:
        return "—"
    return f"{100 * figure.value:.1f} %" if percent else f"{figure.value:.3f}"


def interval_cells(interval: AlphaInterval | None) -> list[str]:
    """The interval and the two threshold probabilities as table cells ("—" if undefined)."""
    if interval is None or interval.low is None or interval.high is None:
        return ["—", "—", "—"]
    return [f"{interval.low:.3f} – {interval.high:.3f}", *(f"{p:.3f}" for p in interval.below)]


def diagnostics_text(dim: DimensionReport | None) -> str:
    """Which values carry the disagreement, and each coder against the rest, in two lines."""
    diag = dim.diagnostics if dim else None
    if diag is None:
        return ""
    shares = sorted(diag.contributions.items(), key=lambda kv: -kv[1])
    share_text = ", ".join(f"{label} {100 * share:.0f} %" for label, share in shares if share > 0) or "none"
    coders = "; ".join(
        f"{c.coder} {figure_text(c.versus_rest)} (others without {c.coder}: {figure_text(c.without)})"
        for c in diag.coders
    )
    return f"Share of the disagreement by value: {share_text}\nEach coder against the rest, α: {coders}"


class DriftView(QWidget):
    """One row per ISO coding week (units, alpha, each coder's value counts) beside a plot
    of alpha per week with Krippendorff's .667 and .800 marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("reportDrift")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("reportDriftPlot")
        self.plot.setMinimumWidth(300)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("left", "α")
        self.plot.showGrid(y=True, alpha=0.3)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 3)
        row.addWidget(self.plot, 2)

    def show_dimension(self, dim: DimensionReport | None) -> None:
        weeks = dim.drift if dim else []
        coders = dim.coders if dim else []
        headers = ["Week", "Units", "α", *coders]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(weeks))
        for r, week in enumerate(weeks):
            counts = [", ".join(f"{v} {n}" for v, n in week.values.get(c, {}).items()) for c in coders]
            for c, text in enumerate([week.week, str(week.alpha.units), figure_text(week.alpha), *counts]):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._plot(weeks)

    def _plot(self, weeks: list[WeekDrift]) -> None:
        """Alpha per week as a line, so a week a coder drifted in stands out below the marks."""
        pg, plot = self._pg, self.plot
        plot.clear()
        for mark, colour in zip(THRESHOLDS, ("#c0392b", "#27ae60"), strict=True):
            pen = pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine)
            plot.addItem(pg.InfiniteLine(mark, angle=0, pen=pen))
        points = [(i, w.alpha.value) for i, w in enumerate(weeks) if w.alpha.value is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            plot.plot(list(xs), list(ys), pen=pg.mkPen("#2c5d8f", width=2), symbol="o", symbolSize=6)
        plot.getAxis("bottom").setTicks([[(i, w.week[5:]) for i, w in enumerate(weeks)]])
        plot.setYRange(min([0.5, *(y for _, y in points)]), 1.0)
