"""Codebook ▸ Edit…: change dimensions and values while a project is being coded.

The dialog only asks and shows; every change is built by ``core.codebook_edits`` and pushed
on the session's undo stack as one step, so renames and merges carry existing coding along
and Ctrl+Z in the dialog or the window takes any of them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core import codebook_edits as edits
from workbench.core.code_matching import annotations_using
from workbench.core.codebook import KINDS, CodeValue
from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.core.undoable import Command, ReplaceCodebook
from workbench.ui.coding.codebook_tree import CodebookTree, Selection, selected_value
from workbench.ui.coding.value_list import SCREENFUL
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.dialogs.fields import FieldsDialog
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: A codebook edit of one line of a value: ``codebook_edits.set_shortcut`` or ``set_aliases``.
ValueFieldEdit = Callable[[Project, str, str, str], ReplaceCodebook]


class CodebookEditor(QDialog):
    """A tree of dimensions and values with the edits analysts need while coding."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, dialogs: Dialogs | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.setWindowTitle("Edit codebook")
        self.setObjectName("codebookEditor")
        self.resize(760, 520)
        self.tree = CodebookTree(session, self)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename())
        column = self._button_column()
        self._bind_undo_keys()
        self.message = QLabel(self)
        self.message.setObjectName("codebookMessage")
        self.message.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

        session.changed.connect(self._on_changed)
        session.projectReplaced.connect(self.refresh)
        self.refresh()

    def _button_column(self) -> QVBoxLayout:
        """One button per edit, then Undo and Close."""
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for name, text, handler in (
            ("add_value", "Add value…", self.add_value),
            ("add_dimension", "Add dimension…", self.add_dimension),
            ("rename", "Rename…", self.rename),
            ("merge", "Merge into…", self.merge),
            ("colour", "Colour…", self.recolour),
            ("shortcut", "Shortcut…", self.set_shortcut),
            ("aliases", "Aliases…", self.set_aliases),
            ("target", "Stance target…", self.set_target),
            ("up", "Move up", lambda: self.move_selected(-1)),
            ("down", "Move down", lambda: self.move_selected(1)),
            ("delete", "Delete…", self.delete),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{name}Button")
            button.clicked.connect(lambda _checked=False, h=handler: h())
            column.addWidget(button)
            self.buttons[name] = button
        column.addStretch(1)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(self.session.undo_stack.undo)
        column.addWidget(self.undo_button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        column.addWidget(close)
        return column

    def _bind_undo_keys(self) -> None:
        """The window's Undo/Redo shortcuts do not reach a separate dialog window."""
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.session.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, self.session.undo_stack.redo),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- showing the codebook -----------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: object) -> None:
        if getattr(change, "codebook", False):
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.tree.refresh()
        self._update_buttons()

    def selection(self) -> Selection | None:
        return self.tree.selection()

    def select(self, dim_key: str, value_key: str | None = None) -> None:
        """Select a row by its keys (what clicking it does)."""
        self.tree.select(dim_key, value_key)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.selection()
        on_value = selected is not None and selected[1] is not None
        for name in ("merge", "colour", "shortcut", "aliases"):
            self.buttons[name].setEnabled(on_value)
        for name in ("add_value", "rename", "up", "down", "delete"):
            self.buttons[name].setEnabled(selected is not None)
        self.buttons["target"].setEnabled(selected is not None and not on_value)

    # --- doing edits -------------------------------------------------------------------

    def _apply(self, build: Callable[[], Command], done: str = "") -> bool:
        """Build the command (refusals become a message box) and push it as one undo step."""
        try:
            command = build()
        except WorkbenchError as exc:
            self.dialogs.warn("Codebook", exc.what)
            return False
        self.session.push(command)
        self.message.setText(done or command.text)
        return True

    def _current(self) -> Selection | None:
        selected = self.selection()
        if selected is None:
            self.message.setText("Select a dimension or a value first.")
        return selected

    def add_value(self) -> None:
        selected = self._current()
        if selected is None:
            return
        dim_key = selected[0]
        answer = FieldsDialog.ask(self, "Add value", [("Key:", "", None), ("Label:", "", None)])
        if answer is None:
            return
        key, label = answer
        if self._apply(lambda: edits.add_value(self.session.project, dim_key, key, label)):
            self.select(dim_key, key.strip())

    def add_dimension(self) -> None:
        answer = FieldsDialog.ask(
            self, "Add dimension", [("Key:", "", None), ("Label:", "", None), ("Kind:", "single", KINDS)]
        )
        if answer is None:
            return
        key, label, kind = answer
        if self._apply(lambda: edits.add_dimension(self.session.project, key, label, kind)):
            self.select(key.strip())

    def rename(self) -> None:
        selected = self._current()
        if selected is None:
            return
        dim_key, value_key = selected
        codebook = self.session.project.codebook
        dim = codebook.dimension(dim_key)
        if dim is None:
            return
        thing = dim.value(value_key) if value_key else dim
        if thing is None:
            return
        answer = FieldsDialog.ask(
            self,
            "Rename",
            [("Label:", thing.label, None), ("Key:", thing.key, None)],
            note="Changing the key changes it in every annotation that uses it.",
        )
        if answer is None:
            return
        label, key = answer
        project = self.session.project
        if value_key is None:
            ok = self._apply(lambda: edits.rename_dimension(project, dim_key, key, label))
            if ok:
                self.select(key.strip() or dim_key)
        elif self._apply(lambda: edits.rename_value(project, dim_key, value_key, key, label)):
            self.select(dim_key, key.strip() or value_key)

    def merge(self) -> None:
        selected = selected_value(self.session.project.codebook, self._current())
        if selected is None:
            return
        dim_key, source = selected[0], selected[1].key
        dim = self.session.project.codebook.dimension(dim_key)
        others = [v for v in dim.values if v.key != source] if dim else []
        if not others:
            self.message.setText("There is no other value to merge into.")
            return
        labels = [f"{v.label} ({v.key})" for v in others]
        # Among thousands of values the target is typed (the box completes it), not scrolled to.
        typed = len(labels) > SCREENFUL
        choice = self.dialogs.choose("Merge into", f"Turn every '{source}' into:", labels, typed=typed)
        if choice is None:
            return
        if choice not in labels:
            self.message.setText(f"There is no value '{choice}' to merge into.")
            return
        target = others[labels.index(choice)].key
        project = self.session.project
        used = annotations_using(project, dim_key, source)
        if self._apply(
            lambda: edits.merge_values(project, dim_key, source, target),
            f"Merged '{source}' into '{target}' in {used} annotation{'s' * (used != 1)}.",
        ):
            self.select(dim_key, target)

    def recolour(self) -> None:
        selected = selected_value(self.session.project.codebook, self._current())
        if selected is None:
            return
        dim_key, value = selected
        colour = self.dialogs.colour(f"Colour of {value.label}", value.colour)
        if colour is not None:
            self._apply(lambda: edits.recolour_value(self.session.project, dim_key, value.key, colour))

    def set_shortcut(self) -> None:
        self._edit_value_field(
            "Shortcut",
            "Keys:",
            lambda value: value.shortcut,
            "One key (3) or a sequence pressed one after the other (E, 1). Empty removes it.",
            edits.set_shortcut,
        )

    def set_aliases(self) -> None:
        """The names the value goes by in text, typed as one line separated by commas."""
        self._edit_value_field(
            "Aliases",
            "Aliases:",
            lambda value: ", ".join(value.aliases),
            "Other names of the value in the text, separated by commas (Russia, Moscow, Kremlin). "
            "Found in an entry, they are underlined as suggestions.",
            edits.set_aliases,
        )

    def _edit_value_field(
        self, title: str, label: str, current: Callable[[CodeValue], str], note: str, edit: ValueFieldEdit
    ) -> None:
        """Ask for one line of the selected value (its shortcut, its aliases) and apply it."""
        selected = selected_value(self.session.project.codebook, self._current())
        if selected is None:
            return
        dim_key, value = selected
        answer = FieldsDialog.ask(self, title, [(label, current(value), None)], note=note)
        if answer is not None:
            self._apply(lambda: edit(self.session.project, dim_key, value.key, answer[0]))

    def set_target(self) -> None:
        selected = self._current()
        if selected is None or selected[1] is not None:
            return
        dim = self.session.project.codebook.dimension(selected[0])
        if dim is None:
            return
        answer = FieldsDialog.ask(
            self,
            "Stance target",
            [("Stance toward:", dim.target, None)],
            note="What this stance is toward, such as “the cease-fire”.",
        )
        if answer is not None:
            self._apply(lambda: edits.set_target(self.session.project, dim.key, answer[0]))

    def move_selected(self, offset: int) -> None:
        selected = self._current()
        if selected is None:
            return
        dim_key, value_key = selected
        project = self.session.project
        if value_key is None:
            self._apply(lambda: edits.move_dimension(project, dim_key, offset))
        else:
            self._apply(lambda: edits.move_value(project, dim_key, value_key, offset))

    def delete(self) -> None:
        selected = self._current()
        if selected is None:
            return
        dim_key, value_key = selected
        project = self.session.project
        used = annotations_using(project, dim_key, value_key)
        name = f"'{value_key}'" if value_key else f"the dimension '{dim_key}'"
        if used:
            answer = self.dialogs.ask(
                "Delete",
                f"Delete {name}? It is used in {used} annotation{'s' * (used != 1)}, "
                "and deleting it removes it from them.",
                [("Delete", "destructive"), ("Cancel", "reject")],
                informative="You can undo this.",
                default="Cancel",
            )
            if answer != "Delete":
                return

        def build() -> Command:
            if value_key is None:
                return edits.delete_dimension(project, dim_key, remove_from_annotations=True)
            return edits.delete_value(project, dim_key, value_key, remove_from_annotations=True)

        self._apply(
            build, f"Deleted {name}" + (f" from {used} annotation{'s' * (used != 1)}." if used else ".")
        )


def show_codebook_editor(window: MainWindow) -> None:
    """Edit ▸ Edit codebook… (its place and keys: ``ui/menus``): one editor per window."""
    editor = window.findChild(CodebookEditor, "codebookEditor")
    if editor is None:
        editor = CodebookEditor(window.session, window, window.dialogs)
    editor.show()
    editor.raise_()
    editor.activateWindow()
