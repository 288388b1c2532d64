"""The queues, the Confidence column and filter, and the Suggestions panel, used as an analyst does.

A round of suggestions is put in place the way the training step hands one over
(``suggestions.publish`` and ``session.suggestionsChanged``), so these tests need no model.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel

from workbench.core.undoable import SetBlind
from workbench.index.suggestions import DimensionQuality, Suggestion, SuggestionRound

ANNOTATOR = "ana"
#: Entry -> the best stance suggestion's score; the margins follow the same order.
SCORES = {"e0": 0.95, "e1": 0.52, "e2": 0.71, "e3": 0.41, "e4": 0.88, "e5": 0.66}
MARGINS = {"e0": 0.9, "e1": 0.30, "e2": 0.05, "e3": 0.10, "e4": 0.6, "e5": 0.2}
QUALITY = [
    DimensionQuality(
        "stance",
        "on",
        48,
        0.81,
        0.74,
        0.52,
        0.23,
        folds=5,
        version="stance#3",
        message="rests on 48 coded entries",
    ),
    DimensionQuality("actor", "too few", 3, message="needs 5 coded entries for at least two values"),
    DimensionQuality(
        "event_type", "not better", 40, 0.40, 0.20, 0.45, 0.12, folds=4, message="not above 45%"
    ),
]


def publish(window, scores=SCORES, margins=MARGINS) -> None:
    """Hand the window a round as the training step does."""
    session = window.session
    by_entry = {e: [Suggestion("stance", "favor", s, "model", "stance#3")] for e, s in scores.items()}
    session.index.suggestions.publish(SuggestionRound(by_entry, list(QUALITY), dict(margins)))
    session.suggestionsChanged.emit()


def shown_ids(window) -> list[str]:
    model = window.navigator.model
    return [model.entry_id(row) for row in range(model.rowCount())]


def current(window) -> str:
    return window.session.current_entry_id


def code_current_by_key(qtbot, window) -> None:
    """Stance "against" (key 1) on the entry shown, from the list."""
    qtbot.keyClick(window.navigator.table, "1")


def go_to(qtbot, window, entry_id: str) -> None:
    table = window.navigator.table
    table.setFocus()
    while current(window) != entry_id:
        qtbot.keyClick(table, "j")


def confidence_cells(window) -> list[str]:
    model = window.navigator.model
    column = model.confidence_column
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_u_goes_to_the_least_certain_uncoded_entry_in_the_filter(qtbot, window) -> None:
    publish(window)
    go_to(qtbot, window, "e2")
    code_current_by_key(qtbot, window)  # the least certain one is coded: U skips it
    table = window.navigator.table
    qtbot.keyClick(table, "u")
    assert current(window) == "e3"
    qtbot.keyClick(table, "u")  # still the least certain uncoded one
    assert current(window) == "e3"
    code_current_by_key(qtbot, window)
    qtbot.keyClick(table, "u")
    assert current(window) == "e5"
    window.filter_bar.search.setText("minist")  # only e1 ("defence ministry") and e5 remain
    window.filter_bar.apply()
    assert shown_ids(window) == ["e1", "e5"]
    code_current_by_key(qtbot, window)
    qtbot.keyClick(table, "u")
    assert current(window) == "e1"


def test_u_before_any_margins_says_so_and_stays(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "u")
    assert current(window) == "e0"
    assert "No model has scored the entries yet" in window.statusBar().currentMessage()


def test_u_says_when_every_scored_entry_is_coded(qtbot, window) -> None:
    publish(window, {"e4": 0.9}, {"e4": 0.3})
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "u")
    assert current(window) == "e4"
    code_current_by_key(qtbot, window)
    qtbot.keyClick(table, "u")
    assert current(window) == "e4"
    assert window.statusBar().currentMessage() == "Every entry in the list the models scored is coded."


def test_r_draws_uncoded_entries_of_the_filter_and_a_seed_repeats_them(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    code_current_by_key(qtbot, window)  # e0 coded
    window.filter_bar.search.setText("said")
    window.filter_bar.apply()
    shown = shown_ids(window)
    assert shown == ["e0", "e2", "e6"]

    def draw_twice() -> list[str]:
        window.navigator.queue_random.seed(11)
        drawn = []
        for _ in range(2):
            qtbot.keyClick(table, "r")
            drawn.append(current(window))
        return drawn

    first = draw_twice()
    assert all(e in shown and e != "e0" for e in first)
    assert first[0] != first[1]  # pressing again moves on
    assert draw_twice() == first  # the same seed, the same draws
    window.filter_bar.search.setText("Iran")  # one entry, e5
    window.filter_bar.apply()
    qtbot.keyClick(table, "r")
    assert current(window) == "e5"
    code_current_by_key(qtbot, window)
    qtbot.keyClick(table, "r")
    assert window.statusBar().currentMessage() == "Every entry in the list is coded."


def test_confidence_column_appears_with_suggestions_and_sorts_by_header_click(qtbot, window) -> None:
    table = window.navigator.table
    column = window.navigator.model.confidence_column
    assert table.isColumnHidden(column)  # nothing suggested: no room taken
    publish(window)
    assert not table.isColumnHidden(column)
    assert confidence_cells(window) == ["95%", "52%", "71%", "41%", "88%", "66%", ""]
    header = table.horizontalHeader()
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())  # the last column

    def click_header() -> bool:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        assert header.sortIndicatorSection() == column
        return header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder

    ascending = ["e3", "e1", "e5", "e2", "e4", "e0", "e6"]  # nothing suggested: last
    for _ in range(2):  # the first click's order is the style's; the second turns it round
        expected = ascending if click_header() else ascending[::-1]
        assert shown_ids(window) == expected
    publish(window, {**SCORES, "e0": 0.10})  # a new round re-sorts the list
    assert shown_ids(window).index("e0") == (
        0 if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else 6
    )


def test_confidence_filter_shows_only_those_and_follows_a_new_round(qtbot, window) -> None:
    from test_filter_bar import choose

    box = window.filter_bar.confidence
    assert not box.isVisible()  # nothing to filter by yet
    publish(window)
    assert box.isVisible()
    choose(qtbot, box, "Confidence < 60%")
    assert shown_ids(window) == ["e1", "e3"]
    choose(qtbot, box, "Confidence ≥ 90%")
    assert shown_ids(window) == ["e0"]
    publish(window, {**SCORES, "e4": 0.97})
    assert shown_ids(window) == ["e0", "e4"]
    qtbot.mouseClick(window.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(shown_ids(window)) == 7
    assert box.currentText() == "Any confidence"


def test_a_blind_annotator_sees_no_confidence_and_no_uncertain_queue(qtbot, window) -> None:
    from test_filter_bar import choose

    publish(window)
    choose(qtbot, window.filter_bar.confidence, "Confidence < 60%")
    assert shown_ids(window) == ["e1", "e3"]
    window.session.push(SetBlind(ANNOTATOR, True))
    assert shown_ids(window) == []  # no score may pick entries for a blind annotator
    assert window.filter_bar.confidence.isVisible()  # while in force, so it can be cleared
    qtbot.mouseClick(window.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert set(confidence_cells(window)) == {""}
    assert not window.filter_bar.confidence.isVisible()
    table = window.navigator.table
    table.setFocus()
    before = current(window)
    qtbot.keyClick(table, "u")
    assert current(window) == before
    assert "codes blind" in window.statusBar().currentMessage()
    panel_notice = window.findChild(QLabel, "suggestionsNotice")
    assert panel_notice is not None and "ana codes blind" in panel_notice.text()
    window.session.undo_stack.undo()
    assert confidence_cells(window)[0] == "95%"


def test_suggestions_panel_shows_each_dimensions_figures_and_why_withheld(qtbot, window) -> None:
    view = window.menu("View")
    toggle = next(a for a in view.actions() if a.text() == "Suggestions")
    toggle.trigger()
    dock = window.findChild(QDockWidget, "suggestionsDock")
    assert dock.isVisible()
    panel = dock.widget()
    assert "No model has been trained yet" in panel.notice.text()
    assert panel.table.rowCount() == 0
    publish(window)
    assert not panel.notice.isVisible()
    rows = [
        [panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
        for r in range(panel.table.rowCount())
    ]
    assert rows == [
        ["Stance", "shown", "81% vs 52%", "74% vs 23%", "48", "5", "rests on 48 coded entries"],
        ["Actor", "withheld: too few", "—", "—", "3", "—", "needs 5 coded entries for at least two values"],
        ["Event type", "withheld: no better", "40% vs 45%", "20% vs 12%", "40", "4", "not above 45%"],
    ]


def test_the_queues_are_in_the_view_menu_and_the_shortcut_sheet(window) -> None:
    texts = {a.text().replace("&", ""): a for a in window.menu("View").actions() if isinstance(a, QAction)}
    assert [s.toString() for s in texts["Next most uncertain entry"].shortcuts()] == ["U"]
    assert [s.toString() for s in texts["Next random entry"].shortcuts()] == ["R"]
    rows = dict(window.shortcut_sheet().rows())
    assert rows["Next most uncertain entry"] == "U"
    assert rows["Next random entry"] == "R"
