"""Render the SVG icon to the PNG sizes desktops and installers ask for.

Run after editing ``resources/icons/workbench.svg``:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py``. Qt's own SVG
renderer is used so no extra tool is needed, and the PNGs are committed beside the SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (64, 128, 256)


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"{out}: could not write the PNG")


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "workbench.svg"
    for size in SIZES:
        out = ICONS / f"workbench-{size}.png"
        render(svg, size, out)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
