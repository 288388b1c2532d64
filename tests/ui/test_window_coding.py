"""Coding in the window the way an analyst does: keys, selections, menus, undo, save, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPushButton

from workbench.core.model import Span
from workbench.formats.project.file import load_project

ANNOTATOR = "ana"  # the annotator the window fixture codes as
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def annotation(window, index: int):
    project = window.session.project
    return project.annotation(ANNOTATOR, project.entries[index].id)


def press(qtbot, widget, *keys: str) -> None:
    for key in keys:
        qtbot.keyClick(widget, key)


def select_by_keyboard(qtbot, window, start_graphemes: int, length_graphemes: int) -> None:
    text = window.entry_view.text
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_Home, CTRL)
    for _ in range(start_graphemes):
        qtbot.keyClick(text, Qt.Key.Key_Right)
    for _ in range(length_graphemes):
        qtbot.keyClick(text, Qt.Key.Key_Right, SHIFT)


def text_point(window, position: int) -> QPoint:
    text = window.entry_view.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(position)
    return text.cursorRect(cursor).center()


def drag_select(qtbot, window, start_qt: int, end_qt: int) -> None:
    """Press at one text position, move and release at another, as a mouse does."""
    viewport = window.entry_view.text.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=text_point(window, start_qt))
    qtbot.mouseMove(viewport, text_point(window, (start_qt + end_qt) // 2))
    qtbot.mouseMove(viewport, text_point(window, end_qt))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=text_point(window, end_qt))


def double_click_word(qtbot, window, start_qt: int, end_qt: int) -> None:
    """Double-click in the middle of a word (right-to-left words included) to select it."""
    a, b = text_point(window, start_qt), text_point(window, end_qt)
    middle = QPoint((a.x() + b.x()) // 2, a.y())
    qtbot.mouseDClick(window.entry_view.text.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def test_tag_by_keys_from_the_list_including_chords(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "3", "e", "5", "a", "r", "a", "t")
    ann = annotation(window, 0)
    assert ann.values == {"stance": "favor", "event_type": ["COOPERATE"], "actor": ["RUS", "TUR"]}
    assert window.tag_panel.value_buttons[("stance", "favor")].isChecked()
    assert window.tag_panel.value_buttons[("actor", "TUR")].isChecked()
    model = window.navigator.model
    assert [model.data(model.index(0, c)) for c in (3, 4, 5)] == ["favor", "RUS, TUR", "COOPERATE"]
    press(qtbot, table, "a", "r")  # toggles RUS off again
    assert annotation(window, 0).values["actor"] == ["TUR"]
    press(qtbot, table, "1")  # another stance replaces the first
    assert annotation(window, 0).values["stance"] == "against"


def test_keys_work_from_the_text_and_never_while_typing_a_note(qtbot, window) -> None:
    window.entry_view.text.setFocus()
    press(qtbot, window.entry_view.text, "2", "e", "9")
    assert annotation(window, 0).values == {"stance": "neutral", "event_type": ["ACCUSE"]}
    steps = window.session.undo_stack.count()
    note = window.tag_panel.note
    note.setFocus()
    qtbot.keyClicks(note, "3 e5 d")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert annotation(window, 0).values == {"stance": "neutral", "event_type": ["ACCUSE"]}
    assert annotation(window, 0).note == "3 e5 d"
    assert annotation(window, 0).status == "todo"
    assert window.session.undo_stack.count() == steps + 1  # the whole note is one undo step
    assert window.navigator.table.hasFocus()  # Enter hands the keys back for coding
    qtbot.keyClick(window.navigator.table, "j")
    assert window.session.current_entry_id == "e1"


def test_escape_in_the_note_drops_the_typing(qtbot, window) -> None:
    note = window.tag_panel.note
    note.setFocus()
    qtbot.keyClicks(note, "half a thought")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert note.text() == ""
    assert annotation(window, 0) is None
    assert window.navigator.table.hasFocus()
    assert window.session.undo_stack.count() == 0  # no empty step left behind


def test_a_note_is_kept_while_typing_and_each_typing_session_is_one_undo_step(qtbot, window) -> None:
    note = window.tag_panel.note
    note.setFocus()
    qtbot.keyClicks(note, "check the")
    assert annotation(window, 0).note == "check the"  # already stored: closing now loses nothing
    assert "*" in window.windowTitle()
    qtbot.keyClick(note, Qt.Key.Key_Return)
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_End)
    qtbot.keyClicks(note, " figures")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert annotation(window, 0).note == "check the figures"
    assert window.session.undo_stack.count() == 2
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert annotation(window, 0).note == "check the"
    assert note.text() == "check the"
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert annotation(window, 0) is None
    assert note.text() == ""


def test_mark_span_by_keyboard_selection_and_undo_redo(qtbot, window) -> None:
    select_by_keyboard(qtbot, window, 0, 7)  # "Turkish"
    press(qtbot, window.entry_view.text, "m", "o")
    assert annotation(window, 0).spans == [Span(0, 7, "mention", "ORG")]
    assert "Organisation" in window.entry_view.legend.text()
    text = window.entry_view.text
    qtbot.keyClick(text, Qt.Key.Key_Z, CTRL)
    assert annotation(window, 0) is None
    qtbot.keyClick(text, Qt.Key.Key_Z, CTRL | SHIFT)
    assert annotation(window, 0).spans == [Span(0, 7, "mention", "ORG")]
    qtbot.keyClick(text, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(text, Qt.Key.Key_Y, CTRL)
    assert annotation(window, 0).spans == [Span(0, 7, "mention", "ORG")]
    assert window.undo_action.text().replace("&", "") == "Undo Mark ORG “Turkish”"
    assert window.redo_action.text().replace("&", "") == "Redo"  # nothing left to redo


def test_span_key_without_a_selection_explains_what_to_do(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "m", "p")
    assert annotation(window, 0) is None
    assert "Select some words" in window.statusBar().currentMessage()


def test_emoji_and_arabic_spans_survive_save_and_reopen(qtbot, window, project_file: Path) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "j")  # the entry with an emoji
    entry = window.session.project.entries[1]
    assert window.session.current_entry_id == entry.id
    prefix = "Russia's defence ministry reported "
    select_by_keyboard(qtbot, window, len(prefix), 1 + len(" progress"))  # the emoji is one grapheme
    press(qtbot, window.entry_view.text, "m", "l")
    start = entry.text.index("👍🏽")
    assert annotation(window, 1).spans == [Span(start, start + len("👍🏽 progress"), "mention", "LOC")]

    table.setFocus()
    press(qtbot, table, "j")  # the Arabic entry
    arabic = window.session.project.entries[2].text
    word = "مسؤول"
    double_click_word(qtbot, window, arabic.index(word), arabic.index(word) + len(word))
    assert window.entry_view.text.textCursor().selectedText() == word
    press(qtbot, window.entry_view.text, "m", "p")
    assert annotation(window, 2).spans == [
        Span(arabic.index(word), arabic.index(word) + len(word), "mention", "PER")
    ]

    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    assert window.session.undo_stack.isClean()
    assert "*" not in window.windowTitle()
    reopened = load_project(project_file)
    for index in (1, 2):
        entry_id = reopened.entries[index].id
        assert reopened.annotation(ANNOTATOR, entry_id) == annotation(window, index)
    span = reopened.annotation(ANNOTATOR, reopened.entries[1].id).spans[0]
    assert reopened.entries[1].text[span.start : span.end] == "👍🏽 progress"
    span = reopened.annotation(ANNOTATOR, reopened.entries[2].id).spans[0]
    assert reopened.entries[2].text[span.start : span.end] == word


def test_full_session_saved_and_reopened_gives_the_same_annotations(
    qtbot, window, project_file: Path
) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "3", "e", "5", "d", "j", "1", "a", "n", "f", "j")
    assert "*" in window.windowTitle()
    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    reopened = load_project(project_file)
    mine = window.session.project.layer(ANNOTATOR)
    assert reopened.layer(ANNOTATOR) == mine
    assert {e: (a.values, a.status) for e, a in mine.items()} == {
        "e0": ({"stance": "favor", "event_type": ["COOPERATE"]}, "done"),
        "e1": ({"stance": "against", "actor": ["UNO"]}, "flagged"),
    }
    assert reopened.layer("ben") == load_project(project_file).layer("ben")


def test_j_k_arrows_and_next_uncoded(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    ids = [e.id for e in window.session.project.entries]
    press(qtbot, table, "j", "j")
    assert window.session.current_entry_id == ids[2]
    press(qtbot, table, "k")
    assert window.session.current_entry_id == ids[1]
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.session.current_entry_id == ids[2]
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert window.session.current_entry_id == ids[1]
    assert window.navigator.table.currentIndex().row() == 1
    assert window.entry_view.text.toPlainText() == window.session.project.entries[1].text
    press(qtbot, table, "k", "k")  # stops at the top
    assert window.session.current_entry_id == ids[0]
    press(qtbot, table, "3", "j", "2", "k", "n")  # code 0 and 1; next uncoded from 0 is 2
    assert window.session.current_entry_id == ids[2]


def test_undo_after_switching_entries_goes_back_to_the_entry(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "1", "j", "j", "j")
    assert window.session.current_entry_id == "e3"
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert annotation(window, 0) is None
    assert window.session.current_entry_id == "e0"
    assert table.currentIndex().row() == 0
    assert not window.tag_panel.value_buttons[("stance", "against")].isChecked()
    press(qtbot, table, "j", "j")
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.session.current_entry_id == "e0"
    assert window.tag_panel.value_buttons[("stance", "against")].isChecked()


def test_status_keys_and_buttons(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "d")
    assert annotation(window, 0).status == "done"
    assert window.tag_panel.status_buttons["done"].isChecked()
    assert window.counts_label.text() == "7 entries · 1 done · 0 flagged"
    press(qtbot, table, "d")
    assert annotation(window, 0) is None
    qtbot.mouseClick(window.tag_panel.status_buttons["flagged"], Qt.MouseButton.LeftButton)
    assert annotation(window, 0).status == "flagged"
    assert window.counts_label.text() == "7 entries · 0 done · 1 flagged"
    assert table.hasFocus()  # clicking a coding button leaves focus where the analyst was


def test_clicking_value_buttons_codes_and_uncodes(qtbot, window) -> None:
    button: QPushButton = window.findChild(QPushButton, "value_event_type_PROTEST")
    assert button.text() == "Protest"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert annotation(window, 0).values == {"event_type": ["PROTEST"]}
    assert button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert annotation(window, 0) is None
    assert not button.isChecked()


def test_typing_a_new_actor_adds_it_to_the_codebook_in_one_undo_step(qtbot, window) -> None:
    field = window.tag_panel.add_fields["actor"]
    field.setFocus()
    qtbot.keyClicks(field, "syr opp")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    actor = window.session.project.codebook.dimension("actor")
    assert ("SYR OPP", "syr opp") in [(v.key, v.label) for v in actor.values]  # the typed label is kept
    assert annotation(window, 0).values == {"actor": ["SYR OPP"]}
    assert window.tag_panel.value_buttons[("actor", "SYR OPP")].isChecked()
    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert "SYR OPP" not in [v.key for v in window.session.project.codebook.dimension("actor").values]
    assert annotation(window, 0) is None
    assert ("actor", "SYR OPP") not in window.tag_panel.value_buttons


def test_a_typed_actor_keeps_its_label_gets_a_valid_key_and_a_free_chord(qtbot, window, project_file) -> None:
    field = window.tag_panel.add_fields["actor"]
    field.setFocus()
    qtbot.keyClicks(field, "Smith, John: Jr")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    smith = window.session.project.codebook.dimension("actor").values[-1]
    assert (smith.key, smith.label, smith.shortcut) == ("SMITH JOHN JR", "Smith, John: Jr", "A, M")
    assert annotation(window, 0).values == {"actor": ["SMITH JOHN JR"]}
    window.navigator.table.setFocus()
    press(qtbot, window.navigator.table, "j", "a", "m")  # the offered chord codes the next entry
    assert annotation(window, 1).values == {"actor": ["SMITH JOHN JR"]}
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_S, CTRL)
    reopened = load_project(project_file).codebook.dimension("actor").value("SMITH JOHN JR")
    assert reopened is not None and reopened.label == "Smith, John: Jr"


def test_typing_a_known_actor_name_codes_the_existing_value(qtbot, window) -> None:
    field = window.tag_panel.add_fields["actor"]
    field.setFocus()
    qtbot.keyClicks(field, "Russia")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert annotation(window, 0).values == {"actor": ["RUS"]}
    assert len(window.session.project.codebook.dimension("actor").values) == 10


def test_clicking_a_span_offers_change_and_remove(qtbot, window) -> None:
    select_by_keyboard(qtbot, window, 0, 7)
    press(qtbot, window.entry_view.text, "m", "o")
    menu = window.entry_view.span_menu(3)
    texts = [a.text() for a in menu.actions()]
    assert texts[-1] == "Remove Organisation “Turkish”"
    change = menu.actions()[0].menu()
    [to_place] = [a for a in change.actions() if a.text() == "Place"]
    to_place.trigger()
    assert annotation(window, 0).spans == [Span(0, 7, "mention", "LOC")]
    menu = window.entry_view.span_menu(3)
    menu.actions()[-1].trigger()
    assert annotation(window, 0) is None  # nothing else was coded, so nothing is left
    # No mark is painted; "Turkish" is again only suggested (the alias of TUR, dotted).
    [suggested] = window.entry_view.text.extraSelections()
    assert suggested.format.background().style() == Qt.BrushStyle.NoBrush
    assert suggested.cursor.selectedText() == "Turkish"


def test_mark_as_menu_on_a_mouse_selection(qtbot, window) -> None:
    drag_select(qtbot, window, 8, 17)  # "officials"
    assert window.entry_view.text.textCursor().selectedText() == "officials"
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    window.entry_view._add_coding_menus(menu, 8)
    mark = next(a.menu() for a in menu.actions() if a.text() == "Mark as")
    mention = mark.actions()[0].menu()
    person = next(a for a in mention.actions() if a.text().startswith("Person"))
    person.trigger()
    assert annotation(window, 0).spans == [Span(8, 17, "mention", "PER")]


def test_overlapping_spans_are_drawn_in_two_layers(qtbot, window) -> None:
    select_by_keyboard(qtbot, window, 0, 17)  # "Turkish officials"
    press(qtbot, window.entry_view.text, "m", "o")
    select_by_keyboard(qtbot, window, 8, 9)  # "officials"
    press(qtbot, window.entry_view.text, "m", "p")
    selections = window.entry_view.text.extraSelections()
    assert len(selections) == 2
    underlined = [s.format.underlineStyle() != s.format.underlineStyle().NoUnderline for s in selections]
    assert sorted(underlined) == [False, True]


def test_window_title_marks_unsaved_changes(qtbot, window) -> None:
    assert window.windowTitle().startswith("coding —")
    window.navigator.table.setFocus()
    press(qtbot, window.navigator.table, "2")
    assert window.windowTitle().startswith("coding* —")
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert window.windowTitle().startswith("coding —")


def test_shortcut_sheet_lists_actions_and_codebook_keys(window) -> None:
    rows = dict(window.shortcut_sheet().rows())
    assert rows["Cooperate"] == "E, 5"
    assert rows["Person (select text first)"] == "M, P"
    assert rows["Next entry"] == "J  or  Down"
    assert rows["Save"] == "Ctrl+S"
    assert rows["Mark done / to do"] == "D"
    assert "Ctrl+Z" in rows["Undo"]


def test_ctrl_f_focuses_the_search_and_typing_there_does_not_code(qtbot, window) -> None:
    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_F, CTRL)
    search = window.filter_bar.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "3 protest")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert annotation(window, 0) is None
    assert window.navigator.model.rowCount() == 0
    assert window.counts_label.text() == "0 of 7 entries · 0 done · 0 flagged"


def test_switching_annotator_shows_their_coding(qtbot, window) -> None:
    window.session.set_annotator("ben")
    assert window.tag_panel.value_buttons[("stance", "favor")].isChecked()
    assert window.tag_panel.coding_as.text() == "Coding as ben"
    assert window.counts_label.text() == "7 entries · 1 done · 0 flagged"
    model = window.navigator.model
    assert model.data(model.index(0, 3)) == "favor"
    window.navigator.table.setFocus()
    press(qtbot, window.navigator.table, "k", "j", "j", "j", "j", "j")
    assert window.session.current_entry_id == "e5"
    assert window.entry_view.text.extraSelections()[0].cursor.selectedText() == "Iran"


def test_opening_another_project_replaces_everything_shown(qtbot, window, project) -> None:
    window.navigator.table.setFocus()
    press(qtbot, window.navigator.table, "3")
    project.entries = project.entries[4:]
    project.entries_changed()
    window.session.replace_project(project, None)
    assert window.navigator.model.rowCount() == 3
    assert window.session.current_entry_id == "e4"
    assert window.entry_view.text.toPlainText() == project.entries[0].text
    assert not window.tag_panel.value_buttons[("stance", "favor")].isChecked()
    assert window.counts_label.text() == "3 entries · 0 done · 0 flagged"
    assert not window.session.undo_stack.canUndo()
    assert window.windowTitle().startswith("Untitled —")


def test_clicking_a_header_sorts_and_the_selection_follows(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "j", "j")  # e2, stamped noon on Mar 2
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    model = window.navigator.model
    stamps = [window.session.project.entries[model.entry_index(r)].timestamp or "" for r in range(7)]
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert header.sortIndicatorSection() == 0
    assert stamps == sorted(stamps, reverse=descending)
    assert window.session.current_entry_id == "e2"
    assert model.entry_id(table.currentIndex().row()) == "e2"
    press(qtbot, table, "j")  # moves in the sorted order: the next row, not the next entry id
    assert window.session.current_entry_id == model.entry_id(model.row_of("e2") + 1)


def test_group_by_dispatch_from_the_view_menu(qtbot, window) -> None:
    window.group_action.trigger()
    model = window.navigator.model
    cells = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert cells == ["Cease-fire holds in north", *["  ″"] * 3, "Protests at the embassy", "  ″", "  ″"]
    window.group_action.trigger()
    assert [model.entry_id(r) for r in range(7)] == [f"e{i}" for i in range(7)]


def test_f1_opens_the_shortcut_sheet(qtbot, window) -> None:
    from workbench.ui.coding.shortcut_sheet import ShortcutSheet

    qtbot.keyClick(window.navigator.table, Qt.Key.Key_F1)
    sheets = [w for w in window.findChildren(ShortcutSheet) if w.isVisible()]
    assert len(sheets) == 1
    assert ("Next uncoded entry", "N") in sheets[0].rows()
    sheets[0].close()


def test_hovering_a_span_names_it(qtbot, window) -> None:
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    select_by_keyboard(qtbot, window, 0, 7)
    press(qtbot, window.entry_view.text, "m", "o")
    text = window.entry_view.text
    point = text_point(window, 3)
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, text.viewport().mapToGlobal(point))
    QApplication.sendEvent(text, event)
    assert QToolTip.text().startswith("<qt>Organisation: “Turkish”")  # escaped as plain text


def test_a_codebook_key_that_clashes_is_reported_not_bound(qtbot, window) -> None:
    from workbench.core.undoable import ReplaceCodebook

    project = window.session.project
    after = project.codebook.copy()
    after.dimension("stance").values[0].shortcut = "J"  # "J" already moves to the next entry
    window.session.push(ReplaceCodebook("Change key", project.codebook, after))
    assert window.keys.conflicts == ["Stance ▸ Against: J, taken by the window's next entry (J)"]
    assert "1 codebook key not bound" in window.statusBar().currentMessage()
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "j")
    assert window.session.current_entry_id == "e1"
    assert annotation(window, 0) is None
    sheet = window.shortcut_sheet()
    assert any("J, taken by the window's next entry" in label.text() for label in sheet.findChildren(QLabel))


def test_a_codebook_that_binds_save_and_undo_leaves_them_working(qtbot, tmp_path) -> None:
    """A codebook from elsewhere with Ctrl+S and Ctrl+Z on values: Save and Undo still work."""
    from tests.ui.conftest import make_project, shown_window
    from workbench.formats.project.file import save_project

    project = make_project()
    stance = project.codebook.dimension("stance")
    stance.values[0].shortcut, stance.values[1].shortcut = "Ctrl+S", "Ctrl+Z"
    path = tmp_path / "clashing.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    assert [c.split(":")[0] for c in window.keys.conflicts] == ["Stance ▸ Against", "Stance ▸ Neutral"]
    table = window.navigator.table
    table.setFocus()
    press(qtbot, table, "3")  # an unclashing stance key still codes
    assert annotation(window, 0).values == {"stance": "favor"}
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert not annotation(window, 0) or not annotation(window, 0).values
    press(qtbot, table, "3")
    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    assert load_project(path).annotation(ANNOTATOR, "e0").values == {"stance": "favor"}
    rows = window.shortcut_sheet().rows()
    assert ("Save", "Ctrl+S") in rows


def test_every_key_the_window_binds_is_in_the_one_list_of_app_keys(window) -> None:
    """The codebook's clash rule reads core.app_keys; a menu key missing there could be stolen."""
    from PySide6.QtGui import QAction

    from workbench.core.app_keys import APP_KEYS, normalise_shortcut

    listed = {normalise_shortcut(k).lower() for keys in APP_KEYS.values() for k in keys}
    code_actions = set(window.keys.code_actions)
    bound = {
        normalise_shortcut(s.toString()).lower()
        for action in window.findChildren(QAction)
        if action not in code_actions
        for s in action.shortcuts()
    }
    bound |= {f"alt+{menu.title()[1].lower()}" for menu in window.menus.values()}
    assert bound and bound <= listed, sorted(bound - listed)


def test_clicking_the_checked_status_again_keeps_it_checked(qtbot, window) -> None:
    done = window.tag_panel.status_buttons["done"]
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert annotation(window, 0).status == "done"
    assert done.isChecked()
    assert [b.isChecked() for b in window.tag_panel.status_buttons.values()] == [False, True, False]


def test_a_key_bound_to_nothing_never_moves_the_list(qtbot, window) -> None:
    """Plover binds only 1-3 among the digits. A stray "6" must not jump the list to the
    "6:15 p.m." entry by type-ahead search, or the next codes silently land there."""
    table = window.navigator.table
    table.setFocus()
    first = window.session.current_entry_id
    assert window.session.project.entry(first).time_label != "6:15 p.m."
    qtbot.keyClick(table, Qt.Key.Key_6)
    assert window.session.current_entry_id == first
    qtbot.keyClick(table, Qt.Key.Key_2, Qt.KeyboardModifier.KeypadModifier)  # the numpad codes too
    assert window.session.current_entry_id == first
    assert annotation(window, 0).values == {"stance": "neutral"}
