"""The text part of the project index: folded entry texts and the rows of frequent words.

Filtering runs on every key stroke in the search field over up to 150,000 entries: all
entry texts (with their dispatch titles) are case-folded and joined into one UTF-8 buffer,
and the rows of frequent words name the entries holding a word (built on a background
thread). Entry texts never change once imported, so ``ProjectIndex`` makes a new
``TextIndex`` only when it is told that entries were added or removed, and marks the old
one stale so that a build still running for it gives up.
"""

from __future__ import annotations

import threading

from workbench.core.model import Project
from workbench.index.gil import yielding_the_gil
from workbench.index.text_joined import SEPARATOR, JoinedTexts
from workbench.index.text_words import WordRows


class TextIndex:
    """Per-project folded search text and word rows, each built on first use.

    Opening a project pays only for what is asked: the folded text waits for the first
    text search, and the word rows (the costly part) for ``build``, which the preparation
    plan (``index.plan``) runs on its background thread soon after opening.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._folded_text: JoinedTexts | None = None
        self._folding = threading.Lock()  # the background builder and a search may both ask
        #: Set by the background builder when ready; searches scan until then.
        self.words: WordRows | None = None
        self._building = threading.Lock()  # a caller that must wait for the worker's build
        self._built = False
        #: Set by the owner when entries changed or the project closed: a build gives up.
        self.stale = False

    @property
    def _folded(self) -> JoinedTexts:
        """All folded texts joined by a separator, with each entry's start and end in it."""
        with self._folding:
            if self._folded_text is None:
                self._folded_text = self._fold()
            return self._folded_text

    def _fold(self) -> JoinedTexts:
        entries = self.project.entries
        titles = {d.id: d.title for d in self.project.dispatches.values()}
        folded = [
            _utf8(f"{e.text}\n{titles.get(e.dispatch_id, '')}".casefold()) for e in yielding_the_gil(entries)
        ]
        return JoinedTexts.joining(folded)

    def build(self) -> None:
        """Fold the texts and build the word rows on the calling thread, once; a second
        caller waits for the first one's build."""
        with self._building:
            if self._built or self.stale:
                return
            self._built = True
            try:
                folded = self._folded
                self.words = WordRows.build(folded.text, folded.starts, folded.ends, lambda: self.stale)
            except (MemoryError, RuntimeError):
                # No room, or entries or dispatches added while they were read (this index
                # is then stale): searches keep scanning.
                pass

    def with_text(self, needle: str, candidates: list[int] | None) -> list[int]:
        """The candidates (None: all entries) whose folded text contains ``needle``.

        Once the word rows are built, a needle without delimiters is answered by them: the
        entries holding a frequent word that contains it, and those whose other words do
        (searched in the short text of those words only). A phrase is searched for only in
        the candidates the rows give for each of its words (an entry holding the phrase
        holds each word in it), so a rare phrase no longer scans every text (10 ms at
        150,000 entries, ``benchmarks/README.md``) and nothing is kept for it. Before the
        rows are ready every needle is searched for in the candidates' texts.
        """
        wanted = _utf8(needle)
        if self.words is not None:
            if (found := self.words.search(wanted, candidates)) is not None:
                return found
            candidates = self.words.holding_each_word(wanted, candidates)
        return self._folded.search(wanted, candidates, one_by_one=SEPARATOR in wanted)


def _utf8(text: str) -> bytes:
    """Texts are searched as UTF-8 bytes: a UTF-8 needle occurs in a UTF-8 text exactly when
    the string occurs in the string, and byte search runs with SIMD in StringZilla."""
    return text.encode("utf-8", "surrogatepass")
