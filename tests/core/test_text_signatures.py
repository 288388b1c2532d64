"""Trigram signatures rule entries out of a text search, never in, and never lose a hit."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.entry_index import index_for, prepare_text_search
from workbench.core.filtering import EntryFilter, filter_entries
from workbench.core.joined_texts import JoinedTexts
from workbench.core.model import Dispatch, Entry, Project
from workbench.core.text_signatures import TextSignatures

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


def _signatures(texts: list[str]) -> TextSignatures:
    joined = JoinedTexts.joining([t.casefold().encode() for t in texts])
    built = TextSignatures.build(joined.text, joined.starts, joined.ends)
    assert built is not None
    return built


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=30), st.data())
def test_a_search_with_signatures_finds_exactly_what_a_scan_finds(
    texts: list[str], data: st.DataObject
) -> None:
    project = _project(texts)
    prepare_text_search(project, wait=True)
    assert index_for(project).signatures is not None
    source = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(source)))
    needle = data.draw(st.one_of(st.just(source[start : start + data.draw(st.integers(1, 8))]), TEXTS))
    if needle.strip():
        assert filter_entries(project, EntryFilter(text=needle), "ana") == _scan(project, needle)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=30), st.data())
def test_every_entry_holding_the_needle_is_a_candidate(texts: list[str], data: st.DataObject) -> None:
    signatures = _signatures(texts)
    source = data.draw(st.sampled_from(texts).filter(lambda t: len(t.encode()) >= 3))
    start = data.draw(st.integers(0, len(source) - 1))
    needle = source[start:].casefold()
    candidates = signatures.candidates(needle.encode())
    if candidates is None:
        assert len(needle.encode()) < 3
        return
    holding = [i for i, t in enumerate(texts) if needle in t.casefold()]
    assert set(holding) <= set(candidates.tolist())


def test_signatures_rule_out_entries_without_the_needle_across_building_steps() -> None:
    # 5,003 entries: two building steps and a last byte of the rows only partly used.
    texts = [f"routine update number {i} from the port" for i in range(5000)]
    texts += ["the cease-fire held overnight", "no news", "a cease-fire was agreed"]
    signatures = _signatures(texts)
    assert signatures.candidates(b"cease-fire").tolist() == [5000, 5002]
    assert signatures.candidates(b"quarantine").tolist() == []
    assert len(signatures.candidates(b"number 4999")) < 50
    assert signatures.candidates(b"ce") is None  # no trigram: every entry may hold it


def test_text_holding_the_separator_keeps_its_entry() -> None:
    texts = ["before\x00after the talks", "talks resumed", "nothing here"]
    signatures = _signatures(texts)
    assert signatures.candidates(b"talks").tolist() == [0, 1]
    assert signatures.candidates(b"after").tolist() == [0]


def test_a_build_abandoned_midway_gives_nothing() -> None:
    assert TextSignatures.build(b"abc", [0], [3], abandoned=lambda: True) is None


def test_filters_combine_with_signature_candidates() -> None:
    project = _project(["cease-fire in the north", "talks", "cease-fire talks", "quiet"])
    prepare_text_search(project, wait=True)
    assert filter_entries(project, EntryFilter(text="Cease-Fire"), "ana") == [0, 2]
    assert filter_entries(project, EntryFilter(text="harbour"), "ana") == [0, 1, 2, 3]  # the title
    assert filter_entries(project, EntryFilter(text="talks", status="todo"), "ana") == [0, 1, 2, 3]
    assert filter_entries(project, EntryFilter(text="fire talks", status="todo"), "ana") == [2]


def test_a_needle_holding_the_separator_matches_only_text_that_holds_it() -> None:
    """The scan once matched the separator between entries, so every entry looked like a hit."""
    project = _project(["plain", "nul\x00inside", "other"])
    assert filter_entries(project, EntryFilter(text="\x00"), "ana") == [1]
    assert filter_entries(project, EntryFilter(text="n\x00"), "ana") == []


def test_a_build_that_meets_changing_data_is_dropped_quietly(monkeypatch) -> None:
    """Dispatches added while the texts are read raise in the builder thread; the crash
    handler would show that as an error, so the builder stays quiet and searches scan."""
    import threading

    project = _project(["cease-fire", "talks"])
    escaped: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))

    def changed_meanwhile(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("dictionary changed size during iteration")

    monkeypatch.setattr(TextSignatures, "build", changed_meanwhile)
    prepare_text_search(project, wait=True)
    assert escaped == []
    assert index_for(project).signatures is None
    assert filter_entries(project, EntryFilter(text="cease"), "ana") == [0]
