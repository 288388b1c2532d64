"""The CoNLL export read by the tools that consume it: spaCy's converter and seqeval."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from seqeval.metrics.sequence_labeling import get_entities
from spacy.training.converters import conll_ner_to_docs

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.exporters.conll import write_conll
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.exporters.subsets import Selection
from workbench.formats.project.file import load_project

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "golden" / "export-fixture-project.json"


def _conll(texts: dict[str, list[tuple[str, list[tuple[str, str]]]]]) -> tuple[str, Selection]:
    """Dispatches of (text, [(marked words, label)]) entries, as the CoNLL export writes them."""
    project = Project(codebook=builtin_codebook("plover"))
    layer = {}
    for dispatch_id, entries in texts.items():
        project.dispatches[dispatch_id] = Dispatch(dispatch_id, dispatch_id)
        for text, marks in entries:
            n = len(project.entries)
            project.entries.append(Entry(f"e{n}", dispatch_id, n, None, None, text))
            spans = [Span(text.index(w), text.index(w) + len(w), "mention", label) for w, label in marks]
            layer[f"e{n}"] = Annotation(spans=spans)
    project.set_layer("ana", layer)
    selection = Selection(project, project.entries, layer, "ana")
    out = io.BytesIO()
    write_conll(selection, out, lambda done, total: None, lambda: False)
    return out.getvalue().decode("utf-8"), selection


def _spacy_entities(data: str) -> list[list[tuple[str, str]]]:
    docs = list(conll_ner_to_docs(data, n_sents=0, no_print=True))
    return [[(ent.text, ent.label_) for ent in doc.ents] for doc in docs]


def _seqeval_entities(data: str) -> list[tuple[str, str]]:
    """Entities per sentence, as seqeval's metrics find them in the tag column."""
    found = []
    for block in data.split("\n\n"):
        rows = [line.split(" ") for line in block.splitlines() if line and not line.startswith("-DOCSTART-")]
        tags = [row[-1] for row in rows]
        for label, start, end in get_entities(tags):
            found.append((" ".join(row[0] for row in rows[start : end + 1]), label))
    return found


def test_spacy_reads_one_doc_per_dispatch_with_its_entities() -> None:
    data, _ = _conll(
        {
            "d1": [("Mira Haddad met aid workers in Amman.", [("Mira Haddad", "PER"), ("Amman", "LOC")])],
            "d2": [("The UN said trucks wait.", [("UN", "ORG")]), ("Nothing else.", [])],
        }
    )
    assert _spacy_entities(data) == [[("Mira Haddad", "PER"), ("Amman", "LOC")], [("UN", "ORG")]]
    assert all(len(line.split()) == 4 for line in data.splitlines() if line)


def test_a_span_across_a_line_break_stays_one_entity() -> None:
    data, selection = _conll(
        {"d": [("Shelling hit Gaza\nCity overnight.\nCrews came.", [("Gaza\nCity", "LOC")])]}
    )
    assert _spacy_entities(data) == [[("Gaza City", "LOC")]]
    assert _seqeval_entities(data) == [("Gaza City", "LOC")]
    assert selection.report.unaligned == []


def test_labels_with_white_space_cannot_forge_lines() -> None:
    data, selection = _conll({"d": [("Talks in Doha ended.", [("Doha", "LOC\nforged O\n\nx\tB-PER")])]})
    assert all(len(line.split(" ")) == 4 for line in data.splitlines() if line)
    tokens = [line.split(" ") for line in data.splitlines() if line and not line.startswith("-DOCSTART-")]
    assert [token for token, *_ in tokens] == ["Talks", "in", "Doha", "ended", "."]
    (label,) = {label for _, label in _seqeval_entities(data)}
    assert label == "LOC_forged_O__x_B-PER"
    assert any("LOC_forged_O__x_B-PER" in note for note in selection.report.notes)


@pytest.mark.parametrize("layer", ["amira", "ben", "gold"])
def test_the_fixture_project_reads_back_in_spacy_and_seqeval(tmp_path: Path, layer: str) -> None:
    project = load_project(FIXTURE)
    out = tmp_path / "corpus.conll"
    run_export(project, ExportOptions(format="conll", layer=layer), out)
    data = out.read_text(encoding="utf-8")
    docs = _spacy_entities(data)
    assert len(docs) == len({e.dispatch_id for e in project.entries})
    assert sorted(e for doc in docs for e in doc) == sorted(_seqeval_entities(data))
