"""A small form dialog: a few labelled text fields or choice lists, OK and Cancel.

Editors ask for two or three related values at once (a key and its label); one form
keeps that a single question instead of a chain of input boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class FieldsDialog(QDialog):
    """A small form: one line per field, a choice list where ``choices`` are given."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: Sequence[tuple[str, str, Sequence[str] | None]],
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        if note:
            text = QLabel(note, self)
            text.setWordWrap(True)
            layout.addWidget(text)
        form = QFormLayout()
        self.inputs: list[QLineEdit | QComboBox] = []
        for label, default, choices in fields:
            if choices:
                box = QComboBox(self)
                box.addItems(list(choices))
                box.setCurrentText(default)
                widget: QLineEdit | QComboBox = box
            else:
                widget = QLineEdit(default, self)
            widget.setObjectName(label.rstrip(":").lower().replace(" ", "_"))
            form.addRow(label, widget)
            self.inputs.append(widget)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> list[str]:
        return [w.currentText() if isinstance(w, QComboBox) else w.text() for w in self.inputs]

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        fields: Sequence[tuple[str, str, Sequence[str] | None]],
        note: str = "",
    ) -> list[str] | None:
        dialog = cls(parent, title, fields, note)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
