"""Where the keyboard goes: after typing in a field, the coding keys must work again at once."""

from __future__ import annotations

from conftest import ANNOTATOR
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLES
from workbench.ui import jobs
from workbench.ui.project.lifecycle import ProjectLifecycle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _status(window, index: int = 0) -> str:
    project = window.session.project
    annotation = project.annotation(ANNOTATOR, project.entries[index].id)
    return annotation.status if annotation else "todo"


def _press_d_where_focus_is(qtbot) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "no widget has the keyboard focus"
    qtbot.keyClick(focus, Qt.Key.Key_D)


def test_after_adding_an_actor_by_enter_d_marks_the_entry_done(qtbot, window) -> None:
    field = window.tag_panel.add_fields["actor"]
    field.setFocus()
    qtbot.keyClicks(field, "Harbour union")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    _press_d_where_focus_is(qtbot)
    assert _status(window) == "done"
    assert field.text() == ""


def test_escape_enter_and_down_leave_the_search_field(qtbot, window) -> None:
    table = window.navigator.table
    for leave in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Down):
        qtbot.keyClick(table, Qt.Key.Key_F, CTRL)
        assert QApplication.focusWidget() is window.filter_bar.search
        qtbot.keyClick(window.filter_bar.search, leave)
        assert QApplication.focusWidget() is table
    _press_d_where_focus_is(qtbot)
    assert _status(window) == "done"


def test_shift_tab_never_lands_in_the_note(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, SHIFT)
        assert QApplication.focusWidget() is not window.tag_panel.note
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_E, CTRL)  # Edit ▸ Note on this entry
    assert QApplication.focusWidget() is window.tag_panel.note
    qtbot.keyClicks(window.tag_panel.note, "k")
    qtbot.keyClick(window.tag_panel.note, Qt.Key.Key_Return)
    assert window.session.project.annotation(ANNOTATOR, "e0").note == "k"
    assert QApplication.focusWidget() is table


def test_after_an_import_coding_keys_work_without_a_click(qtbot, window) -> None:
    lifecycle = window.findChild(ProjectLifecycle)
    window.filter_bar.search.setFocus()
    lifecycle.importing.import_paths([SAMPLES / "port-strike.txt"])
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=10_000)
    _press_d_where_focus_is(qtbot)
    assert _status(window) == "done"


def test_after_file_new_the_entry_list_has_the_keys(qtbot, window, dialogs) -> None:
    window.filter_bar.search.setFocus()
    dialogs.answer("choose", lambda items: items[0])  # the codebook question
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_N, CTRL)
    assert window.session.project.entries == []
    assert window.focusWidget() is window.navigator.table  # where the keys go once the dialog is gone


def test_alt_letters_open_the_menus(qtbot, window) -> None:
    for letter, title in (("F", "File"), ("E", "Edit"), ("V", "View"), ("R", "Review"), ("H", "Help")):
        assert window.menu(title).title() == f"&{title}"
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{letter}"), ALT)
        qtbot.waitUntil(window.menu(title).isVisible, timeout=2000)
        window.menu(title).close()


def test_a_chords_first_key_shows_its_second_keys_until_one_is_pressed(qtbot, window) -> None:
    table = window.navigator.table
    table.setFocus()
    status = window.statusBar()
    qtbot.keyClick(table, Qt.Key.Key_A)
    cue = status.currentMessage()
    assert cue.startswith("A, …") and "R Russia" in cue and "T Turkey" in cue
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert status.currentMessage() == ""
    project = window.session.project
    assert project.annotation(ANNOTATOR, "e0").values == {"actor": ["RUS"]}
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert "1 Agree" in status.currentMessage()
    qtbot.keyClick(table, Qt.Key.Key_Z)  # not a second key: the cue goes, nothing is coded
    assert status.currentMessage() == ""
    assert project.annotation(ANNOTATOR, "e0").values == {"actor": ["RUS"]}


def test_no_chord_cue_while_typing_in_a_field(qtbot, window) -> None:
    field = window.tag_panel.add_fields["actor"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert window.statusBar().currentMessage() == ""
    assert field.text() == "a"
