"""Mention suggestions in the entry text, as an analyst meets them: a dotted underline under a
name a codebook value goes by, a tooltip asking, a click that marks it, Ctrl+Z that takes it back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from tests.ui.conftest import ANNOTATOR, shown_window
from workbench.core import codebook_edits
from workbench.core.codebook import CodeValue, builtin_codebook
from workbench.core.model import Dispatch, Entry, Project, Provenance, Span
from workbench.core.undoable import SetBlind
from workbench.formats.project.file import save_project
from workbench.index.mentions import BUILD_HERE_UP_TO
from workbench.index.plan import MENTION_TABLES

CTRL = Qt.KeyboardModifier.ControlModifier
DOTTED = QTextCharFormat.UnderlineStyle.DotLine
#: Original sample text written for this test.
TEXT = "Late on Monday the Kremlin said the convoy could pass."
KREMLIN = (TEXT.index("Kremlin"), TEXT.index("Kremlin") + len("Kremlin"))


def _window(qtbot, tmp_path: Path):
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d1"] = Dispatch(id="d1", title="The Latest: Convoy waits at the crossing")
    project.entries = [
        Entry("e0", "d1", 0, "9:10 p.m.", "2026-03-02T21:10:00", TEXT),
        Entry("e1", "d1", 1, "9:30 p.m.", "2026-03-02T21:30:00", "The convoy moved at dawn."),
    ]
    path = tmp_path / "mentions.json"
    save_project(project, path)
    return shown_window(qtbot, path)


def _underlined(window) -> list[str]:
    return [
        s.cursor.selectedText()
        for s in window.entry_view.text.extraSelections()
        if s.format.underlineStyle() == DOTTED and s.format.background().style() == Qt.BrushStyle.NoBrush
    ]


def _point(window, offset: int):
    text = window.entry_view.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(offset)
    return text.cursorRect(cursor).center()


def test_clicking_an_underlined_alias_marks_the_actor_in_one_undo_step(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    view = window.entry_view
    assert window.session.current_entry_id == "e0"
    assert _underlined(window) == ["Kremlin"]
    assert view.text.mention_tips[KREMLIN] == "Kremlin: Actor RUS?"

    middle = (KREMLIN[0] + KREMLIN[1]) // 2
    qtbot.mouseClick(view.text.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, middle))
    assert view.menu is not None and view.menu.isVisible()
    [mark] = [a.menu() for a in view.menu.actions() if a.text() == "Mark as Actor"]
    [rus] = [a for a in mark.actions() if a.text() == "RUS (Russia)"]
    rus.trigger()
    view.menu.hide()

    annotation = window.session.project.annotation(ANNOTATOR, "e0")
    assert annotation.values == {"actor": ["RUS"]}
    assert annotation.spans == [Span(*KREMLIN, "actor", "RUS")]
    assert annotation.assisted == {"actor": {"RUS": Provenance("alias", "Kremlin", 0.9, confirmed=True)}}
    assert _underlined(window) == []  # marked now: a span, no longer a suggestion
    assert window.tag_panel.value_buttons[("actor", "RUS")].isChecked()

    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert window.session.project.annotation(ANNOTATOR, "e0") is None  # both undone at once
    assert _underlined(window) == ["Kremlin"]


def test_a_blind_annotator_sees_no_underline(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    assert _underlined(window) == ["Kremlin"]
    window.session.push(SetBlind(ANNOTATOR, True))
    assert _underlined(window) == []
    assert window.entry_view.span_menu(KREMLIN[0]).actions() == []


def test_the_context_menu_on_a_mention_offers_to_mark_it(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMenu

    window = _window(qtbot, tmp_path)
    menu = QMenu()
    window.entry_view._add_coding_menus(menu, KREMLIN[0] + 1)
    [mark] = [a.menu() for a in menu.actions() if a.text() == "Mark as Actor"]
    [rus] = mark.actions()
    assert rus.text() == "RUS (Russia)"
    rus.trigger()
    annotation = window.session.project.annotation(ANNOTATOR, "e0")
    assert annotation.values == {"actor": ["RUS"]}
    assert annotation.spans == [Span(*KREMLIN, "actor", "RUS")]
    assert window.session.undo_stack.count() == 1
    menu = QMenu()
    window.entry_view._add_coding_menus(menu, KREMLIN[0] + 1)
    assert not [a for a in menu.actions() if a.text() == "Mark as Actor"]  # marked: offered no more


def test_a_large_codebooks_aliases_are_underlined_once_the_plan_has_built_their_table(
    qtbot, tmp_path: Path
) -> None:
    project = Project(codebook=builtin_codebook("plover"))
    actor = project.codebook.dimension("actor")
    assert actor is not None
    actor.values.extend(
        CodeValue(key=f"A{i}", label=f"Agency {i}", aliases=[f"Agency {i}", f"Bureau {i}"])
        for i in range(BUILD_HERE_UP_TO // 2 + 1)
    )
    project.dispatches["d1"] = Dispatch(id="d1", title="The Latest: Convoy waits at the crossing")
    project.entries = [Entry("e0", "d1", 0, "9:10 p.m.", "2026-03-02T21:10:00", TEXT + " Bureau 12 agreed.")]
    path = tmp_path / "large.json"
    save_project(project, path)
    window = shown_window(qtbot, path)
    assert _underlined(window) == []  # the window did not stop to build 10,000 aliases' table
    qtbot.waitUntil(lambda: _underlined(window) == ["Kremlin", "Bureau 12"], timeout=20_000)
    assert not window.session.preparation.is_running(MENTION_TABLES)
    # An edit of the codebook makes a new table, on the worker again.
    window.session.push(codebook_edits.set_aliases(window.session.project, "actor", "RUS", "Kremlin, convoy"))
    qtbot.waitUntil(lambda: _underlined(window) == ["Kremlin", "convoy", "Bureau 12"], timeout=20_000)
    assert window.entry_view.text.mention_tips[KREMLIN] == "Kremlin: Actor RUS?"
