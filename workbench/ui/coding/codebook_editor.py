"""Codebook ▸ Edit…: change dimensions and values while a project is being coded.

The dialog only asks and shows; every change is built by ``core.codebook_edits`` and pushed
on the session's undo stack as one step, so renames and merges carry existing coding along
and Ctrl+Z in the dialog or the window takes any of them back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core import codebook_edits as edits
from workbench.core.code_matching import annotations_using, usage_counts
from workbench.core.codebook import KINDS
from workbench.core.errors import WorkbenchError
from workbench.core.undoable import Command
from workbench.ui.coding.value_list import SCREENFUL
from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.dialogs.fields import FieldsDialog
from workbench.ui.plain_text import tip
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

#: (dimension key, value key or None for the dimension row itself)
Selection = tuple[str, str | None]
KEY_ROLE = Qt.ItemDataRole.UserRole


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


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

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("codebookTree")
        self.tree.setHeaderLabels(["Code", "Key", "Shortcut", "Used", "Notes"])
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename())
        self.tree.itemExpanded.connect(self._opened)
        self._counts: Counter[tuple[str, str | None]] = Counter()
        self._swatches: dict[str, QIcon] = {}

        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for name, text, handler in (
            ("add_value", "Add value…", self.add_value),
            ("add_dimension", "Add dimension…", self.add_dimension),
            ("rename", "Rename…", self.rename),
            ("merge", "Merge into…", self.merge),
            ("colour", "Colour…", self.recolour),
            ("shortcut", "Shortcut…", self.set_shortcut),
            ("target", "Stance target…", self.set_target),
            ("up", "Move up", lambda: self.move(-1)),
            ("down", "Move down", lambda: self.move(1)),
            ("delete", "Delete…", self.delete),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{name}Button")
            button.clicked.connect(lambda _checked=False, h=handler: h())
            column.addWidget(button)
            self.buttons[name] = button
        column.addStretch(1)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(session.undo_stack.undo)
        column.addWidget(self.undo_button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        column.addWidget(close)

        # The window's Undo/Redo shortcuts do not reach a separate dialog window.
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, session.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, session.undo_stack.redo),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)

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

    # --- showing the codebook -----------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: object) -> None:
        if getattr(change, "codebook", False):
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Rebuild the tree from the codebook, keeping the selection and expansion.

        A dimension longer than a screenful starts collapsed and gets its rows only when
        opened: 100,000 actors as tree items take seconds, which every edit would pay.
        """
        selected = self.selection()
        expanded = {
            self.tree.topLevelItem(i).data(0, KEY_ROLE)[0]: self.tree.topLevelItem(i).isExpanded()
            for i in range(self.tree.topLevelItemCount())
        }
        self._counts = usage_counts(self.session.project)
        self._swatches = {}
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        for dim in self.session.project.codebook.dimensions:
            kind = dim.kind + (", ordered" if dim.ordered else "") + (", open" if dim.open else "")
            notes = f"{kind} · toward “{dim.target}”" if dim.target else kind
            top = QTreeWidgetItem([dim.label, dim.key, "", str(self._counts[(dim.key, None)]), notes])
            top.setData(0, KEY_ROLE, (dim.key, None))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            if (dim.key, None) == selected:
                restore = top
            opened = expanded.get(dim.key, len(dim.values) <= SCREENFUL)
            value_selected = selected is not None and selected[0] == dim.key and selected[1] is not None
            if opened or value_selected:
                self._fill(top)
            else:
                top.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            top.setExpanded(opened or value_selected)
            if value_selected and selected is not None and selected[1] is not None:
                restore = self._child(top, selected[1]) or restore
        for col in range(4):
            self.tree.resizeColumnToContents(col)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self._update_buttons()

    def _fill(self, top: QTreeWidgetItem) -> None:
        """Give a dimension's row its value rows, once, in codebook order."""
        dim = self.session.project.codebook.dimension(top.data(0, KEY_ROLE)[0])
        if dim is None or top.childCount():
            return
        # As few calls per row as can be, one icon per colour, the rows handed over at once.
        children = []
        for value in dim.values:
            child = QTreeWidgetItem(
                [
                    value.label,
                    value.key,
                    value.shortcut,
                    str(self._counts[(dim.key, value.key)]),
                    value.description,
                ]
            )
            swatch = self._swatches.get(value.colour)
            if swatch is None:
                swatch = self._swatches[value.colour] = _swatch(value.colour)
            child.setIcon(0, swatch)
            child.setData(0, KEY_ROLE, (dim.key, value.key))
            if value.description:
                child.setToolTip(4, tip(value.description))
            children.append(child)
        top.addChildren(children)

    def _opened(self, item: QTreeWidgetItem) -> None:
        if item.parent() is None:
            self._fill(item)

    def _child(self, top: QTreeWidgetItem, value_key: str) -> QTreeWidgetItem | None:
        """The row of ``value_key`` under its dimension's row (rows follow the codebook's order)."""
        dim = self.session.project.codebook.dimension(top.data(0, KEY_ROLE)[0])
        keys = dim.keys() if dim is not None else []
        if value_key not in keys:
            return None
        self._fill(top)
        return top.child(keys.index(value_key))

    def selection(self) -> Selection | None:
        item = self.tree.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def select(self, dim_key: str, value_key: str | None = None) -> None:
        """Select a row by its keys (what clicking it does)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, KEY_ROLE)[0] != dim_key:
                continue
            item = top if value_key is None else self._child(top, value_key)
            if item is not None:
                self.tree.setCurrentItem(item)
                return
        raise KeyError((dim_key, value_key))

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.selection()
        on_value = selected is not None and selected[1] is not None
        for name in ("merge", "colour", "shortcut"):
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
        selected = self._current()
        if selected is None or selected[1] is None:
            return
        dim_key, source = selected
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
        selected = self._current()
        if selected is None or selected[1] is None:
            return
        dim_key, value_key = selected
        value = self.session.project.codebook.dimension(dim_key).value(value_key)
        colour = self.dialogs.colour(f"Colour of {value.label}", value.colour)
        if colour is not None:
            self._apply(lambda: edits.recolour_value(self.session.project, dim_key, value_key, colour))

    def set_shortcut(self) -> None:
        selected = self._current()
        if selected is None or selected[1] is None:
            return
        dim_key, value_key = selected
        value = self.session.project.codebook.dimension(dim_key).value(value_key)
        answer = FieldsDialog.ask(
            self,
            "Shortcut",
            [("Keys:", value.shortcut, None)],
            note="One key (3) or a sequence pressed one after the other (E, 1). Empty removes it.",
        )
        if answer is not None:
            self._apply(lambda: edits.set_shortcut(self.session.project, dim_key, value_key, answer[0]))

    def set_target(self) -> None:
        selected = self._current()
        if selected is None or selected[1] is not None:
            return
        dim = self.session.project.codebook.dimension(selected[0])
        answer = FieldsDialog.ask(
            self,
            "Stance target",
            [("Stance toward:", dim.target, None)],
            note="What this stance is toward, such as “the cease-fire”.",
        )
        if answer is not None:
            self._apply(lambda: edits.set_target(self.session.project, dim.key, answer[0]))

    def move(self, offset: int) -> None:
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
