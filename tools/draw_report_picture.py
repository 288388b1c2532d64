"""Draw docs/agreement-report.png: the agreement report on the bundled sample project.

The README shows what the report says of two coders (alpha with its bootstrapped interval,
the chance it falls below .667 and .800, the coincidences and drift). The picture is drawn
from the running window, offscreen, so it can be redrawn whenever the report changes:
``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/draw_report_picture.py`` (``make screenshot``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.formats.project.file import load_project  # noqa: E402
from workbench.ui import jobs  # noqa: E402
from workbench.ui.app import SAMPLE_PROJECT, build_window  # noqa: E402
from workbench.ui.review.agreement_report import open_report  # noqa: E402
from workbench.ui.session import Session  # noqa: E402

OUT = REPO / "docs" / "agreement-report.png"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = Session(load_project(SAMPLE_PROJECT), SAMPLE_PROJECT, annotator="amira")
    window, _lifecycle = build_window(session, offer_recovered_work=False)
    report = open_report(window)
    report.resize(1100, 720)
    deadline = time.monotonic() + 60
    while (jobs.active_jobs() or report.report is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
    saved = report.grab().save(str(OUT))
    report.close()
    window.session.undo_stack.setClean()
    window.close()
    print(f"wrote {OUT}" if saved else f"{OUT}: could not write the PNG")
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
