"""Code point offsets <-> Qt positions, checked against what a Qt text document really does."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from workbench.ui.coding.span_offsets import from_qt, qt_length, to_qt

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


def _reference_starts(text: str) -> list[int]:
    """One Qt position per code point, counted the slow, obvious way."""
    starts, position = [], 0
    for i, char in enumerate(text):
        starts.append(position)
        if not (char == "\r" and text[i + 1 : i + 2] == "\n"):
            position += 2 if ord(char) > 0xFFFF else 1
    return [*starts, position]


def test_long_texts_convert_by_steps_exactly_as_one_position_per_code_point() -> None:
    from bisect import bisect_left

    from workbench.ui.coding.span_offsets import STEP

    # Emoji and CR LF pairs falling on, before and after step boundaries.
    unit = "ab👍\r\ncd" * (STEP // 7) + "\r\n" + "x" * (STEP - 3) + "\r\n👍🏽"
    text = unit * 3
    starts = _reference_starts(text)
    for offset in [*range(0, 40), *range(STEP - 20, STEP + 20), *range(len(text) - 40, len(text) + 1)]:
        assert to_qt(text, offset) == starts[offset], offset
    at_steps = {starts[k] + d for k in range(0, len(text), STEP) for d in range(-4, 5)}
    positions = {*range(0, starts[-1] + 1, 97), *range(starts[-1] - 30, starts[-1] + 1), *at_steps}
    for position in sorted(p for p in positions if p >= 0):
        assert from_qt(text, position) == min(bisect_left(starts, position), len(text)), position
    assert qt_length(text) == starts[-1]
