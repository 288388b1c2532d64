"""A ``Dialogs`` that answers from a script, for tests (not a test module).

Answers are queued per kind of question (``answer("ask", "Don't Save")``); every question
is recorded in ``asked``, in order, with what the person would have read. A question with
no answer queued fails the test, so an unexpected question cannot pass unseen; messages
(``warn``, ``error``, ``inform``, ``notice``) need no answer and are only recorded; a notice
stays "showing" until the test closes it (``notices``), as a person would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.ui.dialogs.asking import Dialogs, Icon, Notice, Role


@dataclass
class Question:
    """One question or message, as shown."""

    kind: str
    title: str
    text: str
    informative: str = ""
    details: str = ""
    choices: list[str] = field(default_factory=list)
    typed: bool = False  # a choice the person may type instead of picking
    file_filter: str = ""  # what a file dialog offered to show


@dataclass
class ScriptedNotice:
    """A notice as if on screen, until ``close``."""

    question: Question
    open: bool = True

    def showing(self) -> bool:
        return self.open

    def close(self) -> None:
        self.open = False


class ScriptedDialogs(Dialogs):
    def __init__(self) -> None:
        super().__init__(None)
        self.asked: list[Question] = []
        self.notices: list[ScriptedNotice] = []
        self._answers: list[tuple[str, object]] = []

    def answer(self, kind: str, value: object) -> ScriptedDialogs:
        """Queue ``value`` as the answer to the next question of ``kind`` (``None`` cancels)."""
        self._answers.append((kind, value))
        return self

    def texts(self, *kinds: str) -> list[str]:
        """The texts of the questions or messages of these kinds asked so far, in order."""
        return [q.text for q in self.asked if q.kind in kinds]

    def unanswered(self) -> list[tuple[str, object]]:
        return list(self._answers)

    def _reply(self, question: Question) -> object:
        self.asked.append(question)
        for i, (kind, value) in enumerate(self._answers):
            if kind == question.kind:
                del self._answers[i]
                return value
        raise AssertionError(f"unexpected {question.kind} dialog '{question.title}': {question.text}")

    def open_file(self, title: str, folder: str, file_filter: str) -> Path | None:
        got = self._reply(Question("open_file", title, folder, file_filter=file_filter))
        return Path(str(got)) if got is not None else None

    def open_files(self, title: str, folder: str, file_filter: str) -> list[Path]:
        got = self._reply(Question("open_files", title, folder, file_filter=file_filter))
        return [Path(p) for p in got] if isinstance(got, list | tuple) else []

    def open_folder(self, title: str, folder: str) -> Path | None:
        got = self._reply(Question("open_folder", title, folder))
        return Path(str(got)) if got is not None else None

    def save_file(self, title: str, suggestion: str, file_filter: str) -> Path | None:
        got = self._reply(Question("save_file", title, suggestion, file_filter=file_filter))
        return Path(str(got)) if got is not None else None

    def choose(
        self, title: str, label: str, items: Sequence[str], *, current: str | None = None, typed: bool = False
    ) -> str | None:
        got = self._reply(Question("choose", title, label, choices=list(items), typed=typed))
        if callable(got):  # answers from the choices offered, e.g. ``lambda items: items[1]``
            got = got(list(items))
        offered = got is None or got in items or typed
        assert offered, f"'{got}' is not offered in '{title}': {list(items)}"
        return None if got is None else str(got)

    def text(self, title: str, label: str, suggestion: str = "") -> str | None:
        got = self._reply(Question("text", title, label, informative=suggestion))
        return None if got is None else str(got)

    def colour(self, title: str, start: str) -> str | None:
        got = self._reply(Question("colour", title, start))
        return None if got is None else str(got)

    def warn(self, title: str, text: str) -> None:
        self.asked.append(Question("warn", title, text))

    def error(self, title: str, text: str) -> None:
        self.asked.append(Question("error", title, text))

    def inform(self, title: str, text: str, *, informative: str = "", details: str = "") -> None:
        self.asked.append(Question("inform", title, text, informative, details))

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
        question = Question("notice", title, text, informative, details)
        self.asked.append(question)
        self.notices.append(ScriptedNotice(question))
        return self.notices[-1]

    def showing(self) -> list[Question]:
        """The notices not closed yet, oldest first."""
        return [n.question for n in self.notices if n.open]

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
        labels = [label for label, _role in buttons]
        got = self._reply(Question("ask", title, text, informative, choices=labels))
        assert got in labels, f"no button '{got}' in dialog '{title}': {labels}"
        return str(got)
