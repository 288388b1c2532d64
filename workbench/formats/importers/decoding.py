"""Turning the bytes of an imported file into text the parsers can trust.

Wire copy reaches analysts through many hands: UTF-8 with and without a byte-order mark,
UTF-16 saved by Windows editors, and Windows-1252 from older systems (smart quotes, and the
em dash as byte 0x97). Strict UTF-8 is tried first because it is by far the most common and
a false positive is practically impossible; only when it fails is charset-normalizer asked to
guess. Line endings are folded to LF here so that every parser, and every offset an analyst
marks, sees the same text whatever the file's origin: that is what keeps entry ids identical
between a CRLF copy and an LF copy of the same dispatch.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from workbench.core.errors import WorkbenchError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that never occur in text files; finding them after decoding means
#: the guess was wrong or the file is not text at all.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")

#: The legacy code page Western newsrooms actually used; preferred whenever plausible.
_PREFERRED_LEGACY = "cp1252"


def decode_bytes(data: bytes, file: str | None = None) -> str:
    """Decode ``data`` and normalise CRLF and CR to LF; refuse empty and binary input."""
    text = _decode(data, file)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise WorkbenchError("file is empty", file=file)
    return text


def _decode(data: bytes, file: str | None) -> str:
    if not data or data.isspace():
        raise WorkbenchError("file is empty", file=file)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding), file)
            except UnicodeDecodeError as exc:
                raise WorkbenchError(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"(byte {exc.start})",
                    file=file,
                ) from None
    if b"\x00" in data:
        raise WorkbenchError("binary data (NUL bytes), not a text file", file=file)
    try:
        return _checked(data.decode("utf-8"), file)
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise WorkbenchError(
                f"not valid UTF-8 at byte {exc.start}, though the rest is UTF-8: the file looks damaged",
                file=file,
            ) from None
    return _checked(_guess(data, file), file)


def utf8_problem(data: bytes) -> str | None:
    """Why ``data`` is not UTF-8 text, in words for a person; None when it is.

    For formats that are UTF-8 by definition (project files): a UTF-16 file, or a damaged
    byte, is named as such rather than as whatever the JSON parser trips over first.
    """
    for bom, encoding in _BOMS:
        if encoding != "utf-8" and data.startswith(bom):
            return f"is {encoding.upper()} text; it must be UTF-8 (save it again as UTF-8)"
    head = data[:64]
    if len(head) >= 4 and (not any(head[0::2]) or not any(head[1::2])):
        return "is UTF-16 text (every other byte is NUL); it must be UTF-8 (save it again as UTF-8)"
    if b"\x00" in head:
        return None  # binary data: the parser's own message says enough
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} ({exc.reason})"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when more non-ASCII characters decode as UTF-8 than fail to.

    A legacy code page almost never forms valid UTF-8 sequences, so a file where most do is
    UTF-8 with a few damaged bytes; guessing a code page would turn all its accents and
    quotes into mojibake, silently.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - damaged
    return non_ascii > damaged


def _guess(data: bytes, file: str | None) -> str:
    """Windows-1252 when charset-normalizer finds it plausible at all, else its best guess.

    Its ranking alone is not enough: English wire copy dense with smart quotes ranks cp775
    or cp850 above cp1252, yet cp1252 is what such files almost always are. When cp1252
    would give mojibake (Cyrillic or Polish code pages), charset-normalizer rejects it and
    its own best guess is used.
    """
    if charset_normalizer.from_bytes(data, cp_isolation=[_PREFERRED_LEGACY]).best() is not None:
        encoding = _PREFERRED_LEGACY
    else:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise WorkbenchError("binary data or an unknown text encoding; save it as UTF-8", file=file)
        encoding = best.encoding
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise WorkbenchError("binary data or an unknown text encoding; save it as UTF-8", file=file) from None


def _checked(text: str, file: str | None) -> str:
    """Refuse text that decoded but is full of control characters: it was binary after all.

    Binary data has control characters throughout, so the first few thousand characters
    tell; scanning whole files would cost more than parsing them.
    """
    sample = text[:2048]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if "\x00" in sample or controls > max(4, len(sample) // 256):
        raise WorkbenchError("binary data (control characters), not a text file", file=file)
    return text
