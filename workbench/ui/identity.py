"""Whose layer a project opens on: the annotator name is global, projects are not.

Opening alice's project while named bob would show every entry uncoded and invite coding
into a new layer by mistake. So when the analyst's name has no layer in the project but
other annotators do, the window asks once (continue as alice, start bob's layer, or only
review), remembers the answer for that project, and the title says whose layer is coded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox, QWidget

from workbench.core.adjudication import GOLD_LAYER
from workbench.ui.settings import Settings, known_annotator

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

CONTINUE, OWN, REVIEW = "continue", "own", "review"


@dataclass(frozen=True)
class LayerChoice:
    """``CONTINUE`` codes in ``name``'s layer; ``OWN`` starts the analyst's; ``REVIEW`` only reads."""

    kind: str
    name: str = ""

    def encode(self) -> str:
        return f"{self.kind}:{self.name}"

    @staticmethod
    def decode(text: str) -> LayerChoice | None:
        kind, _, name = text.partition(":")
        return LayerChoice(kind, name) if kind in (CONTINUE, OWN, REVIEW) else None


#: Asks the analyst (``me``) which layer to code, given the project's other annotators;
#: None when the question was dismissed. Tests pass their own answerer.
AskLayer = Callable[[QWidget, str, list[str]], LayerChoice | None]


def ask_layer(parent: QWidget, me: str, others: list[str]) -> LayerChoice | None:
    """The question as a message box: one button per existing layer, then bob's own, then review."""
    box = QMessageBox(parent)
    box.setWindowTitle("Whose layer?")
    box.setTextFormat(Qt.TextFormat.PlainText)  # names come from the file
    names = ", ".join(others)
    box.setText(f"This project holds coding by {names}, none by {me}.")
    box.setInformativeText("Code in an existing layer, start your own, or only review?")
    choices: dict[object, LayerChoice] = {}
    for name in others[:3]:
        choices[box.addButton(f"Continue as {name}", QMessageBox.ButtonRole.AcceptRole)] = LayerChoice(
            CONTINUE, name
        )
    choices[box.addButton(f"Start {me}'s layer", QMessageBox.ButtonRole.AcceptRole)] = LayerChoice(OWN)
    choices[box.addButton("Review only", QMessageBox.ButtonRole.RejectRole)] = LayerChoice(REVIEW)
    box.exec()
    return choices.get(box.clickedButton())


class IdentityCheck:
    """Runs the question after every open; ``ask`` is replaceable so tests can answer it."""

    def __init__(self, window: MainWindow, settings: Settings, ask: AskLayer = ask_layer) -> None:
        self.window = window
        self.settings = settings
        self.ask = ask
        self._own = window.session.annotator

    def own_name(self) -> str:
        """The analyst's own name: a "continue as" of an earlier project does not carry over."""
        return known_annotator(self.settings) or self._own

    def check(self) -> None:
        session = self.window.session
        me = self.own_name()
        session.set_annotator(me)
        others = [a for a in session.project.annotators() if a not in (me, GOLD_LAYER)]
        if session.path is None or not others or me in session.project.annotators():
            return
        choice = LayerChoice.decode(self.settings.layer_choice(session.path))
        if choice is None or (choice.kind == CONTINUE and choice.name not in others):
            choice = self.ask(self.window, me, others)
            if choice is None:
                return  # asked again next time
            self.settings.set_layer_choice(session.path, choice.encode())
        if choice.kind == CONTINUE:
            session.set_annotator(choice.name)
        elif choice.kind == REVIEW:
            dock = self.window.findChild(QDockWidget, "reviewDock")
            if dock is not None:
                dock.show()
                dock.raise_()
