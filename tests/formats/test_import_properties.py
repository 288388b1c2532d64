"""Property: whatever spelling variants the files hold, an import saves a project that loads,
and every span marks, in the stored text, the words it marked in the file it came from."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Project
from workbench.core.undoable import AddImport
from workbench.formats.importers.reading import import_paths
from workbench.formats.project.file import load_project, save_project

PLOVER = builtin_codebook("plover")
WORDS = ["Café", "Montréal", "Zoë", "Ångström", "visit", "Paris", "now", "naïve", "🙂", "Ελλάδα"]
property_test = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def variants(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    """Spellings of one text drawn from WORDS, each in some Unicode form, case and spacing,
    each with one word marked: the variants two colleagues' exports of one story hold."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    found = []
    for _ in range(draw(st.integers(1, 5))):
        gaps = draw(st.lists(st.sampled_from([" ", "  ", "\n"]), min_size=len(words), max_size=len(words)))
        case = draw(st.sampled_from([str, str.lower, str.upper]))
        form = draw(st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
        spelt = [unicodedata.normalize(form, case(w)) for w in words]
        marked = draw(st.integers(0, len(words) - 1))
        text, start = "", 0
        for index, (word, gap) in enumerate(zip(spelt, gaps, strict=True)):
            if index == marked:
                start = len(text)
            text += word + gap
        found.append((text, start, start + len(spelt[marked])))
    return found


def _doccano(text: str, start: int, end: int, user: str) -> bytes:
    return orjson.dumps({"text": text, "label": [[start, end, "LOC"]], "user": user})


def _label_studio(text: str, start: int, end: int, user: str) -> bytes:
    value = {"start": start, "end": end, "labels": ["LOC"], "text": text[start:end]}
    result = [{"type": "labels", "from_name": "label", "value": value}]
    return orjson.dumps([{"data": {"text": text}, "annotations": [{"completed_by": user, "result": result}]}])


def _ninjs(text: str, start: int, end: int, user: str) -> bytes:
    return orjson.dumps({"uri": f"urn:x:{user}:{abs(hash(text))}", "headline": "Item", "body_text": text})


WRITERS = {".jsonl": _doccano, ".json": _label_studio, ".ninjs.json": _ninjs}


@property_test
@given(
    spellings=variants(),
    formats=st.lists(st.sampled_from(sorted(WRITERS)), min_size=5, max_size=5),
    separately=st.booleans(),
)
def test_every_import_saves_a_project_that_loads_with_every_span_on_its_words(
    spellings: list[tuple[str, int, int]], formats: list[str], separately: bool
) -> None:
    files = list(zip(formats, spellings, strict=False))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, (suffix, (text, start, end)) in enumerate(files):
            path = Path(folder) / f"a{number}{suffix}"
            path.write_bytes(WRITERS[suffix](text, start, end, f"coder{number}"))
            paths.append(path)
        project, target = Project(codebook=PLOVER.copy()), Path(folder) / "p.json"
        for group in [[p] for p in paths] if separately else [paths]:
            AddImport(import_paths(group, project.codebook)).redo(project)
            save_project(project, target)
        loaded = load_project(target)
    by_form = {unicodedata.normalize("NFC", e.text): e for e in loaded.entries}
    for number, (suffix, (text, start, end)) in enumerate(files):
        if suffix == ".ninjs.json":
            assert any(text.strip() in e.text or e.text in text for e in loaded.entries)
            continue
        entry = by_form[unicodedata.normalize("NFC", text)]  # never merged with another text
        annotation = loaded.annotation(f"coder{number}", entry.id)
        assert annotation is not None
        ((span),) = annotation.spans
        wanted = unicodedata.normalize("NFC", text[start:end])
        assert unicodedata.normalize("NFC", entry.text[span.start : span.end]) == wanted
