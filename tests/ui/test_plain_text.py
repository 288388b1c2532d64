"""Markup in a project file is shown as the characters it is, everywhere in the window.

A person opens a project whose codebook, titles and texts hold HTML; every label, tooltip,
legend and message box must show those characters literally (no bold, no image loaded, no
link to click).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from tests.ui.conftest import make_project, shown_window
from tests.ui.lifecycle_helpers import _act_on_next_dialog
from workbench.analysis.activity import Series
from workbench.core.model import Project
from workbench.formats.project.file import save_project
from workbench.ui.chart.bars import LabelAxis, StackedBarChart
from workbench.ui.plain_text import RICH_LABEL

#: Markup a hostile or careless project file might hold: an image from disk, a link, a table.
HOSTILE = "<b>x</b><img src='file:///etc/passwd'><a href='https://example.org/'>link</a><table><tr><td>t"
RAW_MARKERS = ("<img", "<a href", "<table", "<b>")


def hostile_project() -> Project:
    project = make_project()
    for dimension in project.codebook.dimensions:
        dimension.label = f"{dimension.label} {HOSTILE}"
        dimension.description = HOSTILE
        for value in dimension.values:
            value.label = f"{value.label} {HOSTILE}"
            value.description = HOSTILE
    for dispatch in project.dispatches.values():
        dispatch.title = HOSTILE
    project.entries[0].text = f"Officials met. {HOSTILE}"
    return project


def _raw(text: str) -> bool:
    return any(marker in text for marker in RAW_MARKERS)


def _item_tooltips(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    tips = []
    for row in range(min(model.rowCount(), 20)):
        # A list model (the code filter's) hides columnCount: it has one column.
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for column in range(columns):
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                tips.append(tip)
    return tips


def test_every_label_and_tooltip_shows_data_as_plain_text(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    save_project(hostile_project(), path)
    window = shown_window(qtbot, path)
    window.navigator.table.setFocus()
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_Home)

    labels = [label for label in window.findChildren(QLabel) if label.text()]
    assert any(HOSTILE in label.text() for label in labels)  # the data is there, as written
    for label in labels:
        if label.property(RICH_LABEL):
            assert not _raw(label.text()), label.objectName()
        else:
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
    for widget in window.findChildren(QWidget):
        assert not _raw(widget.toolTip()), (widget.objectName(), widget.toolTip())
    for view in window.findChildren(QAbstractItemView):
        for tip in _item_tooltips(view):
            assert not _raw(tip), (view.objectName(), tip)


def test_chart_legend_shows_a_codebook_label_escaped(qtbot) -> None:
    chart = StackedBarChart(1.0, LabelAxis("bottom", (1,), str), "Entries")
    qtbot.addWidget(chart)
    counts = np.array([1.0, 2.0])
    chart.set_data(counts, [Series("k", HOSTILE, "#336699", counts, 0)], note=HOSTILE)
    shown = [label.text for _, label in chart.legend.items]
    assert shown and not any(_raw(text) for text in shown)
    assert "&lt;table&gt;" in shown[0]
    assert not _raw(chart.note.text)


def test_could_not_open_box_shows_a_hostile_name_as_text(qtbot, tmp_path: Path, project_file: Path) -> None:
    """Qt's own box, as the analyst sees it (the window's real ``Dialogs``, not a script)."""
    from workbench.ui.project.lifecycle import ProjectLifecycle

    window = shown_window(qtbot, project_file)

    bad = tmp_path / "<a href='https:x'>link<b>bold.json"
    bad.write_text('{"format": "workbench-project", "version": 1, "codebook": ', encoding="utf-8")
    seen: list[tuple[str, list[Qt.TextFormat]]] = []

    def look(dialog) -> None:
        labels = [label for label in dialog.findChildren(QLabel) if label.text()]
        seen.append((dialog.text(), [label.textFormat() for label in labels]))
        dialog.close()

    _act_on_next_dialog(look, 5000)
    lifecycle = window.findChild(ProjectLifecycle)
    lifecycle.open_project(bad)
    qtbot.waitUntil(lambda: bool(seen))
    text, formats = seen[0]
    assert "<a href='https:x'>" in text
    assert formats and all(fmt == Qt.TextFormat.PlainText for fmt in formats)
