"""A stacked bar chart that only draws: counts come in as arrays, selections go out as bar ranges.

Bar ``i`` covers ``[i * unit, (i + 1) * unit)`` on the x axis (``unit`` is the bin width
in hours on the time-of-day chart, one day on the per-day chart), so a mouse position
maps back to its bar with one floor division. The legend sits in its own row under the
plot, where it can never cover a bar, and exports with it. Pan and zoom are switched off:
on this chart a click or a drag selects bars, which is what the analyst wants to do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.analysis.activity import Series
from workbench.ui.plain_text import markup_escaped

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent, MouseDragEvent

BAR_FILL = 0.86  # share of a bin a bar covers, so neighbouring bars stay apart
TOTAL_COLOUR = "#5b7fa6"
SELECTION_BRUSH = (255, 196, 0, 60)
SELECTION_EDGE = (214, 150, 0)
#: The least height the bars get; the chart asks for more room rather than squash them.
MIN_BARS_HEIGHT = 48


class LabelAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type information
    """Ticks on whole steps of a unit, labelled by a function: "06:00" or "Jan 24".

    The step is the smallest of ``steps`` (in bars' x units) whose labels still fit the
    axis width, so labels never overlap however narrow the dock is.
    """

    def __init__(
        self, orientation: str, steps: Sequence[float], label: Callable[[float], str], offset: float = 0.0
    ) -> None:
        super().__init__(orientation)
        self.tick_steps = list(steps)
        self.format_tick = label
        self.offset = offset  # 0: ticks on bar edges (bin starts); 0.5: under bar centres (days)
        self.label_pixels = 48
        # Steps are chosen so labels never overlap; this lets the first and last one show
        # even when they reach past the plot's edge.
        self.setStyle(hideOverlappingLabels=False)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return []
        fitting = max(1, int(size // self.label_pixels))
        step = next((s for s in self.tick_steps if span / s <= fitting), self.tick_steps[-1])
        first = math.ceil((minVal - self.offset) / step) * step + self.offset
        values = list(np.arange(first, maxVal + step * 1e-6, step))
        return [(step, values)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.format_tick(v) for v in values]

    def label_font(self) -> QFont:
        """The font tick labels are drawn in (pyqtgraph paints them in the application's
        font unless a tick font is set), for measuring how far apart they must be."""
        font = self.style["tickFont"]
        return QFont(font) if font is not None else QFont()

    def relabel(self) -> None:
        """Draw the tick labels again: their text follows a setting as well as the range."""
        self.picture = None
        self.update()


def count_step(top: float) -> int:
    """The tick step for counts up to ``top``: 1, 2 or 5 times a power of ten, about four ticks."""
    wanted = max(top / 4, 1.0)
    power = 10 ** math.floor(math.log10(wanted))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= wanted))


class CountAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type information
    """A y axis for counts: whole numbers only, never "0.5 entries", with a label at or above
    the tallest bar (pyqtgraph's own ticks stopped below it)."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.step = 1  # set with the range by ``StackedBarChart.set_data``
        # The top label sits on the plot's edge, and a short chart fills most of its height
        # with labels: pyqtgraph hid both, so the axis seemed to stop below the tallest bar.
        self.setStyle(hideOverlappingLabels=False, textFillLimits=[(0, 1.0)])

    def fit(self, top: float) -> float:
        """Choose the step for bars up to ``top``; the y range's top, leaving room for its label."""
        self.step = count_step(top)
        return max(math.ceil(top / self.step), 1) * self.step + 0.4 * self.step

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        first = math.ceil(max(minVal, 0) / self.step) * self.step
        # Only one level: a grid line per single entry would clutter tall bars.
        return [(self.step, [float(v) for v in range(first, math.floor(maxVal + 1e-9) + 1, self.step)])]


class _StaticSample(pg.ItemSample):  # type: ignore[misc]  # pyqtgraph ships no type information
    """A legend swatch that does not hide its series on click (a hidden layer would leave a hole)."""

    def mouseClickEvent(self, event: MouseClickEvent) -> None:
        event.ignore()


class _SelectingViewBox(pg.ViewBox):  # type: ignore[misc]  # pyqtgraph ships no type information
    """A view box where the left button selects bars instead of panning."""

    def __init__(self, chart: StackedBarChart) -> None:
        super().__init__(enableMenu=False)
        self.chart = chart
        self.setMouseEnabled(x=False, y=False)

    def mouseClickEvent(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        x = self.mapSceneToView(event.scenePos()).x()
        self.chart.select_x_range(x, x)

    def mouseDragEvent(self, event: MouseDragEvent, axis: int | None = None) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        start = self.mapSceneToView(event.buttonDownScenePos()).x()
        here = self.mapSceneToView(event.scenePos()).x()
        self.chart.preview_x_range(start, here)
        if event.isFinish():
            self.chart.select_x_range(start, here)


class StackedBarChart(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # pyqtgraph ships no type information
    """Bars stacked by series, with a legend row, a selection band and hover reporting.

    ``barsSelected(first, last)`` is emitted with inclusive bar indices after a click or a
    drag; ``barHovered(index)`` with -1 when the mouse leaves the bars.
    """

    barsSelected = Signal(int, int)
    barHovered = Signal(int)

    def __init__(self, unit: float, axis: LabelAxis, y_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.unit = unit
        self.axis = axis
        self.view = _SelectingViewBox(self)
        self.count_axis = CountAxis("left")
        self.plot: pg.PlotItem = self.addPlot(
            row=0, col=0, viewBox=self.view, axisItems={"bottom": axis, "left": self.count_axis}
        )
        self.plot.setLabel("left", markup_escaped(y_label))
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.25)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen("#333333")
            self.plot.getAxis(name).setPen("#888888")
        # The legend and the note get rows of their own under the plot, so they never cover
        # a bar; the legend keeps its natural width, packed to the left.
        self.legend = pg.LegendItem(colCount=6, sampleType=_StaticSample, labelTextColor="#222222")
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.addItem(self.legend, row=1, col=0)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.note = pg.LabelItem("", color="#444444", size="9pt", justify="left")
        self.addItem(self.note, row=2, col=0)
        # pyqtgraph's margins (9 px round the layout and round the legend, 6 between rows)
        # took a third of a low dock's height from the bars; these keep the rows apart still.
        # The hours axis ends on a label ("midnight") centred on the plot's right edge: half
        # of it would be cut off without room beyond the edge.
        right = self.fontMetrics().horizontalAdvance("midnight") // 2 + 2
        self.ci.layout.setContentsMargins(6, 4, right, 2)
        self.ci.layout.setVerticalSpacing(2)
        self.legend.layout.setContentsMargins(4, 2, 4, 2)
        self.selection = pg.LinearRegionItem(
            (0, 0), movable=False, brush=SELECTION_BRUSH, pen=pg.mkPen(SELECTION_EDGE, width=1.5)
        )
        self.selection.setZValue(-10)  # behind the bars, so their colours stay true
        self.selection.hide()
        self.plot.addItem(self.selection, ignoreBounds=True)
        self.items: list[pg.BarGraphItem] = []
        #: What each item was last given (x, height, base, colour): a tag key press changes one
        #: or two stacked layers by one, and redrawing an unchanged layer costs a rebuilt picture.
        self._drawn: list[tuple[np.ndarray, ...] | None] = []
        self._range: tuple[float, float] | None = None
        self._legend_keys: list[tuple[str, str, str]] = []
        self.n_bars = 0
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self.view.geometryChanged.connect(self._keep_room_for_bars)

    # -- data --------------------------------------------------------------------------
    def set_data(self, totals: np.ndarray, series: Sequence[Series], note: str = "") -> None:
        """Show ``totals`` as plain bars, or ``series`` stacked in order when there are any."""
        self.n_bars = len(totals)
        x = (np.arange(self.n_bars) + 0.5) * self.unit
        layers = [(s.counts, s.colour) for s in series] if series else [(totals, TOTAL_COLOUR)]
        while len(self.items) < len(layers):
            item = pg.BarGraphItem(x=[], height=[], width=self.unit * BAR_FILL, pen=pg.mkPen("w", width=0.6))
            self.plot.addItem(item)
            self.items.append(item)
            self._drawn.append(None)
        base = np.zeros(self.n_bars)
        for at, (item, (counts, colour)) in enumerate(zip(self.items, layers, strict=False)):
            given = (x, np.asarray(counts), base.copy(), np.array(colour))
            before = self._drawn[at]
            if before is None or not all(map(np.array_equal, before, given)):
                item.setOpts(
                    x=x, height=counts, y0=given[2], width=self.unit * BAR_FILL, brush=QColor(colour)
                )
                self._drawn[at] = given
            item.show()
            base += counts
        for at, item in enumerate(self.items[len(layers) :], len(layers)):
            item.hide()
            self._drawn[at] = None
        top = float(base.max()) if self.n_bars else 0.0
        width = max(self.n_bars, 1) * self.unit
        # A little room either side so the first and last tick labels ("00:00", "24:00") fit.
        x_range, y_top = (-0.02 * width, 1.02 * width), self.count_axis.fit(top)
        if self._range != (width, y_top):
            self._range = (width, y_top)
            self.view.setRange(xRange=x_range, yRange=(0, y_top), padding=0)
        self._set_legend(series)
        if self.note.text != markup_escaped(note):
            self.note.setText(markup_escaped(note))

    def _set_legend(self, series: Sequence[Series]) -> None:
        keys = [(s.key, s.label, s.colour) for s in series]
        if keys == self._legend_keys:
            return
        self._legend_keys = keys
        self._fill_legend()
        self._fit_legend_columns()

    def _fill_legend(self) -> None:
        self.legend.clear()
        for item, (_key, label, _colour) in zip(self.items, self._legend_keys, strict=False):
            self.legend.addItem(item, markup_escaped(label))

    def _fit_legend_columns(self) -> None:
        """As many legend columns as the chart's width holds: at six a row, the nine to
        seventeen entries of an actor or event-type breakdown took two or three rows, and
        left a low dock (a 720-pixel window) a strip of bars."""
        entries = self.legend.items
        if not entries:
            return
        spacing = self.legend.layout.horizontalSpacing()
        widths = [
            sample.boundingRect().width() + label.item.boundingRect().width() + 2 * spacing
            for sample, label in entries
        ]
        room = self.width() - 40  # the layout's and the legend's margins
        columns = len(widths)
        while columns > 1 and sum(max(widths[c::columns]) for c in range(columns)) > room:
            columns -= 1
        if columns != self.legend.columnCount:
            self.legend.columnCount = columns
            self._fill_legend()  # pyqtgraph places entries as they are added

    def _keep_room_for_bars(self) -> None:
        """Ask for the height that leaves the bars ``MIN_BARS_HEIGHT``: a legend of two rows
        (an actor breakdown) in a low dock left a strip of bars under overlapping tick
        labels, so the dock grows a little instead."""
        around_bars = self.viewport().height() - math.floor(self.view.height())
        self.setMinimumHeight(around_bars + MIN_BARS_HEIGHT)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        # pyqtgraph calls this while the view is being built, and again while closing, after
        # it has cleared the scene: the legend's items are gone by then (touching them crashed).
        if "legend" in vars(self) and not self.closed:
            self._fit_legend_columns()

    def legend_labels(self) -> list[str]:
        return [label for _, label, _ in self._legend_keys]

    # -- selection -----------------------------------------------------------------------
    def bar_at(self, x: float) -> int:
        return min(max(math.floor(x / self.unit), 0), max(self.n_bars - 1, 0))

    def bar_centre(self, index: int) -> float:
        return (index + 0.5) * self.unit

    def preview_x_range(self, x0: float, x1: float) -> None:
        first, last = sorted((self.bar_at(x0), self.bar_at(x1)))
        self.show_selection(first, last)

    def select_x_range(self, x0: float, x1: float) -> None:
        if not self.n_bars:
            return
        first, last = sorted((self.bar_at(x0), self.bar_at(x1)))
        self.barsSelected.emit(first, last)

    def show_selection(self, first: int | None, last: int | None = None) -> None:
        """Highlight bars ``first..last`` (inclusive), or hide the band with None."""
        if first is None:
            self.selection.hide()
            return
        last = first if last is None else last
        self.selection.setRegion((first * self.unit, (last + 1) * self.unit))
        self.selection.show()

    def show_span(self, start: float, end: float) -> None:
        """Highlight an x range that need not fall on bar edges (a filter typed elsewhere)."""
        self.selection.setRegion((start, end))
        self.selection.show()

    # -- hover ---------------------------------------------------------------------------
    def _mouse_moved(self, scene_pos: QPointF) -> None:
        if not self.n_bars or not self.view.sceneBoundingRect().contains(scene_pos):
            self.barHovered.emit(-1)
            return
        x = self.view.mapSceneToView(scene_pos).x()
        self.barHovered.emit(self.bar_at(x) if 0 <= x < self.n_bars * self.unit else -1)

    def scene_pos_of_bar(self, index: int) -> QPointF:
        """Where bar ``index`` is drawn, half-way up its height (tests click there)."""
        heights = sum((item.opts["height"][index] for item in self.items if item.isVisible()), 0.0)
        at: QPointF = self.view.mapViewToScene(QPointF(self.bar_centre(index), max(float(heights), 0.2) / 2))
        return at
