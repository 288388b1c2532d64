"""At start-up the activity chart joins the window once its modules are in, and the window
answers keys meanwhile; a chart that cannot load says so in its dock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ANNOTATOR
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.formats.project.file import load_project
from workbench.ui.app import build_window
from workbench.ui.chart import dock as chart_dock
from workbench.ui.chart.panel import ActivityChartPanel
from workbench.ui.session import Session


def start_up_window(qtbot, project_file: Path):
    """The window as ``workbench PROJECT`` builds it at start-up."""
    session = Session(load_project(project_file), project_file, annotator=ANNOTATOR)
    window, _lifecycle = build_window(session, offer_recovered_work=False, chart_in_background=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    window.resize(1400, 900)
    window.show()
    window.activateWindow()  # as a freshly launched window is
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_the_chart_arrives_after_the_window_which_answers_keys_meanwhile(
    qtbot, project_file: Path, tmp_path: Path, monkeypatch
) -> None:
    # Stand-in for the chart's modules: slow to import, so the wait can be watched.
    (tmp_path / "slow_chart_modules.py").write_text("import time\ntime.sleep(0.5)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(chart_dock, "_CHART_MODULE", "slow_chart_modules")
    monkeypatch.setattr(chart_dock, "_chart_import", None)
    window = start_up_window(qtbot, project_file)
    placeholder = window.chart_dock.widget()
    assert placeholder.text() == "Preparing the activity chart…"
    first = window.session.current_entry_id
    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, "j")  # the analyst starts reading at once
    assert window.session.current_entry_id != first
    assert not isinstance(window.chart_dock.widget(), ActivityChartPanel)
    qtbot.waitUntil(lambda: isinstance(window.chart_dock.widget(), ActivityChartPanel), timeout=5000)
    panel = window.chart_dock.widget()
    qtbot.waitUntil(lambda: panel.hours_counts is not None)
    assert int(panel.hours_counts.totals.sum()) + panel.hours_counts.no_time == len(
        window.session.project.entries
    )


def test_a_chart_that_cannot_load_says_so_and_the_window_goes_on(
    qtbot, project_file: Path, monkeypatch
) -> None:
    monkeypatch.setattr(chart_dock, "_CHART_MODULE", "workbench.ui.no_such_chart_module")
    monkeypatch.setattr(chart_dock, "_chart_import", None)
    window = start_up_window(qtbot, project_file)
    placeholder = window.chart_dock.widget()
    qtbot.waitUntil(lambda: "could not be loaded" in placeholder.text(), timeout=5000)
    assert "no_such_chart_module" in placeholder.text()
    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Down)
    assert window.session.current_entry_id == window.navigator.model.entry_id(1)


def test_the_window_modules_leave_pyqtgraph_for_later() -> None:
    """The half second of pyqtgraph's import stays off the way to the window."""
    check = (
        "import sys\n"
        "import workbench.ui.main_window, workbench.ui.project.lifecycle\n"
        "print('pyqtgraph' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
