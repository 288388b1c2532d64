"""Saving the activity chart: the picture as PNG or SVG, the numbers as CSV.

The PNG comes from pyqtgraph's ImageExporter over the whole chart layout (bars, axes and
the legend row). The SVG is painted by Qt's own QSvgGenerator instead of pyqtgraph's
SVGExporter, which fails on every plot with the Qt 6 in use (it cannot parse the path
data Qt now writes; pyqtgraph issue #3485). The CSV comes from the same writer as
``workbench-cli stats --hours-csv``. Every file is written to a temporary name and renamed into place, so a
failed export never leaves half a file behind. ``ChartExports`` is the dock's Export menu:
where to write is asked through the window's ``Dialogs``, and a failure is one warning line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgGenerator

from workbench.analysis.activity import DailyCounts, TimeOfDayCounts
from workbench.analysis.activity_report import write_activity_csv
from workbench.core.errors import WorkbenchError
from workbench.formats.atomic_write import write_atomic
from workbench.ui.dialogs.asking import Dialogs

#: Exported pictures are drawn at least this wide, so they stay readable in a report.
MIN_EXPORT_WIDTH = 1200


def png_bytes(layout: pg.GraphicsLayout) -> bytes:
    exporter = ImageExporter(layout)
    width = int(exporter.parameters()["width"])
    if width < MIN_EXPORT_WIDTH:
        exporter.parameters()["width"] = MIN_EXPORT_WIDTH
    image = exporter.export(toBytes=True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise WorkbenchError("could not render the chart as PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(layout: pg.GraphicsLayout) -> bytes:
    source = layout.sceneBoundingRect()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle("Entries by time")
    # Text and pens are sized in device pixels, bars in scaled data units: unless the SVG's
    # resolution is the screen's, the two drift apart and bars spill past the axes.
    views = layout.scene().views()
    generator.setResolution(views[0].logicalDpiX() if views else 96)
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, source.width(), source.height()), QColor("white"))
    layout.scene().render(painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    buffer.close()
    return bytes(data.data())


def export_chart(layout: pg.GraphicsLayout, path: str | Path) -> None:
    """Save the chart as PNG or SVG, chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = png_bytes(layout)
    elif suffix == ".svg":
        data = svg_bytes(layout)
    else:
        raise WorkbenchError("choose a file ending in .png or .svg", file=str(path))
    write_atomic(path, data)


def export_numbers(counts: TimeOfDayCounts | DailyCounts, path: str | Path) -> None:
    write_activity_csv(path, counts)


class ChartExports:
    """The chart dock's Export menu: ask where through ``dialogs``, write the chart shown
    (``current_layout``) or its numbers (``current_counts``), and warn in one line when the
    file cannot be written."""

    def __init__(
        self,
        dialogs: Dialogs,
        current_layout: Callable[[], pg.GraphicsLayout],
        current_counts: Callable[[], TimeOfDayCounts | DailyCounts | None],
    ) -> None:
        self.dialogs = dialogs
        self.current_layout = current_layout
        self.current_counts = current_counts

    def picture(self, file_filter: str, suffix: str) -> None:
        path = self._ask_path("Export chart", file_filter, suffix)
        if path is not None:
            layout = self.current_layout()
            self._report(lambda: export_chart(layout, path))

    def numbers(self) -> None:
        counts = self.current_counts()
        path = self._ask_path("Export numbers", "CSV (*.csv)", ".csv") if counts is not None else None
        if counts is not None and path is not None:
            self._report(lambda: export_numbers(counts, path))

    def _ask_path(self, title: str, file_filter: str, suffix: str) -> Path | None:
        path = self.dialogs.save_file(title, f"activity{suffix}", file_filter)
        if path is None:
            return None
        return path if path.suffix else path.with_suffix(suffix)

    def _report(self, action: Callable[[], None]) -> None:
        try:
            action()
        except WorkbenchError as exc:
            self.dialogs.warn("Could not export", exc.line())
        except OSError as exc:
            self.dialogs.warn("Could not export", f"{exc.filename or ''}: {exc.strerror or exc}")
