"""Review mode as a reviewer uses it: merge two analysts, step through disagreements by
key, adjudicate by key and by click, undo, save, reopen and export the gold layer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Provenance, Span
from workbench.core.undoable import edit_annotation, set_value
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.project.file import load_project, save_project
from workbench.formats.project.merging import combine
from workbench.ui import jobs
from workbench.ui.main_window import MainWindow
from workbench.ui.review import panel as review_panel
from workbench.ui.review.agreement_report import add_layers_from_file, open_report
from workbench.ui.session import Session

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier

#: Original sample entries written for this test.
TEXTS = [
    "Negotiators from both sides met in the lakeside hotel before dawn.",
    "Artillery fire was heard near the eastern checkpoint, residents said.",
    "The relief agency delivered flour and medicine to the old quarter.",
    "A spokesman called the new proposal a step in the right direction.",
    "Schools reopened in the southern district after a week of calm.",
]
# Entries 1 and 3 differ on stance, entry 2 on actors; 0 and 4 agree.
ANA = [
    ("neutral", ["UNO"]),
    ("against", ["SYR GOV"]),
    ("neutral", ["NGO"]),
    ("favor", ["USA"]),
    ("neutral", None),
]
BO = [
    ("neutral", ["UNO"]),
    ("neutral", ["SYR GOV"]),
    ("neutral", ["NGO", "UNO"]),
    ("against", ["USA"]),
    ("neutral", None),
]


def analyst_project(name: str, coding) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch("d-1", "The Latest: talks by the lake")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(TEXTS)]
    for i, (stance, actors) in enumerate(coding):
        values = {"stance": stance} | ({"actor": actors} if actors else {})
        project.set_annotation(name, f"e-{i}", Annotation(values=values, status="done"))
    return project


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    paths = []
    for name, coding in (("ana", ANA), ("bo", BO)):
        path = tmp_path / f"{name}.json"
        save_project(analyst_project(name, coding), path)
        paths.append(str(path))
    project, _ = combine(paths)
    out = tmp_path / "merged.json"
    save_project(project, out)
    return out


@pytest.fixture
def window(qtbot, merged: Path, dialogs) -> MainWindow:
    win = MainWindow(Session(load_project(merged), merged, "reviewer"), dialogs=dialogs)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def review_rows(window: MainWindow) -> list[str]:
    model = window.review_panel.model
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def test_step_through_adjudicate_undo_and_export(
    qtbot, window: MainWindow, merged: Path, tmp_path: Path
) -> None:
    panel = window.review_panel
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert panel.isVisible()
    assert review_rows(window) == ["e-1", "e-2", "e-3"]
    assert "3 entries with disagreements, 0 adjudicated" in panel.summary.text()
    # what both analysts agreed on is in gold before anyone decides, and open work is shown
    project = window.session.project
    assert project.annotation("gold", "e-0").values == {"stance": "neutral", "actor": ["UNO"]}
    assert project.annotation("gold", "e-0").status == "done"
    assert panel.model.index(1, 2).data() == "open: actor"

    # "]" goes to the next disagreement from the first entry
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-1"
    stance_row = panel.comparison.dimensions.index("stance")
    stance_cell = panel.comparison.item(stance_row, 0)
    assert stance_cell.text() == "against" and stance_cell.font().bold()  # the difference is marked
    assert not panel.comparison.item(panel.comparison.dimensions.index("actor"), 0).font().bold()
    assert panel.comparison.item(stance_row, 2).text() == "open: not decided yet"
    assert panel.comparison.item(panel.comparison.dimensions.index("actor"), 2).text() == "SYR GOV"
    assert panel.open_label.text() == "Still open on this entry: Stance"

    # take ana's whole coding with Alt+1 (the panel has focus)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_1, ALT)
    gold = window.session.project.annotation("gold", "e-1")
    assert gold.values == {"stance": "against", "actor": ["SYR GOV"]} and gold.status == "done"
    assert panel.model.index(0, 2).data() == "✓ adjudicated"

    # Alt+Down to the next one; take bo's actors by choosing the cell and pressing Enter
    qtbot.keyClick(panel.table, Qt.Key.Key_Down, ALT)
    assert window.session.current_entry_id == "e-2"
    actor_row = panel.comparison.dimensions.index("actor")
    panel.comparison.setFocus()
    panel.comparison.setCurrentCell(actor_row, 1)
    qtbot.keyClick(panel.comparison, Qt.Key.Key_Return)
    gold = window.session.project.annotation("gold", "e-2")  # the agreed stance stays
    assert gold.values == {"stance": "neutral", "actor": ["NGO", "UNO"]} and gold.status == "done"
    assert panel.open_label.text() == "Nothing open on this entry: adjudicated ✓"

    # and the third by a click on a "take all" button, then undo it with Ctrl+Z
    qtbot.keyClick(panel.table, Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-3"
    qtbot.mouseClick(panel.findChild(QPushButton, "takeAll_bo"), Qt.MouseButton.LeftButton)
    assert window.session.project.annotation("gold", "e-3").values["stance"] == "against"
    assert "3 adjudicated" in panel.summary.text()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Z, CTRL)
    assert window.session.project.annotation("gold", "e-3").values == {"actor": ["USA"]}  # agreed only
    assert panel.model.index(2, 2).data() == "open: stance"
    assert "2 adjudicated" in panel.summary.text()

    # no further disagreement: "]" stays put
    qtbot.keyClick(panel.table, Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-3"

    save_project(window.session.project, merged)
    reopened = load_project(merged)
    assert set(reopened.layer("gold")) == {"e-0", "e-1", "e-2", "e-3", "e-4"}
    assert reopened.layer("ana")["e-1"].values["stance"] == "against"  # analysts' layers untouched

    out = tmp_path / "gold.jsonl"
    run_export(reopened, ExportOptions(format="jsonl", layer="gold", subset="adjudicated"), out)
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert {r["id"]: r["labels"]["stance"] for r in records} == {
        "e-0": "neutral",
        "e-1": "against",
        "e-2": "neutral",
        "e-4": "neutral",
    }
    summary = run_export(reopened, ExportOptions(format="jsonl", layer="gold"), out)
    assert "warning: 1 entries are not fully adjudicated" in "\n".join(summary.lines())
    manifest = orjson.loads(out.with_name("gold.jsonl.manifest.json").read_bytes())
    assert manifest["not_adjudicated"] == ["e-3"]


def test_filters_by_dimension_and_pair_and_follows_coding(qtbot, window: MainWindow) -> None:
    panel = window.review_panel
    window.review_panel.parentWidget().show()
    qtbot.waitUntil(panel.isVisible)
    panel.dimension_box.setCurrentIndex(panel.dimension_box.findData("actor"))
    assert review_rows(window) == ["e-2"]
    panel.dimension_box.setCurrentIndex(0)
    assert panel.pair_box.count() == 2  # "All annotators" and "ana / bo"
    # the reviewer's own coding is not a disagreement; an analyst's change is picked up
    project = window.session.project
    window.session.push(edit_annotation(project, "bo", "e-1", "fix", set_value("stance", "against")))
    assert review_rows(window) == ["e-2", "e-3"]
    window.session.push(edit_annotation(project, "bo", "e-4", "change", set_value("stance", "favor")))
    assert review_rows(window) == ["e-2", "e-3", "e-4"]
    # choose the pair; a third annotator appearing keeps that choice and is offered as pairs
    panel.pair_box.setCurrentIndex(panel.pair_box.findData("ana\tbo"))
    window.session.push(edit_annotation(project, "carl", "e-0", "code", set_value("stance", "favor")))
    assert panel.pair_box.currentText() == "ana / bo"
    assert panel.pair_box.count() == 4  # all, ana/bo, ana/carl, bo/carl
    assert review_rows(window) == ["e-2", "e-3", "e-4"]


def test_agreement_report_window_and_csv(qtbot, window: MainWindow, tmp_path: Path) -> None:
    for name in ("ana", "bo"):  # both mark "Negotiators" as a person
        window.session.project.layer(name)["e-0"].spans = [Span(0, 11, "mention", "PER")]
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=5000)
    table = report.table
    cells = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
        if table.item(r, 0).text()
    }
    assert cells["stance"][1] == "ordinal" and cells["stance"][3] == "5"
    assert cells["stance"][4] == "60.0 %"
    report.dimension_box.setCurrentIndex(report.dimension_box.findData("stance"))
    assert report.confusion.rowCount() == 3
    values = [report.confusion.verticalHeaderItem(i).text() for i in range(3)]
    assert values == ["against", "neutral", "favor"]
    assert report.confusion.item(1, 1).text() == "3"  # both said neutral on entries 0, 2 and 4
    out = tmp_path / "agreement.csv"
    report.write_csv(out, report.summary_csv())
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("dimension,kind,level,coders,units")
    assert any(line.startswith("stance,single,ordinal,ana bo,5,0.6000") for line in lines)
    assert "against" in report.confusion_csv().splitlines()[1]
    assert "mention:PER 1.000 / 1.000" in report.spans_label.text()
    report.close()


def test_reviewer_types_a_gold_value_nobody_gave(qtbot, window: MainWindow, dialogs) -> None:
    panel = window.review_panel
    window.next_disagreement_action.trigger()
    assert window.session.current_entry_id == "e-1"
    dialogs.answer("choose", "favor")
    gold_column = panel.comparison.columnCount() - 1
    panel.comparison.setFocus()
    panel.comparison.setCurrentCell(panel.comparison.dimensions.index("stance"), gold_column)
    qtbot.keyClick(panel.comparison, Qt.Key.Key_Return)
    offered = [q.choices for q in dialogs.asked if q.kind == "choose"]
    assert offered == [["(not coded)", "against", "neutral", "favor"]]
    assert window.session.project.annotation("gold", "e-1").values == {
        "stance": "favor",
        "actor": ["SYR GOV"],
    }
    stance_row = panel.comparison.dimensions.index("stance")
    assert panel.comparison.item(stance_row, gold_column).text() == "favor"  # the comparison follows


def test_add_layers_from_a_colleagues_file_is_one_undo_step(
    qtbot, window: MainWindow, tmp_path: Path, dialogs
) -> None:
    carl = analyst_project("carl", [("favor", None)] * 5)
    path = tmp_path / "carl.json"
    save_project(carl, path)
    add_layers_from_file(window, str(path))
    qtbot.waitUntil(lambda: not jobs.active_jobs() and bool(dialogs.texts("inform")), timeout=5000)
    assert window.session.project.has_layer("carl")
    assert "5 annotations added" in dialogs.texts("inform")[0]
    window.review_panel.parentWidget().show()
    qtbot.waitUntil(window.review_panel.isVisible)
    assert review_rows(window) == ["e-0", "e-1", "e-2", "e-3", "e-4"]  # carl says favor everywhere
    window.undo_action.trigger()
    assert not window.session.project.has_layer("carl")
    assert review_rows(window) == ["e-1", "e-2", "e-3"]


def test_disagreement_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    window.next_disagreement_action.trigger()
    assert window.review_panel.model.rowCount() == 3
    qtmodeltester.check(window.review_panel.model)


def test_large_projects_are_scanned_in_the_background(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(review_panel, "BACKGROUND_ENTRIES", 1)
    panel = window.review_panel
    panel.pair_box.setCurrentIndex(panel.pair_box.findData("ana\tbo"))  # rescans
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=5000)
    assert review_rows(window) == ["e-1", "e-2", "e-3"]
    assert panel.model.coders == ["ana", "bo"]


def test_closing_the_report_while_it_computes_is_harmless(qtbot, window: MainWindow) -> None:
    report = open_report(window)
    report.close()  # deleted on close, before the worker's result arrives
    qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=5000)
    qtbot.wait(50)
    assert window.isVisible()


def test_span_agreement_says_what_each_figure_is_and_why_one_is_missing(qtbot, window: MainWindow) -> None:
    window.session.project.layer("ana")["e-0"].spans = [Span(0, 11, "mention", "PER")]  # bo marked none
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=5000)
    text = report.spans_label.text()
    assert "exact (same start, end and code) / overlap" in text
    assert (
        "mention:PER (ana 1 spans, bo 0): F1 undefined, only one side used the code (bo marked none)" in text
    )
    assert "— / —" not in text
    report.close()


def current_cell(window: MainWindow) -> tuple[str, int]:
    comparison = window.review_panel.comparison
    return comparison.dimensions[comparison.currentRow()], comparison.currentColumn()


def test_bracket_selects_the_first_open_cell_so_enter_takes_it(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-1"
    assert current_cell(window) == ("stance", 0)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    gold = window.session.project.annotation("gold", "e-1")
    assert gold.values["stance"] == "against" and gold.status == "done"
    # on the next disagreement the first open cell is the actors one
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-2"
    assert current_cell(window) == ("actor", 0)


def test_the_cell_cursor_stays_where_the_analyst_left_it(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_BracketRight)
    comparison = window.review_panel.comparison
    qtbot.keyClick(comparison, Qt.Key.Key_Right)
    assert current_cell(window) == ("stance", 1)
    qtbot.keyClick(comparison, Qt.Key.Key_Return)  # take bo's stance
    assert window.session.project.annotation("gold", "e-1").values["stance"] == "neutral"
    assert current_cell(window) == ("stance", 1)
    qtbot.keyClick(comparison, Qt.Key.Key_Z, CTRL)  # undo redraws the comparison too
    assert current_cell(window) == ("stance", 1)


def test_brackets_step_through_open_disagreements_only(qtbot, window: MainWindow) -> None:
    panel = window.review_panel
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_BracketRight)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-2"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2, ALT)  # take all of bo's: e-2 is decided
    assert panel.model.index(1, 2).data() == "✓ adjudicated"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_BracketLeft)
    assert window.session.current_entry_id == "e-1"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_BracketRight)
    assert window.session.current_entry_id == "e-3"  # e-2 has nothing open: skipped
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_BracketLeft)
    assert window.session.current_entry_id == "e-1"


def test_agreement_report_shows_interval_diagnostics_and_drift(qtbot, window: MainWindow) -> None:
    layers = window.session.project.read_every_layer()
    for name in ("ana", "bo"):  # e-0..e-2 coded in ISO week 49, e-3 and e-4 in week 50
        for i in range(5):
            day = "2026-12-01" if i < 3 else "2026-12-08"
            layers[name][f"e-{i}"].modified = f"{day}T09:30:00Z"
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=5000)
    table = report.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "stance")
    shown = {h: table.item(row, c).text() for c, h in enumerate(headers)}
    low, high = (float(x) for x in shown["α 95 % interval"].split(" – "))
    assert low <= float(shown["α"]) <= high
    assert 0 <= float(shown["P(α < .667)"]) <= float(shown["P(α < .800)"]) <= 1
    report.dimension_box.setCurrentIndex(report.dimension_box.findData("stance"))
    # ana and bo differ on e-1 (against / neutral) and e-3 (favor / against).
    assert "against" in report.diagnostics_label.text() and "ana" in report.diagnostics_label.text()
    weeks = [report.drift.item(r, 0).text() for r in range(report.drift.rowCount())]
    assert weeks == ["2026-W49", "2026-W50"]
    drift_headers = [report.drift.horizontalHeaderItem(c).text() for c in range(report.drift.columnCount())]
    assert drift_headers == ["Week", "Units", "α", "ana", "bo"]
    assert report.drift.item(0, 1).text() == "3" and report.drift.item(0, 4).text() == "neutral 3"
    (curve,) = report.drift_plot.getPlotItem().listDataItems()  # alpha per week, as drawn
    assert [f"{y:.3f}" for y in curve.yData] == [report.drift.item(r, 2).text() for r in range(2)]
    header, *rows = csv.reader(io.StringIO(report.summary_csv()))
    stance = next(r for r in rows if r[0] == "stance")
    assert float(stance[header.index("alpha_low")]) == pytest.approx(low, abs=5e-4)
    report.close()


def test_the_report_table_is_exported_where_the_person_chooses(
    qtbot, window: MainWindow, tmp_path, dialogs
) -> None:
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=5000)
    out = tmp_path / "chosen.csv"
    dialogs.answer("save_file", out)
    qtbot.mouseClick(report.export_button, Qt.MouseButton.LeftButton)
    (asked,) = [q for q in dialogs.asked if q.kind == "save_file"]
    assert asked.text.endswith(".csv") and asked.file_filter == "CSV files (*.csv)"
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("dimension,kind,level,coders,units")


def test_report_counts_assisted_values_and_the_checkbox_leaves_them_out(qtbot, window: MainWindow) -> None:
    bo = window.session.project.layer("bo")
    for entry_id in ("e-1", "e-3"):  # bo took the model's stance where the two differ
        ann = bo[entry_id]
        ann.assisted = {"stance": {ann.values["stance"]: Provenance("model", "stance#1", 0.7)}}  # type: ignore[index]
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=5000)

    def stance_row() -> dict[str, str]:
        table = report.table
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "stance")
        return {h: table.item(row, c).text() for c, h in enumerate(headers)}

    assert (stance_row()["Units"], stance_row()["Agreement"], stance_row()["Assisted"]) == (
        "5",
        "60.0 %",
        "2",
    )
    box = report.without_assisted
    assert box.text() == "Leave out suggestion-assisted values" and box.isVisible() and not box.isChecked()
    first = report.report
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not first, timeout=5000)
    assert box.isChecked() and report.report is not None and report.report.assisted_left_out
    assert (stance_row()["Units"], stance_row()["Agreement"], stance_row()["Assisted"]) == (
        "3",
        "100.0 %",
        "2 left out",
    )
    header, *rows = csv.reader(io.StringIO(report.summary_csv()))
    stance = next(row for row in rows if row[0] == "stance" and row[3] == "ana bo")
    assert stance[header.index("assisted_units")] == "2"
