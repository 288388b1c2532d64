"""Suggestions in the tag panel, used the way an analyst does: see them outlined with their
confidence, accept them all with S or one by its key, undo, turn one away, save, code blind.

The round is published by hand (``session.index.suggestions.publish``, then the session's
``suggestionsChanged``), as the training step will once a model is good enough.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from workbench.core.codebook import CodeValue
from workbench.core.model import Provenance
from workbench.formats.project.file import save_project
from workbench.index.suggestions import Suggestion, SuggestionRound

ANNOTATOR = "ana"  # the annotator the window fixture codes as
CTRL = Qt.KeyboardModifier.ControlModifier

#: For e0 ("Turkish officials said the cease-fire ... held overnight."), best first per dimension.
ROUND = [
    Suggestion("actor", "TUR", 0.81, "model", "actor#2"),
    Suggestion("stance", "favor", 0.72, "model", "stance#3"),
    Suggestion("event_type", "AGREE", 0.6, "model", "event_type#2"),
    Suggestion("stance", "neutral", 0.2, "model", "stance#3"),
]


def publish(window, suggestions=ROUND, entry: str = "e0") -> None:
    session = window.session
    session.index.suggestions.publish(SuggestionRound(by_entry={entry: list(suggestions)}))
    session.suggestionsChanged.emit()


def annotation(window, entry: str = "e0"):
    return window.session.project.annotation(ANNOTATOR, entry)


def button(window, dimension: str, value: str):
    return window.tag_panel.value_buttons[(dimension, value)]


def outlined(window, dimension: str, value: str) -> bool:
    """What the analyst sees of a suggested value: unchecked, its top edge drawn in the
    value's colour (a plain button's is grey), and a percentage in its label."""
    shown = button(window, dimension, value)
    colour = QColor(window.session.project.codebook.dimension(dimension).value(value).colour)
    image = shown.grab().toImage()
    top = [image.pixelColor(x, 1) for x in range(8, image.width() - 2)]
    in_colour = sum(
        1
        for c in top
        if max(abs(c.red() - colour.red()), abs(c.green() - colour.green()), abs(c.blue() - colour.blue()))
        < 24
    )
    return not shown.isChecked() and in_colour > len(top) // 3 and "%" in shown.full_text


def press(qtbot, window, *keys) -> None:
    table = window.navigator.table
    table.setFocus()
    for key in keys:
        if isinstance(key, tuple):
            qtbot.keyClick(table, key[0], key[1])
        else:
            qtbot.keyClick(table, key)


def test_suggested_values_are_outlined_with_their_confidence_and_origin(qtbot, window) -> None:
    publish(window)
    assert button(window, "stance", "favor").full_text == "Favor  72%"
    assert button(window, "actor", "TUR").full_text == "TUR Turkey  81%"
    assert outlined(window, "stance", "favor") and outlined(window, "actor", "TUR")
    assert outlined(window, "event_type", "AGREE")
    # One choice: only the best of a single-choice dimension is offered.
    assert not outlined(window, "stance", "neutral")
    assert button(window, "stance", "neutral").full_text == "Neutral"
    assert "the local model (stance#3), 72% sure" in button(window, "stance", "favor").toolTip()
    assert "3 suggested" in window.tag_panel.coding_as.text()
    assert not annotation(window) or not annotation(window).values  # nothing coded by showing


def test_suggestions_follow_the_entry_shown(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "j")
    assert window.session.current_entry_id == "e1"
    assert not outlined(window, "stance", "favor")
    assert button(window, "stance", "favor").full_text == "Favor"
    # What e1 is offered now comes only from the names in its own text (codebook aliases).
    offered_here = window.session.index.suggestions.for_entry("e1", ANNOTATOR)
    assert all(s.source == "alias" for s in offered_here)
    assert "3 suggested" not in window.tag_panel.coding_as.text()
    press(qtbot, window, "k")
    assert outlined(window, "stance", "favor")


def test_s_accepts_every_suggestion_as_one_undo_step(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "s")
    ann = annotation(window)
    assert ann.values == {"actor": ["TUR"], "stance": "favor", "event_type": ["AGREE"]}
    assert ann.assisted == {
        "actor": {"TUR": Provenance("model", "actor#2", 0.81, confirmed=False)},
        "stance": {"favor": Provenance("model", "stance#3", 0.72, confirmed=False)},
        "event_type": {"AGREE": Provenance("model", "event_type#2", 0.6, confirmed=False)},
    }
    favor = button(window, "stance", "favor")
    assert favor.isChecked() and favor.full_text == "Favor ✦" and "dashed" not in favor.styleSheet()
    assert "accepted with the others (S)" in favor.toolTip()
    assert not outlined(window, "stance", "neutral")  # the dimension is chosen now
    assert window.session.undo_stack.undoText() == "Accept 3 suggestions"
    press(qtbot, window, (Qt.Key.Key_Z, CTRL))
    assert not annotation(window) or not annotation(window).values
    assert outlined(window, "stance", "favor") and outlined(window, "actor", "TUR")
    assert not favor.isChecked()


def test_s_never_overrides_a_value_chosen_by_hand(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "1")  # against, by hand
    assert not outlined(window, "stance", "favor")
    press(qtbot, window, "s")
    ann = annotation(window)
    assert ann.values["stance"] == "against" and "stance" not in (ann.assisted or {})
    assert ann.values["actor"] == ["TUR"]


def to_the_entry_naming_no_actor(qtbot, window) -> str:
    """The last entry, whose text holds none of the codebook's aliases (the others name
    Turkey, Iran or Russia, which the shipped aliases suggest)."""
    press(qtbot, window, *"j" * (len(window.session.project.entries) - 1))
    entry_id = window.session.current_entry_id
    assert window.session.index.suggestions.for_entry(entry_id, ANNOTATOR) == []
    return entry_id


def test_s_with_nothing_suggested_says_so_and_changes_nothing(qtbot, window) -> None:
    entry_id = to_the_entry_naming_no_actor(qtbot, window)
    press(qtbot, window, "s")
    assert not annotation(window, entry_id)
    assert window.statusBar().currentMessage() == "No suggestions on this entry."
    assert window.session.undo_stack.count() == 0


def test_a_suggested_values_key_codes_it_as_confirmed_and_removing_it_turns_it_away(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "3")  # favor, the suggested one
    ann = annotation(window)
    assert ann.values == {"stance": "favor"}
    assert ann.assisted == {"stance": {"favor": Provenance("model", "stance#3", 0.72, confirmed=True)}}
    assert "chosen by its own key" in button(window, "stance", "favor").toolTip()
    assert outlined(window, "actor", "TUR")  # the others are still offered
    press(qtbot, window, "3")  # removed again
    assert annotation(window) is None  # nothing left coded, no provenance either
    assert not outlined(window, "stance", "favor")  # not offered again on this entry
    assert outlined(window, "stance", "neutral")  # the next best is
    press(qtbot, window, "s")
    assert annotation(window).values["stance"] == "neutral"


def test_clicking_a_suggested_value_codes_it_confirmed(qtbot, window) -> None:
    publish(window)
    qtbot.mouseClick(button(window, "actor", "TUR"), Qt.MouseButton.LeftButton)
    assert annotation(window).assisted == {
        "actor": {"TUR": Provenance("model", "actor#2", 0.81, confirmed=True)}
    }
    assert button(window, "actor", "TUR").isChecked()
    press(qtbot, window, (Qt.Key.Key_Z, CTRL))
    assert outlined(window, "actor", "TUR")


def test_replacing_an_accepted_choice_turns_its_suggestion_away(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "s", "2")  # accept all, then neutral by hand instead of favor
    ann = annotation(window)
    assert ann.values["stance"] == "neutral" and "stance" not in ann.assisted
    press(qtbot, window, "2")  # stance cleared: favor is not offered again
    assert not outlined(window, "stance", "favor")


def test_saved_file_holds_the_provenance(qtbot, window) -> None:
    publish(window)
    press(qtbot, window, "s", (Qt.Key.Key_S, CTRL))
    raw = Path(window.session.path).read_bytes()
    assert b'"assisted"' in raw and b'"stance#3"' in raw and b'"confirmed"' in raw


def test_a_blind_annotator_sees_no_suggestion(qtbot, window) -> None:
    publish(window)
    blind = next(a for a in window.menu("Edit").actions() if a.objectName() == "actionCodeBlind")
    assert blind.isCheckable() and not blind.isChecked()
    blind.trigger()
    assert blind.isChecked()
    assert window.session.project.meta["blind_annotators"] == [ANNOTATOR]
    assert not any(outlined(window, d, v) for d, v in window.tag_panel.value_buttons)
    assert button(window, "stance", "favor").full_text == "Favor"
    assert "blind" in window.tag_panel.coding_as.text()
    press(qtbot, window, "s")
    assert not annotation(window)
    assert "codes blind" in window.statusBar().currentMessage()
    # Undo puts the setting back, and the menu's check with it.
    press(qtbot, window, (Qt.Key.Key_Z, CTRL))
    assert not blind.isChecked() and outlined(window, "stance", "favor")
    blind.trigger()
    window.session.set_annotator("ben")  # the check is the annotator's own setting
    assert not blind.isChecked()
    window.session.set_annotator(ANNOTATOR)
    assert blind.isChecked()


def test_accept_suggestions_is_in_the_edit_menu_and_the_shortcut_sheet(qtbot, window) -> None:
    texts = [a.text().replace("&", "") for a in window.menu("Edit").actions()]
    assert "Accept suggestions" in texts and "Code blind (no suggestions)" in texts
    assert ("Accept suggestions", "S") in window.shortcut_sheet().rows()


def test_a_long_dimensions_suggestions_are_chips_above_its_search(qtbot, tmp_path: Path, dialogs) -> None:
    from tests.ui.conftest import make_project, shown_window

    project = make_project()
    actor = project.codebook.dimension("actor")
    assert actor is not None
    actor.values += [
        CodeValue(key=f"HRB{n:02d}", label=f"Harbour group {n}", colour="#6f8fb3") for n in range(45)
    ]
    path = tmp_path / "long.json"
    save_project(project, path)
    window = shown_window(qtbot, path, dialogs)
    entry_id = to_the_entry_naming_no_actor(qtbot, window)
    values = window.tag_panel.value_lists["actor"]
    assert not values.suggested.isVisible()
    publish(window, [Suggestion("actor", "HRB07", 0.66, "alias", "harbour seven")], entry_id)
    assert values.suggested.isVisible()
    (chip,) = values.suggested.chips
    assert chip.full_text == "HRB07 Harbour group 7  66%" and chip.text() == chip.full_text
    assert "the alias “harbour seven” in the text" in chip.toolTip()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert annotation(window, entry_id).assisted == {
        "actor": {"HRB07": Provenance("alias", "harbour seven", 0.66, confirmed=True)}
    }
    assert not values.suggested.isVisible()
    model = values.model
    assert model.data(model.index(0, 0)).startswith("HRB07 Harbour group 7 ✦")


def test_typing_s_in_the_note_writes_it_and_accepts_nothing(qtbot, window) -> None:
    publish(window)
    note = window.tag_panel.note
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "ss")
    assert annotation(window).note == "ss" and not annotation(window).values
    assert outlined(window, "stance", "favor")


def test_the_blind_check_follows_the_project_opened(qtbot, window) -> None:
    from tests.ui.conftest import make_project

    blind = next(a for a in window.menu("Edit").actions() if a.objectName() == "actionCodeBlind")
    project = make_project()
    project.meta["blind_annotators"] = [ANNOTATOR]
    window.session.replace_project(project, None)
    assert blind.isChecked()
    publish(window)
    assert not outlined(window, "stance", "favor") and "blind" in window.tag_panel.coding_as.text()
    blind.trigger()  # no longer blind: the suggestions show at once
    assert not blind.isChecked() and outlined(window, "stance", "favor")
    window.session.replace_project(make_project(), None)
    assert not blind.isChecked()
