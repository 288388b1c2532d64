"""The one error type the workbench raises for bad input.

Every importer, loader and exporter turns a problem with the user's data into a
``WorkbenchError`` so that the CLI and the window can show a single line naming the file
and the problem instead of a traceback.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem with input data, reported as ``FILE: where: what``."""

    def __init__(self, what: str, *, file: str | None = None, where: str | None = None) -> None:
        self.what = what
        self.file = file
        self.where = where
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.file, self.where, self.what) if p]
        return ": ".join(parts)

    def with_file(self, file: str) -> WorkbenchError:
        """Return the same error attributed to ``file`` when it had no file yet."""
        if self.file:
            return self
        return WorkbenchError(self.what, file=file, where=self.where)


class Cancelled(Exception):
    """Raised by long work when the user cancels; callers discard partial results."""


#: Long-running functions take ``progress(done, total)`` and ``cancelled() -> bool`` so the
#: window can show a progress bar with a cancel button without the core knowing about Qt.
def no_progress(done: int, total: int) -> None:
    """The default progress callback: nobody is watching."""


def never_cancelled() -> bool:
    return False
