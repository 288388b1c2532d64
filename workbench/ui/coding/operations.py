"""The coding operations a person performs, each one undo step on the session's stack.

Key presses, tag buttons, context menus and the note field all call these, so the same
action behaves the same way wherever it comes from. Each builds a core command
(``edit_annotation`` or ``ReplaceCodebook``) for the current annotator and entry.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from workbench.core.codebook import CodeValue, key_from_label
from workbench.core.codebook_edits import free_shortcut
from workbench.core.errors import WorkbenchError
from workbench.core.filtering import is_coded
from workbench.core.model import Annotation, Provenance, Span
from workbench.core.provenance import accept
from workbench.core.undoable import (
    ReplaceCodebook,
    add_span,
    edit_annotation,
    now_iso,
    remove_span,
    set_note,
    set_status,
    toggle_value,
)
from workbench.index.mentions import Mention
from workbench.index.suggestions import ALIAS_SCORE
from workbench.ui.session import Session

#: Colours given to values added while coding (actors typed in), cycled in order.
NEW_VALUE_COLOURS = ("#6f8fb3", "#b3826f", "#7fa36b", "#a37fb3", "#b3a66f", "#6fb3a8")


class Coder:
    """Applies codes to the session's current entry as the session's annotator."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def annotation(self, entry_id: str | None = None) -> Annotation | None:
        entry_id = entry_id or self.session.current_entry_id
        return self.session.project.annotation(self.session.annotator, entry_id) if entry_id else None

    def _edit(
        self,
        text: str,
        edit: Callable[[Annotation], None],
        entry_id: str | None = None,
        merge_key: Hashable | None = None,
    ) -> bool:
        entry_id = entry_id or self.session.current_entry_id
        if not entry_id:
            return False
        command = edit_annotation(self.session.project, self.session.annotator, entry_id, text, edit)
        self.session.push(command, merge_key)
        return command is not None

    def toggle(self, dimension_key: str, value_key: str) -> bool:
        dimension = self.session.project.codebook.dimension(dimension_key)
        if dimension is None or dimension.kind == "span":
            return False
        label = dimension.value(value_key).label if dimension.value(value_key) else value_key
        current = (self.annotation().values.get(dimension_key) if self.annotation() else None) or []
        removing = value_key == current or (isinstance(current, list) and value_key in current)
        verb = "Remove" if removing else "Set"
        return self._edit(
            f"{verb} {dimension.label.lower()} {label}",
            toggle_value(dimension_key, value_key, multi=dimension.kind == "multi"),
        )

    def mark_span(self, dimension_key: str, value_key: str, start: int, end: int) -> bool:
        """Mark text [start, end) in code points; surrounding white space is left out."""
        entry_id = self.session.current_entry_id
        if not entry_id:
            return False
        text = self.session.project.entry(entry_id).text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return False
        excerpt = text[start:end] if end - start <= 24 else text[start : start + 23] + "…"
        return self._edit(
            f"Mark {value_key} “{excerpt}”", add_span(Span(start, end, dimension_key, value_key))
        )

    def accept_mention(self, mention: Mention) -> bool:
        """Take a mention suggestion (a click on an underlined name): the words become a span of
        its value and, on a choice dimension, the value is coded with its provenance, as one
        undo step. The analyst picked this one value, so it counts as confirmed."""
        dimension = self.session.project.codebook.dimension(mention.dimension)
        if dimension is None:
            return False
        span = Span(mention.start, mention.end, mention.dimension, mention.value)
        how = Provenance("alias", mention.phrase, ALIAS_SCORE, confirmed=True)
        code = (
            None
            if dimension.kind == "span"
            else accept(mention.dimension, mention.value, dimension.kind == "multi", how)
        )

        def take(annotation: Annotation) -> None:
            if code is not None:
                code(annotation)
            add_span(span)(annotation)

        return self._edit(f"Mark {dimension.label.lower()} {mention.value} “{mention.text}”", take)

    def remove_span(self, span: Span) -> bool:
        return self._edit(f"Remove {span.value} span", remove_span(span))

    def change_span(self, span: Span, value_key: str) -> bool:
        def change(annotation: Annotation) -> None:
            remove_span(span)(annotation)
            add_span(Span(span.start, span.end, span.dimension, value_key))(annotation)

        return self._edit(f"Change span {span.value} → {value_key}", change)

    def set_note(self, note: str, entry_id: str | None = None, merge_key: Hashable | None = None) -> bool:
        """Store the note; edits sharing ``merge_key`` (one typing session) undo as one step."""
        return self._edit("Edit note", set_note(note), entry_id, merge_key)

    def set_status(self, status: str) -> bool:
        return self._edit(f"Mark {status}", set_status(status))

    def toggle_status(self, status: str) -> bool:
        """Pressing "done" on a done entry puts it back to do (same for flagged)."""
        annotation = self.annotation()
        current = annotation.status if annotation else "todo"
        return self.set_status("todo" if current == status else status)

    def add_value(self, dimension_key: str, label: str) -> bool:
        """Code the current entry with ``label`` in an open dimension, adding it to the codebook.

        A new value and its first use are one undo step, so undo never leaves an orphan
        value in the codebook or a code the codebook does not know.
        """
        label = " ".join(label.split())
        project = self.session.project
        dimension = project.codebook.dimension(dimension_key)
        entry_id = self.session.current_entry_id
        if not label or dimension is None or not entry_id:
            return False
        for value in dimension.values:
            if label.upper() in (value.key.upper(), value.label.upper()):
                current = (self.annotation().values.get(dimension_key) if self.annotation() else None) or []
                if value.key in current:
                    return False
                return self.toggle(dimension_key, value.key)
        if not dimension.open:
            return False
        try:
            key = key_from_label(label, dimension.keys())
        except WorkbenchError:
            return False  # nothing but separators and controls was typed
        after = project.codebook.copy()
        colour = NEW_VALUE_COLOURS[len(dimension.values) % len(NEW_VALUE_COLOURS)]
        shortcut = free_shortcut(after, dimension_key, label)
        after_dimension = after.dimension(dimension_key)
        assert after_dimension is not None
        after_dimension.values.append(CodeValue(key=key, label=label, colour=colour, shortcut=shortcut))
        before_annotation = self.annotation()
        after_annotation = before_annotation.copy() if before_annotation else Annotation()
        toggle_value(dimension_key, key, multi=dimension.kind == "multi")(after_annotation)
        after_annotation.modified = now_iso()
        self.session.push(
            ReplaceCodebook(
                f"Add {dimension.label.lower()} {key}",
                project.codebook,
                after,
                [(self.session.annotator, entry_id, before_annotation, after_annotation)],
            )
        )
        return True

    def is_uncoded(self, entry_id: str) -> bool:
        return not is_coded(self.annotation(entry_id))
