"""The tests' own dialog helpers fail a test that meets the wrong dialog; they never hang it."""

from __future__ import annotations

from lifecycle_helpers import fill_next_dialog

from workbench.ui.dialogs.fields import FieldsDialog


def test_a_dialog_the_helper_cannot_fill_is_closed_and_the_failure_reported(qtbot) -> None:
    """A field the dialog lacks used to leave it open, and its exec() held the run for ever."""
    with qtbot.capture_exceptions() as raised:
        fill_next_dialog({"colour": "red"})
        answer = FieldsDialog.ask(None, "Add value", [("Key:", "", None), ("Label:", "", None)])
    assert answer is None
    assert [str(exc) for _type, exc, _tb in raised] == ["no field 'colour' in dialog 'Add value'"]
