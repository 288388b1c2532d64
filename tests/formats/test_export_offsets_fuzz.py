"""Random texts mixing scripts, emoji and joiners: every format keeps span offsets exact."""

from __future__ import annotations

import io
import os
import zipfile

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.brat_standoff import Shift, fragments, normalise
from workbench.formats.exporters.brat import dispatch_standoff
from workbench.formats.exporters.conll import write_conll
from workbench.formats.exporters.jsonl import write_jsonl
from workbench.formats.exporters.refi_qda import write_qdpx
from workbench.formats.exporters.subsets import Selection
from workbench.formats.exporters.tokenize import tokens
from workbench.formats.importers.brat import read_brat
from workbench.formats.importers.refi_qda import read_qdpx_bytes

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "20"))
PIECES = [
    "Mira",
    " ",
    "الأمم",
    "المتحدة",
    "🕊️",
    "👩🏽‍⚕️",
    "🇯🇴",
    ".",
    "\n",
    "Ünïcödé",
    "東京",
    "e\u0301",
    "\t",
    "!",
    "\x0b",  # control characters XML cannot hold (qdpx names drop them, texts keep them)
    "\x00",
]


@st.composite
def coded_text(draw) -> tuple[str, list[Span]]:
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25)))
    spans = set()
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.add((start, end, draw(st.sampled_from(["PER", "ORG", "LOC"]))))
    return text, [Span(start, end, "mention", label) for start, end, label in sorted(spans)]


def _selection(items: list[tuple[str, list[Span]]]) -> Selection:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d1"] = Dispatch("d1", "Fuzz dispatch")
    layer = {}
    for i, (text, spans) in enumerate(items):
        project.entries.append(Entry(f"e{i}", "d1", i, None, None, text))
        layer[f"e{i}"] = Annotation(values={"stance": "neutral"}, spans=spans)
    project.set_layer("fuzz", layer)
    return Selection(project, project.entries, layer, "fuzz")


def _quiet(done: int, total: int) -> None:
    pass


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(coded_text(), min_size=1, max_size=4))
def test_offsets_survive_jsonl_brat_and_qdpx(items: list[tuple[str, list[Span]]]) -> None:
    selection = _selection(items)

    out = io.BytesIO()
    write_jsonl(selection, out, _quiet, lambda: False)
    for line, (text, spans) in zip(out.getvalue().splitlines(), items, strict=True):
        record = orjson.loads(line)
        assert record["text"] == text
        assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [
            (s.start, s.end, s.value) for s in spans
        ]
        assert all(text[s["start"] : s["end"]] == s["text"] for s in record["spans"])

    joined, ann = dispatch_standoff(selection, selection.entries)
    marked = [line.split("\t") for line in ann.splitlines() if line.startswith("T")]
    assert len(marked) == len(ann.splitlines()) - sum(line[0] in "A#" for line in ann.splitlines())
    entries = spans_written = 0
    for _ident, middle, reference in marked:
        label, where = middle.split(" ", 1)
        pieces = [tuple(map(int, piece.split(" "))) for piece in where.split(";")]
        assert reference == " ".join(joined[a:b] for a, b in pieces)  # what brat checks
        entries += label == "Entry"
        spans_written += label != "Entry"
    skipped = [note for note in selection.report.notes if note.startswith("brat: skipped span")]
    assert entries == len(items)
    assert spans_written + len(skipped) == sum(len(spans) for _, spans in items)

    archive = io.BytesIO()
    write_qdpx(selection, archive, _quiet, lambda: False)
    with zipfile.ZipFile(io.BytesIO(archive.getvalue())) as opened:
        assert all(name == "project.qde" or name.startswith("sources/") for name in opened.namelist())
    batch = read_qdpx_bytes(archive.getvalue(), "fuzz.qdpx", selection.project.codebook, "x")
    assert [e.text for e in batch.entries] == [text for text, _ in items]
    for entry, (_text, spans) in zip(batch.entries, items, strict=True):
        assert batch.layers["fuzz"][entry.id].spans == spans


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(coded_text(), min_size=1, max_size=4))
def test_conll_accounts_for_every_span(items: list[tuple[str, list[Span]]]) -> None:
    selection = _selection(items)
    out = io.BytesIO()
    write_conll(selection, out, _quiet, lambda: False)
    tagged = sum(line.split(" ")[-1].startswith("B-") for line in out.getvalue().decode("utf-8").splitlines())
    report = selection.report
    skipped = [note for note in report.notes if note.startswith("CoNLL: skipped span")]
    assert tagged + len(skipped) == sum(len(spans) for _, spans in items)
    for i, (text, spans) in enumerate(items):
        bounds = tokens(text)
        starts, ends = {a for a, _ in bounds}, {b for _, b in bounds}
        for span in spans:
            described = f"e{i} {span.start}-{span.end} mention:{span.value}"
            misaligned = span.start not in starts or span.end not in ends
            reported = any(item.startswith(described) for item in report.unaligned) or any(
                described in note for note in skipped
            )
            assert reported or not misaligned, described


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(coded_text(), min_size=1, max_size=4))
def test_brat_import_reads_back_what_the_export_wrote(items: list[tuple[str, list[Span]]]) -> None:
    """Every span comes back over the same characters, less line breaks at its ends."""
    selection = _selection(items)
    joined, ann = dispatch_standoff(selection, selection.entries)
    batch = read_brat(ann.encode(), joined.encode(), "d1.ann", selection.project.codebook, "fuzz")
    assert len(batch.entries) == len(items)
    for entry, (text, spans) in zip(batch.entries, items, strict=True):
        normal, removed = normalise(text)
        shift = Shift(removed)
        whole = fragments(normal, 0, len(normal)) or [(0, 0)]
        first = whole[0][0]
        assert entry.text == normal[first : whole[-1][1]]
        expected = []
        for span in spans:
            pieces = fragments(normal, shift(span.start), shift(span.end))
            if pieces:
                expected.append((pieces[0][0] - first, pieces[-1][1] - first, span.value))
        got = batch.layers["fuzz"].get(entry.id)
        assert sorted((s.start, s.end, s.value) for s in (got.spans if got else [])) == sorted(expected)
