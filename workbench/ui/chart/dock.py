"""The activity dock's content, made at once or, at start-up, once pyqtgraph is imported.

pyqtgraph and the chart's modules take about half a second to import, a sixth of opening
a 150,000-entry project, and nothing else in the window needs them. So when the window is
built at start-up the dock first says the chart is on its way, a thread imports them while
the analyst can already read and code, and the chart takes the dock's place as soon as
they are in (half a second later; keys are answered meanwhile). Everywhere else (tests,
screenshots, a window built after start-up) the chart is made at once.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

from workbench.ui.dialogs.asking import Dialogs
from workbench.ui.session import Session

#: The chart's preferred size and least height (its controls, tabs, axes and a band of
#: bars); the placeholder takes the same, so nothing moves when the chart arrives. The least
#: height lets the dock start at its share of a 720-pixel window (``main_window``).
CHART_SIZE = QSize(900, 330)
CHART_MIN_HEIGHT = 170
_CHART_MODULE = "workbench.ui.chart.panel"


def make_chart_panel(session: Session, parent: QWidget, dialogs: Dialogs | None = None) -> QWidget:
    """The activity chart, made now (its modules are imported here if they are not yet);
    ``dialogs`` asks where its exports go."""
    from workbench.ui.chart.panel import ActivityChartPanel

    return ActivityChartPanel(session, parent, dialogs=dialogs)


def chart_dock_content(
    session: Session, parent: QWidget, *, in_background: bool, dialogs: Dialogs | None = None
) -> QWidget:
    """The activity chart; with ``in_background``, a placeholder that makes way for it once a
    thread has imported the chart's modules (unless they are imported already)."""
    if not in_background or _CHART_MODULE in sys.modules:
        return make_chart_panel(session, parent, dialogs)
    return _ChartOnItsWay(session, parent, dialogs)


class _ChartImport(QObject):
    """The one background import of the chart's modules, and its outcome once known.

    The one piece of background work outside the preparation plan (``ui/preparation``): it
    belongs to the process, not to a project, and an import cannot be cut into idle slices
    (docs/architecture.md, "The preparation plan", has the figures).

    Made on the UI thread and never deleted, so the thread can always report back (by a
    queued signal) even if the window it was started for has closed meanwhile.
    """

    finished = Signal(object)  # None, or the exception the import raised

    def __init__(self) -> None:
        super().__init__()
        self.started = False
        self.done = False
        self.failure: Exception | None = None
        self.finished.connect(self._record)

    def request(self, arrived: Callable[[Exception | None], None]) -> None:
        """Call ``arrived`` with the outcome: now if known, else once the import is over."""
        if self.done:
            arrived(self.failure)
            return
        self.finished.connect(arrived)
        if not self.started:
            self.started = True
            threading.Thread(target=self._import, name="chart import", daemon=True).start()

    def _import(self) -> None:
        """On the thread: import, and report back whatever happens (the UI must hear of it)."""
        outcome: Exception | None = None
        try:
            importlib.import_module(_CHART_MODULE)
        except Exception as exc:  # any failure is shown in the dock instead of the chart
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the program quit meanwhile: no one to tell
            self.finished.emit(outcome)

    def _record(self, failure: Exception | None) -> None:
        self.done, self.failure = True, failure


_chart_import: _ChartImport | None = None


class _ChartOnItsWay(QLabel):
    """What the dock shows until the chart's modules are imported, then swaps for the chart.

    The import starts once the placeholder has been painted, so the window's first paint
    never waits on it (and a closed dock costs nothing until it is shown).
    """

    def __init__(self, session: Session, parent: QWidget, dialogs: Dialogs | None) -> None:
        super().__init__("Preparing the activity chart…", parent)
        self.setObjectName("chartPlaceholder")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #777777;")
        self.setMinimumHeight(CHART_MIN_HEIGHT)
        self._session = session
        self._dialogs = dialogs
        self._requested = False

    def sizeHint(self) -> QSize:
        return CHART_SIZE

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._requested:
            self._requested = True
            QTimer.singleShot(0, self._request)

    def _request(self) -> None:
        global _chart_import
        if _chart_import is None:
            _chart_import = _ChartImport()
        _chart_import.request(self._arrived)

    def _arrived(self, failure: Exception | None) -> None:
        if not shiboken6.isValid(self):  # the window closed meanwhile
            return
        if failure is not None:
            self.setText(f"The activity chart could not be loaded: {failure}")
            return
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWidget(make_chart_panel(self._session, dock, self._dialogs))
            self.deleteLater()
