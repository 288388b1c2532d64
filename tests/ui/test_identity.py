"""Opening a colleague's project: the window asks whose layer to code, once per project."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from workbench.core.adjudication import GOLD_LAYER
from workbench.formats.project.file import load_project, save_project
from workbench.ui import jobs
from workbench.ui.project.identity import CONTINUE, OWN, REVIEW, LayerChoice
from workbench.ui.project.lifecycle import ProjectLifecycle


class Answerer:
    """Answers the question as the analyst would, and remembers it was asked."""

    def __init__(self, choice: LayerChoice) -> None:
        self.choice = choice
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, _parent, me: str, others: list[str]) -> LayerChoice:
        self.asked.append((me, others))
        return self.choice


def _open(qtbot, window, path: Path, answer: Answerer) -> None:
    lifecycle = window.findChild(ProjectLifecycle)
    lifecycle.identity.ask = answer
    lifecycle.open_project(path)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and window.session.path == path, timeout=10_000)


def _bens_project(tmp_path: Path) -> Path:
    path = tmp_path / "bens.json"
    save_project(make_project(), path)  # coded by ben only; the window codes as ana
    return path


def test_continuing_as_the_layers_owner_shows_the_coding_and_is_remembered(qtbot, window, tmp_path):
    bens = _bens_project(tmp_path)
    answer = Answerer(LayerChoice(CONTINUE, "ben"))
    _open(qtbot, window, bens, answer)
    assert answer.asked == [("ana", ["ben"])]
    assert "coding as ben" in window.windowTitle()
    assert window.tag_panel.value_buttons[("stance", "favor")].isChecked()  # ben's code on e0
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_J)
    qtbot.keyClick(table, Qt.Key.Key_1)  # codes into ben's layer, not a new one
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert list(load_project(bens).annotators()) == ["ben"]
    _open(qtbot, window, window.session.path.parent / "coding.json", Answerer(LayerChoice(OWN)))
    again = Answerer(LayerChoice(OWN))
    _open(qtbot, window, bens, again)
    assert again.asked == []  # remembered for this project
    assert "coding as ben" in window.windowTitle()


def test_starting_ones_own_layer_codes_under_ones_own_name(qtbot, window, tmp_path):
    bens = _bens_project(tmp_path)
    _open(qtbot, window, bens, Answerer(LayerChoice(OWN)))
    assert "coding as ana" in window.windowTitle()
    assert not window.tag_panel.value_buttons[("stance", "favor")].isChecked()
    table = window.navigator.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_1)
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = load_project(bens)
    # ana's own layer holds the code; ben's is untouched (gold, where the two now agree, is
    # the reviewers' and follows from both).
    assert sorted(set(saved.annotators()) - {GOLD_LAYER}) == ["ana", "ben"]
    assert saved.layer("ana")["e0"].values.get("stance") is not None
    assert saved.layer("ben") == make_project().layer("ben")


def test_review_only_opens_the_review_dock(qtbot, window, tmp_path):
    _open(qtbot, window, _bens_project(tmp_path), Answerer(LayerChoice(REVIEW)))
    assert window.findChild(QDockWidget, "reviewDock").isVisible()
    assert "coding as ana" in window.windowTitle()


def test_no_question_when_the_analyst_already_has_a_layer(qtbot, window, tmp_path):
    project = make_project()
    project.set_layer("ana", {})
    project.layer("ana")["e1"] = project.layer("ben")["e0"].copy()
    path = tmp_path / "shared.json"
    save_project(project, path)
    answer = Answerer(LayerChoice(CONTINUE, "ben"))
    _open(qtbot, window, path, answer)
    assert answer.asked == []
    assert "coding as ana" in window.windowTitle()


def test_the_question_offers_each_layer_then_ones_own_then_review(qtbot, window, tmp_path, dialogs):
    bens = _bens_project(tmp_path)
    dialogs.answer("ask", "Continue as ben")
    window.findChild(ProjectLifecycle).open_project(bens)
    qtbot.waitUntil(lambda: not jobs.active_jobs() and window.session.path == bens, timeout=10_000)
    (asked,) = [q for q in dialogs.asked if q.kind == "ask"]
    assert asked.title == "Whose layer?"
    assert asked.text == "This project holds coding by ben, none by ana."
    assert asked.choices == ["Continue as ben", "Start ana's layer", "Review only"]
    assert "coding as ben" in window.windowTitle()
