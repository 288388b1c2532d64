"""Help ▸ Keyboard shortcuts: every key the window knows, generated, never hand-written.

The sheet is built from the live actions and the codebook, so a custom codebook's keys
show up and a renamed action can never leave the sheet out of date.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.coding.keys import KeyBinding


class ShortcutSheet(QDialog):
    def __init__(
        self, bindings: list[KeyBinding], conflicts: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutSheet")
        self.resize(560, 640)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for binding in bindings:
            group = groups.get(binding.group)
            if group is None:
                group = QTreeWidgetItem(self.tree, [binding.group, ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[binding.group] = group
            QTreeWidgetItem(group, [binding.description, binding.keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        intro = QLabel(
            "Keys with a comma are pressed one after the other: “E, 5” is E, then 5. "
            "Coding keys work in the entry list, the text and the coding panel, not while typing in a field.",
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        if conflicts:
            warning = QLabel(
                "Codebook keys not bound, so the window's own keys keep working:\n" + "\n".join(conflicts),
                self,
            )
            warning.setStyleSheet("color: #b45309;")
            layout.addWidget(warning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        """(description, keys) for every line, in order; what a reader of the sheet sees."""
        # Qt's item getters may answer None (for an index out of range): filtered, never met.
        groups = filter(None, map(self.tree.topLevelItem, range(self.tree.topLevelItemCount())))
        lines = filter(None, (group.child(i) for group in groups for i in range(group.childCount())))
        return [(line.text(0), line.text(1)) for line in lines]
