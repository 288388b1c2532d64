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

from workbench.core.adjudication import GOLD_LAYER
from workbench.ui.dialogs.asking import Dialogs
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
AskLayer = Callable[[Dialogs, str, list[str]], LayerChoice | None]


def ask_layer(dialogs: Dialogs, me: str, others: list[str]) -> LayerChoice | None:
    """The question: one button per existing layer (three at most), then ``me``'s own, then review."""
    choices = {f"Continue as {name}": LayerChoice(CONTINUE, name) for name in others[:3]}
    choices[f"Start {me}'s layer"] = LayerChoice(OWN)
    choices["Review only"] = LayerChoice(REVIEW)
    answer = dialogs.ask(
        "Whose layer?",
        f"This project holds coding by {', '.join(others)}, none by {me}.",
        [(label, "reject" if choice.kind == REVIEW else "accept") for label, choice in choices.items()],
        informative="Code in an existing layer, start your own, or only review?",
        icon="question",
    )
    return choices.get(answer)


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
            choice = self.ask(self.window.dialogs, me, others)
            if choice is None:
                return  # asked again next time
            self.settings.set_layer_choice(session.path, choice.encode())
        if choice.kind == CONTINUE:
            session.set_annotator(choice.name)
        elif choice.kind == REVIEW:
            self.window.show_dock("reviewDock")
