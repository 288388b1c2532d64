"""Mention suggestions: names in an entry's text that a codebook value goes by.

Two kinds of phrase are looked for, as whole words and ignoring case: every alias of every
codebook value ("Kremlin" for actor RUS, ``CodeValue.aliases``), and every text the
annotator has already marked as a span somewhere in the project (with that span's
dimension and value), the string-matching recommender of annotation tools such as
INCEpTION. Where finds overlap the leftmost wins, and of those starting together the
longest ("UN Security Council" over "UN").

Matching looks up each word of the text in a table keyed by a phrase's first word, so its
cost follows the text's length, not the number of phrases: a codebook of 100,000 actors
costs what ten do once the table is built (``benchmarks/bench_mentions.py`` compares it
with one regular expression of every alias). The alias table is built once per codebook:
a small one at the first entry shown, a large one (over ``BUILD_HERE_UP_TO`` aliases) by
the plan's worker step ``MENTION_TABLES`` (``index/plan``), with no alias finds until it is
ready, since 300,000 aliases take about a second. The marked-text table is built per
annotator from their spans and kept up to date by ``note_change``; both belong to
``SuggestionParts`` (``ProjectIndex.suggestions``).
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from workbench.core.codebook import Codebook
from workbench.core.model import Project
from workbench.core.undoable import Change
from workbench.index.gil import yielding_the_gil

#: Where a phrase may start: each run of word characters and each other visible character.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD_CHAR = re.compile(r"\w")

#: Entries longer than this (code points) are not searched: 1,000,000 take about 0.2 s, once
#: per entry (the finds are kept), while a 50 MB entry would hold the window for seconds.
MAX_TEXT = 1_000_000

#: Codebooks with up to this many aliases have their table built where it is first asked
#: for (30,000 took 88 ms, ``benchmarks/bench_mentions.py``); larger ones wait for the worker.
BUILD_HERE_UP_TO = 10_000

#: ``Mention.why`` of an alias find and of a find of text marked elsewhere.
ALIAS, MARKED = "alias", "marked"


@dataclass(frozen=True)
class Mention:
    """A stretch of an entry's text (code points, end exclusive) that may be ``dimension:value``."""

    start: int
    end: int
    dimension: str
    value: str
    #: The words as the entry has them ("kremlin" matched by the alias "Kremlin").
    text: str
    #: "alias" (the value's alias ``phrase``) or "marked" (text marked elsewhere).
    why: str
    #: The alias or marked text that matched, as the codebook or the span has it.
    phrase: str


#: What a phrase stands for: (dimension, value, why, the phrase as written).
Target = tuple[str, str, str, str]


def fold(text: str) -> str:
    """Lower case with every character kept in its place, so offsets into the folded text
    are offsets into the text (``str.lower`` makes two characters of a few, such as "İ")."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


class PhraseMatcher:
    """Phrases found as whole words, ignoring case; built once, asked many times."""

    def __init__(self, phrases: Iterable[tuple[str, Target]]) -> None:
        #: first token -> (the lengths of its phrases, longest first; folded phrase -> targets).
        #: A text's word is then tried once per distinct length, however many phrases share
        #: the word ("Ministry of ..." for thousands of actors).
        self._by_first: dict[str, tuple[list[int], dict[str, list[Target]]]] = {}
        with _no_collection():
            for phrase, target in phrases:
                folded = fold(phrase)
                first = _TOKEN.search(folded)
                if first is None:
                    continue  # only white space: nothing to find
                folded = folded[first.start() :]
                bucket = self._by_first.get(first.group())
                if bucket is None:
                    bucket = self._by_first[first.group()] = ([], {})
                targets = bucket[1].setdefault(folded, [])
                if target not in targets:
                    targets.append(target)
            for lengths, found in self._by_first.values():
                lengths.extend(sorted({len(p) for p in found}, reverse=True))

    def __len__(self) -> int:
        return sum(len(found) for _lengths, found in self._by_first.values())

    def find(self, text: str, folded: str | None = None) -> list[tuple[int, int, list[Target]]]:
        """Every find in ``text``: (start, end, what it stands for), leftmost-longest, none overlapping."""
        if not self._by_first:
            return []
        folded = fold(text) if folded is None else folded
        finds: list[tuple[int, int, list[Target]]] = []
        after = 0
        by_first = self._by_first
        for token in _TOKEN.finditer(folded):
            start = token.start()
            if start < after:
                continue
            bucket = by_first.get(token.group())
            if bucket is None:
                continue
            lengths, found = bucket
            for length in lengths:
                end = start + length
                targets = found.get(folded[start:end])
                if targets is not None and _ends_words(folded, end):
                    finds.append((start, end, targets))
                    after = end
                    break
        return finds


@contextmanager
def _no_collection() -> Iterator[None]:
    """Building a table of 300,000 aliases makes a million small objects, none of them in a
    cycle: the garbage collector's passes over them took most of the time (4.8 s, not 0.5)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ends_words(text: str, end: int) -> bool:
    """A phrase ending in a word character may not run on into a longer word ("Iran" in "Iranian")."""
    return end == len(text) or not (_WORD_CHAR.match(text[end - 1]) and _WORD_CHAR.match(text[end]))


def alias_matcher(codebook: Codebook) -> PhraseMatcher:
    """The table of every alias; off the window's thread it pauses in turns (``index/gil``)."""
    return PhraseMatcher(
        yielding_the_gil(
            (alias, (dimension.key, value.key, ALIAS, alias))
            for dimension in codebook.dimensions
            for value in dimension.values
            for alias in value.aliases
        )
    )


def alias_count(codebook: Codebook) -> int:
    return sum(len(value.aliases) for dimension in codebook.dimensions for value in dimension.values)


#: The alias table while a large codebook's is being built.
_NO_PHRASES = PhraseMatcher(())


class MarkedTexts:
    """The texts one annotator has marked as spans, counted, so the table follows their edits."""

    def __init__(self, project: Project, annotator: str) -> None:
        self.project = project
        self.annotator = annotator
        #: entry id -> what its spans mark there.
        self._by_entry: dict[str, list[Target]] = {}
        self._counts: Counter[Target] = Counter()
        self._matcher: PhraseMatcher | None = None
        #: Bumped whenever the table changes, so finds kept from an older one are not used.
        self.version = 0
        for entry_id, annotation in (project.layer(annotator) or {}).items():
            if annotation.spans:
                self.update(entry_id)

    def update(self, entry_id: str) -> None:
        """Take the entry's spans again (after an edit of it)."""
        old = self._by_entry.pop(entry_id, [])
        annotation = self.project.annotation(self.annotator, entry_id)
        new: list[Target] = []
        if annotation is not None and annotation.spans and self.project.has_entry(entry_id):
            text = self.project.entry(entry_id).text
            for span in annotation.spans:
                marked = " ".join(text[span.start : span.end].split())
                if marked:
                    new.append((span.dimension, span.value, MARKED, marked))
        if old == new:
            if new:
                self._by_entry[entry_id] = new
            return
        self._counts.subtract(old)
        self._counts.update(new)
        self._counts = +self._counts  # drops what no span marks any longer
        if new:
            self._by_entry[entry_id] = new
        self._matcher = None
        self.version += 1

    @property
    def matcher(self) -> PhraseMatcher:
        if self._matcher is None:
            self._matcher = PhraseMatcher((target[3], target) for target in self._counts)
        return self._matcher


class MentionFinder:
    """The alias table of the codebook and each annotator's marked texts, and finding them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._aliases: PhraseMatcher | None = None
        #: Bumped by each new codebook, so a table the worker built for an older one is dropped.
        self._codebook_version = 0
        #: Bumped when an alias table arrives, so finds kept from before it are not used.
        self._aliases_version = 0
        #: The codebook's alias count (None: not counted since it changed).
        self._alias_count: int | None = None
        self._marked: dict[str, MarkedTexts] = {}
        #: (entry, annotator) -> (the alias and marked tables' versions, the finds in the
        #: entry's text): repainting after a key press only filters them by the entry's spans.
        self._finds: dict[tuple[str, str], tuple[tuple[int, int], list[tuple[int, int, list[Target]]]]] = {}

    @property
    def aliases(self) -> PhraseMatcher:
        """The alias table, built here if it is small; a large one is empty until
        ``preparing`` has built it."""
        if self._aliases is None:
            if self.wants_worker():
                return _NO_PHRASES
            self._aliases = alias_matcher(self.project.codebook)
        return self._aliases

    def wants_worker(self) -> bool:
        """Whether the alias table is missing and too large to build where it is asked for."""
        if self._aliases is not None:
            return False
        if self._alias_count is None:
            self._alias_count = alias_count(self.project.codebook)
        return self._alias_count > BUILD_HERE_UP_TO

    def preparing(self) -> Iterator[None]:
        """Build the alias table (the plan's ``MENTION_TABLES`` step, on the worker); kept
        only if the codebook did not change meanwhile."""
        if self._aliases is None:
            version = self._codebook_version
            matcher = alias_matcher(self.project.codebook)
            if version == self._codebook_version and self._aliases is None:
                self._aliases = matcher
                self._aliases_version += 1
        yield

    def find(self, entry_id: str, annotator: str) -> list[Mention]:
        """The mentions in one entry for ``annotator``: aliases and their marked texts found
        there, leaving out any stretch overlapping what is already marked on this entry."""
        if not self.project.has_entry(entry_id):
            return []
        text = self.project.entry(entry_id).text
        if len(text) > MAX_TEXT:
            return []
        marked = self._marked.get(annotator)
        if marked is None:
            marked = self._marked[annotator] = MarkedTexts(self.project, annotator)
        kept = self._finds.get((entry_id, annotator))
        versions = (self._aliases_version, marked.version)
        if kept is not None and kept[0] == versions:
            finds = kept[1]
        else:
            folded = fold(text)
            finds = sorted(
                self.aliases.find(text, folded) + marked.matcher.find(text, folded),
                key=lambda f: (f[0], -f[1]),
            )
            if len(self._finds) >= 256:
                self._finds.clear()  # entries seen long ago: finding them again is cheap
            self._finds[entry_id, annotator] = (versions, finds)
        annotation = self.project.annotation(annotator, entry_id)
        taken = [(s.start, s.end) for s in annotation.spans] if annotation else []
        mentions: list[Mention] = []
        seen: set[tuple[str, str]] = set()
        last = (-1, -1)
        for start, end, targets in finds:
            if (start, end) != last:  # the same stretch found by both tables adds its values
                if start < last[1] or any(s < end and start < e for s, e in taken):
                    continue
                last, seen = (start, end), set()
            for dimension, value, why, phrase in targets:
                if (dimension, value) not in seen:
                    seen.add((dimension, value))
                    mentions.append(Mention(start, end, dimension, value, text[start:end], why, phrase))
        return mentions

    def note_change(self, change: Change) -> None:
        """A new codebook: a new alias table (and values may have been renamed in spans);
        entries added or removed: the marked texts are taken again; an edit: its entries'."""
        if change.codebook:
            self._aliases = self._alias_count = None
            self._codebook_version += 1
        if change.codebook or change.entries_added_or_removed:
            self._marked.clear()
            self._finds.clear()
            return
        for annotator in change.annotators:
            marked = self._marked.get(annotator)
            if marked is not None:
                for entry_id in change.entry_ids:
                    marked.update(entry_id)
