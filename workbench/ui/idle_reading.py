"""Reading the layers a project was opened without, in the window's idle moments.

At start-up the window opens on its annotator's layer alone (``loads_project``'s
``first_layer``), which at 150,000 entries spares about 0.8 s before it shows; the other
layers are read here afterwards, one slice of a few milliseconds per pass of the event
loop, so key presses and painting go on between slices. Anything that needs every layer
sooner (review, export, saving) reads the rest itself through ``Project.layers``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from workbench.core.errors import WorkbenchError
from workbench.ui.session import Session


class IdleLayerReading(QObject):
    """Steps through ``session.project``'s unread layers until none is left, the project is
    replaced, or a layer turns out wrong (``failed`` gets the one-line error)."""

    def __init__(self, session: Session, failed: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self._project = session.project
        self._failed = failed
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        if self._project.has_unread_layers():
            self._timer.start()

    def _step(self) -> None:
        if self._session.project is not self._project:
            self._timer.stop()  # another project was opened meanwhile
            return
        try:
            done = self._project.read_layers_step()
        except WorkbenchError as exc:
            self._timer.stop()
            path = self._session.path
            self._failed((exc.with_file(str(path)) if path else exc).line())
            return
        if done:
            self._timer.stop()
