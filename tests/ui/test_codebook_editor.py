"""The codebook editor, used as an analyst would: select a row, press a button, answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from lifecycle_helpers import fill_next_dialog, make_project
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.core.model import Annotation
from workbench.ui.coding.codebook_editor import CodebookEditor
from workbench.ui.session import Session


@pytest.fixture
def session():
    project = make_project(n_entries=4)
    project.set_annotation("bob", "e1", Annotation(values={"actor": ["TUR", "RUS"]}))
    return Session(project, None, annotator="alice")


@pytest.fixture
def editor(qtbot, session, dialogs):
    dialog = CodebookEditor(session, None, dialogs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _row_texts(editor, dim_key: str) -> list[str]:
    for i in range(editor.tree.topLevelItemCount()):
        top = editor.tree.topLevelItem(i)
        if top.text(1) == dim_key:
            return [top.child(j).text(1) for j in range(top.childCount())]
    raise AssertionError(dim_key)


def _click(qtbot, editor, name: str) -> None:
    qtbot.mouseClick(editor.buttons[name], Qt.MouseButton.LeftButton)


def test_rename_carries_annotations_and_undo_restores_them(qtbot, editor, session):
    editor.select("actor", "TUR")
    fill_next_dialog({"label": "Turkish government", "key": "TUR GOV"})
    _click(qtbot, editor, "rename")
    project = session.project
    assert project.annotation("alice", "e0").values["actor"] == ["TUR GOV"]
    assert project.annotation("bob", "e1").values["actor"] == ["TUR GOV", "RUS"]
    assert "TUR GOV" in _row_texts(editor, "actor")
    assert editor.tree.currentItem().text(0) == "Turkish government"
    assert editor.tree.currentItem().text(3) == "2"  # used by two annotations
    assert session.undo_stack.count() == 1

    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.annotation("alice", "e0").values["actor"] == ["TUR"]
    assert project.annotation("bob", "e1").values["actor"] == ["TUR", "RUS"]
    assert "TUR" in _row_texts(editor, "actor")
    assert "TUR GOV" not in _row_texts(editor, "actor")


def test_merge_into_another_value(qtbot, editor, session, dialogs):
    dialogs.answer("choose", lambda items: next(i for i in items if "(RUS)" in i))
    editor.select("actor", "TUR")
    _click(qtbot, editor, "merge")
    assert session.project.annotation("bob", "e1").values["actor"] == ["RUS"]
    assert session.project.annotation("alice", "e0").values["actor"] == ["RUS"]
    assert "TUR" not in _row_texts(editor, "actor")
    assert "in 2 annotations" in editor.message.text()


def test_delete_in_use_asks_and_cancel_keeps_it(qtbot, editor, session, dialogs):
    editor.select("stance", "against")
    dialogs.answer("ask", "Cancel")
    _click(qtbot, editor, "delete")
    assert "used in 1 annotation" in dialogs.texts("ask")[0]
    assert "against" in _row_texts(editor, "stance")
    dialogs.answer("ask", "Delete")
    _click(qtbot, editor, "delete")
    assert "against" not in _row_texts(editor, "stance")
    assert "stance" not in session.project.annotation("alice", "e0").values
    assert editor.message.text() == "Deleted 'against' from 1 annotation."
    session.undo_stack.undo()
    assert session.project.annotation("alice", "e0").values["stance"] == "against"


def test_duplicate_shortcut_is_refused_with_its_reason(qtbot, editor, session, dialogs):
    taken = session.project.codebook.dimension("stance").value("against").shortcut
    editor.select("stance", "favor")
    fill_next_dialog({"keys": taken})
    _click(qtbot, editor, "shortcut")
    assert dialogs.texts("warn") and "clashes with" in dialogs.texts("warn")[0]
    assert session.undo_stack.count() == 0
    fill_next_dialog({"keys": "q, 9"})
    _click(qtbot, editor, "shortcut")
    assert editor.tree.currentItem().text(2) == "Q, 9"


def test_add_value_recolour_move_and_target(qtbot, editor, session, dialogs):
    editor.select("actor")
    fill_next_dialog({"key": "LBN HEZ", "label": "Hezbollah"})
    _click(qtbot, editor, "add_value")
    assert _row_texts(editor, "actor")[-1] == "LBN HEZ"
    dialogs.answer("colour", "#336699")
    _click(qtbot, editor, "colour")
    assert session.project.codebook.dimension("actor").value("LBN HEZ").colour == "#336699"
    _click(qtbot, editor, "up")
    assert _row_texts(editor, "actor")[-2] == "LBN HEZ"
    editor.select("stance")
    fill_next_dialog({"stance_toward": "the port deal"})
    _click(qtbot, editor, "target")
    assert session.project.codebook.dimension("stance").target == "the port deal"
    assert "toward “the port deal”" in editor.tree.currentItem().text(4)
    assert session.undo_stack.count() == 4


def test_value_only_buttons_are_disabled_on_a_dimension_row(editor):
    editor.select("stance")
    assert not editor.buttons["merge"].isEnabled()
    assert not editor.buttons["shortcut"].isEnabled()
    assert editor.buttons["target"].isEnabled()
    editor.select("stance", "favor")
    assert editor.buttons["merge"].isEnabled()
    assert not editor.buttons["target"].isEnabled()


def test_editor_renders(qtbot, editor, tmp_path: Path):
    editor.select("actor", "TUR")
    out = tmp_path / "codebook-editor.png"
    assert editor.grab().save(str(out))
    assert out.stat().st_size > 1000


def test_edit_menu_opens_the_editor_on_the_window_session(qtbot, window):
    action = next(a for a in window.menu("Edit").actions() if a.objectName() == "actionEditCodebook")
    action.trigger()
    editor = window.findChild(CodebookEditor, "codebookEditor")
    assert editor is not None and editor.isVisible()
    action.trigger()
    assert len(window.findChildren(CodebookEditor)) == 1  # one editor per window
    editor.select("stance", "favor")
    fill_next_dialog({"label": "In favour", "key": "pro"})
    qtbot.mouseClick(editor.buttons["rename"], Qt.MouseButton.LeftButton)
    project = window.session.project
    assert project.annotation("ben", "e0").values["stance"] == "pro"
    assert window.windowTitle().startswith("coding*")
    window.undo_action.trigger()
    assert project.annotation("ben", "e0").values["stance"] == "favor"
    assert "favor" in _row_texts(editor, "stance")


def test_usage_counts_count_each_annotation_once_per_code():
    from workbench.core.code_matching import usage_counts
    from workbench.core.model import Span

    project = make_project(n_entries=3)
    project.set_annotation(
        "carol",
        "e1",
        Annotation(
            values={"actor": ["TUR"]},
            spans=[Span(0, 4, "mention", "ORG"), Span(5, 9, "mention", "ORG"), Span(0, 4, "actor", "TUR")],
        ),
    )
    counts = usage_counts(project)
    assert counts[("actor", "TUR")] == 2  # alice's e0 and carol's e1 (value and span together)
    assert counts[("actor", None)] == 2
    assert counts[("mention", "ORG")] == 1
    assert counts[("mention", None)] == 1
    assert counts[("stance", "against")] == 1
    assert counts[("stance", "favor")] == 0


def test_editor_in_the_window_refuses_the_window_keys(qtbot, window, dialogs):
    next(a for a in window.menu("Edit").actions() if a.objectName() == "actionEditCodebook").trigger()
    editor = window.findChild(CodebookEditor, "codebookEditor")
    editor.select("stance", "favor")
    fill_next_dialog({"keys": "J"})
    qtbot.mouseClick(editor.buttons["shortcut"], Qt.MouseButton.LeftButton)
    assert dialogs.texts("warn") and "clashes with the window's next entry (J)" in dialogs.texts("warn")[0]
    fill_next_dialog({"keys": "Ctrl+S"})
    qtbot.mouseClick(editor.buttons["shortcut"], Qt.MouseButton.LeftButton)
    assert "clashes with the window's save (Ctrl+S)" in dialogs.texts("warn")[1]
    assert window.session.project.codebook.dimension("stance").value("favor").shortcut != "Ctrl+S"


def test_deleting_an_unused_dimension_needs_no_question(qtbot, editor, session):
    editor.select("mention")
    _click(qtbot, editor, "delete")
    assert session.project.codebook.dimension("mention") is None
    assert editor.message.text() == "Deleted the dimension 'mention'."
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert session.project.codebook.dimension("mention") is not None


def test_aliases_are_typed_as_one_line_shown_in_notes_and_undone(qtbot, editor, session, dialogs):
    editor.select("actor", "TUR")
    shipped = list(session.project.codebook.dimension("actor").value("TUR").aliases)
    assert "Ankara" in editor.tree.currentItem().text(4)
    fill_next_dialog({"aliases": "Turkey,  Ankara , Turkish"})
    _click(qtbot, editor, "aliases")
    value = session.project.codebook.dimension("actor").value("TUR")
    assert value.aliases == ["Turkey", "Ankara", "Turkish"]
    assert editor.tree.currentItem().text(4) == "Aliases: Turkey, Ankara, Turkish"
    assert session.undo_stack.count() == 1

    fill_next_dialog({"aliases": "Ankara, ankara"})
    _click(qtbot, editor, "aliases")
    assert "alias 'ankara' is repeated" in dialogs.texts("warn")[0]
    assert session.undo_stack.count() == 1

    session.undo_stack.undo()
    assert session.project.codebook.dimension("actor").value("TUR").aliases == shipped
    assert editor.tree.currentItem().text(4) == f"Aliases: {', '.join(shipped)}"
    editor.select("stance")
    assert not editor.buttons["aliases"].isEnabled()
