"""A small hand-written project for window tests: two dispatches, emoji and Arabic text."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.project.file import save_project

ANNOTATOR = "ana"

#: Original sample text written for these tests (not taken from any agency copy).
ENTRIES = [
    (
        "d1",
        "9:40 p.m.",
        "2026-03-02T21:40:00",
        "Turkish officials said the cease-fire around the northern town held overnight.",
    ),
    (
        "d1",
        "6:15 p.m.",
        "2026-03-02T18:15:00",
        "Russia's defence ministry reported 👍🏽 progress in talks with rebel commanders.",
    ),
    (
        "d1",
        "noon",
        "2026-03-02T12:00:00",
        "قال مسؤول محلي إن الهدنة صامدة — a local official said the truce was holding.",
    ),
    (
        "d1",
        "8:05 a.m.",
        "2026-03-02T08:05:00",
        "Aid convoys waited at the crossing as the United Nations asked for access.",
    ),
    (
        "d2",
        "4:50 p.m.",
        "2026-03-03T16:50:00",
        "Protesters gathered outside the embassy 🇺🇳 demanding an end to the shelling.",
    ),
    (
        "d2",
        "1:20 p.m.",
        "2026-03-03T13:20:00",
        "Iran's foreign minister accused the coalition of breaking the agreement.",
    ),
    ("d2", "10 a.m.", None, "The council will meet again next week, diplomats said."),
]


def make_project() -> Project:
    dispatches = {
        "d1": Dispatch(
            id="d1",
            title="The Latest: Cease-fire holds in north",
            published="2026-03-02",
            dateline="ANKARA, Turkey",
            time_basis="local",
        ),
        "d2": Dispatch(
            id="d2", title="The Latest: Protests at the embassy", published="2026-03-03", dateline="BEIRUT"
        ),
    }
    entries = [
        Entry(
            id=f"e{i}", dispatch_id=d, position=i if d == "d1" else i - 4, time_label=t, timestamp=s, text=x
        )
        for i, (d, t, s, x) in enumerate(ENTRIES)
    ]
    layers = {
        "ben": {
            "e0": Annotation(values={"stance": "favor", "actor": ["TUR"]}, status="done"),
            "e5": Annotation(values={"event_type": ["ACCUSE"]}, spans=[Span(0, 4, "mention", "LOC")]),
        }
    }
    return Project(codebook=builtin_codebook("plover"), dispatches=dispatches, entries=entries, layers=layers)


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "coding.json"
    save_project(make_project(), path)
    return path


@pytest.fixture
def window(qtbot, project_file: Path, dialogs):
    """The full window as ``workbench PROJECT`` builds it, File menu and autosave included,
    its questions answered by ``dialogs``.

    It is marked saved just before pytest-qt closes it, so the unsaved-work question
    cannot block the run.
    """
    return shown_window(qtbot, project_file, dialogs)


def shown_window(qtbot, path: Path, dialogs=None):
    """The full window on the project at ``path``, shown at 1400x900 (see ``window``);
    ``dialogs`` answers its questions (Qt's own dialogs without)."""
    from workbench.formats.project.file import load_project
    from workbench.ui.app import build_window
    from workbench.ui.session import Session

    session = Session(load_project(path), path, annotator=ANNOTATOR)
    main, _lifecycle = build_window(session, offer_recovered_work=False, dialogs=dialogs)
    qtbot.addWidget(main, before_close_func=lambda w: w.session.undo_stack.setClean())
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    # Offscreen, a window shown while another test's is closing may not become active, and
    # then no widget has focus: a key sent "where focus is" would go nowhere (Qt aborts).
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    return main


@pytest.fixture
def dialogs():
    """The window's questions answered from a script (``scripted_dialogs``), not by Qt."""
    from scripted_dialogs import ScriptedDialogs

    return ScriptedDialogs()
