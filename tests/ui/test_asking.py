"""The real ``Dialogs`` behind the scripted one: a notice shows at once and the caller goes on."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench.ui.dialogs.asking import Dialogs


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_notice_is_shown_without_waiting_and_knows_when_it_was_closed(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    notice = Dialogs(parent).notice(
        "Recovery copy not written", "No room <b>left</b>", informative="Save soon.", details="the trace"
    )
    (box,) = _boxes()  # on screen, and this line ran: nothing waited for the person
    assert (box.windowTitle(), box.text(), box.informativeText()) == (
        "Recovery copy not written",
        "No room <b>left</b>",
        "Save soon.",
    )
    assert box.detailedText() == "the trace" and not box.isModal()
    assert notice.showing()
    box.close()
    qtbot.waitUntil(lambda: not notice.showing())
    notice.close()  # closing again, once Qt has deleted the box, is harmless


def test_a_modal_notice_keeps_the_window_until_closed(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    notice = Dialogs(parent).notice("Unexpected error", "Something went wrong", icon="critical", modal=True)
    (box,) = _boxes()
    assert box.isModal() and box.icon() == QMessageBox.Icon.Critical
    notice.close()
    assert not notice.showing()
