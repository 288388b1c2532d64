"""The activity dock: when entries were written, linked both ways to the entry list.

Two tabs, entries per time of day (60/30/15-minute bins) and entries per day over the
project's date range, stacked by a dimension of the current annotator's layer in the
codebook's colours. Clicking or dragging across bars sets the session's time (or date)
filter, so the navigator shows those entries; the charts in turn follow the navigator's
other filters. They cross-filter the usual way: the time-of-day chart honours a date
selection and the per-day chart a time selection, but neither narrows itself, so the
bars outside a selection stay visible and the selection can be widened.

The numbers come from ``workbench.analysis.activity`` (the same code as ``workbench-cli
stats``); this module only wires them to widgets. The UTC button (remembered between
runs) counts hours and days of the UTC clock instead of local time: entries whose zone
the importer could not tell have no UTC time and are named as such under the bars, and a
time or date range chosen on the chart is then of the UTC clock too (``EntryFilter.utc``),
so switching clocks clears it. Bursts of changes (undo of a batch,
several tags in a row) are coalesced by a zero-delay single-shot timer, and a hidden
dock does no work until it is shown again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.activity import (
    ActivityIndex,
    Breakdown,
    DailyCounts,
    TimeOfDayCounts,
)
from workbench.core.clock_text import day_text, hour_text
from workbench.core.filtering import EntryFilter
from workbench.core.undoable import Change
from workbench.index.activity import MINUTES_PER_DAY
from workbench.ui.chart import texts
from workbench.ui.chart.bars import LabelAxis, StackedBarChart
from workbench.ui.chart.controls import ChartControls
from workbench.ui.chart.dock import CHART_MIN_HEIGHT, CHART_SIZE
from workbench.ui.chart.export import ChartExports
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.session import Session
from workbench.ui.settings import Settings

HOURS_TAB, DAYS_TAB = 0, 1


class ActivityChartPanel(QWidget):
    """The chart dock's content; ``main_window`` docks it, everything else happens here."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.setObjectName("activityChart")
        self.session = session
        self.index = ActivityIndex(session.project, session.index)
        self.hours_counts: TimeOfDayCounts | None = None
        self.days_counts: DailyCounts | None = None
        self._stale = {HOURS_TAB: True, DAYS_TAB: True}
        self._days: np.ndarray = np.zeros(0, "datetime64[D]")

        self.exports = ChartExports(self.dialogs, lambda: self.current_chart().ci, self.current_counts)
        self.controls = ChartControls(
            self, self.settings.chart_in_utc(), self.exports.picture, self.exports.numbers
        )
        self.bin_box = self.controls.bin_box
        self.breakdown_box = self.controls.breakdown_box
        self.utc_button = self.controls.utc_button
        self.clear_button = self.controls.clear_button
        self.export_button = self.controls.export_button
        self.hover_label = self.controls.hover_label
        self.hours_chart, self.days_chart, self.tabs = self._charts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.controls.row)
        layout.addWidget(self.tabs, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._fill_breakdowns()
        self._connect(session)
        self._fit_labels()
        self.refresh()

    def _charts(self) -> tuple[StackedBarChart, StackedBarChart, QTabWidget]:
        """The two charts, time of day and per day, as the tabs of one widget."""
        hour_axis = LabelAxis("bottom", (1, 2, 3, 4, 6, 12), self._hour_label)
        hours = StackedBarChart(1.0, hour_axis, "Entries", self)
        hours.setObjectName("hoursChart")
        day_axis = LabelAxis("bottom", (1, 2, 7, 14, 28, 91, 182, 364), self._day_label, offset=0.5)
        days = StackedBarChart(1.0, day_axis, "Entries", self)
        days.setObjectName("daysChart")
        tabs = QTabWidget(self)
        tabs.addTab(hours, "Time of day")
        tabs.addTab(days, "Per day")
        return hours, days, tabs

    def _connect(self, session: Session) -> None:
        """The controls, the bars and the session's signals to what each of them changes."""
        self.bin_box.currentIndexChanged.connect(lambda _i: self._invalidate(HOURS_TAB))
        self.breakdown_box.currentIndexChanged.connect(lambda _i: self._invalidate(HOURS_TAB, DAYS_TAB))
        self.utc_button.toggled.connect(self._clock_toggled)
        self.tabs.currentChanged.connect(lambda _i: self.schedule_refresh())
        self.clear_button.clicked.connect(self.clear_time_filter)
        self.hours_chart.barsSelected.connect(self._hours_selected)
        self.days_chart.barsSelected.connect(self._days_selected)
        self.hours_chart.barHovered.connect(lambda i: self._hovered(self.hours_counts, i))
        self.days_chart.barHovered.connect(lambda i: self._hovered(self.days_counts, i))
        session.changed.connect(self._on_change)
        session.filterChanged.connect(self._update_clear_button)
        session.filterChanged.connect(lambda: self._invalidate(HOURS_TAB, DAYS_TAB))
        session.annotatorChanged.connect(lambda _name: self._invalidate(HOURS_TAB, DAYS_TAB))
        session.projectReplaced.connect(self._on_project_replaced)
        session.clockChanged.connect(self._relabel)

    def sizeHint(self) -> QSize:
        return CHART_SIZE

    def minimumSizeHint(self) -> QSize:
        """At least the placeholder's height, and more when the bars ask for it (a legend
        of two rows): a hint, not a fixed minimum, so the charts' own minimum reaches the dock."""
        least = super().minimumSizeHint()
        return QSize(least.width(), max(least.height(), CHART_MIN_HEIGHT))

    # -- keeping up with the session ---------------------------------------------------
    def _on_change(self, change: Change) -> None:
        self.index.note_change(change)
        if change.codebook:
            self._fill_breakdowns()
        if change.entries_added_or_removed:
            self._fit_labels()  # an import may reach into another year
        self._invalidate(HOURS_TAB, DAYS_TAB)

    def _on_project_replaced(self) -> None:
        self.index = ActivityIndex(self.session.project, self.session.index)
        self._fit_labels()  # another project may span years
        self._fill_breakdowns()
        self._invalidate(HOURS_TAB, DAYS_TAB)

    def _relabel(self) -> None:
        """The clock setting changed: the axes and the hover text read again, the bars stay."""
        self._fit_labels()
        for chart in (self.hours_chart, self.days_chart):
            chart.axis.relabel()
        self.hover_label.setText(" ")

    def _fit_labels(self) -> None:
        """Space the axis ticks for the widest label of the clock and year setting now chosen,
        so "midnight" or "Sep 30, 2017" never overlaps its neighbour."""
        metrics = QFontMetrics(self.hours_chart.axis.label_font())
        clock, with_year = self.session.clock, self.session.shows_year
        widest_hour = max(metrics.horizontalAdvance(hour_text(h, clock)) for h in range(25))
        widest_day = max(
            metrics.horizontalAdvance(day_text(date(2000, m, 28), with_year)) for m in range(1, 13)
        )
        self.hours_chart.axis.label_pixels = max(48, widest_hour + 12)
        self.days_chart.axis.label_pixels = max(70, widest_day + 22)

    def _invalidate(self, *tabs: int) -> None:
        for tab in tabs:
            self._stale[tab] = True
        self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Refresh once the current burst of signals is over (a 0-ms single shot coalesces them)."""
        self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule_refresh()

    def _fill_breakdowns(self) -> None:
        current = self.breakdown_box.currentData()
        self.breakdown_box.blockSignals(True)
        self.breakdown_box.clear()
        self.breakdown_box.addItem("Nothing", "")
        for dimension in self.session.project.codebook.dimensions:
            top = Breakdown.for_dimension(dimension).top
            self.breakdown_box.addItem(dimension.label + (f" (top {top})" if top else ""), dimension.key)
        if current is None:  # first fill: stack by the first single-choice dimension (stance)
            dimensions = self.session.project.codebook.dimensions
            current = next((d.key for d in dimensions if d.kind == "single"), "")
        self.breakdown_box.setCurrentIndex(max(self.breakdown_box.findData(current), 0))
        self.breakdown_box.blockSignals(False)

    def _clock_toggled(self, utc: bool) -> None:
        """Count by the other clock; a range chosen on the old one would mean other hours now."""
        self.settings.set_chart_in_utc(utc)
        f = self.session.filter
        if f.minutes is not None or f.dates is not None:
            self.session.set_filter(replace(f, minutes=None, dates=None, utc=utc))
        self._invalidate(HOURS_TAB, DAYS_TAB)

    # -- drawing -------------------------------------------------------------------------
    @property
    def utc(self) -> bool:
        """Whether the bars count the UTC clock (the UTC button)."""
        return self.utc_button.isChecked()

    @property
    def bin_minutes(self) -> int:
        return int(self.bin_box.currentData())

    @property
    def breakdown(self) -> Breakdown | None:
        dimension = self.session.project.codebook.dimension(self.breakdown_box.currentData() or "")
        return Breakdown.for_dimension(dimension) if dimension is not None else None

    def set_breakdown(self, dimension_key: str | None) -> None:
        self.breakdown_box.setCurrentIndex(max(self.breakdown_box.findData(dimension_key or ""), 0))

    def _subset(self, entry_filter: EntryFilter) -> np.ndarray | None:
        """The entries to count: None for all, else the session's result (no second text search)."""
        if entry_filter.is_empty():
            return None
        return self.session.indices_array_for(entry_filter)

    def refresh(self) -> None:
        """Redraw when on screen; a hidden dock catches up when it is shown again."""
        if self.isVisible():
            self.redraw()

    def redraw(self) -> None:
        """Recount and redraw the current tab; the other one waits until it is shown."""
        tab = self.tabs.currentIndex()
        if self._stale[tab]:
            self._stale[tab] = False
            if tab == HOURS_TAB:
                self._draw_hours()
            else:
                self._draw_days()
        self._show_selection()
        self._update_clear_button()

    def _update_clear_button(self) -> None:
        """Enabled as soon as a time or date filter is set, before the bars are redrawn."""
        f = self.session.filter
        self.clear_button.setEnabled(f.minutes is not None or f.dates is not None)

    def _draw_hours(self) -> None:
        f = self.session.filter
        subset = self._subset(replace(f, minutes=None))
        counts = self.index.time_of_day(
            subset,
            bin_minutes=self.bin_minutes,
            annotator=self.session.annotator,
            breakdown=self.breakdown,
            utc=self.utc,
        )
        self.hours_counts = counts
        self.hours_chart.unit = counts.bin_minutes / 60
        self.hours_chart.set_data(
            counts.totals, counts.series, texts.chart_note(counts, self.session.project.codebook)
        )

    def _draw_days(self) -> None:
        f = self.session.filter
        subset = self._subset(replace(f, dates=None))
        counts = self.index.per_day(
            subset, annotator=self.session.annotator, breakdown=self.breakdown, utc=self.utc
        )
        self.days_counts = counts
        self._days = counts.days
        self.days_chart.set_data(
            counts.totals, counts.series, texts.chart_note(counts, self.session.project.codebook)
        )

    def _hour_label(self, hours: float) -> str:
        return hour_text(hours, self.session.clock)

    def _day_label(self, x: float) -> str:
        i = int(x)
        if not 0 <= i < len(self._days):
            return ""
        return day_text(self._days[i].item(), self.session.shows_year)

    def _show_selection(self) -> None:
        f = self.session.filter
        if f.utc != self.utc:  # a range of the other clock (set in the filter bar) is not drawn here
            f = replace(f, minutes=None, dates=None)
        if f.minutes is None:
            self.hours_chart.show_selection(None)
        else:
            self.hours_chart.show_span(f.minutes[0] / 60, f.minutes[1] / 60)
        drawn = None if f.dates is None else days_drawn(f.dates, self._days)
        if drawn is None:
            self.days_chart.show_selection(None)
        else:
            self.days_chart.show_selection(*drawn)

    # -- selecting -----------------------------------------------------------------------
    def _hours_selected(self, first: int, last: int) -> None:
        width = self.bin_minutes
        minutes = (first * width, min((last + 1) * width, MINUTES_PER_DAY))
        self.session.set_filter(self._on_this_clock(minutes=minutes))

    def _days_selected(self, first: int, last: int) -> None:
        if not len(self._days):
            return
        dates = (str(self._days[first]), str(self._days[last]))
        self.session.set_filter(self._on_this_clock(dates=dates))

    def _on_this_clock(
        self, *, minutes: tuple[int, int] | None = None, dates: tuple[str | None, str | None] | None = None
    ) -> EntryFilter:
        """The session's filter with the range chosen on the chart, of the chart's clock; the
        other range is kept only when it is of the same clock."""
        f = self.session.filter
        if f.utc != self.utc:
            f = replace(f, minutes=None, dates=None, utc=self.utc)
        return replace(f, minutes=minutes or f.minutes, dates=dates or f.dates)

    def clear_time_filter(self) -> None:
        self.session.set_filter(replace(self.session.filter, minutes=None, dates=None))

    def _hovered(self, counts: TimeOfDayCounts | DailyCounts | None, index: int) -> None:
        if counts is None or index < 0 or index >= len(counts.totals):
            self.hover_label.setText(" ")
            return
        text = self.bar_text(counts, index)
        self.hover_label.setText(text)
        QToolTip.showText(self.cursor().pos(), text.replace(" — ", "\n").replace(" · ", "\n"), self)

    def bar_text(self, counts: TimeOfDayCounts | DailyCounts, index: int) -> str:
        """ "1 p.m.–2 p.m.: 12 entries — Against 5 · Favor 7", as the hover label shows it."""
        return texts.bar_text(counts, index, self.session.clock, self.session.shows_year)

    # -- exporting -----------------------------------------------------------------------
    def current_chart(self) -> StackedBarChart:
        return self.hours_chart if self.tabs.currentIndex() == HOURS_TAB else self.days_chart

    def current_counts(self) -> TimeOfDayCounts | DailyCounts | None:
        return self.hours_counts if self.tabs.currentIndex() == HOURS_TAB else self.days_counts


def days_drawn(dates: tuple[str | None, str | None], days: np.ndarray) -> tuple[int, int] | None:
    """The first and last bar of ``days`` (the per-day chart's) a date range covers, an open
    end reaching the edge of the chart; None when the range lies beside every day drawn."""
    if not len(days):
        return None
    first, last = (
        None if day is None else int((np.datetime64(day, "D") - days[0]).astype(int)) for day in dates
    )
    first = max(0, 0 if first is None else first)
    last = min(len(days) - 1, len(days) - 1 if last is None else last)
    return (first, last) if first <= last else None
