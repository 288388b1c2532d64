"""Review ▸ Prepare assignments… as a lead uses it: fill the form, send the files, add two
returned files back (checked against the recorded manifest) and read each coder's progress."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.project.assignments import assigned_entries
from workbench.formats.project.file import load_project, save_project
from workbench.ui import jobs
from workbench.ui.main_window import MainWindow
from workbench.ui.review.agreement_report import add_layers_from_file, open_report
from workbench.ui.review.assignment_dialog import AssignmentDialog, ProgressTable
from workbench.ui.session import Session


@pytest.fixture
def window(qtbot, tmp_path: Path, dialogs) -> MainWindow:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch("d-1", "The Latest: a made-up harbour strike")
    project.entries = [
        Entry(f"e-{i}", "d-1", i, None, None, f"Dock workers walked out at pier {i} this morning.")
        for i in range(10)
    ]
    path = tmp_path / "corpus.json"
    save_project(project, path)
    win = MainWindow(Session(load_project(path), path, "lead"), dialogs=dialogs)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def review_action(window: MainWindow, text: str):
    return next(a for a in window.menu("Review").actions() if a.text().replace("&", "") == text)


def code_at_home(path: Path, coder: str, entry_ids: list[str]) -> None:
    """The coder's work at home: favor, against, favor, ... down the entries given."""
    project = load_project(path)
    for i, entry_id in enumerate(entry_ids):
        stance = ("favor", "against")[i % 2]
        project.set_annotation(coder, entry_id, Annotation(values={"stance": stance}, status="done"))
    save_project(project, path)


def test_prepare_assignments_then_add_two_returned_files(
    qtbot, window: MainWindow, tmp_path: Path, dialogs
) -> None:
    def shown() -> list[str]:
        return dialogs.texts("inform")

    def warned() -> list[str]:
        return dialogs.texts("warn")

    folder = tmp_path / "team"
    review_action(window, "Prepare assignments…").trigger()
    dialog = window.findChild(AssignmentDialog)
    assert dialog is not None and dialog.isVisible()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no coders yet: the dialog says so and stays
    assert "name at least two coders" in dialog.problem.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.coders, "amira, ben")
    dialog.overlap.selectAll()
    qtbot.keyClicks(dialog.overlap, "0.30")
    qtbot.keyClicks(dialog.seed, "42")
    qtbot.keyClicks(dialog.folder, str(folder))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and bool(shown()), timeout=5000)
    assert "amira, ben" in shown()[0] and "3 entries in the reliability sample, seed 42" in shown()[0]
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    assert sorted(p.name for p in folder.iterdir()) == ["amira.wbproj", "ben.wbproj", "manifest.json"]

    progress_table = window.review_panel.findChild(ProgressTable)
    window.review_panel.parentWidget().show()
    qtbot.waitUntil(progress_table.isVisible)
    assert [progress_table.item(r, 0).text() for r in range(progress_table.rowCount())] == ["amira", "ben"]
    assert progress_table.item(0, 1).text() == str(len(assigned_entries(manifest, "amira")))
    assert progress_table.item(0, 2).text() == "0"

    ben_not_amira = manifest["coders"]["ben"]["entries"][0]
    code_at_home(
        folder / "amira.wbproj", "amira", [*manifest["sample"], *manifest["coders"]["amira"]["entries"][:1]]
    )
    code_at_home(folder / "ben.wbproj", "ben", manifest["sample"][:2])
    for name in ("amira.wbproj", "ben.wbproj"):
        add_layers_from_file(window, str(folder / name))
        qtbot.waitUntil(lambda: not jobs.active_jobs(), timeout=5000)
    assert not warned()
    assert window.session.project.annotation("amira", manifest["sample"][0]).values == {"stance": "favor"}
    assert window.session.project.annotation("ben", manifest["sample"][1]).status == "done"
    assert progress_table.item(0, 2).text() == str(len(manifest["sample"]) + 1)
    assert progress_table.item(1, 2).text() == "2"
    assert ben_not_amira not in (window.session.project.layer("amira") or {})

    # the two coders agree on the sample entries both coded: the report's interval is the point, 1
    report = open_report(window)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and report.report is not None, timeout=10_000)
    table = report.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "stance")
    assert table.item(row, headers.index("α")).text() == "1.000"
    assert table.item(row, headers.index("α 95 % interval")).text() == "1.000 – 1.000"
    report.close()

    # a file coding entries the coder was not given is refused whole
    amiras = manifest["coders"]["amira"]["entries"][0]
    wrong = load_project(folder / "ben.wbproj")
    wrong.entries.append(window.session.project.entry(amiras))
    wrong.entries_changed()
    wrong.set_annotation("ben", amiras, Annotation(values={"stance": "against"}))
    bad = tmp_path / "ben-again.wbproj"
    save_project(wrong, bad)
    add_layers_from_file(window, str(bad))
    qtbot.waitUntil(lambda: bool(warned()), timeout=5000)
    assert warned()[0].startswith(f"{bad}: 1 entries coded that were not assigned to ben")
    assert warned()[0].endswith("nothing added")
    assert window.session.project.annotation("ben", amiras) is None

    save = tmp_path / "saved.json"
    save_project(window.session.project, save)
    assert load_project(save).meta["assignment_manifest"]["id"] == manifest["id"]  # travels with the project


def test_a_file_that_was_never_an_assignment_is_still_added(
    qtbot, window: MainWindow, tmp_path: Path, dialogs
) -> None:
    from workbench.formats.project.assignment_checks import RecordManifest
    from workbench.formats.project.assignments import assign

    def shown() -> list[str]:
        return dialogs.texts("inform", "warn")

    window.session.push(RecordManifest(assign(window.session.project, ["amira", "ben"], seed=1).manifest))
    colleague = load_project(window.session.path)
    colleague.set_annotation("carl", "e-0", Annotation(values={"stance": "against"}))
    path = tmp_path / "carl.json"
    save_project(colleague, path)
    add_layers_from_file(window, str(path))
    qtbot.waitUntil(lambda: not jobs.active_jobs() and bool(shown()), timeout=5000)
    assert "1 annotations added" in shown()[0]
    assert window.session.project.annotation("carl", "e-0").values == {"stance": "against"}
