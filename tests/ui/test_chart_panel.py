"""The activity dock driven with the mouse, on the hand-made corpus of the activity tests.

Clicks go to the chart's viewport with ``qtbot.mouseClick`` at the scene position the
plot's view box maps a bar to; that works offscreen because pyqtgraph turns the press and
release into its own click event. Drags cannot use ``QTest.mouseMove`` (it sends no held
buttons, so pyqtgraph never sees a drag), so they send press/move/release ``QMouseEvent``s
to the viewport directly, which is what a real drag delivers.

Corpus times: e0 23:50 (Jan 24), e1 00:00, e2 00:10, e3 00:29, e4 00:30, e5 13:45
(Jan 25), e6 no time, e7 09:15 (Jan 27). Layer "ana" codes e1 and e5 favor, e0/e4/e6
against, e3 neutral; e2 and e7 have no stance.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from workbench.analysis.activity_report import activity_csv
from workbench.core.clock_text import minute_text
from workbench.core.filtering import EntryFilter
from workbench.core.undoable import edit_annotation, toggle_value
from workbench.formats.project.file import load_project
from workbench.ui.chart.bars import StackedBarChart
from workbench.ui.chart.export import png_bytes, svg_bytes
from workbench.ui.chart.panel import ActivityChartPanel, days_drawn
from workbench.ui.session import Session

CORPUS = Path(__file__).resolve().parent.parent / "data" / "activity-corpus.json"
ALL = ["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"]


@pytest.fixture
def session() -> Session:
    return Session(load_project(CORPUS), None, "ana")


@pytest.fixture
def panel(qtbot, session: Session) -> ActivityChartPanel:
    return shown_panel(qtbot, session)


def shown_panel(qtbot, session: Session, dialogs=None) -> ActivityChartPanel:
    """The chart panel on screen with its first counts drawn (shared with test_filter_cache);
    ``dialogs`` answers where its exports go."""
    widget = ActivityChartPanel(session, dialogs=dialogs)
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.hours_counts is not None)
    return widget


def visible_ids(session: Session) -> list[str]:
    return sorted(session.project.entries[i].id for i in session.visible_indices())


def bar_point(chart: StackedBarChart, index: int) -> QPoint:
    return chart.mapFromScene(chart.scene_pos_of_bar(index))


def click_bar(qtbot, chart: StackedBarChart, index: int) -> None:
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=bar_point(chart, index))


def drag_bars(chart: StackedBarChart, first: int, last: int) -> None:
    start, end = QPointF(bar_point(chart, first)), QPointF(bar_point(chart, last))
    viewport = chart.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    steps = [start + (end - start) * (k / 8) for k in range(1, 9)]
    events = [
        QMouseEvent(QEvent.Type.MouseButtonPress, start, start, left, left, Qt.KeyboardModifier.NoModifier)
    ]
    events += [
        QMouseEvent(
            QEvent.Type.MouseMove, p, chart.mapToGlobal(p), none, left, Qt.KeyboardModifier.NoModifier
        )
        for p in steps
    ]
    events.append(
        QMouseEvent(QEvent.Type.MouseButtonRelease, end, end, left, none, Qt.KeyboardModifier.NoModifier)
    )
    for event in events:
        QApplication.sendEvent(viewport, event)
        QApplication.processEvents()


def drawn_heights(chart: StackedBarChart) -> dict[str, list[float]]:
    """Bar heights as drawn, per legend entry: what the analyst sees on screen."""
    visible = [item for item in chart.items if item.isVisible()]
    return {
        label: [float(h) for h in item.opts["height"]]
        for label, item in zip(chart.legend_labels() or ["(total)"], visible, strict=True)
    }


def test_clicking_an_hour_filters_the_navigator_and_clear_restores_it(qtbot, panel, session) -> None:
    assert visible_ids(session) == ALL
    assert not panel.clear_button.isEnabled()
    click_bar(qtbot, panel.hours_chart, 13)
    assert session.filter.minutes == (13 * 60, 14 * 60)
    assert visible_ids(session) == ["e5"]
    qtbot.waitUntil(lambda: panel.hours_chart.selection.isVisible())
    assert panel.hours_chart.selection.getRegion() == pytest.approx((13.0, 14.0))
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert session.filter.minutes is None
    assert visible_ids(session) == ALL
    qtbot.waitUntil(lambda: not panel.hours_chart.selection.isVisible())


def test_clicking_the_midnight_bar_with_thirty_minute_bins(qtbot, panel, session) -> None:
    panel.bin_box.setCurrentIndex(panel.bin_box.findData(30))
    qtbot.waitUntil(lambda: panel.hours_counts is not None and panel.hours_counts.bin_minutes == 30)
    click_bar(qtbot, panel.hours_chart, 0)
    assert session.filter.minutes == (0, 30)
    assert visible_ids(session) == ["e1", "e2", "e3"]
    click_bar(qtbot, panel.hours_chart, 47)
    assert session.filter.minutes == (23 * 60 + 30, 24 * 60)
    assert visible_ids(session) == ["e0"]


def test_dragging_across_bars_selects_the_time_range(qtbot, panel, session) -> None:
    panel.bin_box.setCurrentIndex(panel.bin_box.findData(15))
    qtbot.waitUntil(lambda: panel.hours_counts is not None and panel.hours_counts.bin_minutes == 15)
    drag_bars(panel.hours_chart, 0, 2)
    assert session.filter.minutes == (0, 45)
    assert visible_ids(session) == ["e1", "e2", "e3", "e4"]


def test_clicking_a_day_filters_dates(qtbot, panel, session) -> None:
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.days_counts is not None)
    click_bar(qtbot, panel.days_chart, 1)
    assert session.filter.dates == ("2017-01-25", "2017-01-25")
    assert visible_ids(session) == ["e1", "e2", "e3", "e4", "e5"]
    # The time-of-day chart now counts that day only; the day chart keeps every day.
    panel.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 5)
    assert panel.days_counts is not None and panel.days_counts.totals.tolist() == [1, 5, 0, 1]


def test_chart_updates_when_a_tag_changes(qtbot, panel, session) -> None:
    panel.set_breakdown("stance")
    qtbot.waitUntil(lambda: "Favor" in drawn_heights(panel.hours_chart))
    assert drawn_heights(panel.hours_chart)["Favor"][0] == 1
    assert drawn_heights(panel.hours_chart)["Uncoded"][0] == 1
    session.push(
        edit_annotation(session.project, "ana", "e2", "Code", toggle_value("stance", "favor", False))
    )
    qtbot.waitUntil(lambda: drawn_heights(panel.hours_chart)["Favor"][0] == 2)
    assert drawn_heights(panel.hours_chart)["Uncoded"][0] == 0
    assert each_layer_sits_on_those_below(panel.hours_chart)  # unchanged layers kept, moved ones redrawn
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: drawn_heights(panel.hours_chart)["Favor"][0] == 1)
    assert each_layer_sits_on_those_below(panel.hours_chart)


def each_layer_sits_on_those_below(chart) -> bool:
    base = np.zeros(chart.n_bars)
    for item in (item for item in chart.items if item.isVisible()):
        if not np.array_equal(item.opts["y0"], base):
            return False
        base = base + np.asarray(item.opts["height"])
    return True


def test_breakdown_uses_codebook_colours_and_legend(qtbot, panel, session) -> None:
    panel.set_breakdown("stance")
    qtbot.waitUntil(lambda: panel.hours_chart.legend_labels() == ["Against", "Neutral", "Favor", "Uncoded"])
    dimension = session.project.codebook.dimension("stance")
    drawn = [pg.mkBrush(item.opts["brush"]).color().name() for item in panel.hours_chart.items[:3]]
    assert drawn == [v.colour for v in dimension.values]
    panel.set_breakdown("actor")
    qtbot.waitUntil(lambda: "Russia" in panel.hours_chart.legend_labels())
    assert "once for each" in panel.hours_chart.note.text


def test_chart_follows_the_other_filters(qtbot, panel, session) -> None:
    session.set_filter(EntryFilter(text="ferries"))
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 1)
    assert int(panel.hours_counts.totals[9]) == 1
    assert panel.hours_chart.note.text == "No time: 0 entries (not in the bars)"
    session.set_filter(EntryFilter())
    qtbot.waitUntil(lambda: int(panel.hours_counts.totals.sum()) == 7)
    assert panel.hours_chart.note.text == "No time: 1 entry (not in the bars)"


def test_hovering_a_bar_shows_its_counts_on_the_chosen_clock(qtbot, panel, session: Session) -> None:
    # pyqtgraph drops mouse moves closer together than its rate limit; a test moves at once.
    limit = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", 0)
    try:
        hover_on_both_clocks(qtbot, panel, session)
    finally:
        pg.setConfigOption("mouseRateLimit", limit)


def hover_on_both_clocks(qtbot, panel: ActivityChartPanel, session: Session) -> None:
    panel.set_breakdown("stance")
    qtbot.waitUntil(lambda: "Favor" in drawn_heights(panel.hours_chart))
    counts = "4 entries — Against 1 · Neutral 1 · Favor 1 · Uncoded 1"
    # The offscreen cursor stays where the last test left it: arrive from another bar.
    for clock, hour in (("12h", "midnight–1 a.m."), ("24h", "00:00–01:00")):
        session.set_clock(clock)
        qtbot.mouseMove(panel.hours_chart.viewport(), bar_point(panel.hours_chart, 13))
        qtbot.waitUntil(lambda c=clock: panel.hover_label.text().startswith(minute_text(13 * 60, c)))
        qtbot.mouseMove(panel.hours_chart.viewport(), bar_point(panel.hours_chart, 0))
        qtbot.waitUntil(lambda h=hour: panel.hover_label.text().startswith(h))
        assert panel.hover_label.text() == f"{hour}: {counts}"


def test_hovering_a_day_shows_the_day_as_the_axis_names_it(qtbot, panel) -> None:
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.days_counts is not None)
    qtbot.mouseMove(panel.days_chart.viewport(), bar_point(panel.days_chart, 1))
    qtbot.waitUntil(lambda: panel.hover_label.text().startswith("Jan 25:"))
    axis = panel.days_chart.axis
    assert "Jan 25" in axis.tickStrings([0.5, 1.5, 2.5], 1.0, 1.0)


def test_export_menu_writes_png_svg_and_csv(qtbot, session, tmp_path, dialogs) -> None:
    panel = shown_panel(qtbot, session, dialogs)
    actions = {a.text(): a for a in panel.export_button.menu().actions()}
    for name, text in (
        ("chart.png", "Chart as PNG…"),
        ("chart.svg", "Chart as SVG…"),
        ("hours.csv", "Numbers as CSV…"),
    ):
        dialogs.answer("save_file", tmp_path / name)
        actions[text].trigger()
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() >= 1200
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "noon" in svg  # the axis, on the default 12-hour clock
    assert (tmp_path / "hours.csv").read_bytes().decode("utf-8") == activity_csv(panel.hours_counts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "chart.svg", "hours.csv"]


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, : image.width(), 2::-1].astype(int)  # RGB


def test_svg_export_draws_what_the_screen_shows(qtbot, panel) -> None:
    """Axes, labels and bars line up in the SVG as on screen, even right after a PNG export.

    Rendered at the SVG's own size and scaled to the chart's, the "Against" bars must
    cover the same pixels and the dark axis and labels must reach as far right (they fell
    a quarter short when the SVG's resolution did not match the screen's).
    """
    chart = panel.hours_chart
    png_bytes(chart.ci)
    svg = svg_bytes(chart.ci)
    screen = chart.grab(chart.mapFromScene(chart.ci.sceneBoundingRect()).boundingRect()).toImage()
    renderer = QSvgRenderer(QByteArray(svg))
    drawn = QImage(renderer.defaultSize(), QImage.Format.Format_RGB32)
    drawn.fill(QColor("white"))
    painter = QPainter(drawn)
    renderer.render(painter)
    painter.end()
    on_screen, in_svg = _pixels(screen), _pixels(drawn.scaled(screen.size()))
    against = np.array([0xD1, 0x49, 0x5B])

    def bars(rgb: np.ndarray) -> np.ndarray:
        return (np.abs(rgb - against) < 16).all(axis=2)

    def right_edge_of_dark(rgb: np.ndarray) -> float:
        return np.flatnonzero((rgb.max(axis=2) < 110).any(axis=0)).max() / rgb.shape[1]

    overlap = (bars(on_screen) & bars(in_svg)).sum() / (bars(on_screen) | bars(in_svg)).sum()
    assert overlap > 0.8
    assert right_edge_of_dark(in_svg) == pytest.approx(right_edge_of_dark(on_screen), abs=0.02)


@pytest.mark.parametrize("tallest", [1, 7, 9, 13, 38, 101, 977])
def test_the_count_axis_labels_reach_the_tallest_bar(qtbot, tallest: int) -> None:
    from workbench.ui.chart.bars import LabelAxis

    chart = StackedBarChart(1.0, LabelAxis("bottom", (1, 2, 4), str), "Entries")
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.show()
    chart.set_data(np.array([tallest // 3, tallest, 0]), [])
    (low, high) = chart.view.viewRange()[1]
    axis = chart.plot.getAxis("left")
    [(_step, labels)] = axis.tickValues(low, high, axis.height())
    assert max(labels) >= tallest  # a label level with or above the tallest bar
    assert high > max(labels)  # with room for that label inside the plot
    assert all(float(v).is_integer() for v in labels)


def test_the_count_axis_reaches_the_tallest_stack_not_the_tallest_layer(qtbot) -> None:
    """Stacked layers of 9 and 8 make a bar of 17: the axis and its top label go past 17."""
    from workbench.analysis.activity import Series
    from workbench.ui.chart.bars import LabelAxis

    chart = StackedBarChart(1.0, LabelAxis("bottom", (1, 2, 4), str), "Entries")
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.show()
    layers = [
        Series("favor", "Favor", "#2a7f62", np.array([9, 2, 0]), 0),
        Series("against", "Against", "#c0641a", np.array([8, 3, 1]), 0),
    ]
    chart.set_data(np.array([17, 5, 1]), layers)
    (_low, high) = chart.view.viewRange()[1]
    assert high >= 17
    axis = chart.plot.getAxis("left")
    [(_step, labels)] = axis.tickValues(0, high, axis.height())
    assert max(labels) >= 17


def test_a_date_range_shades_only_the_days_drawn() -> None:
    """An open end reaches the chart's edge; a range beside every drawn day shades nothing."""
    days = np.arange(np.datetime64("2024-03-01"), np.datetime64("2024-03-08"))
    assert days_drawn(("2024-03-03", "2024-03-04"), days) == (2, 3)
    assert days_drawn((None, "2024-03-02"), days) == (0, 1)
    assert days_drawn(("2024-02-20", None), days) == (0, 6)
    assert days_drawn(("2024-04-01", "2024-04-02"), days) is None
    assert days_drawn(("2024-03-03", "2024-03-04"), days[:0]) is None
