"""Every question the window asks a person, behind one small interface.

The window holds one ``Dialogs`` (``window.dialogs``) and hands it to whoever needs to ask
something: which file to open, where to save, whether to drop unsaved work. The rules that
keep work safe are then tested by giving the window a scripted ``Dialogs`` (answers queued,
questions recorded: ``tests/ui/scripted_dialogs.py``) instead of patching Qt's static dialog
functions, which hid which question was asked and in what order.

``ask`` names its buttons by label and role; it answers the label clicked, so callers read
as the question does ("Save", "Don't Save", "Cancel") and a scripted answer can be checked
against the buttons really offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

#: How a button of ``ask`` behaves: the default answer, the one that loses something, or
#: the one Escape and closing the box mean.
Role = Literal["accept", "destructive", "reject"]
Icon = Literal["question", "warning", "information", "critical"]

_ROLES = {
    "accept": QMessageBox.ButtonRole.AcceptRole,
    "destructive": QMessageBox.ButtonRole.DestructiveRole,
    "reject": QMessageBox.ButtonRole.RejectRole,
}
_ICONS = {
    "question": QMessageBox.Icon.Question,
    "warning": QMessageBox.Icon.Warning,
    "information": QMessageBox.Icon.Information,
    "critical": QMessageBox.Icon.Critical,
}


class Notice(Protocol):
    """A message shown without waiting for the person (``Dialogs.notice``)."""

    def showing(self) -> bool:
        """Whether it is still on screen (the person has not closed it)."""
        ...

    def close(self) -> None: ...


class _BoxNotice:
    """A ``Notice`` on screen: its box deletes itself once closed."""

    def __init__(self, box: QMessageBox) -> None:
        self._box = box

    def showing(self) -> bool:
        return shiboken6.isValid(self._box) and self._box.isVisible()

    def close(self) -> None:
        if shiboken6.isValid(self._box):
            self._box.close()


class Dialogs:
    """Qt's file, message and input dialogs, parented to the window."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

    # --- files -----------------------------------------------------------------------------

    def open_file(self, title: str, folder: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.parent, title, folder, file_filter)
        return Path(chosen) if chosen else None

    def open_files(self, title: str, folder: str, file_filter: str) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(self.parent, title, folder, file_filter)
        return [Path(p) for p in chosen]

    def open_folder(self, title: str, folder: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self.parent, title, folder)
        return Path(chosen) if chosen else None

    def save_file(self, title: str, suggestion: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.parent, title, suggestion, file_filter)
        return Path(chosen) if chosen else None

    # --- input -----------------------------------------------------------------------------

    def choose(
        self, title: str, label: str, items: Sequence[str], *, current: str | None = None, typed: bool = False
    ) -> str | None:
        """One of ``items`` (``current`` offered first, else the first), or None when
        cancelled; ``typed`` lets the person type (the box completes it), so any text may
        come back."""
        items = list(items)
        start = items.index(current) if current in items else 0
        choice, ok = QInputDialog.getItem(self.parent, title, label, items, start, typed)
        return choice if ok else None

    def text(self, title: str, label: str, suggestion: str = "") -> str | None:
        """A line typed by the person, or None when cancelled."""
        typed, ok = QInputDialog.getText(self.parent, title, label, QLineEdit.EchoMode.Normal, suggestion)
        return typed if ok else None

    def colour(self, title: str, start: str) -> str | None:
        """A colour as ``#rrggbb``, starting from ``start``; None when cancelled."""
        chosen = QColorDialog.getColor(QColor(start), self.parent, title)
        return chosen.name() if chosen.isValid() else None

    # --- messages --------------------------------------------------------------------------

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def inform(self, title: str, text: str, *, informative: str = "", details: str = "") -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        box.exec()

    def notice(
        self,
        title: str,
        text: str,
        *,
        informative: str = "",
        details: str = "",
        icon: Icon = "warning",
        modal: bool = False,
    ) -> Notice:
        """Show a message and go on at once: the event loop keeps running (an error found in
        a slot, a recovery copy that failed), so nothing waits for the person to read it.
        ``modal`` keeps the window's own controls until it is closed."""
        box = QMessageBox(_ICONS[icon], title, text, QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to quote it
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if modal:
            box.open()
        else:
            box.setModal(False)
            box.show()
        return _BoxNotice(box)

    def ask(
        self,
        title: str,
        text: str,
        buttons: Sequence[tuple[str, Role]],
        *,
        informative: str = "",
        default: str | None = None,
        icon: Icon = "warning",
    ) -> str:
        """The label of the button clicked; Escape or closing the box answers the first
        ``reject`` button (there must be one)."""
        box = QMessageBox(_ICONS[icon], title, text, QMessageBox.StandardButton.NoButton, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if informative:
            box.setInformativeText(informative)
        made = {label: box.addButton(label, _ROLES[role]) for label, role in buttons}
        escape = next(label for label, role in buttons if role == "reject")
        box.setEscapeButton(made[escape])
        if default is not None:
            box.setDefaultButton(made[default])
        box.exec()
        clicked = box.clickedButton()
        return next((label for label, button in made.items() if button is clicked), escape)
