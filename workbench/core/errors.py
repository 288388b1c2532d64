"""The one error type the workbench raises for bad input.

Every importer, loader and exporter turns a problem with the user's data into a
``WorkbenchError`` so that the CLI and the window can show a single line naming the file
and the problem instead of a traceback.
"""

from __future__ import annotations

#: Longest message part kept: a hostile file can put a megabyte into an id that ends up
#: quoted in the message, and a dialog or terminal must still show one readable line.
MAX_MESSAGE_PART = 400
#: Bidirectional overrides are escaped too: they could make a message read backwards.
_CONTROL_ESCAPES = (
    {c: f"\\x{c:02x}" for c in (*range(32), 0x7F)}
    | {c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    | {10: "\\n", 13: "\\r", 9: " "}
)


def one_line(text: str) -> str:
    """Escape control characters and cap the length, so a quoted value cannot break the line."""
    text = text.translate(_CONTROL_ESCAPES)
    return text if len(text) <= MAX_MESSAGE_PART else text[: MAX_MESSAGE_PART - 1] + "…"


class WorkbenchError(Exception):
    """A problem with input data, reported as ``FILE: where: what``."""

    def __init__(self, what: str, *, file: str | None = None, where: str | None = None) -> None:
        self.what = one_line(what)
        self.file = file
        self.where = one_line(where) if where else where
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.file and one_line(self.file), self.where, self.what) if p]
        return ": ".join(parts)

    def with_file(self, file: str) -> WorkbenchError:
        """Return the same error attributed to ``file`` when it had no file yet."""
        if self.file:
            return self
        return WorkbenchError(self.what, file=file, where=self.where)


class AmbiguousField(WorkbenchError):
    """The input could mean several things and the person must choose (``choices``).

    The command line names the option to choose with; the window asks and imports again.
    """

    def __init__(
        self, what: str, choices: list[str], *, file: str | None = None, where: str | None = None
    ) -> None:
        super().__init__(what, file=file, where=where)
        self.choices = choices


class Cancelled(Exception):
    """Raised by long work when the user cancels; callers discard partial results."""


#: Long-running functions take ``progress(done, total)`` and ``cancelled() -> bool`` so the
#: window can show a progress bar with a cancel button without the core knowing about Qt.
def no_progress(done: int, total: int) -> None:
    """The default progress callback: nobody is watching."""


def never_cancelled() -> bool:
    return False
