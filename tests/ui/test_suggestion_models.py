"""A person codes a few dozen entries with the value keys; the models train in the
background and suggest the right stance on the next entry."""

from __future__ import annotations

from pathlib import Path

from tests.learning.corpus import ANNOTATOR, make_corpus
from tests.ui.conftest import shown_window
from workbench.formats.project.file import save_project
from workbench.index.suggestions import RETRAIN_EVERY

STANCE_KEYS = {"against": "1", "neutral": "2", "favor": "3"}


def test_coding_a_few_dozen_entries_brings_suggestions_for_the_next(qtbot, tmp_path: Path, dialogs) -> None:
    project, truth = make_corpus(dispatches=9, per_dispatch=8, coded=0)
    path = tmp_path / "talks.json"
    save_project(project, path)
    window = shown_window(qtbot, path, dialogs)
    assert window.session.annotator == ANNOTATOR
    session = window.session
    rounds: list[int] = []
    session.suggestionsChanged.connect(lambda: rounds.append(session.index.suggestions.generation))
    table = window.navigator.table
    table.setFocus()
    coded: set[str] = set()
    while len(coded) < 6 * 8:
        entry_id = session.current_entry_id
        qtbot.keyClick(table, STANCE_KEYS[truth[entry_id]])
        coded.add(entry_id)
        qtbot.keyClick(table, "j")
    assert len(coded) >= 2 * RETRAIN_EVERY  # so the session planned the models twice
    assert session.project.annotation(ANNOTATOR, entry_id).values["stance"] == truth[entry_id]
    shown = session.current_entry_id
    assert shown not in coded

    def suggested() -> str | None:
        stance = [s for s in session.index.suggestions.for_entry(shown, ANNOTATOR) if s.dimension == "stance"]
        return stance[0].value if stance else None

    # The window is told through the session once a round with suggestions is published.
    qtbot.waitUntil(lambda: suggested() is not None and bool(rounds), timeout=60_000)
    assert suggested() == truth[shown]
    quality = {q.dimension: q for q in session.index.suggestions.quality()}["stance"]
    assert quality.status == "on" and quality.coded >= RETRAIN_EVERY


def test_the_session_trains_on_opening_and_again_for_another_annotator(qtbot) -> None:
    from workbench.ui.session import Session

    project, truth = make_corpus()
    session = Session(project, annotator=ANNOTATOR)
    try:
        with qtbot.waitSignal(session.suggestionsChanged, timeout=60_000):
            pass
        unseen = project.entries[-1].id
        stance = [
            s for s in session.index.suggestions.for_entry(unseen, ANNOTATOR) if s.dimension == "stance"
        ]
        assert stance[0].value == truth[unseen] and stance[0].source == "model"
        with qtbot.waitSignal(session.suggestionsChanged, timeout=60_000):
            session.set_annotator("ben")  # nothing coded: the round says so, and suggests nothing
        assert {q.status for q in session.index.suggestions.quality()} == {"too few"}
        shown = session.index.suggestions.for_entry(unseen, "ben")
        assert [s for s in shown if s.source == "model"] == []  # (an alias may still be found)
    finally:
        session.shut_down()
