"""A small synthetic corpus whose stance (and actors) follow its words, or do not.

Every text is original: filler words about a made-up meeting, and for each entry a few
cue words of its stance (and the name of its actor), so a model that reads words can learn
the coding and one that cannot must not pretend to.
"""

from __future__ import annotations

import random

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Provenance

ANNOTATOR = "ana"
STANCES = ("against", "neutral", "favor")
CUES = {
    "against": ("condemned", "rejected", "denounced", "protested"),
    "neutral": ("noted", "reported", "listed", "described"),
    "favor": ("welcomed", "praised", "applauded", "endorsed"),
}
ACTORS = {"RUS": "Moscow", "TUR": "Ankara", "IRN": "Tehran"}
FILLER = [
    "officials",
    "delegates",
    "the",
    "committee",
    "session",
    "afternoon",
    "harbour",
    "office",
    "statement",
    "plan",
    "road",
    "convoy",
    "talks",
    "week",
    "council",
    "river",
    "valley",
    "station",
    "report",
    "hall",
    "morning",
    "crossing",
    "envoy",
]


def text_for(rng: random.Random, stance: str, actor: str) -> str:
    words = rng.sample(FILLER, 8)
    cue = rng.choice(CUES[stance])
    return (
        f"{ACTORS[actor]} {cue} the {' '.join(words[:4])}; {rng.choice(CUES[stance])} {' '.join(words[4:])}."
    )


def make_corpus(
    dispatches: int = 20,
    per_dispatch: int = 12,
    coded: int | None = None,
    random_labels: bool = False,
    seed: int = 0,
) -> tuple[Project, dict[str, str]]:
    """The project and the stance each entry's words say; ``coded`` entries (default all but
    the last dispatch) are coded in ``ANNOTATOR``'s layer by hand, with random stances when
    ``random_labels``."""
    rng = random.Random(seed)
    project = Project(codebook=builtin_codebook("plover"))
    truth: dict[str, str] = {}
    actors: dict[str, str] = {}
    for d in range(dispatches):
        did = f"d{d}"
        project.dispatches[did] = Dispatch(id=did, title=f"Talks, day {d}", published="2026-03-02")
        for p in range(per_dispatch):
            stance, actor = rng.choice(STANCES), rng.choice(list(ACTORS))
            entry_id = f"e{d}-{p}"
            project.entries.append(Entry(entry_id, did, p, None, None, text_for(rng, stance, actor)))
            truth[entry_id] = stance
            actors[entry_id] = actor
    project.entries_changed()
    wanted = coded if coded is not None else (dispatches - 1) * per_dispatch
    layer = {}
    for entry in project.entries[:wanted]:
        stance = rng.choice(STANCES) if random_labels else truth[entry.id]
        layer[entry.id] = Annotation(values={"stance": stance, "actor": [actors[entry.id]]}, status="done")
    project.set_layer(ANNOTATOR, layer)
    return project, truth


def accepted_unconfirmed(value: str, dimension: str = "stance") -> Annotation:
    """An annotation holding a model suggestion accepted by the accept-all key (not confirmed)."""
    return Annotation(
        values={dimension: value},
        assisted={dimension: {value: Provenance("model", f"{dimension}#1", 0.9, confirmed=False)}},
    )
