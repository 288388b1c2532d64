"""The per-project index behind filtering: folded entry texts, word rows, times.

Built once per project and kept, because filtering runs on every key stroke in the search
field over up to 150,000 entries: all entry texts (with their dispatch titles) case-folded
and joined into one UTF-8 buffer, the rows of frequent words that name the entries holding
a word (built on a background thread), and each entry's minute of day and date. Entry
texts never change once imported, so the index is rebuilt only when entries are added or
removed.
"""

from __future__ import annotations

import threading
import weakref
from functools import cached_property

from workbench.core.entry_times import EntryTimes, entry_times
from workbench.core.joined_texts import SEPARATOR, JoinedTexts
from workbench.core.model import Project
from workbench.core.turns import in_turns
from workbench.core.word_rows import WordRows


class EntryIndex:
    """Per-project precomputed search text, word rows, minutes of day and dates.

    Each part is built on first use, so opening a project pays only for what is asked:
    the folded text and its word rows (the costly part) wait for the first text search or
    for ``prepare``, which the window calls on a background thread soon after opening.
    """

    def __init__(self, project: Project) -> None:
        self.project = weakref.proxy(project)
        self._alive = weakref.ref(project)
        self.key = _index_key(project)
        self._folded_text: JoinedTexts | None = None
        self._folding = threading.Lock()  # the background builder and a search may both ask
        #: Set by the background builder when ready; searches scan until then.
        self.words: WordRows | None = None
        self._builder: threading.Thread | None = None

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
        folded = [_utf8(f"{e.text}\n{titles.get(e.dispatch_id, '')}".casefold()) for e in in_turns(entries)]
        return JoinedTexts.joining(folded)

    def prepare(self, wait: bool) -> None:
        """Fold the texts and build the word rows on a background thread, once."""
        if self._builder is None:
            self._builder = threading.Thread(target=self._build_search_aids, name="text-search", daemon=True)
            self._builder.start()
        if wait:
            self._builder.join()

    def _build_search_aids(self) -> None:
        try:
            folded = self._folded
            self.words = WordRows.build(folded.text, folded.starts, folded.ends, self._outdated)
        except (ReferenceError, MemoryError, RuntimeError):
            # Closed before its texts were folded, no room, or entries or dispatches added
            # while they were read (this index is then outdated): searches keep scanning.
            pass

    def _outdated(self) -> bool:
        """Whether the project was closed, or its entries changed, since this index was made."""
        project = self._alive()
        return project is None or _index_key(project) != self.key

    @cached_property
    def times(self) -> EntryTimes:
        """Minute of the day and day number per entry (arrays: a range is one numpy test)."""
        return entry_times([e.timestamp for e in self.project.entries])

    @cached_property
    def utc_times(self) -> EntryTimes:
        """The same of each entry's UTC instant (``Entry.utc``; "no time" where it has none),
        for counting and filtering by the UTC clock."""
        return entry_times([e.utc[:19] if e.utc else None for e in self.project.entries])

    def keep_times(self, times: EntryTimes, utc_times: EntryTimes | None = None) -> None:
        """Take the entries' times (and UTC times) parsed elsewhere (the loader has them from
        checking the file)."""
        self.__dict__["times"] = times
        if utc_times is not None:
            self.__dict__["utc_times"] = utc_times

    def forget_times(self) -> None:
        """Drop the parsed times: the entries' timestamps (and UTC times) were changed in place."""
        self.__dict__.pop("times", None)
        self.__dict__.pop("utc_times", None)

    def with_text(self, needle: str, candidates: list[int] | None) -> list[int]:
        """The candidates (None: all entries) whose folded text contains ``needle``.

        Once the word rows are built, a needle without delimiters is answered by them: the
        entries holding a frequent word that contains it, and those whose other words do
        (searched in the short text of those words only). Any other needle (a phrase, or
        any needle before the rows are ready) is searched for in the candidates' texts.
        """
        self.prepare(wait=False)
        wanted = _utf8(needle)
        if self.words is not None and (found := self.words.search(wanted, candidates)) is not None:
            return found
        return self._folded.search(wanted, candidates, one_by_one=SEPARATOR in wanted)


def _utf8(text: str) -> bytes:
    """Texts are searched as UTF-8 bytes: a UTF-8 needle occurs in a UTF-8 text exactly when
    the string occurs in the string, and byte search runs with SIMD in StringZilla."""
    return text.encode("utf-8", "surrogatepass")


_indexes: dict[int, tuple[weakref.ref[Project], EntryIndex]] = {}


def _index_key(project: Project) -> tuple[int, int, str]:
    entries = project.entries
    return (id(entries), len(entries), entries[-1].id if entries else "")


def index_for(project: Project) -> EntryIndex:
    held = _indexes.get(id(project))
    if held is not None and held[0]() is project and held[1].key == _index_key(project):
        return held[1]
    index = EntryIndex(project)
    key = id(project)
    _indexes[key] = (weakref.ref(project, lambda _ref: _indexes.pop(key, None)), index)
    return index


def forget_entry_times(project: Project) -> None:
    """After timestamps change in place (a dispatch dated by hand), parse them afresh when
    next asked: the index is otherwise kept until entries are added or removed."""
    held = _indexes.get(id(project))
    if held is not None and held[0]() is project:
        held[1].forget_times()


def prepare_text_search(project: Project, wait: bool = False) -> None:
    """Build the project's text search index on a background thread (``wait``: block until
    built), so that the analyst's first searches need not scan every text."""
    index_for(project).prepare(wait)
