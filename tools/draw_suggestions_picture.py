"""Draw docs/screenshot-suggestions.png: suggestions in the tag panel, on the bundled sample.

The README shows how a suggested value looks beside a chosen one (the entry's text and
the coding panel of the window at 1400x900): outlined with its
confidence, and the ✦ of a value that came from a suggestion. The round of suggestions is
written here by hand for one uncoded entry, since the picture is about how they are shown,
not about how good a model the small sample trains; the window, the panel and the coding
are the real ones. ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/draw_suggestions_picture.py``
(``make screenshot``).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.formats.project.file import load_project  # noqa: E402
from workbench.index.suggestions import Suggestion, SuggestionRound  # noqa: E402
from workbench.ui.app import SAMPLE_PROJECT, build_window  # noqa: E402
from workbench.ui.session import Session  # noqa: E402

OUT = REPO / "docs" / "screenshot-suggestions.png"
#: The sample's entry on flooded camps near the Turkish border, which amira has not coded.
ENTRY = "e-9c28190fd27c4272"
ROUND = [
    Suggestion("event_type", "AID", 0.81, "model", "event_type#4"),
    Suggestion("actor", "NGO", 0.74, "model", "actor#4"),
    Suggestion("event_type", "REQUEST", 0.62, "model", "event_type#4"),
    Suggestion("actor", "TUR GOV", 0.55, "model", "actor#4"),
]


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = Session(load_project(SAMPLE_PROJECT), SAMPLE_PROJECT, annotator="amira")
    window, _lifecycle = build_window(session, offer_recovered_work=False)
    window.resize(1400, 900)
    window.chart_dock.hide()  # the entry's text then takes the full height beside the panel
    window.show()
    session.index.suggestions.publish(SuggestionRound(by_entry={ENTRY: ROUND}))
    session.suggestionsChanged.emit()
    session.set_current(ENTRY)
    window.navigator.show_entry(ENTRY)
    window.coder.toggle("event_type", "AID")  # its key: coded from the suggestion, marked ✦
    for _ in range(5):
        app.processEvents()
    # The entry's text and the coding panel: the list and the chart would only shrink them.
    top_left = window.entry_view.mapTo(window, QPoint(0, 0))
    panel = window.tag_panel
    bottom = panel.mapTo(window, QPoint(0, panel.height())).y()
    area = QRect(top_left.x(), top_left.y(), window.width() - top_left.x(), bottom - top_left.y())
    saved = window.grab(area).save(str(OUT))
    session.undo_stack.setClean()
    window.close()
    print(f"wrote {OUT}" if saved else f"{OUT}: could not write the PNG")
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
