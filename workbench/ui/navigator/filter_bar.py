"""The row of filters above the entry list: search, status, code, annotator, time and dates.

The bar only edits ``session.filter``; it also shows filters set elsewhere (the activity
chart sets a time-of-day range), so what is shown is always what is applied. Typing is
debounced briefly so a fast typist does not refilter 150,000 entries per letter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from workbench.core.clock_text import minute_text
from workbench.core.codebook import Codebook
from workbench.core.filtering import EntryFilter
from workbench.core.provenance import is_blind
from workbench.core.undoable import Change
from workbench.ui.session import Session

STATUS_CHOICES = (
    ("Any status", ""),
    ("To do", "todo"),
    ("Uncoded", "uncoded"),
    ("Done", "done"),
    ("Flagged", "flagged"),
)
TYPING_DELAY_MS = 150
_NO_DATE = QDate(2000, 1, 1)
#: Beyond this many codes the code box is typed into, a completer finding the code, since
#: nobody scrolls a popup of thousands.
SEARCHABLE_CODES = 200
ANY_CODE = "Any code"
#: The confidence list: label and [low, high) of the best suggestion's score.
CONFIDENCE_CHOICES: tuple[tuple[str, tuple[float, float] | None], ...] = (
    ("Any confidence", None),
    ("Confidence < 60%", (0.0, 0.6)),
    ("Confidence 60–90%", (0.6, 0.9)),
    ("Confidence ≥ 90%", (0.9, float("inf"))),
)


class CodeBox(QComboBox):
    """The code filter over one string model: 100,000 codes are one list handed to Qt, not
    100,000 items added one by one (0.3 s) and searched one by one for the current filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = QStringListModel(self)
        self.setModel(self.labels)
        self.codes: list[tuple[str, str] | None] = [None]
        self._rows: dict[tuple[str, str], int] = {}

    def fill(self, codebook: Codebook) -> None:
        """Every dimension: value of ``codebook``, after "Any code"."""
        labels = [ANY_CODE]
        codes: list[tuple[str, str] | None] = [None]
        for dimension in codebook.dimensions:
            for value in dimension.values:
                labels.append(f"{dimension.label}: {value.label}")
                codes.append((dimension.key, value.key))
        searchable = len(codes) > SEARCHABLE_CODES
        if searchable != self.isEditable():
            # Changed over an empty list: Qt's own completer, made on the way, scanned
            # 100,000 codes for 0.9 s before ours replaced it.
            self.labels.setStringList([])
            if searchable:
                self._become_searchable()
            else:
                self.setEditable(False)
        self.labels.setStringList(labels)
        self.codes = codes
        self._rows = {code: row for row, code in enumerate(codes) if code is not None}

    def _become_searchable(self) -> None:
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.labels, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # an editable box has one
        line.setPlaceholderText(f"{ANY_CODE}: type to find one")

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Entering the box selects its text, so typing replaces "Any code" instead of adding to it."""
        super().focusInEvent(event)
        line = self.lineEdit()
        if line is not None:
            QTimer.singleShot(0, line.selectAll)  # after a click has placed the cursor

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Typing that found nothing shows the filter in force again when the box is left."""
        super().focusOutEvent(event)
        if self.isEditable() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.setEditText(self.itemText(self.currentIndex()))

    def code(self) -> tuple[str, str] | None:
        row = self.currentIndex()
        return self.codes[row] if 0 <= row < len(self.codes) else None

    def show_code(self, code: tuple[str, str] | None) -> None:
        self.setCurrentIndex(self._rows.get(code, 0) if code is not None else 0)


class FilterBar(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        #: Where the keyboard goes after the search (the entry list), so coding keys work at once.
        self.return_focus: Callable[[], None] = lambda: None
        self._build_search()
        self._build_choices()
        self._build_time_filters()
        self._lay_out()
        for combo in (self.status, self.code, self.annotator, self.confidence):
            combo.activated.connect(lambda _index: self.apply())
        session.filterChanged.connect(self.show_filter)
        session.clockChanged.connect(self.show_filter)
        session.projectReplaced.connect(self.refresh_choices)
        session.changed.connect(self._after_change)
        session.suggestionsChanged.connect(self.show_filter)
        self.refresh_choices()

    def _build_search(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText("Search entries and titles  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.apply)
        self.search.textEdited.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self._search_done)
        self.search.installEventFilter(self)
        self.search.setToolTip(
            "Enter applies the filter again (so newly coded entries leave or join the list) and"
            " goes back to the list; Esc and Down go back too"
        )

    def _build_choices(self) -> None:
        """The status, code, annotator and suggestion-confidence lists."""
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.code = CodeBox(self)
        self.code.setObjectName("codeFilter")
        self.code.setMinimumContentsLength(14)
        self.annotator = QComboBox(self)
        self.annotator.setObjectName("annotatorFilter")
        self.confidence = QComboBox(self)
        self.confidence.setObjectName("confidenceFilter")
        self.confidence.setToolTip(
            "Entries by the score of their best suggestion (the list's Confidence column)"
        )
        self.confidence.addItems([label for label, _bounds in CONFIDENCE_CHOICES])
        #: What each row of the confidence list filters by.
        self.confidence_bounds = [bounds for _label, bounds in CONFIDENCE_CHOICES]

    def _build_time_filters(self) -> None:
        """The date range, and the chip of a time-of-day range set from the chart."""
        self.date_from = self._date_edit("dateFrom", "from any date")
        self.date_to = self._date_edit("dateTo", "to any date")
        self.time_chip = QToolButton(self)
        self.time_chip.setObjectName("timeFilter")
        self.time_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.time_chip.setToolTip("Time-of-day filter (set from the activity chart); click to clear")
        self.time_chip.clicked.connect(
            lambda: self.session.set_filter(replace(self.session.filter, minutes=None))
        )

    def _lay_out(self) -> None:
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText("Clear filters")
        self.clear_button.clicked.connect(lambda: self.session.set_filter(EntryFilter()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.code, 1)
        layout.addWidget(QLabel("coded by", self))
        layout.addWidget(self.annotator)
        layout.addWidget(self.confidence)
        layout.addWidget(self.date_from)
        layout.addWidget(self.date_to)
        layout.addWidget(self.time_chip)
        layout.addWidget(self.clear_button)

    def _after_change(self, change: Change) -> None:
        if change.codebook:
            self.refresh_choices()
        elif change.suggestions:
            self.show_filter()  # who codes blind changed: the confidence list shows or hides

    def _date_edit(self, name: str, empty_text: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(empty_text)
        edit.setDate(_NO_DATE)
        edit.dateChanged.connect(lambda _date: self.apply())
        return edit

    def refresh_choices(self) -> None:
        """Fill the code and annotator lists from the codebook and the project's layers."""
        project = self.session.project
        self.code.blockSignals(True)
        self.code.fill(project.codebook)
        self.code.blockSignals(False)
        self.annotator.blockSignals(True)
        self.annotator.clear()
        self.annotator.addItem("anyone", "")
        for name in sorted(set(project.annotators()) | {self.session.annotator}):
            self.annotator.addItem(name, name)
        self.annotator.blockSignals(False)
        self.show_filter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc and Down leave the search field: its text stays, the keys code again."""
        leaving = (Qt.Key.Key_Escape, Qt.Key.Key_Down)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in leaving
        ):
            self._search_done()
            return True
        return super().eventFilter(watched, event)

    def _search_done(self) -> None:
        self.apply()
        self.return_focus()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_confidence(self, bounds: tuple[float, float] | None) -> None:
        """Pick ``bounds`` in the confidence list; the list is there once anything is suggested
        (and never for a blind annotator), or while a confidence filter is in force."""
        rows = self.confidence_bounds
        if bounds is not None and bounds not in rows:
            # A range the list does not offer (set by a script): shown as it is applied.
            self.confidence.addItem(f"Confidence {bounds[0]:.0%}–{min(bounds[1], 1.0):.0%}")
            rows.append(bounds)
        self.confidence.setCurrentIndex(rows.index(bounds))
        session = self.session
        offered = session.index.suggestions.offered() and not is_blind(session.project, session.annotator)
        self.confidence.setVisible(offered or bounds is not None)

    # --- widgets -> filter ---------------------------------------------------------------

    def current_filter(self) -> EntryFilter:
        code = self.code.code()
        dates = None
        first, last = self.date_from.date(), self.date_to.date()
        if first != _NO_DATE or last != _NO_DATE:
            dates = (
                first.toString("yyyy-MM-dd") if first != _NO_DATE else None,
                last.toString("yyyy-MM-dd") if last != _NO_DATE else None,
            )
        return EntryFilter(
            text=self.search.text(),
            codes=(code,) if code else (),
            status=self.status.currentData() or None,
            annotator=self.annotator.currentData() or None,
            minutes=self.session.filter.minutes,
            dates=dates,
            utc=self.session.filter.utc,  # the clock of the chart the ranges were chosen on
            confidence=self.confidence_bounds[max(0, self.confidence.currentIndex())],
        )

    def apply(self) -> None:
        """Apply what the bar shows; applying an unchanged filter refreshes the list."""
        self._typing.stop()
        wanted = self.current_filter()
        if wanted == self.session.filter:
            self.session.refresh_filter()
        else:
            self.session.set_filter(wanted)

    # --- filter -> widgets ---------------------------------------------------------------

    def show_filter(self) -> None:
        f = self.session.filter
        widgets = (
            self.search,
            self.status,
            self.code,
            self.annotator,
            self.confidence,
            self.date_from,
            self.date_to,
        )
        for widget in widgets:
            widget.blockSignals(True)
        if self.search.text() != f.text and not self._typing.isActive():
            self.search.setText(f.text)
        self.status.setCurrentIndex(max(0, self.status.findData(f.status or "")))
        first_code = f.codes[0] if f.codes else None
        self.code.show_code((first_code[0], first_code[1]) if first_code else None)
        self.annotator.setCurrentIndex(max(0, self.annotator.findData(f.annotator)) if f.annotator else 0)
        self._show_confidence(f.confidence)
        first, last = f.dates or (None, None)
        self.date_from.setDate(QDate.fromString(first, "yyyy-MM-dd") if first else _NO_DATE)
        self.date_to.setDate(QDate.fromString(last, "yyyy-MM-dd") if last else _NO_DATE)
        if not self.date_from.date().isValid():
            self.date_from.setDate(_NO_DATE)
        if not self.date_to.date().isValid():
            self.date_to.setDate(_NO_DATE)
        for widget in widgets:
            widget.blockSignals(False)
        self.time_chip.setVisible(f.minutes is not None)
        if f.minutes is not None:
            start, end = (minute_text(m, self.session.clock) for m in f.minutes)
            self.time_chip.setText(f"{start}–{end}{' UTC' * f.utc}  ✕")
        self.clear_button.setEnabled(not f.is_empty())
