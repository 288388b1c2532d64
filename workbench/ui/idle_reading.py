"""Reading the layers a project was opened without, in the window's idle moments.

A project opens on the window's annotator's layer alone (``loads_project``'s
``first_layer``; see ``lifecycle`` for the one way a project is opened), which at 150,000 entries spares about 0.8 s before it shows; the other
layers are read here afterwards, one slice of a few milliseconds per pass of the event
loop, so key presses and painting go on between slices. Anything that needs every layer
sooner (review, export, saving) asks for the rest itself (``Project.read_every_layer``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

from workbench.core.errors import WorkbenchError
from workbench.core.model import Project
from workbench.ui.idle_steps import IdleSteps
from workbench.ui.session import Session


class IdleLayerReading(QObject):
    """Steps through ``session.project``'s unread layers until none is left, the project is
    replaced, or a layer turns out wrong (``failed`` gets the one-line error, from the event
    loop rather than from inside the step, so it may open another project)."""

    def __init__(
        self,
        session: Session,
        failed: Callable[[str], None],
        parent: QObject,
        done: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._failed = failed
        self._done = done
        self._steps = IdleSteps(self)
        self.start()

    def start(self) -> None:
        """Read what the session's project left unread, from the next idle moment on;
        ``done`` is told once every layer is read (at once when none was left unread)."""
        if self._session.project.has_unread_layers():
            self._steps.run(_reading(self._session, self._session.project, self._failed, self._done))
        else:
            self._done()


def _reading(
    session: Session, project: Project, failed: Callable[[str], None], done: Callable[[], None]
) -> Iterator[None]:
    while session.project is project:  # else another project was opened meanwhile
        try:
            if project.read_layers_step():
                done()
                return
        except WorkbenchError as exc:
            path = session.path
            line = (exc.with_file(str(path)) if path else exc).line()
            QTimer.singleShot(0, lambda said=line: failed(said) if session.project is project else None)
            return
        yield
