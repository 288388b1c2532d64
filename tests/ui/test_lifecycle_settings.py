"""Settings: annotator asked once, recent files pruned and capped, window layout restored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from workbench.ui import settings as settings_mod
from workbench.ui.settings import MAX_RECENT, Settings, ensure_annotator


def test_annotator_is_asked_once_and_remembered(qtbot, monkeypatch, dialogs):
    monkeypatch.delenv("WORKBENCH_ANNOTATOR", raising=False)
    dialogs.answer("text", "  Maria Ortega ")
    assert ensure_annotator(dialogs, Settings()) == "Maria Ortega"
    assert ensure_annotator(dialogs, Settings()) == "Maria Ortega"  # a second question would fail
    asked = [q.informative for q in dialogs.asked if q.kind == "text"]
    assert len(asked) == 1
    assert asked[0]  # the login name is offered as the suggestion


def test_cancelled_question_keeps_the_login_name_and_does_not_ask_again(qtbot, monkeypatch, dialogs):
    monkeypatch.delenv("WORKBENCH_ANNOTATOR", raising=False)
    dialogs.answer("text", None)
    name = ensure_annotator(dialogs, Settings())
    assert name == settings_mod.default_annotator()
    ensure_annotator(dialogs, Settings())
    assert len(dialogs.texts("text")) == 1


def test_environment_overrides_without_asking(qtbot, monkeypatch, dialogs):
    monkeypatch.setenv("WORKBENCH_ANNOTATOR", "ci-bot")
    Settings().set_annotator("someone else")
    assert ensure_annotator(dialogs, Settings()) == "ci-bot"  # nothing queued: a question fails
    assert dialogs.asked == []


def test_recent_files_newest_first_capped_and_pruned(tmp_path):
    settings = Settings()
    files = []
    for i in range(MAX_RECENT + 3):
        path = tmp_path / f"p{i}.json"
        path.write_text("{}")
        files.append(path)
        settings.add_recent(path)
    settings.add_recent(files[5])
    recent = Settings().recent_files()
    assert recent[0] == files[5]
    assert len(recent) == MAX_RECENT
    assert recent[1] == files[-1]
    files[-1].unlink()
    assert files[-1] not in Settings().recent_files()
    assert Settings().last_project() == files[5]


def test_window_geometry_and_docks_are_restored(qtbot):
    def build() -> QMainWindow:
        window = QMainWindow()
        qtbot.addWidget(window)
        window.setCentralWidget(QLabel("centre"))
        dock = QDockWidget("Chart", window)
        dock.setObjectName("chart")
        dock.setWidget(QLabel("chart"))
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return window

    first = build()
    first.resize(640, 480)  # within the offscreen 800x600 screen, which clamps it
    first.show()
    dock = first.findChild(QDockWidget, "chart")
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    qtbot.waitExposed(first)
    Settings().save_window(first)

    second = build()
    assert Settings().restore_window(second) is True
    second.show()
    qtbot.waitExposed(second)
    assert second.size().width() == 640
    assert (
        second.dockWidgetArea(second.findChild(QDockWidget, "chart")) == Qt.DockWidgetArea.LeftDockWidgetArea
    )


def test_restore_without_saved_layout_reports_false(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    assert Settings().restore_window(window) is False
