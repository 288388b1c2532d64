"""Edit ▸ Set dispatch date…: date the current entry's dispatch by hand, as one undo step.

A page that states no date leaves its entries with printed times only, outside every date
filter and the chart's days; one dated from its title may be a day off. The dialog offers
the dispatch's date, or for an undated one the date of a neighbouring dispatch (else today),
in a date field with a calendar: Enter accepts, Escape cancels. The stamping rule is
``formats.dispatch_dating``; this module only asks and pushes.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.model import Dispatch
from workbench.formats.importers.liveblog.dates import DATE_LINE
from workbench.formats.importers.liveblog.dating import (
    SET_BY_HAND,
    current_date,
    entries_of,
    guessed_date,
    set_dispatch_date,
)

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: The date field's display, as dates are written everywhere else (project file, CLI).
DATE_FORMAT = "yyyy-MM-dd"


class DispatchDateDialog(QDialog):
    """The day a dispatch's oldest entry was written, asked in one date field."""

    def __init__(self, parent: QWidget | None, title: str, note: str, day: date) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchDateDialog")
        self.setWindowTitle("Set dispatch date")
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setTextFormat(Qt.TextFormat.PlainText)  # a title is data, never markup
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        explanation = QLabel(note, self)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date_edit.setObjectName("dispatchDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        form = QFormLayout()
        form.addRow("&Date of the oldest entry:", self.date_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.date_edit.setFocus()

    def day(self) -> date:
        chosen = self.date_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())


def ask_dispatch_date(window: MainWindow) -> None:
    """Ask for the current entry's dispatch date and push the change; the status bar says what it did."""
    session = window.session
    project = session.project
    entry_id = session.current_entry_id
    if not entry_id or not project.has_entry(entry_id):
        window.statusBar().showMessage("Choose an entry first: its dispatch is the one dated.", 5000)
        return
    dispatch_id = project.entry(entry_id).dispatch_id
    dispatch = project.dispatches.get(dispatch_id)
    if dispatch is None:
        window.statusBar().showMessage(f"The entry's dispatch {dispatch_id} is not in the project.", 5000)
        return
    before = current_date(project, dispatch_id)
    if before is None:
        note = "No date was found for this dispatch: its entries will be stamped from their printed times."
    else:
        note = f"Dated {before.isoformat()} ({_where_from(dispatch)}). Every entry moves to the new day."
    offered = before or guessed_date(project, dispatch_id) or date.today()
    dialog = DispatchDateDialog(window, dispatch.title, note, offered)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    day = dialog.day()
    if day == before:
        window.statusBar().showMessage(f"'{dispatch.title}' is already dated {day.isoformat()}.", 5000)
        return
    session.push(set_dispatch_date(project, dispatch_id, day))
    stamped = sum(e.timestamp is not None for e in entries_of(project, dispatch_id))
    entries = f"{stamped} entr{'y' if stamped == 1 else 'ies'} stamped"
    what = f"from {before.isoformat()} to {day.isoformat()}" if before else day.isoformat()
    window.statusBar().showMessage(f"Dated '{dispatch.title}' {what}: {entries}. Ctrl+Z undoes.", 8000)


def _where_from(dispatch: Dispatch) -> str:
    """Where the dispatch's date came from, as the import summary would name it."""
    if dispatch.published is None:
        return "from its entries' timestamps"
    source = dispatch.meta.get("date_source")
    if source == SET_BY_HAND:
        return SET_BY_HAND
    return f"from its {source or DATE_LINE}"
