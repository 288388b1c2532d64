"""What a news item says about itself (language, byline, places, people) shows above its text."""

from __future__ import annotations

from pathlib import Path

import orjson

from workbench.cli import main

ITEM = {
    "uri": "urn:example:summit",
    "headline": "Summit ends <b>early</b>",
    "body_text": "Leaders left Geneva before dawn.",
    "language": "en",
    "byline": "Mira Osei",
    "places": [{"name": "Geneva"}],
    "people": [{"name": "Lina Park"}],
    "organisations": [{"name": "UN & partners"}],
}


def test_the_entry_header_shows_the_items_byline_and_names(qtbot, tmp_path: Path) -> None:
    from workbench.formats.project.file import load_project
    from workbench.ui.app import build_window
    from workbench.ui.session import Session

    source, project_file = tmp_path / "summit.json", tmp_path / "p.json"
    source.write_bytes(orjson.dumps(ITEM))
    assert main(["import", str(source), "-o", str(project_file)]) == 0
    session = Session(load_project(project_file), project_file, annotator="ana")
    window, _lifecycle = build_window(session, offer_recovered_work=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.session.undo_stack.setClean())
    window.show()
    qtbot.waitExposed(window)
    view = window.entry_view
    assert view.title.text() == "Summit ends <b>early</b>"
    assert "en · Mira Osei" in view.dateline.text()
    tip = view.title.toolTip()
    assert "Places: Geneva" in tip and "People: Lina Park" in tip
    assert "UN &amp; partners" in tip  # escaped: data never becomes markup
