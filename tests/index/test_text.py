"""The text index answers text searches over any candidates exactly as a scan does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.undoable import edit_annotation, set_status
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex

TEXTS = ["talks resumed", "no talks today", "quiet night", "the talks stalled", "a port reopened"]


def _project(texts: list[str] = TEXTS) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(texts)]
    return project


def _holding(project: Project, needle: str, among: list[int] | None) -> list[int]:
    every = range(len(project.entries)) if among is None else among
    return [i for i in every if needle in f"{project.entries[i].text}\nharbour".casefold()]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("talks ro"), max_size=12), min_size=1, max_size=25),
    st.sampled_from(["t", "ta", "talk", "s r", "o"]),
    st.lists(st.one_of(st.none(), st.lists(st.integers(0, 24), unique=True).map(sorted)), max_size=5),
)
def test_each_search_of_a_needle_finds_what_a_scan_finds(
    texts: list[str], needle: str, rounds: list[list[int] | None]
) -> None:
    project = _project(texts)
    index = ProjectIndex(project).text
    for among in rounds:
        among = None if among is None else [i for i in among if i < len(texts)]
        assert index.with_text(needle, among) == _holding(project, needle, among)


def test_a_text_and_status_filter_follows_coding_changes() -> None:
    project = _project()
    index = ProjectIndex(project)
    index.text.build()
    coding = index.coding
    wanted = EntryFilter(text="talks", status="done")
    assert filter_entries(index, wanted, "ana") == []
    for entry_id in ("e-0", "e-2", "e-3"):  # e-2 does not mention talks
        command = edit_annotation(project, "ana", entry_id, "done", set_status("done"))
        coding.note_change(command.redo(project))
    assert filter_entries(index, wanted, "ana") == [0, 3]
    command = edit_annotation(project, "ana", "e-1", "done", set_status("done"))
    coding.note_change(command.redo(project))
    assert filter_entries(index, wanted, "ana") == [0, 1, 3]
