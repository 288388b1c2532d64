"""brat export read back by the strict reader in ``brat_strict.py`` (brat's own checks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from brat_strict import read_folder

from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.exporting import ExportOptions, run_export
from workbench.formats.project_file import load_project

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
    if layer not in project.layers:
        layer = next(iter(project.layers))
    _export(project, tmp_path / "brat", layer)
    docs = read_folder(tmp_path / "brat")
    assert len(docs) == len({e.dispatch_id for e in project.entries})
    coded = sum(1 for a in project.layers[layer].values() if a.values)
    entries_with_attributes = {
        (path, target) for path, doc in docs.items() for _, target, _ in doc.attributes
    }
    assert len(entries_with_attributes) == coded
