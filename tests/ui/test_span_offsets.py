"""Code point offsets <-> Qt positions, checked against what a Qt text document really does."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from workbench.ui.span_offsets import from_qt, qt_length, to_qt

SAMPLES = ["plain ascii", "👍🏽 thumbs", "قال المسؤول 👍 نعم", "a\r\nb👍c", "🇺🇳🇺🇳", "e\u0301tude"]


def qt_selected_text(text: str, start: int, end: int) -> str:
    """What Qt itself shows when positions [to_qt(start), to_qt(end)) are selected."""
    document = QTextDocument()
    document.setPlainText(text)
    cursor = QTextCursor(document)
    cursor.setPosition(to_qt(text, start))
    cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


def test_emoji_take_two_qt_units_per_code_point_outside_the_bmp() -> None:
    text = "👍🏽 ok"
    assert len(text) == 5
    assert to_qt(text, 2) == 4
    assert from_qt(text, 4) == 2
    assert qt_length(text) == 7


def test_arabic_is_one_unit_per_code_point() -> None:
    text = "قال المسؤول"
    assert [to_qt(text, i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_crlf_is_one_position_in_qt() -> None:
    text = "a\r\nb"
    assert to_qt(text, 3) == 2
    assert from_qt(text, 2) == 3
    assert qt_length(text) == 3


@pytest.mark.parametrize("text", SAMPLES)
def test_every_code_point_range_selects_the_same_text_in_qt(qapp, text: str) -> None:
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            expected = text[start:end].replace("\r\n", "\n")
            if text[end - 1 : end] == "\r" and text[end : end + 1] == "\n":
                continue  # half of a CR LF pair has no position of its own in Qt
            assert qt_selected_text(text, start, end) == expected


@settings(max_examples=int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "60")), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_round_trip_code_point_to_qt_and_back(text: str) -> None:
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset] == "\r" and text[offset : offset + 1] == "\n":
            continue
        assert from_qt(text, to_qt(text, offset)) == offset
