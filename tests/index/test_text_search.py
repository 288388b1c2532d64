"""A text search finds exactly what a scan of every entry finds, with the search index built or not."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex
from workbench.index.text_words import WordRows

ALPHABET = st.sampled_from(list("abcdeß ẞ-’\x00🚢حلب\nÉé"))
TEXTS = st.text(ALPHABET, max_size=40)


def _project(texts: list[str], title: str = "Harbour talks") -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title=title)
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(texts)]
    return project


def _scan(project: Project, needle: str) -> list[int]:
    title = project.dispatches["d-1"].title
    folded = needle.strip().casefold()
    return [i for i, e in enumerate(project.entries) if folded in f"{e.text}\n{title}".casefold()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=30), st.data())
def test_a_search_with_the_index_built_finds_exactly_what_a_scan_finds(
    texts: list[str], data: st.DataObject
) -> None:
    project = _project(texts)
    index = ProjectIndex(project)
    index.text.build()
    assert index.text.words is not None
    source = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(source)))
    needle = data.draw(st.one_of(st.just(source[start : start + data.draw(st.integers(1, 8))]), TEXTS))
    if needle.strip():
        assert filter_entries(index, EntryFilter(text=needle), "ana") == _scan(project, needle)


def test_text_filters_combine_with_the_other_conditions() -> None:
    project = _project(["cease-fire in the north", "talks", "cease-fire talks", "quiet"])
    index = ProjectIndex(project)
    index.text.build()
    assert filter_entries(index, EntryFilter(text="Cease-Fire"), "ana") == [0, 2]
    assert filter_entries(index, EntryFilter(text="harbour"), "ana") == [0, 1, 2, 3]  # the title
    assert filter_entries(index, EntryFilter(text="talks", status="todo"), "ana") == [0, 1, 2, 3]
    assert filter_entries(index, EntryFilter(text="fire talks", status="todo"), "ana") == [2]


def test_a_needle_holding_the_separator_matches_only_text_that_holds_it() -> None:
    """The scan once matched the separator between entries, so every entry looked like a hit."""
    project = _project(["plain", "nul\x00inside", "other"])
    index = ProjectIndex(project)
    assert filter_entries(index, EntryFilter(text="\x00"), "ana") == [1]
    assert filter_entries(index, EntryFilter(text="n\x00"), "ana") == []


def test_a_build_that_meets_changing_data_is_dropped_quietly(monkeypatch) -> None:
    """Dispatches added while the texts are read raise in the builder thread; the crash
    handler would show that as an error, so the builder stays quiet and searches scan."""
    import threading

    project = _project(["cease-fire", "talks"])
    escaped: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))

    def changed_meanwhile(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("dictionary changed size during iteration")

    monkeypatch.setattr(WordRows, "build", changed_meanwhile)
    index = ProjectIndex(project)
    index.text.build()
    assert escaped == []
    assert index.text.words is None
    assert filter_entries(index, EntryFilter(text="cease"), "ana") == [0]


def test_a_phrase_is_looked_for_only_in_the_entries_holding_each_of_its_words(monkeypatch) -> None:
    """Counting work, not time: a rare phrase once scanned every entry's text (10 ms at
    150,000 entries); with the word rows built it reads only the entries that hold each
    word of it, and still finds exactly what a scan finds."""
    texts = ["the port is quiet"] * 40 + ["a quarantine zone at the port", "the zone east of the quarantine"]
    project = _project(texts)
    index = ProjectIndex(project)
    index.text.build()
    folded = index.text._folded
    read: list[int] = []
    holding, matching = folded.holding, folded.matching
    monkeypatch.setattr(
        folded, "holding", lambda needle, indices: read.extend(indices) or holding(needle, indices)
    )
    monkeypatch.setattr(folded, "matching", lambda needle: read.extend(range(len(texts))) or matching(needle))
    assert (
        filter_entries(index, EntryFilter(text="Quarantine zone"), "ana")
        == [40]
        == _scan(project, "quarantine zone")
    )
    assert set(read) == {40, 41}
    # Words most entries hold narrow nothing (an OR of many rows for little): searched as before.
    assert filter_entries(index, EntryFilter(text="port is"), "ana") == list(range(40))
