"""The navigator's model: Qt's model checks, sorting, targeted refreshes and counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from workbench.core.filtering import EntryFilter
from workbench.core.model import Annotation
from workbench.core.undoable import edit_annotation, set_status, toggle_value
from workbench.ui.navigator.entry_list import EntryNavigator
from workbench.ui.navigator.entry_model import (
    DISPATCH_COLUMN,
    STATUS_COLOUR,
    STATUS_COLUMN,
    TIME_COLUMN,
    EntryTableModel,
)
from workbench.ui.session import Session


def column_texts(model: EntryTableModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester, project) -> None:
    session = Session(project, annotator="ben")
    model = EntryTableModel(session)
    qtmodeltester.check(model, force_py=True)
    model.sort(TIME_COLUMN, Qt.SortOrder.DescendingOrder)
    session.set_filter(EntryFilter(text="the"))
    session.push(
        edit_annotation(project, "ben", project.entries[1].id, "t", toggle_value("stance", "favor", False))
    )
    qtmodeltester.check(model, force_py=True)


def test_rows_show_time_dispatch_status_and_codes_of_the_annotator(project) -> None:
    model = EntryTableModel(Session(project, annotator="ben"))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Time", "Dispatch", "Status", "Stance", "Actor", "Event type", "Confidence"]
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first == ["9:40 p.m. · Mar 2", "Cease-fire holds in north", "✓ done", "favor", "TUR", "", ""]
    assert model.data(model.index(5, 5)) == "ACCUSE"
    assert model.data(model.index(6, TIME_COLUMN)) == "10 a.m."  # printed, with no timestamp


def test_cells_carry_status_colour_stance_swatch_and_a_tool_tip(project) -> None:
    model = EntryTableModel(Session(project, annotator="ben"))
    done = model.index(0, STATUS_COLUMN)
    assert model.data(done, Qt.ItemDataRole.ForegroundRole) == STATUS_COLOUR["done"]
    assert model.data(model.index(0, TIME_COLUMN), Qt.ItemDataRole.ForegroundRole) is None
    favour = project.codebook.dimension("stance").value("favor")
    assert model.data(model.index(0, 3), Qt.ItemDataRole.DecorationRole) == QColor(favour.colour)
    assert model.data(model.index(0, 4), Qt.ItemDataRole.DecorationRole) is None  # actors: no swatch
    tip = model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<qt>The Latest: Cease-fire holds in north<br>9:40 p.m. · Mar 2<br><br>")
    assert project.entries[0].text[:40] in tip
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None


def test_sorting_by_time_and_status_and_back_to_grouped(project) -> None:
    session = Session(project, annotator="ben")
    model = EntryTableModel(session)
    model.sort(TIME_COLUMN, Qt.SortOrder.AscendingOrder)
    times = column_texts(model, TIME_COLUMN)
    assert times[0] == "10 a.m."  # no timestamp sorts first
    stamps = [project.entries[model.entry_index(r)].timestamp for r in range(1, model.rowCount())]
    assert stamps == sorted(stamps)
    model.sort(STATUS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert column_texts(model, STATUS_COLUMN)[0] == "✓ done"
    model.set_grouped(True)
    dispatch_cells = column_texts(model, DISPATCH_COLUMN)
    assert dispatch_cells[0] == "Cease-fire holds in north"
    assert dispatch_cells[4] == "Protests at the embassy"
    assert dispatch_cells[1] == "  ″"  # the title is shown once per group


def test_a_change_refreshes_only_the_touched_row_and_the_counts(qtbot, project) -> None:
    session = Session(project, annotator="ben")
    model = EntryTableModel(session)
    assert (model.done_count, model.flagged_count) == (1, 0)
    touched: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: touched.append((a.row(), b.row())))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    entry_id = project.entries[3].id
    with qtbot.waitSignal(model.countsChanged):
        session.push(edit_annotation(project, "ben", entry_id, "flag", set_status("flagged")))
    assert touched == [(3, 3)]
    assert not resets
    assert (model.done_count, model.flagged_count) == (1, 1)
    assert model.data(model.index(3, STATUS_COLUMN)) == "⚑ flagged"
    session.undo_stack.undo()
    assert (model.done_count, model.flagged_count) == (1, 0)


def test_filter_and_counts_text(qtbot, project) -> None:
    session = Session(project, annotator="ben")
    navigator = EntryNavigator(session)
    qtbot.addWidget(navigator)
    assert navigator.counts_text() == "7 entries · 1 done · 0 flagged"
    session.set_filter(EntryFilter(text="embassy"))  # the title of the second dispatch
    assert navigator.model.rowCount() == 3
    assert navigator.counts_text() == "3 of 7 entries · 0 done · 0 flagged"
    assert session.current_entry_id == project.entries[4].id  # the hidden current entry gave way


def test_counts_read_each_status_of_the_opened_layer_and_skip_unknown_entries(qtbot, project) -> None:
    # The counts of a freshly opened layer come from one bulk pass over it, not from edits.
    ids = [e.id for e in project.entries]
    statuses = {ids[0]: "done", ids[1]: "flagged", ids[2]: "flagged", ids[3]: "todo", ids[5]: "done"}
    project.set_layer("ben", {eid: Annotation(status=status) for eid, status in statuses.items()})
    project.layer("ben")["no-such-entry"] = Annotation(status="flagged")
    navigator = EntryNavigator(Session(project, annotator="ben"))
    qtbot.addWidget(navigator)
    assert navigator.counts_text() == "7 entries · 2 done · 2 flagged"
    navigator.session.set_filter(EntryFilter(text="embassy"))  # entries 4-6: the second dispatch
    assert navigator.counts_text() == "3 of 7 entries · 1 done · 0 flagged"
