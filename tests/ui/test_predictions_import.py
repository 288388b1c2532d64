"""File ▸ Import predictions: an outside model's scores come in as one undo step, show as
outlined suggestions, are accepted with S and saved; a bad file changes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import shown_window
from workbench.core.codebook_edits import rename_value
from workbench.formats.importers import predictions
from workbench.formats.project.file import load_project
from workbench.ui import jobs

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, dialogs):
    path = tmp_path / "sample.json"
    path.write_bytes(SAMPLE.read_bytes())
    return shown_window(qtbot, path, dialogs)


def _rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def _choose_import(window, dialogs, chosen: Path, qtbot) -> None:
    """File ▸ Import predictions…, the file picked in the dialog, and the reading waited for."""
    dialogs.answer("open_file", chosen)
    item = next(a for a in window.menu("File").actions() if a.objectName() == "actionImportPredictions")
    assert item.text() == "Import &predictions…"
    item.trigger()
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=10_000)


def test_imported_scores_are_suggested_accepted_undone_and_saved(window, dialogs, qtbot, tmp_path) -> None:
    session = window.session
    shown = session.current_entry_id
    assert session.project.annotation(session.annotator, shown) is None
    bert = _rows(
        tmp_path / "bert.jsonl", [{"id": shown, "dimension": "stance", "value": "against", "score": 0.8}]
    )
    against = window.tag_panel.value_buttons[("stance", "against")]
    assert "%" not in against.full_text

    _choose_import(window, dialogs, bert, qtbot)
    assert dialogs.texts("warn") == []
    assert "80%" in against.full_text and not against.isChecked()
    assert window.statusBar().currentMessage() == (
        "1 score for 1 entry imported from bert.jsonl (source bert). Undo takes them back."
    )
    model = window.navigator.model
    assert model.headerData(model.confidence_column, Qt.Orientation.Horizontal) == "Confidence"
    row = model.row_of(shown)
    assert model.data(model.index(row, model.confidence_column)) == "80%"
    window.show_dock("suggestionsDock")
    notice = window.findChild(QLabel, "suggestionsNotice")
    assert "Imported predictions from bert" in notice.text() and "for 1 entry" in notice.text()

    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, "s")
    accepted = session.project.annotation(session.annotator, shown)
    assert accepted.values["stance"] == "against" and against.isChecked()
    how = accepted.assisted["stance"]["against"]
    assert (how.source, how.version, how.score) == ("predictions", "bert", 0.8)

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)  # the acceptance
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)  # the import itself
    assert session.project.predictions is None and "%" not in against.full_text
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert "80%" in against.full_text
    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    saved = load_project(session.path)
    assert saved.predictions is not None and saved.predictions.source == "bert"
    assert saved.predictions.scores == {shown: {"stance": {"against": 0.8}}}


def test_a_second_file_replaces_the_first_and_says_so(window, dialogs, qtbot, tmp_path) -> None:
    shown = window.session.current_entry_id
    first = _rows(
        tmp_path / "bert.jsonl", [{"id": shown, "dimension": "stance", "value": "against", "score": 0.8}]
    )
    second = _rows(
        tmp_path / "roberta.jsonl", [{"id": shown, "dimension": "stance", "value": "favor", "score": 0.6}]
    )
    _choose_import(window, dialogs, first, qtbot)
    _choose_import(window, dialogs, second, qtbot)
    assert (
        window.statusBar().currentMessage().endswith("; they replace those from bert. Undo takes them back.")
    )
    buttons = window.tag_panel.value_buttons
    assert (
        "60%" in buttons[("stance", "favor")].full_text
        and "%" not in buttons[("stance", "against")].full_text
    )
    window.session.undo_stack.undo()
    assert window.session.project.predictions.source == "bert"


def test_a_file_naming_an_unknown_code_is_one_line_and_changes_nothing(
    window, dialogs, qtbot, tmp_path
) -> None:
    session = window.session
    shown = session.current_entry_id
    rows = [
        {"id": shown, "dimension": "stance", "value": "against", "score": 0.8},
        {"id": shown, "dimension": "stance", "value": "hostile", "score": 0.5},
    ]
    bad = _rows(tmp_path / "bad.jsonl", rows)
    _choose_import(window, dialogs, bad, qtbot)
    assert dialogs.texts("warn") == [f"{bad}: line 2: unknown code 'hostile' of dimension 'stance'"]
    assert session.project.predictions is None and session.undo_stack.count() == 0
    assert "%" not in window.tag_panel.value_buttons[("stance", "against")].full_text


def test_a_code_renamed_while_the_file_is_read_is_not_imported(
    window, dialogs, qtbot, tmp_path, monkeypatch
) -> None:
    """The file is checked again against the project as it is when the reading ends: a
    score for a code renamed meanwhile would make a project file that no longer opens."""
    session = window.session
    shown = session.current_entry_id
    bert = _rows(
        tmp_path / "bert.jsonl", [{"id": shown, "dimension": "stance", "value": "against", "score": 0.8}]
    )
    reading_started, go_on = threading.Event(), threading.Event()
    read = predictions.read_predictions

    def slow_read(*args: object) -> object:
        got = read(*args)  # read against the codebook as it was
        reading_started.set()
        go_on.wait(10)
        return got

    monkeypatch.setattr(predictions, "read_predictions", slow_read)
    dialogs.answer("open_file", bert)
    next(a for a in window.menu("File").actions() if a.objectName() == "actionImportPredictions").trigger()
    assert reading_started.wait(5)
    session.push(rename_value(session.project, "stance", "against", "opposed"))
    go_on.set()
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=10_000)
    assert dialogs.texts("warn") == [f"{bert}: line 1: unknown code 'against' of dimension 'stance'"]
    assert session.project.predictions is None
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_S, CTRL)
    assert load_project(session.path).codebook.dimension("stance").value("opposed") is not None
