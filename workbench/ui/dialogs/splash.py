"""A splash screen while a large project opens at start-up.

Opening 150,000 entries takes a few seconds, and the window cannot be built before its
project exists, so without this nothing at all would show between the click on the icon
and the window: people click again. The splash is painted once before the load takes the
thread; small projects open too quickly to need it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen

#: Projects from this size on take long enough to open (about half a second) to show it.
SPLASH_FROM_BYTES = 16 * 1024**2
#: Platforms where nobody sees a window: ``QSplashScreen.show`` waits up to a second there
#: for the window to be exposed, which never happens.
_UNSEEN_PLATFORMS = ("offscreen", "minimal")
_ICON = "workbench-256.png"


class OpeningSplash:
    """ "Opening NAME (SIZE)…" from construction until ``close``, when ``path`` is a large file.

    Closed as soon as the project is in memory, before the window is built: building it
    may ask who is coding or offer recovered work, and a dialog must never sit behind it.
    """

    def __init__(self, path: Path | None) -> None:
        self._splash = _splash(path) if path is not None else None

    def close(self) -> None:
        if self._splash is not None:
            self._splash.close()
            self._splash = None


def _splash(path: Path) -> QSplashScreen | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the load that follows reports the problem
    if size < SPLASH_FROM_BYTES or QApplication.platformName() in _UNSEEN_PLATFORMS:
        return None
    splash = QSplashScreen(_picture())
    splash.setObjectName("openingSplash")
    splash.showMessage(
        f"Opening {path.name} ({size / 1e6:,.0f} MB)…\n",
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
        QColor("#2b2f36"),
    )
    splash.show()
    QApplication.processEvents()  # paint it now: the load keeps the thread busy until it is done
    return splash


def _picture() -> QPixmap:
    """The application icon and name on a quiet background, room left below for the message."""
    picture = QPixmap(420, 300)
    picture.fill(QColor("#f4f5f7"))
    icon = QPixmap(str(resources.files("workbench.resources").joinpath("icons", _ICON)))
    icon = icon.scaled(
        128, 128, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    painter = QPainter(picture)
    painter.drawPixmap((picture.width() - icon.width()) // 2, 48, icon)
    font = painter.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#2b2f36"))
    painter.drawText(0, 192, picture.width(), 40, Qt.AlignmentFlag.AlignHCenter, "Media annotation workbench")
    painter.end()
    return picture
