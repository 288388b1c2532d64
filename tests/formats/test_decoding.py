"""Decoding imported bytes: UTF-8 (with or without BOM), UTF-16, Windows-1252, line ends."""

from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError
from workbench.formats.importers.decoding import decode_bytes

TEXT = "The Latest: \u201cTalks\u201d resume \u2014 caf\u00e9 owner\u2019s view\nSecond line\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # little endian with BOM on this platform
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "cp1252-crlf", "cr"],
)
def test_every_encoding_gives_the_same_text(data: bytes) -> None:
    assert decode_bytes(data, "f.txt") == TEXT


def test_em_dash_as_0x97_is_windows_1252() -> None:
    assert decode_bytes(b"GENEVA (AP) \x97 The latest on the talks.\n", "f.txt") == (
        "GENEVA (AP) \u2014 The latest on the talks.\n"
    )


def test_cyrillic_code_page_is_not_forced_into_cp1252() -> None:
    text = "Переговоры в Женеве продолжатся в среду, сообщил посредник ООН.\n"
    assert decode_bytes(text.encode("cp1251"), "f.txt") == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \r\n\t ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        (b"text\x00with NUL", "binary data"),
        (b"\xff\xfe" + b"\x00\xd8", "not valid UTF-16"),  # a lone surrogate after a UTF-16 BOM
        (bytes(range(1, 32)) * 40, "binary data"),
        (TEXT.encode("utf-8") + b"caf\xe9\n", "not valid UTF-8 at byte 71"),
    ],
    ids=["empty", "blank", "png", "nul", "bad-utf16", "controls", "damaged-utf8"],
)
def test_refused_input_names_the_file(data: bytes, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message) as info:
        decode_bytes(data, "input.txt")
    assert info.value.file == "input.txt"
