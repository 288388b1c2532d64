"""The export dialog, driven as an analyst would: pick options, choose a file, export."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import Qt

from workbench.core.filtering import EntryFilter
from workbench.formats.project.file import load_project
from workbench.ui import jobs
from workbench.ui.dialogs.export import ExportDialog
from workbench.ui.session import Session

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


@pytest.fixture
def dialog(qtbot, dialogs):
    session = Session(load_project(FIXTURE), FIXTURE, annotator="ben")
    widget = ExportDialog(session, show_after_ms=0, dialogs=dialogs)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _choose_file(dialogs, path: Path) -> None:
    dialogs.answer("save_file", path)


def _file_filters(dialogs) -> list[str]:
    """What each file question offered to show, in order."""
    return [q.file_filter for q in dialogs.asked if q.kind == "save_file"]


def _select(qtbot, combo, data) -> None:
    """Pick an item the way a keyboard user does: focus the combo and press Down until it shows."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def _export(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and dialog.export_button.isEnabled(), timeout=10000)


def test_layers_offer_the_coder_first_then_gold_and_majority(dialog) -> None:
    items = [dialog.layer_combo.itemData(i) for i in range(dialog.layer_combo.count())]
    assert items == ["ben", "amira", "chiara", "gold", "majority", "none"]


def test_exporting_jsonl_of_the_current_filter(qtbot, dialog, dialogs, tmp_path: Path) -> None:
    dialog.session.set_filter(EntryFilter(text="Larnaca"))
    dialog.close()
    again = ExportDialog(dialog.session, show_after_ms=0, dialogs=dialogs)
    qtbot.addWidget(again)
    again.show()
    visible = dialog.session.visible_indices()
    assert len(visible) == 2
    out = tmp_path / "larnaca.jsonl"
    _choose_file(dialogs, out)
    _select(qtbot, again.subset_combo, "filter")
    assert again.subset_combo.currentText().endswith("(2)")
    qtbot.mouseClick(again.browse_button, Qt.MouseButton.LeftButton)
    assert _file_filters(dialogs) == ["jsonl (*.jsonl)"] and again.path_edit.text() == str(out)
    _export(qtbot, again)
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    entries = dialog.session.project.entries
    assert [r["id"] for r in records] == [entries[i].id for i in visible]
    assert all(r["annotator"] == "ben" for r in records)
    assert "2 records written" in again.summary_view.toPlainText()


def test_exporting_csv_with_a_split_by_majority(qtbot, dialog, dialogs, tmp_path: Path) -> None:
    out = tmp_path / "corpus.csv"
    _choose_file(dialogs, out)
    _select(qtbot, dialog.format_combo, "csv")
    _select(qtbot, dialog.layer_combo, "majority")
    dialog.split_box.setChecked(True)
    _select(qtbot, dialog.stratify_combo, "stance")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    _export(qtbot, dialog)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",split")
    shown = dialog.summary_view.toPlainText()
    assert "7 records written (csv, layer majority" in shown
    assert "per split:" in shown and "majority ties" in shown
    manifest = orjson.loads(out.with_name("corpus.csv.manifest.json").read_bytes())
    assert manifest["split"]["stratify"] == "stance"


def test_an_export_error_shows_one_line_and_writes_nothing(qtbot, dialog, dialogs, tmp_path: Path) -> None:
    dialog.path_edit.setText(str(tmp_path / "missing-folder" / "out.jsonl"))
    _export(qtbot, dialog)
    shown = dialogs.texts("warn")
    assert shown and "does not exist" in shown[0]
    assert dialog.summary_view.toPlainText() == "Nothing was written."
    assert list(tmp_path.iterdir()) == []


def test_the_extension_follows_the_format(qtbot, dialog, tmp_path: Path) -> None:
    dialog.path_edit.setText(str(tmp_path / "corpus.jsonl"))
    _select(qtbot, dialog.format_combo, "brat")
    assert dialog.path_edit.text().endswith("corpus")  # brat writes a folder
    _select(qtbot, dialog.format_combo, "qdpx")
    assert dialog.path_edit.text().endswith("corpus.qdpx")


def test_file_menu_export_opens_the_dialog_on_the_session(qtbot, monkeypatch) -> None:
    from workbench.ui.main_window import MainWindow

    opened: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    session = Session(load_project(FIXTURE), FIXTURE, annotator="amira")
    window = MainWindow(session)
    qtbot.addWidget(window)
    file_menu = window.menu("File")
    action = next((a for a in file_menu.actions() if a.objectName() == "actionExport"), None)
    assert action is not None, "File ▸ Export… is not wired into the main window"
    assert action.text() == "&Export…"
    action.trigger()
    assert len(opened) == 1 and opened[0].session is session
    assert opened[0].layer_combo.currentData() == "amira"


def test_cancel_in_the_progress_dialog_stops_the_export(qtbot, dialog, monkeypatch, tmp_path: Path) -> None:
    import time

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from workbench.core.errors import Cancelled
    from workbench.formats.exporters import exporting

    real_run_export = exporting.run_export

    def slow_run_export(project, options, out, progress, cancelled):
        def dawdling_progress(done: int, total: int) -> None:
            progress(done, total)
            time.sleep(0.05)
            if cancelled():
                raise Cancelled

        deadline = time.monotonic() + 5
        while not cancelled() and time.monotonic() < deadline:
            dawdling_progress(1, 10)
        return real_run_export(project, options, out, dawdling_progress, cancelled)

    monkeypatch.setattr("workbench.ui.dialogs.export.run_export", slow_run_export)
    dialog.path_edit.setText(str(tmp_path / "corpus.jsonl"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (p := dialog.findChild(QProgressDialog)) is not None and p.isVisible(), timeout=5000
    )
    progress_dialog = dialog.findChild(QProgressDialog)
    cancel = next(b for b in progress_dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and dialog.export_button.isEnabled(), timeout=10000)
    assert dialog.summary_view.toPlainText() == "Nothing was written."
    assert list(tmp_path.iterdir()) == []


def test_the_next_export_starts_from_the_last_format_and_folder(qtbot, dialog, dialogs, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    dialogs.answer("save_file", folder / "corpus.csv").answer("save_file", folder / "corpus.csv")
    _select(qtbot, dialog.format_combo, "csv")
    _export(qtbot, dialog)
    assert (folder / "corpus.csv").is_file()
    again = ExportDialog(dialog.session, show_after_ms=0, dialogs=dialogs)
    qtbot.addWidget(again)
    assert again.format_combo.currentData() == "csv"
    qtbot.mouseClick(again.browse_button, Qt.MouseButton.LeftButton)
    starts = [q.text for q in dialogs.asked if q.kind == "save_file"]
    assert starts[-1] == str(folder)
