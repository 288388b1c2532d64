"""The centre of the window: the current entry's text with its marked spans.

The text is shown with ``setPlainText`` only, so nothing in a dispatch is ever read as
HTML. Spans are painted as extra selections in their codebook colours: translucent, so
where two spans overlap the colours blend, and every span above the first layer is also
underlined so nested marks stay distinguishable. Mention suggestions (a value's alias, or
text marked elsewhere, ``index/mentions``) get a dotted underline and no fill, so they never
read as marks; a click on one offers to mark it. Positions cross the Qt boundary only
through ``span_offsets``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.core.clock_text import minute_text, printed_differs
from workbench.core.codebook import CodeValue
from workbench.core.model import Span
from workbench.core.undoable import Change
from workbench.formats.importers.ninjs import describe_kept
from workbench.index.mentions import Mention
from workbench.ui.coding import mention_marks
from workbench.ui.coding.operations import Coder
from workbench.ui.coding.span_offsets import from_qt, to_qt
from workbench.ui.coding.value_list import SCREENFUL
from workbench.ui.plain_text import RICH_LABEL, elided, markup_escaped, tip
from workbench.ui.session import Session

SPAN_ALPHA = 90
#: Characters of a span's text its tooltip quotes.
EXCERPT_CHARS = 120


def span_layers(spans: list[Span]) -> list[int]:
    """Stack overlapping spans: each gets the lowest layer free at its start (interval colouring)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end))
    layer_ends: list[int] = []
    layers = [0] * len(spans)
    for i in order:
        span = spans[i]
        for layer, end in enumerate(layer_ends):
            if end <= span.start:
                layer_ends[layer] = span.end
                layers[i] = layer
                break
        else:
            layers[i] = len(layer_ends)
            layer_ends.append(span.end)
    return layers


class SpanTextEdit(QPlainTextEdit):
    """Read-only entry text that knows its spans: tooltips, click menus, "Mark as" menus."""

    spanClicked = Signal(QPoint, int)  # global position, code point offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setObjectName("entryText")
        self.text = ""
        self.spans: list[Span] = []
        self.span_labels: dict[tuple[str, str], str] = {}
        #: Mention suggestions in the text (none for a blind annotator), and their tooltips.
        self.mentions: list[Mention] = []
        self.mention_tips: dict[tuple[int, int], str] = {}
        #: Adds the coding entries to the right-click menu: (menu, code point offset under the mouse).
        self.extra_menu_builder: Callable[[QMenu, int], None] | None = None
        self._press_position: QPoint | None = None

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selected text as code point offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return from_qt(self.text, cursor.selectionStart()), from_qt(self.text, cursor.selectionEnd())

    def select_offsets(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(to_qt(self.text, start))
        cursor.setPosition(to_qt(self.text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def offset_at(self, point: QPoint) -> int:
        return from_qt(self.text, self.cursorForPosition(point).position())

    def spans_at(self, offset: int) -> list[Span]:
        return [s for s in self.spans if s.start <= offset < s.end]

    def mentions_at(self, offset: int) -> list[Mention]:
        return [m for m in self.mentions if m.start <= offset < m.end]

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(self.viewport().mapFromGlobal(event.globalPos()))
            lines = [self._describe(s) for s in self.spans_at(offset)]
            lines += dict.fromkeys(self.mention_tips[m.start, m.end] for m in self.mentions_at(offset))
            if lines:
                QToolTip.showText(event.globalPos(), tip("\n".join(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _describe(self, span: Span) -> str:
        label = self.span_labels.get((span.dimension, span.value), span.value)
        # A span may cover a whole long entry: the tooltip shows its start only.
        excerpt = elided(self.text[span.start : min(span.end, span.start + EXCERPT_CHARS + 1)], EXCERPT_CHARS)
        return f"{label}: “{excerpt}” (click to change or remove)"

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_position = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        clicked = self._press_position is not None and (point - self._press_position).manhattanLength() < 4
        self._press_position = None
        if event.button() == Qt.MouseButton.LeftButton and clicked and not self.textCursor().hasSelection():
            offset = self.offset_at(point)
            if self.spans_at(offset) or self.mentions_at(offset):
                self.spanClicked.emit(self.viewport().mapToGlobal(point), offset)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.extra_menu_builder is not None:
            self.extra_menu_builder(menu, self.offset_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()


class EntryView(QWidget):
    """Dispatch title, dateline and time above the entry text, with a legend of its spans."""

    def __init__(self, session: Session, coder: Coder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.coder = coder
        self._build_headings()
        self.text = SpanTextEdit(self)
        text_font = QFont(self.text.font())
        text_font.setPointSizeF(text_font.pointSizeF() * 1.15)
        self.text.setFont(text_font)
        self.text.document().setDocumentMargin(10)
        self.text.extra_menu_builder = self._add_coding_menus
        self.text.spanClicked.connect(self._span_menu_at)
        self.legend = QLabel(self)
        self.legend.setObjectName("spanLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setProperty(RICH_LABEL, True)  # its labels are escaped below
        self.legend.setWordWrap(True)
        self.hint = QLabel(
            "Select words, then press a mention key (M, P …) or right-click ▸ Mark as. Click a mark to change it,"
            " a dotted name to mark it.",
            self,
        )
        self.hint.setStyleSheet("color: #777;")
        self.hint.setWordWrap(True)
        self._lay_out()
        self.menu: QMenu | None = None

        session.currentEntryChanged.connect(self.show_current)
        session.changed.connect(self._on_change)
        session.projectReplaced.connect(self.show_current)
        session.annotatorChanged.connect(lambda _name: self._paint_spans())
        session.suggestionsChanged.connect(self._paint_spans)  # a large codebook's aliases arrive
        session.clockChanged.connect(self._show_dateline)
        self.show_current()

    def _build_headings(self) -> None:
        """The dispatch's title, the dateline and the entry's own heading above the text."""
        self.title = QLabel(self)
        self.title.setObjectName("dispatchTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.dateline = QLabel(self)
        self.dateline.setObjectName("entryDateline")
        self.dateline.setTextFormat(Qt.TextFormat.PlainText)
        self.dateline.setStyleSheet("color: #555;")
        # An entry's printed heading is not part of its text, so span offsets stay those
        # of the text; it is shown in bold above it, and hidden for the many without one.
        self.heading = QLabel(self)
        self.heading.setObjectName("entryHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setContentsMargins(10, 4, 10, 0)
        self.heading.hide()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.dateline)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.hint)

    # --- showing -------------------------------------------------------------------------

    def _show_dateline(self) -> None:
        """Dateline, time and kept details of the current entry; alone on a clock change, so the
        text keeps its scroll position and selection."""
        session = self.session
        if not session.project.has_entry(session.current_entry_id):
            return
        entry = session.project.entry(session.current_entry_id)
        dispatch = session.project.dispatches.get(entry.dispatch_id)
        parts = [p for p in (dispatch.dateline if dispatch else None, session.time_text(entry)) if p]
        if printed_differs(entry.timestamp, entry.time_label):
            parts.append(f"printed “{entry.time_label}”")  # the zone or wording the clock leaves out
        if dispatch and dispatch.time_basis == "local":
            parts.append("local time")
        if entry.utc:  # "2024-07-11T17:31:00Z": the same instant where the zone was named
            parts.append(
                f"{minute_text(int(entry.utc[11:13]) * 60 + int(entry.utc[14:16]), session.clock)} UTC"
            )
        summary, details = describe_kept(dispatch.meta if dispatch else {})
        if summary:
            parts.append(summary)
        self.dateline.setText(" · ".join(parts))
        # Qt guesses rich text in tooltips; escaped and marked as such, the data stays text.
        tip = f"<qt>{html.escape(details).replace(chr(10), '<br>')}</qt>" if details else ""
        self.title.setToolTip(tip)
        self.dateline.setToolTip(tip)

    def show_current(self, *_args: object) -> None:
        session = self.session
        entry_id = session.current_entry_id
        if not entry_id or not session.project.has_entry(entry_id):
            self.title.setText(
                "No entry selected" if session.project.entries else "This project has no entries yet"
            )
            self.dateline.setText(
                "Use File ▸ Import to add dispatches." if not session.project.entries else ""
            )
            self.heading.hide()
            self.text.text = ""
            self.text.setPlainText("")
            self.text.spans = []
            self._paint_spans()
            return
        entry = session.project.entry(entry_id)
        dispatch = session.project.dispatches.get(entry.dispatch_id)
        self.title.setText(dispatch.title if dispatch else entry.dispatch_id)
        self._show_dateline()
        self.heading.setText(entry.heading or "")
        self.heading.setVisible(bool(entry.heading))
        self.text.text = entry.text
        self.text.setPlainText(entry.text)
        self._paint_spans()

    def _on_change(self, change: Change) -> None:
        in_change = self.session.current_entry_id in change.entry_ids
        if change.times and in_change:
            self._show_dateline()  # a dispatch dated by hand: the entry's date changed
        if change.codebook or change.suggestions or in_change:
            self._paint_spans()

    def _paint_spans(self) -> None:
        codebook = self.session.project.codebook
        annotation = self.coder.annotation() if self.session.current_entry_id else None
        spans = list(annotation.spans) if annotation else []
        self.text.spans = spans
        self.text.span_labels = {}
        selections: list[QTextEdit.ExtraSelection] = []
        legend: dict[str, str] = {}
        for span, layer in zip(spans, span_layers(spans), strict=True):
            dimension = codebook.dimension(span.dimension)
            code = dimension.value(span.value) if dimension else None
            colour = QColor(code.colour if code else "#999999")
            label = f"{code.label if code else span.value}"
            self.text.span_labels[(span.dimension, span.value)] = label
            legend[colour.name()] = label
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(to_qt(self.text.text, span.start))
            cursor.setPosition(to_qt(self.text.text, span.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char_format = QTextCharFormat()
            fill = QColor(colour)
            fill.setAlpha(SPAN_ALPHA)
            char_format.setBackground(fill)
            if layer > 0:
                char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                char_format.setUnderlineColor(colour.darker(130))
            char_format.setToolTip(tip(label))
            selection.format = char_format
            selections.append(selection)
        self.text.setExtraSelections(selections + self._mention_selections())
        if legend:
            swatches = "&nbsp;&nbsp;".join(
                f"<span style='background:{c}; color:{c};'>■■</span>&nbsp;{markup_escaped(label)}"
                for c, label in sorted(legend.items(), key=lambda item: item[1])
            )
            self.legend.setText(f"Marked: {swatches}")
        else:
            self.legend.setText("<span style='color:#777'>No marked spans yet.</span>")

    def _mention_selections(self) -> list[QTextEdit.ExtraSelection]:
        session = self.session
        entry_id = session.current_entry_id
        mentions = (
            session.index.suggestions.mentions(entry_id, session.annotator)
            if entry_id and session.project.has_entry(entry_id)
            else []
        )
        self.text.mentions = mentions
        selections, self.text.mention_tips = mention_marks.underlines(
            self.text, self.text.text, session.project.codebook, mentions
        )
        return selections

    # --- menus ---------------------------------------------------------------------------

    def _add_coding_menus(self, menu: QMenu, offset: int) -> None:
        """ "Mark as ▸ dimension ▸ value" for a selection, and change/remove for spans under the mouse."""
        selection = self.text.selection_offsets()
        span_dimensions = [d for d in self.session.project.codebook.dimensions if d.kind == "span"]
        if selection and span_dimensions:
            menu.addSeparator()
            mark = menu.addMenu("Mark as")
            for dimension in span_dimensions:
                submenu = mark.addMenu(dimension.label)
                for value in _menu_values(submenu, dimension.values):
                    action = submenu.addAction(_with_shortcut(value.label, value.shortcut))
                    action.triggered.connect(
                        lambda _=False, d=dimension.key, v=value.key, s=selection: self.coder.mark_span(
                            d, v, *s
                        )
                    )
        for span in self.text.spans_at(offset):
            menu.addSeparator()
            self._add_span_actions(menu, span)
        if self.text.mentions_at(offset):
            menu.addSeparator()
            self._add_mention_actions(menu, offset)

    def _add_mention_actions(self, menu: QMenu, offset: int) -> None:
        mention_marks.add_actions(
            menu, self.session.project.codebook, self.text.mentions_at(offset), self.coder.accept_mention
        )

    def _add_span_actions(self, menu: QMenu, span: Span) -> None:
        label = self.text.span_labels.get((span.dimension, span.value), span.value)
        excerpt = self.text.text[span.start : min(span.end, span.start + 31)]
        if len(excerpt) > 30:
            excerpt = excerpt[:29] + "…"
        change = menu.addMenu(f"Change {label} “{excerpt}” to")
        dimension = self.session.project.codebook.dimension(span.dimension)
        others = [v for v in dimension.values if v.key != span.value] if dimension else []
        for value in _menu_values(change, others):
            if value.key != span.value:
                action = change.addAction(value.label)
                action.triggered.connect(lambda _=False, s=span, v=value.key: self.coder.change_span(s, v))
        remove = menu.addAction(f"Remove {label} “{excerpt}”")
        remove.triggered.connect(lambda _=False, s=span: self.coder.remove_span(s))

    def span_menu(self, offset: int) -> QMenu:
        """The menu a click on a span or a mention opens: change or remove each span under the
        click, mark each mention."""
        menu = QMenu(self)
        for span in self.text.spans_at(offset):
            self._add_span_actions(menu, span)
        if self.text.mentions_at(offset):
            self._add_mention_actions(menu, offset)
        return menu

    def _span_menu_at(self, global_position: QPoint, offset: int) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.span_menu(offset)
        self.menu.popup(global_position)

    def mark_selection(self, dimension_key: str, value_key: str) -> bool:
        """Mark the selected text; tells the analyst what to do when nothing is selected."""
        selection = self.text.selection_offsets()
        if selection is None:
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(
                    "Select some words in the entry text first, then press the key.", 5000
                )
            return False
        marked = self.coder.mark_span(dimension_key, value_key, *selection)
        if marked:
            cursor = self.text.textCursor()
            cursor.clearSelection()
            self.text.setTextCursor(cursor)
        return marked


def _menu_values(menu: QMenu, values: list[CodeValue]) -> list[CodeValue]:
    """The first screenful of ``values`` for a menu, saying how many more there are: a menu
    of every value of a long dimension built thousands of actions per right-click."""
    if len(values) > SCREENFUL:
        more = menu.addAction(f"… {len(values) - SCREENFUL:,} more: use the tag panel's list")
        more.setEnabled(False)
        return values[:SCREENFUL]
    return values


def _with_shortcut(label: str, shortcut: str) -> str:
    return f"{label}\t{shortcut}" if shortcut else label
