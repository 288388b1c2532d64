"""One very large thing in the window: a codebook of thousands of actors, a megabyte entry.

Issue #20 point 10: 100,000 actors gave no window (a button per value), and a 50 MB entry
froze the review list. These act as an analyst does and check what is shown or saved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from tests.ui.conftest import ANNOTATOR, make_project, shown_window
from workbench.core.codebook import CodeValue
from workbench.formats.project.file import load_project, save_project

ACTORS = 5_000
CTRL = Qt.KeyboardModifier.ControlModifier


def many_actors_project(count: int = ACTORS):
    project = make_project()
    actor = project.codebook.dimension("actor")
    assert actor is not None
    actor.values += [
        CodeValue(key=f"ACT{n:05d}", label=f"Harbour group {n}", colour="#6f8fb3") for n in range(count)
    ]
    return project


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.json"
    save_project(many_actors_project(), path)
    return path


@pytest.fixture
def big_window(qtbot, big_file: Path):
    return shown_window(qtbot, big_file)


def first_actors(window) -> list[str]:
    values = window.tag_panel.value_lists["actor"]
    return [values.model.value_at(row).key for row in range(min(values.model.rowCount(), 5))]


def test_a_long_dimension_is_one_search_list_not_thousands_of_widgets(qtbot, big_window) -> None:
    panel = big_window.tag_panel
    assert len(panel.findChildren(QPushButton)) + len(panel.findChildren(QCheckBox)) < 100
    assert "actor" in panel.value_lists
    assert not any(dimension == "actor" for dimension, _ in panel.value_buttons)
    # short dimensions keep their buttons, so their keys stay in sight
    assert panel.value_buttons[("stance", "favor")].isVisible()
    assert panel.value_lists["actor"].list.isVisible()
    assert "more" in panel.value_lists["actor"].more.text()  # the list says it stops short


def test_typing_filters_enter_codes_and_the_code_is_saved(qtbot, big_window, big_file: Path) -> None:
    field = big_window.tag_panel.value_lists["actor"].field
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "group 4321")
    assert first_actors(big_window) == ["ACT04321"]
    qtbot.keyClick(field, Qt.Key.Key_Return)
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["ACT04321"]}
    qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    reopened = load_project(big_file)
    assert reopened.annotation(ANNOTATOR, reopened.entries[0].id).values == {"actor": ["ACT04321"]}


def test_exact_and_prefix_matches_come_first_and_arrows_move_the_highlight(qtbot, big_window) -> None:
    values = big_window.tag_panel.value_lists["actor"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "us")  # in "RUS Russia" and the labels of USA, UNO, ...
    assert values.highlighted().key == "USA"  # "USA United States" starts with it
    values.field.clear()
    qtbot.keyClicks(values.field, "act0001")  # ACT00010 .. ACT00019
    assert values.highlighted().key == "ACT00010"
    qtbot.keyClick(values.field, Qt.Key.Key_Down)
    qtbot.keyClick(values.field, Qt.Key.Key_Return)
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["ACT00011"]}
    assert project.entries[0].id == big_window.session.current_entry_id  # Down stayed in the list
    values.field.clear()
    qtbot.keyClicks(values.field, "rus")
    assert values.highlighted().key == "RUS"


def test_chosen_values_stay_listed_first_whatever_the_filter(qtbot, big_window) -> None:
    table = big_window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "a")
    qtbot.keyClick(table, "r")  # the chord codes Russia
    values = big_window.tag_panel.value_lists["actor"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "group 77")
    assert first_actors(big_window)[:2] == ["RUS", "ACT00077"]
    index = values.model.index(0, 0)
    assert values.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtbot.keyClick(values.field, Qt.Key.Key_Return)  # codes the best match, not the chosen one
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["RUS", "ACT00077"]}


def test_escape_returns_focus_to_the_coding_area(qtbot, big_window) -> None:
    values = big_window.tag_panel.value_lists["actor"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "group 9")
    assert QApplication.focusWidget() is values.field
    qtbot.keyClick(values.field, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is big_window.navigator.table
    assert values.field.text() == ""
    qtbot.keyClick(big_window.navigator.table, "d")  # coding keys work again at once
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).status == "done"


def test_a_new_name_is_added_from_the_search_field(qtbot, big_window) -> None:
    values = big_window.tag_panel.value_lists["actor"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "Lighthouse keepers")
    assert "Enter adds it" in values.more.text()
    qtbot.keyClick(values.field, Qt.Key.Key_Return)
    project = big_window.session.project
    assert project.codebook.dimension("actor").values[-1].label == "Lighthouse keepers"
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["LIGHTHOUSE KEEPERS"]}
    assert QApplication.focusWidget() is big_window.navigator.table


def test_a_click_on_a_row_codes_it_once(qtbot, big_window) -> None:
    values = big_window.tag_panel.value_lists["actor"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "group 1234")
    rect = values.list.visualRect(values.model.index(0, 0))
    qtbot.mouseClick(values.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["ACT01234"]}


def test_the_code_filter_finds_one_of_thousands_by_typing(qtbot, big_window) -> None:
    table = big_window.navigator.table
    table.setFocus()
    for key in "jar":  # code the second entry with Russia
        qtbot.keyClick(table, key)
    box = big_window.filter_bar.code
    assert box.count() == 1 + 3 + 10 + ACTORS + 16 + 3
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # the click's selection of the text is queued
    qtbot.keyClicks(box.lineEdit(), "russ")
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert big_window.session.filter.codes == (("actor", "RUS"),)
    assert box.currentText() == "Actor: Russia"
    assert big_window.navigator.model.rowCount() == 1
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "no such code")
    table.setFocus()  # leaving the box shows the filter in force again
    assert box.currentText() == "Actor: Russia"
    assert box.lineEdit().text() == "Actor: Russia"


def test_the_codebook_editor_opens_a_long_dimension_only_when_asked(qtbot, big_window) -> None:
    from workbench.ui.coding.codebook_editor import CodebookEditor

    editor = CodebookEditor(big_window.session, big_window)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    tops = {editor.tree.topLevelItem(i).text(1): editor.tree.topLevelItem(i) for i in range(4)}
    actor = tops["actor"]
    assert not actor.isExpanded() and actor.childCount() == 0  # nothing built for 5,010 rows yet
    assert tops["stance"].isExpanded() and tops["stance"].childCount() == 3
    editor.tree.setFocus()
    editor.tree.setCurrentItem(actor)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Right)  # opens the row, as a click on its arrow does
    assert actor.isExpanded() and actor.childCount() == 10 + ACTORS
    assert actor.child(10 + 4321).text(1) == "ACT04321"
    editor.select("actor", "ACT04321")
    assert editor.selection() == ("actor", "ACT04321")
    editor.session.undo_stack.setClean()


def test_a_chart_broken_down_by_500_actors_keeps_a_short_legend(qtbot) -> None:
    from workbench.core.model import Annotation
    from workbench.ui.chart.panel import ActivityChartPanel
    from workbench.ui.session import Session

    project = many_actors_project(500)
    for i, entry in enumerate(project.entries):  # every entry names 70 actors: 490 in all
        actors = [f"ACT{n:05d}" for n in range(i * 70, (i + 1) * 70)]
        project.set_annotation(ANNOTATOR, entry.id, Annotation(values={"actor": actors}))
    panel = ActivityChartPanel(Session(project, None, ANNOTATOR))
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_breakdown("actor")
    qtbot.waitUntil(lambda: "Other" in panel.hours_chart.legend_labels())
    assert len(panel.hours_chart.legend_labels()) <= 13
    assert len(panel.hours_chart.legend.items) <= 13


MEGABYTE_TEXT = "The harbour board met again; the ferry timetable was read aloud in full. " * 14_000


@pytest.fixture
def long_entry_window(qtbot, tmp_path: Path):
    from workbench.core.model import Annotation, Span

    project = make_project()
    first = project.entries[0]
    first.text = MEGABYTE_TEXT
    # ana disagrees with ben on this entry, so it is listed for review; her span covers it all
    project.set_annotation(
        ANNOTATOR,
        first.id,
        Annotation(values={"stance": "against"}, spans=[Span(0, len(MEGABYTE_TEXT) - 1, "mention", "LOC")]),
    )
    path = tmp_path / "long.json"
    save_project(project, path)
    return shown_window(qtbot, path)


def test_tooltips_of_a_megabyte_entry_are_short(qtbot, long_entry_window) -> None:
    from PySide6.QtWidgets import QToolTip

    window = long_entry_window
    assert len(MEGABYTE_TEXT) > 1_000_000
    review = window.review_panel
    review.parentWidget().show()
    qtbot.waitUntil(lambda: review.model.rowCount() > 0)
    rows = [review.model.index(r, 0) for r in range(review.model.rowCount())]
    row = next(i for i in rows if i.data(Qt.ItemDataRole.UserRole) == "e0")
    assert len(row.data(Qt.ItemDataRole.DisplayRole)) < 200
    assert len(row.data(Qt.ItemDataRole.ToolTipRole)) < 1_000
    navigator = window.navigator.model
    assert len(navigator.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)) < 1_000
    text = window.entry_view.text  # hovering the span over the whole entry
    qtbot.mouseMove(text.viewport(), text.viewport().rect().center())
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Place: “The harbour board" in QToolTip.text()
    assert len(QToolTip.text()) < 1_000


def test_the_value_list_model_passes_the_model_tester(qtmodeltester, big_window) -> None:
    values = big_window.tag_panel.value_lists["actor"]
    qtmodeltester.check(values.model)
    values.model.set_filter("group 12")
    values.model.set_chosen(["RUS", "ACT00012"])
    qtmodeltester.check(values.model)


def test_the_actor_chord_then_slash_puts_the_keyboard_in_the_search(qtbot, big_window) -> None:
    table = big_window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "a")
    assert "/ find actor" in big_window.statusBar().currentMessage()  # the chord cue offers it
    qtbot.keyClick(table, "/")
    values = big_window.tag_panel.value_lists["actor"]
    assert QApplication.focusWidget() is values.field
    qtbot.keyClicks(values.field, "group 42")
    qtbot.keyClick(values.field, Qt.Key.Key_Return)
    project = big_window.session.project
    assert project.annotation(ANNOTATOR, project.entries[0].id).values == {"actor": ["ACT00042"]}
    qtbot.keyClick(values.field, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is table
    lines = big_window.keys.bindings(big_window.window_actions)  # what the shortcut sheet lists
    assert ("Actor", "A, /") in {(line.group, line.keys) for line in lines}


def test_merging_among_thousands_is_typed_and_a_wrong_name_is_one_line(qtbot, big_window, dialogs) -> None:
    from workbench.ui.coding.codebook_editor import CodebookEditor

    dialogs.answer("choose", "Nobody by that name")
    editor = CodebookEditor(big_window.session, big_window, dialogs)
    qtbot.addWidget(editor)
    editor.select("actor", "ACT00007")
    qtbot.mouseClick(editor.buttons["merge"], Qt.MouseButton.LeftButton)
    asked = [q.typed for q in dialogs.asked if q.kind == "choose"]
    assert asked == [True]  # the box is typed into, not scrolled through 5,009 names
    assert editor.message.text() == "There is no value 'Nobody by that name' to merge into."
    assert big_window.session.undo_stack.count() == 0


def test_span_menus_of_a_long_span_dimension_list_a_screenful(qtbot, tmp_path: Path) -> None:
    from workbench.core.model import Annotation, Span
    from workbench.ui.coding.value_list import SCREENFUL

    project = make_project()
    mention = project.codebook.dimension("mention")
    assert mention is not None
    mention.values += [CodeValue(key=f"PLACE{n}", label=f"Quay {n}") for n in range(ACTORS)]
    project.set_annotation(ANNOTATOR, "e0", Annotation(spans=[Span(0, 7, "mention", "ORG")]))
    path = tmp_path / "spans.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    menu = window.entry_view.span_menu(3)
    change = menu.actions()[0].menu()
    texts = [action.text() for action in change.actions()]
    assert texts[0] == f"… {ACTORS + 2 - SCREENFUL:,} more: use the tag panel's list"
    assert len(texts) == SCREENFUL + 1
    assert "mention" in window.tag_panel.value_lists  # where the rest are found


def test_a_long_span_dimension_marks_the_selection_from_its_search(qtbot, tmp_path: Path) -> None:
    project = make_project()
    mention = project.codebook.dimension("mention")
    assert mention is not None
    mention.values += [CodeValue(key=f"PLACE{n}", label=f"Quay {n}") for n in range(ACTORS)]
    path = tmp_path / "spans.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    window.entry_view.text.select_offsets(0, 7)  # "Turkish"
    values = window.tag_panel.value_lists["mention"]
    qtbot.mouseClick(values.field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(values.field, "quay 321")
    qtbot.keyClick(values.field, Qt.Key.Key_Return)
    spans = window.session.project.annotation(ANNOTATOR, "e0").spans
    assert [(s.start, s.end, s.value) for s in spans] == [(0, 7, "PLACE321")]
