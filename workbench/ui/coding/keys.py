"""Keyboard-first coding: every code, status and move has a key.

Codebook shortcuts ("1", "A, R", "E, 5") are Qt key sequences, so chords work as they
are written. The actions are attached to the coding area (entry list, text, tag panel)
with ``WidgetWithChildrenShortcut``: they fire whichever of those has focus, while the
note and "add actor" fields keep their keys (a line edit claims printable keys first)
and the search field in the filter bar is outside the area altogether.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget

from workbench.core.app_keys import codebook_key_clashes
from workbench.core.codebook import Dimension
from workbench.core.undoable import Change
from workbench.ui.coding.value_list import SCREENFUL
from workbench.ui.session import Session


@dataclass(frozen=True)
class KeyBinding:
    """One line of the shortcut sheet."""

    group: str
    description: str
    keys: str


class CodingKeys(QObject):
    """Owns the coding-area actions; rebuilds the codebook's when the codebook changes.

    Qt swallows a chord's first key silently, so ``chordCue`` tells the window what the
    second key can be ("A, …  R Russia · T Turkey") and then "" once the next key is pressed.
    """

    chordCue = Signal(str)
    #: Codebook keys left unbound, each "Stance ▸ Favor: Ctrl+S, taken by the window's save (Ctrl+S)".
    conflictsFound = Signal(list)

    def __init__(
        self,
        session: Session,
        area: list[QWidget],
        toggle_value: Callable[[str, str], object],
        mark_span: Callable[[str, str], object],
        parent: QObject | None = None,
        find_value: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.area = area
        self.toggle_value = toggle_value
        self.mark_span = mark_span
        #: Puts the keyboard in a long dimension's search field (the tag panel's).
        self.find_value = find_value
        self.find_keys: list[KeyBinding] = []
        self.fixed_actions: list[tuple[str, QAction]] = []
        self.code_actions: list[QAction] = []
        self.conflicts: list[str] = []
        self.chords: dict[str, list[str]] = {}  # first key -> "R Russia" for each second key
        self._cue_shown = False
        self._cue_key = 0  # the first key, whose own release does not end the cue
        self._releases = 0
        for widget in area:
            # A chord's first key reaches no widget, but its shortcut check climbs to these.
            widget.installEventFilter(self)
        session.changed.connect(self._on_change)
        session.projectReplaced.connect(self.rebuild_codebook_actions)

    def add(self, group: str, text: str, keys: list[str], handler: Callable[[], object]) -> QAction:
        """A fixed action (navigation, status) bound in the coding area."""
        action = self._action(text, keys)
        action.triggered.connect(lambda _=False: handler())
        self.fixed_actions.append((group, action))
        return action

    def _action(self, text: str, keys: list[str]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setAutoRepeat(False)
        for widget in self.area:
            widget.addAction(action)
        return action

    def rebuild_codebook_actions(self) -> None:
        """Bind the codebook's keys, leaving out (and listing in ``conflicts``) each that
        clashes with the window's keys or an earlier value's: an ambiguous key fires nothing."""
        for action in self.code_actions:
            for widget in self.area:
                widget.removeAction(action)
            action.deleteLater()
        self.code_actions = []
        codebook = self.session.project.codebook
        refused = {(d.key, v.key): why for d, v, why in codebook_key_clashes(codebook)}
        self.conflicts = []
        self.chords = {}
        for dimension in codebook.dimensions:
            for value in dimension.values:
                if not value.shortcut:
                    continue
                why = refused.get((dimension.key, value.key))
                sequence = QKeySequence(value.shortcut).toString()
                if why is None and not sequence:
                    why = "not a key sequence"
                if why is not None:
                    self.conflicts.append(f"{dimension.label} ▸ {value.label}: {value.shortcut}, {why}")
                    continue
                first, _, rest = sequence.partition(", ")
                if rest:
                    self.chords.setdefault(first, []).append(f"{rest} {value.label}")
                verb = "Mark selection as" if dimension.kind == "span" else "Toggle"
                action = self._action(f"{verb} {dimension.label.lower()} {value.label}", [value.shortcut])
                action.setObjectName(f"code_{dimension.key}_{value.key}")
                handler = self.mark_span if dimension.kind == "span" else self.toggle_value
                action.triggered.connect(lambda _=False: self._cue(""))  # before the handler's own message
                action.triggered.connect(lambda _=False, h=handler, d=dimension.key, v=value.key: h(d, v))
                self.code_actions.append(action)
        self.find_keys = []
        taken = {s.toString() for _, a in self.fixed_actions for s in a.shortcuts()}
        taken |= {s.toString() for a in self.code_actions for s in a.shortcuts()}
        for dimension in codebook.dimensions:
            self._add_find_key(dimension, taken)
        if self.conflicts:
            self.conflictsFound.emit(self.conflicts)

    def _add_find_key(self, dimension: Dimension, taken: set[str]) -> None:
        """A long dimension's search field answers its chord's first key then "/" ("A, /"
        when its values are "A, R", "A, T" ...), so finding an actor starts where coding one does."""
        if self.find_value is None or len(dimension.values) <= SCREENFUL:
            return
        firsts = {
            QKeySequence(v.shortcut).toString().partition(", ")[0]
            for v in dimension.values
            if v.shortcut and ", " in QKeySequence(v.shortcut).toString()
        }
        if len(firsts) != 1:
            return  # no one chord to start from: the field is reached by Tab or a click
        sequence = f"{firsts.pop()}, /"
        if sequence in taken:
            return
        taken.add(sequence)
        first = sequence.partition(", ")[0]
        self.chords.setdefault(first, []).append(f"/ find {dimension.label.lower()}")
        action = self._action(f"Find {dimension.label.lower()}", [sequence])
        action.setObjectName(f"find_{dimension.key}")
        find = self.find_value
        action.triggered.connect(lambda _=False: self._cue(""))
        action.triggered.connect(lambda _=False, d=dimension.key: find(d))
        self.code_actions.append(action)
        self.find_keys.append(
            KeyBinding(dimension.label, f"Find {dimension.label.lower()} by typing", sequence)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch key presses in the coding area to show, then clear, the chord cue."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress and self._cue_shown:
            self._cue("")
        elif not isinstance(event, QKeyEvent):
            pass
        elif kind == QEvent.Type.ShortcutOverride:
            self._cue(self._chord_hint(event), event.key())
        elif kind == QEvent.Type.KeyRelease and self._cue_shown and not event.isAutoRepeat():
            # A second key that completes no chord is swallowed too; only its release shows.
            self._releases += 1
            if event.key() != self._cue_key or self._releases > 1:
                self._cue("")
        return False

    def _chord_hint(self, event: QKeyEvent) -> str:
        typing = isinstance(QApplication.focusWidget(), QLineEdit)
        if typing or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return ""
        first = QKeySequence(event.key()).toString()
        seconds = self.chords.get(first)
        return f"{first}, …   then  " + "  ·  ".join(seconds) if seconds else ""

    def _cue(self, text: str, key: int = 0) -> None:
        if text or self._cue_shown:
            self._cue_shown, self._cue_key, self._releases = bool(text), key, 0
            self.chordCue.emit(text)

    def _on_change(self, change: Change) -> None:
        if change.codebook:
            self.rebuild_codebook_actions()

    def bindings(self, window_actions: list[tuple[str, QAction]]) -> list[KeyBinding]:
        """Every shortcut, for the shortcut sheet: window actions, fixed keys, then the codebook."""
        lines: list[KeyBinding] = []
        for group, action in [*window_actions, *self.fixed_actions]:
            keys = "  or  ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            if keys:
                lines.append(KeyBinding(group, action.text().replace("&", ""), keys))
        for dimension in self.session.project.codebook.dimensions:
            for value in dimension.values:
                if value.shortcut:
                    hint = " (select text first)" if dimension.kind == "span" else ""
                    lines.append(KeyBinding(dimension.label, f"{value.label}{hint}", value.shortcut))
        return lines + self.find_keys


class _MenuKeys(QObject):
    """Gives an open menu the plain keys typed into it.

    The coding keys are bound to the coding area, and while a menu is open the focus stays
    there, so Qt took "2" in View ▸ Clock for "toggle stance Neutral": the entry was coded
    and the menu's mnemonic never ran. Claiming the shortcut check for the menu sends the
    key to the menu instead; keys with Ctrl, Alt or Meta stay shortcuts.
    """

    _COMMAND = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & self._COMMAND
        ):
            event.accept()
            return True
        return False


def keep_keys_in_menus(window: QWidget) -> None:
    """Let every menu ``window`` has now (its menu bar's and their submenus) keep its keys."""
    keeper = _MenuKeys(window)
    for menu in window.findChildren(QMenu):
        menu.installEventFilter(keeper)
