"""The coding operations a person performs, each one undo step on the session's stack.

Key presses, tag buttons, context menus and the note field all call these, so the same
action behaves the same way wherever it comes from. Each builds a core command
(``edit_annotation`` or ``ReplaceCodebook``) for the current annotator and entry.

Suggestions (``index.suggestions``) are coded through here too: ``suggestions`` says which
ones the entry is offered (the tag panel shows exactly those), ``accept_suggestions`` codes
them all, and ``toggle`` (the value's key and click) codes an offered value as a deliberate
choice or, removing an accepted one, turns its suggestion away for the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from workbench.core.code_matching import value_holds
from workbench.core.codebook import CodeValue, key_from_label
from workbench.core.codebook_edits import free_shortcut
from workbench.core.errors import WorkbenchError
from workbench.core.filtering import is_coded
from workbench.core.model import Annotation, Provenance, Span, Status
from workbench.core.provenance import accept, forget_removed
from workbench.core.undoable import (
    Change,
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
from workbench.index.suggestions import ALIAS_SCORE, Suggestion
from workbench.ui.session import Session

#: Colours given to values added while coding (actors typed in), cycled in order.
NEW_VALUE_COLOURS = ("#6f8fb3", "#b3826f", "#7fa36b", "#a37fb3", "#b3a66f", "#6fb3a8")


class Coder:
    """Applies codes to the session's current entry as the session's annotator."""

    def __init__(self, session: Session) -> None:
        self.session = session
        #: Each dimension's value keys, for checking suggestions on every sync without a
        #: walk through 100,000 actors; dropped when the codebook or the project changes.
        self._value_keys: dict[str, set[str]] | None = None
        session.changed.connect(self._on_change)
        session.projectReplaced.connect(self._forget_value_keys)

    def _on_change(self, change: Change) -> None:
        if change.codebook:
            self._forget_value_keys()

    def _forget_value_keys(self) -> None:
        self._value_keys = None

    def _codes(self, dimension: str, value: str) -> bool:
        """Whether the codebook has ``dimension:value``."""
        if self._value_keys is None:
            self._value_keys = {d.key: set(d.keys()) for d in self.session.project.codebook.dimensions}
        return value in self._value_keys.get(dimension, ())

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
        """The value's key or click: code it, or remove it when coded.

        An offered suggestion coded this way is the analyst's deliberate choice of it
        (``confirmed``); removing a value that came from a suggestion turns that suggestion
        away for the entry, so it is not offered again straight after the analyst said no.
        """
        dimension = self.session.project.codebook.dimension(dimension_key)
        entry_id = self.session.current_entry_id
        if dimension is None or dimension.kind == "span" or not entry_id:
            return False
        value = dimension.value(value_key)
        label = value.label if value else value_key
        before = self.annotation()
        current = (before.values.get(dimension_key) if before else None) or []
        removing = value_key == current or (isinstance(current, list) and value_key in current)
        multi = dimension.kind == "multi"
        offered = None if removing else self._offered(dimension_key, value_key)
        if offered is not None:
            how = Provenance(offered.source, offered.version, offered.score, confirmed=True)
            return self._edit(
                f"Set {dimension.label.lower()} {label} (suggested)",
                accept(dimension_key, value_key, multi, how),
            )
        toggle = toggle_value(dimension_key, value_key, multi=multi)

        def edit(annotation: Annotation) -> None:
            toggle(annotation)
            forget_removed(annotation)

        self._dismiss_dropped(entry_id, dimension_key, before, edit)
        return self._edit(f"{'Remove' if removing else 'Set'} {dimension.label.lower()} {label}", edit)

    def _offered(self, dimension_key: str, value_key: str) -> Suggestion | None:
        return next(
            (s for s in self.suggestions() if (s.dimension, s.value) == (dimension_key, value_key)), None
        )

    def _dismiss_dropped(
        self, entry_id: str, dimension_key: str, before: Annotation | None, edit: Callable[[Annotation], None]
    ) -> None:
        """Turn away, for the entry, the suggestions whose accepted values ``edit`` removes
        (told before the edit is pushed, so no view shows them again in between)."""
        assisted = (before.assisted or {}).get(dimension_key, {}) if before else {}
        if not assisted or before is None:
            return
        after = before.copy()
        edit(after)
        for value in assisted:
            if not value_holds(after.values.get(dimension_key), value):
                self.session.index.suggestions.dismiss(entry_id, dimension_key, value)

    def suggestions(self, entry_id: str | None = None) -> list[Suggestion]:
        """What the entry is offered, best first: the one rule the tag panel shows and
        ``accept_suggestions`` codes by.

        Of the index's suggestions (none for a blind annotator, none already coded or
        turned away), those the codebook can code from the panel: no span dimensions (a
        span needs its text), and for a single-choice dimension only the best one, and none
        once the analyst has chosen a value there (a suggestion never overrides a choice).
        """
        entry_id = entry_id or self.session.current_entry_id
        if not entry_id:
            return []
        codebook = self.session.project.codebook
        annotation = self.annotation(entry_id)
        offered: list[Suggestion] = []
        taken: set[str] = set()
        for s in self.session.index.suggestions.for_entry(entry_id, self.session.annotator):
            dimension = codebook.dimension(s.dimension)
            if dimension is None or dimension.kind == "span" or not self._codes(s.dimension, s.value):
                continue
            if dimension.kind == "single":
                if s.dimension in taken or (annotation and annotation.values.get(s.dimension)):
                    continue
                taken.add(s.dimension)
            offered.append(s)
        return offered

    def accept_suggestions(self) -> int:
        """Code every suggestion the entry is offered, as one undo step; how many were coded.

        They come in unconfirmed: accepted in bulk, so the local model will not learn from
        its own proposals until the analyst confirms one by hand (``core/provenance.learnable``).
        """
        offered = self.suggestions()
        if not offered:
            return 0
        codebook = self.session.project.codebook
        edits = []
        for s in offered:
            dimension = codebook.dimension(s.dimension)
            assert dimension is not None  # ``suggestions`` keeps only the codebook's
            how = Provenance(s.source, s.version, s.score, confirmed=False)
            edits.append(accept(s.dimension, s.value, dimension.kind == "multi", how))

        def edit(annotation: Annotation) -> None:
            for one in edits:
                one(annotation)

        many = len(offered) != 1
        return len(offered) if self._edit(f"Accept {len(offered)} suggestion{'s' * many}", edit) else 0

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

    def set_status(self, status: Status) -> bool:
        return self._edit(f"Mark {status}", set_status(status))

    def toggle_status(self, status: Status) -> bool:
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
                annotation = self.annotation()
                current = (annotation.values.get(dimension_key) if annotation else None) or []
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
