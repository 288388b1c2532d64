"""The activity chart's row of controls: bar width, what the bars stack by, the clock, Clear
and Export, with the hovered bar's numbers between them.

Built apart from ``panel`` so that the panel reads as what the chart does (keeping up with
the session, drawing, selecting), while this reads as what the analyst sees above the bars.
The widgets are the panel's children and the row is a layout the panel places, so the
window looks the same as when the panel built them itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget

from workbench.analysis.activity import BIN_WIDTHS


class ChartControls:
    """The controls above the bars, made as children of ``parent`` and laid out in ``row``.

    ``export_picture(file_filter, suffix)`` and ``export_numbers()`` are what the Export
    menu's entries do; the panel owns them, as it knows which chart is shown.
    """

    def __init__(
        self,
        parent: QWidget,
        in_utc: bool,
        export_picture: Callable[[str, str], None],
        export_numbers: Callable[[], None],
    ) -> None:
        self.bin_box = QComboBox(parent)
        self.bin_box.setObjectName("chartBin")
        for minutes in BIN_WIDTHS:
            self.bin_box.addItem(f"{minutes} min", minutes)
        self.bin_box.setToolTip("Width of the time-of-day bars")
        self.breakdown_box = QComboBox(parent)
        self.breakdown_box.setObjectName("chartBreakdown")
        self.breakdown_box.setToolTip("Stack the bars by a dimension of your coding")
        self.utc_button = QToolButton(parent)
        self.utc_button.setObjectName("chartUtc")
        self.utc_button.setText("UTC")
        self.utc_button.setCheckable(True)
        self.utc_button.setChecked(in_utc)
        self.utc_button.setToolTip(
            "Chart in UTC: count hours and days of the UTC clock instead of local time\n"
            "(entries whose zone is not known have no UTC time)"
        )
        self.clear_button = QPushButton("Clear time filter", parent)
        self.clear_button.setObjectName("chartClear")
        self.clear_button.setToolTip("Show entries at every time and date again")
        self.export_button = self._export_button(parent, export_picture, export_numbers)
        self.hover_label = QLabel(" ", parent)
        self.hover_label.setObjectName("chartHover")
        self.row = self._row(parent)

    @staticmethod
    def _export_button(
        parent: QWidget, export_picture: Callable[[str, str], None], export_numbers: Callable[[], None]
    ) -> QToolButton:
        button = QToolButton(parent)
        button.setObjectName("chartExport")
        button.setText("Export ▾")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style's own arrow was drawn over the text's last letter; the text carries one.
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        menu = QMenu(button)
        menu.addAction("Chart as PNG…", lambda: export_picture("PNG image (*.png)", ".png"))
        menu.addAction("Chart as SVG…", lambda: export_picture("SVG drawing (*.svg)", ".svg"))
        menu.addAction("Numbers as CSV…", export_numbers)
        button.setMenu(menu)
        return button

    def _row(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Bars:", parent))
        row.addWidget(self.bin_box)
        row.addWidget(QLabel("Stack by:", parent))
        row.addWidget(self.breakdown_box)
        row.addWidget(self.utc_button)
        row.addStretch(1)
        # The hovered bar's numbers share the controls' row: a row of their own under the
        # tabs took height from the bars in a low dock.
        row.addWidget(self.hover_label)
        row.addWidget(self.clear_button)
        row.addWidget(self.export_button)
        return row
