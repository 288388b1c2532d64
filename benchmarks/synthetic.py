"""A deterministic synthetic corpus of live-blog dispatches, coded by several annotators.

Every benchmark needs the same large, realistic project without shipping a 130 MB file,
so this builds one from a seed in a few seconds. Speed comes from drawing sentences from
a pre-built pool instead of word by word; realism comes from the shape of the data: AP
"The Latest" blogs of 10-15 entries, newest first, times spread over the day and across
midnight, a few entries without a time, and annotators who mostly agree.

All wording here is original. Use it as ``from synthetic import make_project`` when a
script in ``benchmarks/`` runs, or ``from benchmarks.synthetic import make_project`` from
the repository root.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from workbench.core.codebook import builtin_codebook
from workbench.core.ids import dispatch_id
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span, Value

T = TypeVar("T")

ANNOTATORS = ("amira", "ben", "chiara", "dmitri", "efua", "farid", "greta", "hiro")

PEOPLE = (
    "Minister Lena Vogt",
    "envoy Tomas Arkel",
    "spokeswoman Mira Haddad",
    "commander Yusuf Demir",
    "President Alder Quinn",
    "negotiator Ines Sorel",
    "mayor Karim Nassar",
    "senator Ruth Calloway",
)
ORGS = (
    "the United Nations",
    "the Red Crescent",
    "the foreign ministry",
    "the monitoring group",
    "the opposition council",
    "the defence ministry",
    "the relief agency",
    "the security council",
)
PLACES = (
    "the northern province",
    "Astana",
    "Geneva",
    "the coastal city",
    "Aleppo",
    "the border crossing",
    "Idlib",
    "the capital",
    "Moscow",
    "Ankara",
    "Tehran",
    "Washington",
)
SUBJECTS = (
    "Officials",
    "Witnesses",
    "Rescue workers",
    "Residents",
    "Diplomats",
    "Aid groups",
    "Local activists",
    "Military sources",
    "Observers",
    "Delegates",
)
VERBS = (
    "said",
    "reported",
    "warned",
    "confirmed",
    "denied",
    "announced",
    "insisted",
    "acknowledged",
    "suggested",
    "repeated",
)
CLAIMS = (
    "the truce was holding in most districts",
    "shelling resumed shortly after dawn",
    "a convoy of trucks reached the besieged quarter",
    "talks would continue for a second day",
    "the agreement left key questions open",
    "several families fled toward the hills overnight",
    "a hospital was damaged in an air strike",
    "both sides traded accusations of violations",
    "prisoners could be exchanged within the week",
    "the roads out of the city remained closed",
    "new sanctions were under discussion",
    "fuel and flour were running short",
    "troops were seen moving along the highway",
    "a joint monitoring mechanism would be set up",
    "the delegation walked out of the afternoon session",
    "volunteers cleared rubble by hand",
)
TAILS = (
    "according to a statement released late in the day",
    "though the figures could not be independently verified",
    "speaking on condition of anonymity",
    "in remarks broadcast on state television",
    "without giving further details",
    "as crowds gathered outside",
    "in a post on social media",
    "after a closed-door meeting",
)
HEADLINES = (
    "Cease-fire talks open",
    "Aid convoy reaches city",
    "Evacuation resumes",
    "Envoys meet for second day",
    "Shelling tests truce",
    "Sanctions debate widens",
    "Prisoner swap discussed",
    "Monitors report violations",
    "Border crossing reopens",
    "Rebels reject proposal",
    "Government offers amnesty",
    "Relief agencies warn of shortages",
)
CAPTION_NAMES = ("Nadia Rowe", "Sami Okafor", "Lucia Brandt", "Omar Vance")

#: Sentences that carry the corpus's long tail: the pooled sentences above repeat a few
#: hundred words, while news text keeps meeting new names and figures, and a text search
#: index built on the frequent words must be measured on text that has rare ones too.
DETAILS = (
    "{name} counted {number} {things} near {place}.",
    "A resident, {name}, said {number} {things} had been lost in {place}.",
    "Officials in {place} put the number of {things} at {number}.",
    "{name} and {other} arrived from {place} with {number} {things}.",
)
THINGS = ("people", "tents", "trucks", "families", "shells", "casualties", "doctors", "checkpoints")
SYLLABLES = (
    *("ba", "ka", "ra", "ma", "sa", "ta", "la", "na", "da", "fa", "ha", "za", "qa", "ya", "wa"),
    *("ri", "li", "mi", "ni", "ki", "di", "si", "zi", "qu", "vo", "ko", "ro", "lo", "mo", "to"),
    *("dun", "mar", "sel", "tor", "ven", "kal", "bir", "gor", "han", "rek"),
)
#: Names drawn with Zipf's law (the word of rank r about 1/r as often as the first), as
#: words are in text: a few common, most seen once or twice in 150,000 entries.
LEXICON_SIZE = 60_000

DATELINES = ("BEIRUT", "ASTANA", "GENEVA", "ISTANBUL", "MOSCOW", "AMMAN", "CAIRO")
START_MINUTES = (0, 0, 5, 15, 30, 40, 50)
GAPS_MINUTES = (5, 10, 15, 20, 25, 30, 45, 60, 90)

STANCE_KEYS = ("against", "neutral", "favor")
ACTOR_KEYS = ("RUS", "TUR", "IRN", "USA", "UNO", "SYR GOV", "SYR REB", "SYR", "IGO", "NGO")
EVENT_KEYS = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: Actor sets as analysts code them: mostly one or two actors, weighted toward one.
ACTOR_COMBOS = (
    *((a,) for a in ACTOR_KEYS),
    *((a,) for a in ACTOR_KEYS),
    *itertools.combinations(ACTOR_KEYS, 2),
    *itertools.combinations(ACTOR_KEYS[:5], 3),
)
EVENT_PAIRS = tuple(itertools.combinations(EVENT_KEYS, 2))

#: How often an annotator codes a dimension the same as the shared "true" reading.
AGREEMENT = 0.85
#: How often a coded entry leaves one dimension uncoded.
MISSING = 0.05


@dataclass(frozen=True, slots=True)
class Sentence:
    """A pooled sentence and, when it names someone, where (offsets within the sentence)."""

    text: str
    mention: tuple[int, int, str] | None


def _sentence_pool(rng: random.Random, size: int) -> list[Sentence]:
    pool: list[Sentence] = []
    kinds = (("PER", PEOPLE), ("ORG", ORGS), ("LOC", PLACES))
    for _ in range(size):
        shape = rng.random()
        claim = rng.choice(CLAIMS)
        if shape < 0.55:
            label, names = rng.choice(kinds)
            name = rng.choice(names)
            if label == "LOC":
                head = f"{rng.choice(SUBJECTS)} in "
                text = f"{head}{name} {rng.choice(VERBS)} {claim}, {rng.choice(TAILS)}."
            else:
                head = ""
                text = f"{name[0].upper()}{name[1:]} {rng.choice(VERBS)} {claim}, {rng.choice(TAILS)}."
            pool.append(Sentence(text, (len(head), len(head) + len(name), label)))
        else:
            text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {claim}."
            pool.append(Sentence(text, None))
    return pool


def time_label(moment: datetime) -> str:
    """AP style: "8 p.m.", "4:50 p.m.", "noon", "midnight"."""
    hour, minute = moment.hour, moment.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "noon"
    suffix = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


@dataclass(frozen=True, slots=True)
class Chunk:
    """A few sentences in a row, with mention offsets relative to the chunk."""

    text: str
    mentions: tuple[tuple[int, int, str], ...]


@dataclass(slots=True)
class SyntheticEntry:
    """An entry before ids are assigned, with the mentions its sentences carry."""

    moment: datetime | None
    text: str
    mentions: list[tuple[int, int, str]]


@dataclass(slots=True)
class SyntheticDispatch:
    title: str
    published: date
    dateline: str
    caption: str | None
    lead: str
    entries: list[SyntheticEntry]  # newest first, as printed


def _chunk_pool(rng: random.Random, pool: list[Sentence], size: int) -> list[Chunk]:
    """Runs of pooled sentences, 150-750 characters each: two of them make an entry."""
    chunks: list[Chunk] = []
    for _ in range(size):
        target = rng.randint(150, 580)
        parts: list[str] = []
        mentions: list[tuple[int, int, str]] = []
        length = -1
        while length < target:
            sentence = pool[int(rng.random() * len(pool))]
            length += 1
            if sentence.mention is not None:
                start, end, label = sentence.mention
                mentions.append((length + start, length + end, label))
            parts.append(sentence.text)
            length += len(sentence.text)
        chunks.append(Chunk(" ".join(parts), tuple(mentions)))
    return chunks


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` at a third of the cost; it is called millions of times."""
    return items[int(rng.random() * len(items))]


def _lexicon(rng: random.Random) -> tuple[list[str], list[float]]:
    """Distinct made-up names and their cumulative Zipf weights (for ``rng.choices``)."""
    names: dict[str, None] = {}
    while len(names) < LEXICON_SIZE:
        word = "".join(_pick(rng, SYLLABLES) for _ in range(2 + int(rng.random() * 3)))
        names[word.capitalize()] = None
    return list(names), list(itertools.accumulate(1 / rank for rank in range(1, LEXICON_SIZE + 1)))


def _detail(rng: random.Random, lexicon: tuple[list[str], list[float]]) -> str:
    names, weights = lexicon
    name, other, place = rng.choices(names, cum_weights=weights, k=3)
    number = f"{2 + int(rng.random() * 4000):,}"
    things = _pick(rng, THINGS)
    return _pick(rng, DETAILS).format(name=name, other=other, place=place, number=number, things=things)


def iter_dispatches(
    count: int,
    seed: int = 0,
    untimed_fraction: float = 0.03,
    entries_per_dispatch: tuple[int, int] = (10, 15),
) -> Iterator[SyntheticDispatch]:
    """Yield ``count`` dispatches; the text generator and the project builder share this."""
    rng = random.Random(seed)
    chunks = _chunk_pool(rng, _sentence_pool(rng, 3000), 6000)
    lexicon = _lexicon(rng)
    first_day = date(2016, 1, 1)
    seen_titles: set[tuple[str, date, str]] = set()
    low, high = entries_per_dispatch
    for number in range(count):
        day = first_day + timedelta(days=number // 6)
        dateline = _pick(rng, DATELINES)
        headline = HEADLINES[number % len(HEADLINES)]
        title = f"The Latest: {headline} in {_pick(rng, PLACES[1:])}"
        while (title, day, dateline) in seen_titles:
            title += " (update)"
        seen_titles.add((title, day, dateline))
        # Start between 5 a.m. and 11 p.m. so some blogs run past midnight into the next day.
        moment = datetime(day.year, day.month, day.day, 5 + int(rng.random() * 19), _pick(rng, START_MINUTES))
        oldest_first: list[SyntheticEntry] = []
        for _ in range(low + int(rng.random() * (high - low + 1))):
            first, second = _pick(rng, chunks), _pick(rng, chunks)
            separator = "\n\n" if rng.random() < 0.6 else " "
            shift = len(first.text) + len(separator)
            mentions = [*first.mentions, *((a + shift, b + shift, label) for a, b, label in second.mentions)]
            timed = rng.random() >= untimed_fraction
            text = f"{first.text}{separator}{second.text} {_detail(rng, lexicon)}"
            oldest_first.append(SyntheticEntry(moment if timed else None, text, mentions))
            moment += timedelta(minutes=_pick(rng, GAPS_MINUTES))
        caption = None
        if rng.random() < 0.4:
            caption = (
                f"People wait at a checkpoint near {_pick(rng, PLACES[1:])} on "
                f"{day:%A}. (AP Photo/{_pick(rng, CAPTION_NAMES)})"
            )
        lead = f"{dateline} (AP) — The latest on {headline.lower()} (all times local):"
        yield SyntheticDispatch(title, day, dateline, caption, lead, oldest_first[::-1])


def _coding(rng: random.Random, truth: dict[str, Value]) -> dict[str, Value]:
    """One annotator's reading of an entry: mostly the shared reading, sometimes not."""
    values: dict[str, Value] = {}
    for dim, true_value in truth.items():
        if rng.random() < MISSING:
            continue
        if rng.random() < AGREEMENT:
            values[dim] = list(true_value) if isinstance(true_value, list) else true_value
        elif dim == "stance":
            values[dim] = STANCE_KEYS[(STANCE_KEYS.index(true_value) + 1 + (rng.random() < 0.5)) % 3]
        elif dim == "actor":
            values[dim] = list(_pick(rng, ACTOR_COMBOS))
        else:
            values[dim] = [_pick(rng, EVENT_KEYS)]
    return values


def _entry_id(dispatch: str, position: int) -> str:
    """An id of the real shape, from the position: hashing every 1 kB text would cost seconds."""
    return "e-" + hashlib.blake2b(f"{dispatch}/{position}".encode(), digest_size=8).hexdigest()


def make_project(
    entries: int = 150_000, annotators: int = 3, seed: int = 0, coded_fraction: float = 0.8
) -> Project:
    """A project of exactly ``entries`` entries (the last dispatch may be cut short).

    Each annotator codes roughly ``coded_fraction`` of the entries, independently, so
    layers overlap as they do when a team splits and double-codes a corpus.
    """
    # The build allocates millions of objects that all live on; collecting meanwhile is wasted work.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(entries, annotators, seed, coded_fraction)
    finally:
        if collecting:
            gc.enable()


def _build(entries: int, annotators: int, seed: int, coded_fraction: float) -> Project:
    rng = random.Random(seed + 1)
    names = [ANNOTATORS[i] if i < len(ANNOTATORS) else f"coder{i + 1}" for i in range(annotators)]
    project = Project(codebook=builtin_codebook("plover"), meta={"title": f"Synthetic corpus (seed {seed})"})
    layers: dict[str, dict[str, Annotation]] = {name: {} for name in names}
    project.replace_layers(layers)
    all_entries = project.entries
    modified = "2026-11-20T09:00:00Z"
    for number, synthetic in enumerate(iter_dispatches(entries // 10 + 1, seed)):
        if len(all_entries) >= entries:
            break
        published = synthetic.published.isoformat()
        did = dispatch_id(synthetic.title, published, synthetic.dateline)
        project.dispatches[did] = Dispatch(
            id=did,
            title=synthetic.title,
            published=published,
            dateline=synthetic.dateline,
            time_basis="local",
            caption=synthetic.caption,
            lead=synthetic.lead,
            source=f"synthetic://{seed}/{number}",
        )
        for position, item in enumerate(synthetic.entries[: entries - len(all_entries)]):
            entry_id = _entry_id(did, position)
            moment = item.moment
            label = time_label(moment) if moment else None
            stamp = moment.isoformat() if moment else None
            all_entries.append(Entry(entry_id, did, position, label, stamp, item.text))
            roll = rng.random()
            truth: dict[str, Value] = {
                "stance": STANCE_KEYS[0 if roll < 0.35 else (1 if roll < 0.75 else 2)],
                "actor": list(_pick(rng, ACTOR_COMBOS)),
                "event_type": [_pick(rng, EVENT_KEYS)] if rng.random() < 0.85 else [*_pick(rng, EVENT_PAIRS)],
            }
            for name in names:
                if rng.random() >= coded_fraction:
                    continue
                spans: list[Span] = []
                if item.mentions and rng.random() < 0.1:
                    start, end, kind = _pick(rng, item.mentions)
                    spans.append(Span(start, end, "mention", kind))
                roll = rng.random()
                status = "done" if roll < 0.9 else ("flagged" if roll < 0.93 else "todo")
                note = "check the casualty figure" if status == "flagged" else ""
                layers[name][entry_id] = Annotation(_coding(rng, truth), spans, note, status, modified)
    project.entries_changed()
    return project


if __name__ == "__main__":
    import time

    started = time.perf_counter()
    built = make_project()
    print(
        f"{len(built.entries)} entries in {len(built.dispatches)} dispatches, "
        f"{sum(len(layer) for layer in built.read_every_layer().values())} annotations "
        f"in {time.perf_counter() - started:.2f} s"
    )
