"""brat export read back by the strict reader in ``brat_strict.py`` (brat's own checks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from brat_strict import read_folder

from workbench.core.adjudication import GOLD_LAYER, gold_layer
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.exporters.exporting import ExportOptions, run_export
from workbench.formats.importers.reading import import_paths
from workbench.formats.project.file import load_project

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "golden" / "export-fixture-project.json"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"


def _project(texts: dict[str, list[str]]) -> Project:
    """Dispatches (id -> entry texts), every entry coded by "ana"."""
    project = Project(codebook=builtin_codebook("plover"))
    for dispatch_id, entries in texts.items():
        project.dispatches[dispatch_id] = Dispatch(dispatch_id, f"Dispatch {dispatch_id}")
        for text in entries:
            n = len(project.entries)
            project.entries.append(Entry(f"e{n}", dispatch_id, n, None, None, text))
    project.entries_changed()
    return project


def _export(project: Project, out: Path, layer: str = "ana"):
    return run_export(project, ExportOptions(format="brat", layer=layer), out)


def _only(folder: Path):
    docs = read_folder(folder)
    assert len(docs) == 1
    return next(iter(docs.values()))


def test_dispatch_ids_that_clean_to_one_name_get_their_own_files(tmp_path: Path) -> None:
    project = _project(
        {"road/north": ["North road shut."], "road north": ["Bridge open."], "road?north": ["Ferry late."]}
    )
    for entry in project.entries:
        project.set_annotation("ana", entry.id, Annotation(values={"stance": "neutral"}))
    summary = _export(project, tmp_path / "brat")
    assert summary.records == 3
    docs = read_folder(tmp_path / "brat")
    assert sorted(p.name for p in docs) == ["road_north-2.ann", "road_north-3.ann", "road_north.ann"]
    assert sorted(doc.text for doc in docs.values()) == [
        "Bridge open.\n",
        "Ferry late.\n",
        "North road shut.\n",
    ]


@pytest.mark.parametrize("gap", ["\n", "\t", "\u2028", "\r\n", "\n\n"])
def test_a_span_across_a_line_break_is_written_as_fragments(tmp_path: Path, gap: str) -> None:
    text = f"Shelling near Gaza{gap}City at dawn."
    project = _project({"d": [text]})
    start, end = text.index("Gaza"), text.index("City") + 4
    project.set_annotation("ana", "e0", Annotation(spans=[Span(start, end, "mention", "LOC")]))
    _export(project, tmp_path / "brat")
    doc = _only(tmp_path / "brat")
    ((_kind, pieces, reference),) = [t for t in doc.textbounds.values() if t[0] == "LOC"]
    assert reference == "Gaza City" and len(pieces) == 2
    assert [doc.text[a:b] for a, b in pieces] == ["Gaza", "City"]


def test_crlf_entries_keep_offsets_for_a_text_mode_reader(tmp_path: Path) -> None:
    project = _project({"d": ["First line.\r\nMira Haddad spoke.\r\n", "Then\rOmar Said answered."]})
    for entry, name in zip(project.entries, ("Mira Haddad", "Omar Said"), strict=True):
        start = entry.text.index(name)
        project.set_annotation(
            "ana", entry.id, Annotation(spans=[Span(start, start + len(name), "mention", "PER")])
        )
    _export(project, tmp_path / "brat")
    doc = _only(tmp_path / "brat")
    assert "\r" not in (tmp_path / "brat").joinpath("d.txt").read_bytes().decode()
    assert sorted(ref for kind, _, ref in doc.textbounds.values() if kind == "PER") == [
        "Mira Haddad",
        "Omar Said",
    ]


def test_entry_level_codes_are_declared_attributes_of_the_entry(tmp_path: Path) -> None:
    project = _project({"d": ["Talks resumed.", "Aid arrived."]})
    project.set_annotation(
        "ana", "e0", Annotation(values={"stance": "favor", "actor": ["RUS", "TUR"], "event_type": ["AGREE"]})
    )
    project.set_annotation("ana", "e1", Annotation(values={"stance": "against"}, note="second\nline"))
    _export(project, tmp_path / "brat")
    doc = _only(tmp_path / "brat")
    entries = {ident: ref for ident, (kind, _, ref) in doc.textbounds.items() if kind == "Entry"}
    first = next(i for i, ref in entries.items() if ref == "Talks resumed.")
    on_first = sorted((kind, value) for kind, target, value in doc.attributes if target == first)
    assert on_first == [
        ("actor_RUS", None),
        ("actor_TUR", None),
        ("event_type_AGREE", None),
        ("stance", "favor"),
    ]
    assert [note for _, note in doc.notes] == ["second line"]


def test_hostile_values_cannot_forge_annotation_lines(tmp_path: Path) -> None:
    forged = "X\nT99\tPER 0 4\tTalk"
    project = _project({"d\nT98\tLOC 0 1\tT": ["Talks resumed."]})
    project.set_annotation(
        "ana",
        "e0",
        Annotation(
            values={"actor": [forged], "stance\tx": "favor\nA50\tstance T1 favor", "odd\nkey": [forged]},
            spans=[Span(0, 5, "mention", "PER\tT97\tLOC 0 1\tT")],
            note=forged,
        ),
    )
    _export(project, tmp_path / "brat")
    doc = _only(tmp_path / "brat")
    assert sorted(doc.textbounds) == ["T1", "T2"]
    assert len(doc.attributes) == 3 and len(doc.notes) == 1


@pytest.mark.parametrize("source", [FIXTURE, SAMPLE], ids=["fixture", "sample"])
@pytest.mark.parametrize("layer", ["amira", "ben", "gold"])
def test_whole_projects_pass_the_strict_reader(tmp_path: Path, source: Path, layer: str) -> None:
    if not source.exists():
        pytest.skip("the sample project is not there")
    project = load_project(source)
    if not project.has_layer(layer):
        layer = next(iter(project.annotators()))
    _export(project, tmp_path / "brat", layer)
    docs = read_folder(tmp_path / "brat")
    assert len(docs) == len({e.dispatch_id for e in project.entries})
    # Gold is exported as it stands with the coders' agreed values filled in (``gold_layer``).
    annotations = gold_layer(project) if layer == GOLD_LAYER else project.layer(layer)
    coded = sum(1 for a in annotations.values() if a.values)
    entries_with_attributes = {
        (path, target) for path, doc in docs.items() for _, target, _ in doc.attributes
    }
    assert len(entries_with_attributes) == coded


# --- import: the round trip with the export is the test ----------------------------------


def _key(annotation: Annotation) -> tuple:
    values = {k: sorted(v) if isinstance(v, list) else v for k, v in annotation.values.items()}
    spans = sorted((s.start, s.end, s.dimension, s.value) for s in annotation.spans)
    return values, spans, annotation.note


@pytest.mark.parametrize("layer", ["amira", "ben", "gold"])
def test_brat_export_imports_back_with_the_same_coding(tmp_path: Path, layer: str) -> None:
    project = load_project(FIXTURE)
    _export(project, tmp_path / "brat", layer)
    batch = import_paths([tmp_path / "brat"], project.codebook, annotator=layer)
    assert sorted(e.text for e in batch.entries) == sorted(e.text for e in project.entries)
    assert not any(p.endswith(".txt: skipped, not a known file type") for p in batch.problems)
    by_text = {e.text: e.id for e in batch.entries}
    imported = batch.layers[layer]
    exported = gold_layer(project) if layer == GOLD_LAYER else project.layer(layer)
    expected = {by_text[e.text]: _key(exported[e.id]) for e in project.entries if e.id in exported}
    assert {k: _key(a) for k, a in imported.items()} == expected
    assert {d.id for d in batch.dispatches} == {e.dispatch_id for e in project.entries}


def test_round_trip_keeps_spans_across_line_breaks_and_crlf(tmp_path: Path) -> None:
    text = "Convoy reached Gaza\r\nCity; aid for Khan\u2028Younis next."
    project = _project({"d": [text]})
    spans = [
        Span(text.index(w), text.index(w) + len(w), "mention", "LOC")
        for w in ("Gaza\r\nCity", "Khan\u2028Younis")
    ]
    project.set_annotation("ana", "e0", Annotation(values={"actor": ["UNO"]}, spans=spans))
    _export(project, tmp_path / "brat")
    batch = import_paths([tmp_path / "brat"], project.codebook, annotator="ana")
    (entry,) = batch.entries
    assert entry.text == text.replace("\r\n", "\n")
    imported = batch.layers["ana"][entry.id]
    assert [entry.text[s.start : s.end] for s in imported.spans] == ["Gaza\nCity", "Khan\u2028Younis"]
    assert imported.values == {"actor": ["UNO"]}


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        (b"T1\tLOC 0 4\tGaza\n", "line 1: its text does not match"),
        (b"T1\tLOC 5 900\tx\n", "line 1: offsets 5 900 fall outside the text"),
        (b"T1\tLOC five six\tx\n", "line 1: a text-bound annotation needs"),
        (b"T1 LOC 0 4 Aid.\n", "line 1: not an annotation line"),
        (b"\xff\xfeT\x001", "is not UTF-8"),
        (b"Q1\tLOC 0 3\tAid\n", "unknown annotation id 'Q1'"),
    ],
)
def test_broken_ann_files_give_one_line_naming_file_and_line(
    tmp_path: Path, ann: bytes, message: str
) -> None:
    (tmp_path / "doc.txt").write_text("Aid trucks arrived.\n", encoding="utf-8")
    (tmp_path / "doc.ann").write_bytes(ann)
    with pytest.raises(WorkbenchError) as caught:
        import_paths([tmp_path / "doc.ann"], builtin_codebook("plover"), annotator="ana")
    line = str(caught.value)
    assert "\n" not in line and line.startswith(str(tmp_path / "doc.ann")) and message in line


def test_an_ann_without_its_text_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "doc.ann").write_text("T1\tLOC 0 3\tAid\n", encoding="utf-8")
    with pytest.raises(
        WorkbenchError, match=r"doc\.ann: a brat \.ann file needs its text beside it, doc\.txt"
    ):
        import_paths([tmp_path / "doc.ann"], builtin_codebook("plover"))


def test_a_foreign_brat_document_is_one_entry_and_relations_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "colleague"
    folder.mkdir()
    (folder / "story.txt").write_bytes(b"Mira Haddad met Omar Said in Amman.\r\n")
    (folder / "story.ann").write_text(
        "T1\tPER 0 11\tMira Haddad\nT2\tPER 16 25\tOmar Said\nT3\tLOC 29 34\tAmman\n"
        "R1\tmet Arg1:T1 Arg2:T2\nE1\tMeet:T1 Agent:T2\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n",
        encoding="utf-8",
    )
    batch = import_paths([folder], builtin_codebook("plover"))
    (entry,) = batch.entries
    assert entry.text == "Mira Haddad met Omar Said in Amman."
    spans = batch.layers["colleague"][entry.id].spans
    assert [(entry.text[s.start : s.end], s.dimension, s.value) for s in spans] == [
        ("Mira Haddad", "mention", "PER"),
        ("Omar Said", "mention", "PER"),
        ("Amman", "mention", "LOC"),
    ]
    counted = [p for p in batch.problems if "not imported" in p]
    assert any("1 relations" in p for p in counted) and any("1 events" in p for p in counted)
    assert any("1 attributes on spans" in p for p in counted) and any(
        "1 notes on spans" in p for p in counted
    )


def test_an_accepted_alias_span_on_the_actor_dimension_is_a_declared_entity_and_reads_back(
    tmp_path: Path,
) -> None:
    project = _project({"d": ["Late on Monday the Kremlin said no."]})
    project.set_annotation(
        "ana", "e0", Annotation(values={"actor": ["RUS"]}, spans=[Span(19, 26, "actor", "RUS")])
    )
    _export(project, tmp_path / "brat")
    doc = _only(tmp_path / "brat")  # the strict reader refuses an undeclared entity type
    assert [ref for kind, _, ref in doc.textbounds.values() if kind != "Entry"] == ["Kremlin"]
    batch = import_paths([tmp_path / "brat"], project.codebook, annotator="ana")
    [annotation] = batch.layers["ana"].values()
    assert _key(annotation) == ({"actor": ["RUS"]}, [(19, 26, "actor", "RUS")], "")
