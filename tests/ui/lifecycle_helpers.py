"""Shared helpers for the lifecycle, autosave and codebook editor tests (not a test module)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project


def make_project(n_entries: int = 3, annotator: str = "alice") -> Project:
    """A small original live blog with a little coding by ``annotator``."""
    dispatch = Dispatch(
        id="d-harbour", title="The Latest: harbour strike enters third day", published="2026-03-02"
    )
    texts = [
        "Dock workers blocked the northern gate at dawn.",
        "The port authority said talks would resume at noon.",
        "Union leaders rejected the new offer.",
        "Police cleared the access road without arrests.",
        "Shipping firms diverted two vessels to the southern terminal.",
    ]
    entries = [
        Entry(
            f"e{i}",
            dispatch.id,
            i,
            f"{9 + i}:00 a.m.",
            f"2026-03-02T{9 + i:02d}:00:00",
            texts[i % len(texts)],
        )
        for i in range(n_entries)
    ]
    project = Project(
        codebook=builtin_codebook("plover"), dispatches={dispatch.id: dispatch}, entries=entries
    )
    project.set_annotation(annotator, "e0", Annotation(values={"stance": "against", "actor": ["TUR"]}))
    return project


@dataclass
class DialogAnswer:
    """What the helper saw in the dialog it answered."""

    texts: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _act_on_next_dialog(act, timeout_ms: int) -> DialogAnswer:
    """Call ``act(dialog, seen)`` on the next visible modal dialog, polling from the event loop
    so it works while the code under test sits in ``exec()``."""
    seen = DialogAnswer()
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            if isinstance(dialog, QMessageBox):
                seen.texts.append(dialog.text())
                seen.details.append(dialog.detailedText())
            seen.titles.append(dialog.windowTitle())
            try:
                act(dialog)
            except BaseException:
                # Left open, the dialog's exec() would hold the test for ever: closed, the
                # code under test goes on and the failure is reported.
                dialog.reject()
                raise
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def _click(dialog: QDialog, button_text: str) -> None:
    for button in dialog.findChildren(QAbstractButton):
        if button.text().replace("&", "") == button_text and button.isVisible():
            button.click()
            return
    raise AssertionError(f"no button '{button_text}' in dialog '{dialog.windowTitle()}'")


def answer_next_dialog(button_text: str, *, timeout_ms: int = 5000) -> DialogAnswer:
    """Click ``button_text`` in the next modal dialog, as a person would."""
    return _act_on_next_dialog(lambda dialog: _click(dialog, button_text), timeout_ms)


def fill_next_dialog(fields: dict[str, str], *, button: str = "OK", timeout_ms: int = 5000) -> DialogAnswer:
    """Type into the named fields of the next modal dialog, then click ``button``.

    Fields are found by object name; each is cleared and typed into key by key.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QComboBox, QLineEdit

    def fill(dialog: QDialog) -> None:
        for name, text in fields.items():
            widget = dialog.findChild(QLineEdit, name) or dialog.findChild(QComboBox, name)
            if widget is None:
                raise AssertionError(f"no field '{name}' in dialog '{dialog.windowTitle()}'")
            if isinstance(widget, QComboBox):
                widget.setCurrentText(text)
                continue
            widget.selectAll()
            QTest.keyClick(widget, Qt.Key.Key_Backspace)
            QTest.keyClicks(widget, text)
        _click(dialog, button)

    return _act_on_next_dialog(fill, timeout_ms)
