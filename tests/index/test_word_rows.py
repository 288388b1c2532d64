"""Word rows name only entries that hold the needle, and with the rest texts name all of them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.filtering import EntryFilter
from workbench.core.model import Dispatch, Entry, Project
from workbench.index import text_words as word_rows
from workbench.index.filtering import filter_entries
from workbench.index.project_index import ProjectIndex
from workbench.index.text_joined import JoinedTexts
from workbench.index.text_words import WordRows

# Words that share their first eight bytes, words over 16 bytes, several-byte characters;
# joined by delimiters (space, comma, NUL, newline) or by bytes that are not ("-", ".").
WORDS = st.sampled_from(
    ["a", "b", "ab", "ba", "x" * 9 + "a", "x" * 9 + "b", "x" * 16, "x" * 17, "é🚢", "حلب", "ß"]
)
JOINS = st.sampled_from([" ", ",", "\x00", "\n", "-", ".", ", "])
TEXTS = st.lists(st.tuples(WORDS, JOINS), max_size=12).map(lambda pairs: "".join(w + j for w, j in pairs))
#: Needles without delimiters, likely to span two words where a delimiter went missing.
INNER = st.text(st.sampled_from("abx-.é"), min_size=1, max_size=4)


def _build(texts: list[str]) -> tuple[WordRows, list[bytes]]:
    folded = [t.casefold().encode() for t in texts]
    joined = JoinedTexts.joining(folded)
    built = WordRows.build(joined.text, joined.starts, joined.ends)
    assert built is not None
    return built, folded


def _answer(rows: WordRows, needle: bytes) -> list[int] | None:
    return rows.search(needle, None)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=40), st.sampled_from([16, 1]), st.data())
def test_rows_and_rest_find_exactly_the_entries_holding_the_needle(
    texts: list[str], slot_bits: int, data: st.DataObject
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word_rows, "_SLOT_BITS", slot_bits)  # 1: two slots, words collide in them
        rows, folded = _build(texts)
    source = data.draw(st.sampled_from(folded))
    start = data.draw(st.integers(0, len(source)))
    needle = data.draw(
        st.one_of(
            st.just(source[start : start + data.draw(st.integers(1, 20))]),
            INNER.map(str.encode),
            TEXTS.map(str.encode),
        )
    )
    holding = [i for i, text in enumerate(folded) if needle in text]
    certain = rows.certain(needle)
    if certain is None:
        assert not needle or any(byte in word_rows.DELIMITERS for byte in needle)
        return
    assert {i for i, held in enumerate(certain) if held} <= set(holding)
    assert _answer(rows, needle) == holding
    among = sorted(data.draw(st.sets(st.integers(0, len(folded) - 1))))
    assert rows.search(needle, among) == [i for i in among if i in holding]


def test_frequent_words_answer_without_their_entries_being_searched() -> None:
    # 5,003 entries: two building steps and a last byte of the rows only partly used.
    texts = [f"routine update {i} from the port, talks resumed" for i in range(5000)]
    texts += ["peace-talks.", "no news", "the Talks collapsed"]
    rows, _ = _build(texts)
    assert b"talks" in rows.words
    certain = rows.certain(b"talks")
    assert certain is not None
    assert certain.sum() == 5001 and certain[5002] and not certain[5000]
    assert rows.rest.matching(b"talks") == [5000]  # "peace-talks." is held by one entry only
    assert rows.rest.matching(b"4999") == [4999]  # numbers are rare words
    assert rows.certain(b"talks resumed") is None  # a delimiter: the rows say nothing


def test_words_in_the_same_slot_are_told_apart_and_the_dropped_ones_found_in_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(word_rows, "_slots", lambda low, high: np.zeros(len(low), np.intp))  # one slot
    # The first eight bytes of the two most widespread words are the same.
    texts = [f"{'x' * 9}a {'x' * 9}b {i % 3}" for i in range(20)] + [f"{'x' * 9}b only"] * 30
    rows, folded = _build(texts)
    assert rows.words == [b"x" * 9 + b"b"]  # the other words lost the slot
    certain = rows.certain(b"xa")
    assert certain is not None and not certain.any()
    for needle in (b"xa", b"xb", b"2", b"only", b"x"):
        assert _answer(rows, needle) == [i for i, text in enumerate(folded) if needle in text]


def test_words_of_up_to_sixteen_bytes_get_rows_and_longer_ones_are_in_the_rest() -> None:
    texts = ["internationalisation matters to the international desk"] * 10 + ["nothing"]
    rows, _ = _build(texts)
    assert b"internationalisation" not in rows.words
    assert _answer(rows, b"nation") == list(range(10))
    certain = rows.certain(b"nationa")  # "international", 13 bytes
    assert certain is not None and certain.tolist() == [True] * 10 + [False]


def test_without_frequent_words_everything_is_in_the_rest() -> None:
    rows, _ = _build(["one", "two", ""])
    assert rows.words == []
    assert _answer(rows, b"o") == [0, 1]
    assert _answer(rows, b"") is None


def test_a_build_abandoned_midway_gives_nothing() -> None:
    assert WordRows.build(b"abc", [0], [3], abandoned=lambda: True) is None


def _project(texts: list[str]) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch(id="d-1", title="Harbour talks")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(texts)]
    return project


def test_a_filter_by_a_word_searches_only_the_rest_texts() -> None:
    project = _project([f"update {i}: talks went on" for i in range(30)] + ["Quiet day", "TALKS resume"])
    index = ProjectIndex(project)
    index.text.build()
    assert index.text.words is not None

    def whole_text_searched(*_args: object) -> list[int]:
        raise AssertionError("the whole text was searched")

    whole = index.text._folded
    whole.holding = whole.matching = whole_text_searched  # type: ignore[method-assign]
    assert filter_entries(index, EntryFilter(text="Talks"), "ana") == list(range(32))  # the title has it
    assert filter_entries(index, EntryFilter(text="went"), "ana") == list(range(30))
    assert filter_entries(index, EntryFilter(text="quiet", status="todo"), "ana") == [30]  # a rare word
    with pytest.raises(AssertionError, match="whole text"):
        filter_entries(index, EntryFilter(text="talks went"), "ana")  # a phrase: searched in full
