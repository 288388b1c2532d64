"""Build resources/samples/sample-project.json from the sample dispatches beside it.

The sample project is what a new user opens first and what screenshots and UI tests show,
so it must exercise the interesting cases: two annotators who mostly agree but not always
(stance, actors, event types, mention spans), entries done, one flagged, one note, an
open actor dimension grown with new actors, and mention spans after an emoji and an
Arabic quote, where code-point offsets differ from UTF-16 ones. Everything is fixed data,
so running the script again rewrites the file byte for byte.

Run from anywhere: ``.venv/bin/python tools/build_sample_project.py`` (``--check`` only
compares and exits 1 when the committed file is out of date).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbench.core.codebook import CodeValue, builtin_codebook  # noqa: E402
from workbench.core.model import Annotation, Project, Span  # noqa: E402
from workbench.core.undoable import AddImport  # noqa: E402
from workbench.formats.importers.reading import import_paths  # noqa: E402
from workbench.formats.project.file import dumps_project, write_atomic  # noqa: E402

SAMPLES = REPO / "resources" / "samples"
OUTPUT = SAMPLES / "sample-project.json"
SOURCES = (
    "ceasefire-talks.txt",
    "flood-relief.txt",
    "port-strike.txt",
    "aid-convoy-article.txt",
    "heatwave-live.txt",
    "storm-digest.txt",
)

#: (file stem, position) -> (stance, actors, event types, [(mention text, PER|ORG|LOC)]).
Coding = tuple[str | None, list[str], list[str], list[tuple[str, str]]]

AMIRA: dict[tuple[str, int], Coding] = {
    ("ceasefire-talks", 0): (
        "neutral",
        ["UNO"],
        ["CONSULT"],
        [("Henrik Solberg", "PER"), ("Palais des Nations", "LOC")],
    ),
    ("ceasefire-talks", 1): ("against", ["SYR REB"], ["REJECT", "ACCUSE"], [("Rania Khalil", "PER")]),
    ("ceasefire-talks", 2): ("favor", ["RUS"], ["SUPPORT"], [("Pavel Grachev", "PER"), ("Moscow", "LOC")]),
    ("ceasefire-talks", 3): (
        "favor",
        ["TUR"],
        ["SUPPORT", "REQUEST"],
        [("Selim Aydin", "PER"), ("Ankara", "LOC")],
    ),
    ("ceasefire-talks", 4): ("against", ["SYR GOV"], ["REJECT", "THREATEN"], [("Fares al-Homsi", "PER")]),
    ("ceasefire-talks", 5): (
        "favor",
        ["IRN"],
        ["SUPPORT", "CONSULT"],
        [("Ali Rezaei", "PER"), ("Geneva", "LOC")],
    ),
    ("ceasefire-talks", 6): ("favor", ["USA"], ["SUPPORT", "REQUEST"], [("State Department", "ORG")]),
    ("ceasefire-talks", 7): (
        "neutral",
        ["SYR REB", "SYR GOV"],
        ["ASSAULT", "ACCUSE"],
        [("Kafr Zeita", "LOC")],
    ),
    ("ceasefire-talks", 8): ("favor", ["UNO"], ["REQUEST"], [("Solberg", "PER")]),
    ("ceasefire-talks", 9): ("neutral", ["SYR GOV", "SYR REB", "UNO"], ["CONSULT"], [("Geneva", "LOC")]),
    ("flood-relief", 0): (None, ["NGO"], ["AID"], [("Sarmada", "LOC")]),
    ("flood-relief", 1): (None, ["TUR GOV"], ["AID"], []),
    ("flood-relief", 2): (None, ["NGO"], ["REQUEST"], [("Atmeh", "LOC")]),
    ("flood-relief", 3): (None, ["UNO"], ["AID"], [("World Food Programme", "ORG"), ("Amman", "LOC")]),
    ("flood-relief", 4): (None, ["SYR REB"], ["REQUEST"], [("Idlib", "LOC"), ("United Nations", "ORG")]),
    ("flood-relief", 5): ("against", ["SYR GOV", "SYR REB"], ["AID", "REJECT"], []),
    ("flood-relief", 6): (None, ["UNO"], [], [("UNHCR", "ORG"), ("Orontes River", "LOC")]),
    ("flood-relief", 7): (None, ["NGO"], [], []),
    ("flood-relief", 8): (None, [], [], []),
    ("port-strike", 0): (None, ["TUR LAB"], ["PROTEST", "REJECT"], [("Kemal Ozturk", "PER")]),
    ("port-strike", 1): (None, ["TUR COP", "TUR LAB"], ["COERCE"], []),
    ("port-strike", 2): (None, ["TUR BUS"], ["CONCEDE"], []),
    ("port-strike", 3): (None, ["TUR GOV"], ["CONSULT"], [("Ankara", "LOC")]),
    ("port-strike", 4): (None, ["TUR BUS"], [], [("Mersin", "LOC")]),
    ("port-strike", 5): (None, ["TUR"], ["REQUEST"], []),
    ("port-strike", 6): (None, ["TUR LAB"], ["PROTEST"], []),
    ("port-strike", 7): (None, ["UNO"], [], []),
    ("port-strike", 8): (None, ["TUR LAB"], ["PROTEST"], [("Mersin", "LOC")]),
    ("aid-convoy-article", 0): ("favor", ["UNO"], ["AID"], [("Bab al-Hawa", "LOC"), ("IDLIB", "LOC")]),
}

#: Ben codes fewer entries and disagrees with Amira on several of them.
BEN: dict[tuple[str, int], Coding] = {
    **{key: AMIRA[key] for key in AMIRA if key[0] == "ceasefire-talks"},
    ("ceasefire-talks", 1): ("against", ["SYR REB"], ["REJECT"], [("Rania Khalil", "PER")]),
    ("ceasefire-talks", 3): ("neutral", ["TUR"], ["SUPPORT", "REQUEST"], [("Selim Aydin", "PER")]),
    ("ceasefire-talks", 6): ("neutral", ["USA"], ["REQUEST"], [("U.S. State Department", "ORG")]),
    ("ceasefire-talks", 7): ("against", ["SYR REB"], ["ASSAULT"], [("Kafr Zeita", "LOC")]),
    **{key: AMIRA[key] for key in AMIRA if key[0] == "flood-relief" and key[1] <= 6},
    ("flood-relief", 2): (None, ["NGO"], ["REQUEST"], [("Atmeh camp", "LOC")]),
    ("flood-relief", 5): ("neutral", ["SYR GOV", "SYR REB"], ["AID", "REJECT"], []),
    ("port-strike", 0): (None, ["TUR LAB"], ["PROTEST", "REJECT"], [("Kemal Ozturk", "PER")]),
    ("port-strike", 1): (None, ["TUR COP", "TUR LAB"], ["PROTEST", "COERCE"], []),
    ("port-strike", 2): (None, ["TUR BUS"], ["AGREE"], []),
    ("port-strike", 3): (None, ["TUR GOV"], ["CONSULT"], [("Ankara", "LOC")]),
}

AMIRA_TODO = {("port-strike", 6), ("port-strike", 7), ("port-strike", 8), ("flood-relief", 8)}
BEN_DONE = {key for key in BEN if key[0] == "ceasefire-talks"} | {("flood-relief", 0), ("flood-relief", 1)}
BEN_FLAGGED = ("ceasefire-talks", 7)
NOTES = {
    ("amira", "flood-relief", 2): "Arabic quote: 'water is everywhere'. The request is for boats.",
    ("ben", "ceasefire-talks", 7): "Unclear who fired first; check the monitoring group's next report.",
}


def build() -> bytes:
    codebook = builtin_codebook("plover")
    project = Project(codebook=codebook, meta={"tool": "tools/build_sample_project.py", "sample": True})
    batch = import_paths([SAMPLES / name for name in SOURCES], codebook)
    for dispatch in batch.dispatches:
        dispatch.source = Path(dispatch.source or "").relative_to(REPO).as_posix()
    stem_of = {d.id: Path(d.source or "").stem for d in batch.dispatches}
    entries = {(stem_of[e.dispatch_id], e.position): e for e in batch.entries}
    minute = 0
    for annotator, table in (("amira", AMIRA), ("ben", BEN)):
        layer = batch.layers.setdefault(annotator, {})
        for key, (stance, actors, events, mentions) in sorted(table.items()):
            entry = entries[key]
            annotation = Annotation(spans=[_span(entry.text, text, label, key) for text, label in mentions])
            for dimension, value in (("stance", stance), ("actor", actors), ("event_type", events)):
                if value:
                    annotation.values[dimension] = value
            annotation.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))
            annotation.status = _status(annotator, key)
            annotation.note = NOTES.get((annotator, *key), "")
            minute += 3
            annotation.modified = f"2024-03-20T{9 + minute // 60:02d}:{minute % 60:02d}:00Z"
            layer[entry.id] = annotation
    _grow_actor_values(project, batch.layers)
    AddImport(batch).redo(project)
    return dumps_project(project)


def _span(text: str, mention: str, label: str, key: tuple[str, int]) -> Span:
    start = text.find(mention)
    if start < 0:
        raise SystemExit(f"{key}: mention {mention!r} not found in the entry text")
    return Span(start, start + len(mention), "mention", label)


def _status(annotator: str, key: tuple[str, int]) -> str:
    if annotator == "amira":
        return "todo" if key in AMIRA_TODO else "done"
    if key == BEN_FLAGGED:
        return "flagged"
    return "done" if key in BEN_DONE else "todo"


def _grow_actor_values(project: Project, layers: dict[str, dict[str, Annotation]]) -> None:
    """Add the actors the annotators typed in, as the window does for an open dimension."""
    actor = project.codebook.dimension("actor")
    assert actor is not None
    labels = {"TUR GOV": "Turkish government", "TUR LAB": "Turkish labour", "TUR COP": "Turkish police"}
    labels["TUR BUS"] = "Turkish business"
    used = sorted(
        {a for layer in layers.values() for ann in layer.values() for a in ann.values.get("actor", [])}
    )
    for key in used:
        if actor.value(key) is None:
            actor.values.append(CodeValue(key=key, label=labels.get(key, key)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args()
    data = build()
    if args.check:
        current = OUTPUT.read_bytes() if OUTPUT.exists() else b""
        print("up to date" if current == data else f"{OUTPUT} is out of date")
        return 0 if current == data else 1
    write_atomic(OUTPUT, data)
    print(f"wrote {OUTPUT.relative_to(REPO)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
