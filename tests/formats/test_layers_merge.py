"""Merging analysts' layers: matching by id and by text, clashes, reports, undo."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.oracles import CommandStack, entry_record
from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project, Span
from workbench.formats.project.file import save_project
from workbench.formats.project.merging import (
    MergeLayers,
    codebook_differences,
    combine,
    plan_merge,
    read_source,
)

TEXTS = ["Envoys met at dawn in the border town.", "Rockets hit the depot.", "The ceasefire held overnight."]


def project_with(
    annotator: str, stances: list[str | None], modified: str = "2026-01-01T00:00:00Z"
) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch("d-1", "The Latest: talks")
    project.entries = [Entry(f"e-{i}", "d-1", i, None, None, text) for i, text in enumerate(TEXTS)]
    for i, stance in enumerate(stances):
        if stance:
            ann = Annotation(values={"stance": stance}, modified=modified)
            project.set_annotation(annotator, f"e-{i}", ann)
    return project


def test_layers_of_another_project_are_added(tmp_path: Path) -> None:
    target = project_with("ana", ["favor", "against", None])
    other = tmp_path / "bo.json"
    save_project(project_with("bo", ["favor", "neutral", "favor"]), other)
    plan = plan_merge(target, read_source(other), add_unmatched=False)
    stack = CommandStack(target)
    stack.push(MergeLayers(plan))
    assert target.layer("bo")["e-1"].values == {"stance": "neutral"}
    assert plan.report.added == 3 and not plan.report.unmatched
    stack.undo()
    assert not target.has_layer("bo")
    assert target.layer("ana")["e-0"].values == {"stance": "favor"}


def test_entries_are_matched_by_text_when_ids_differ_and_spans_follow(tmp_path: Path) -> None:
    target = project_with("ana", ["favor", None, None])
    incoming = project_with("bo", ["against", None, None])
    # a colleague's copy: different ids, re-wrapped white space
    for entry in incoming.entries:
        entry.id = "x" + entry.id
        entry.text = entry.text.replace(" ", "  ")
    incoming.set_layer("bo", {"x" + k: v for k, v in incoming.layer("bo").items()})
    incoming.layer("bo")["xe-0"].spans = [Span(0, 6, "mention", "PER")]  # "Envoys"
    incoming.entries_changed()
    path = tmp_path / "bo.json"
    save_project(incoming, path)
    plan = plan_merge(target, read_source(path), add_unmatched=False)
    MergeLayers(plan).redo(target)
    assert plan.report.matched_by_text == 3
    gold_span = target.layer("bo")["e-0"].spans[0]
    assert TEXTS[0][gold_span.start : gold_span.end] == "Envoys"


def test_unmatched_entries_are_reported_not_dropped(tmp_path: Path) -> None:
    target = project_with("ana", ["favor", None, None])
    incoming = project_with("bo", ["against", "favor", None])
    incoming.entries[1].text = "A different entry entirely."
    incoming.entries[1].id = "e-other"
    incoming.layer("bo")["e-other"] = incoming.layer("bo").pop("e-1")
    incoming.entries_changed()
    path = tmp_path / "bo.json"
    save_project(incoming, path)
    plan = plan_merge(target, read_source(path), add_unmatched=False)
    assert plan.report.unmatched == ["e-other"]
    assert any("1 entries match nothing" in line and "e-other" in line for line in plan.report.lines())
    union = plan_merge(target, read_source(path), add_unmatched=True)
    assert union.report.added_entries == ["e-other"]


def test_same_annotator_in_both_merges_per_entry_keeping_the_newer(tmp_path: Path) -> None:
    target = project_with("ana", ["favor", "against", None], modified="2026-01-02T00:00:00Z")
    target.layer("ana")["e-1"].modified = "2026-01-01T00:00:00Z"
    incoming = project_with("ana", ["neutral", "neutral", "favor"], modified="2026-01-01T12:00:00Z")
    path = tmp_path / "ana-laptop.json"
    save_project(incoming, path)
    plan = plan_merge(target, read_source(path), add_unmatched=False)
    MergeLayers(plan).redo(target)
    assert plan.report.shared_layers == ["ana"]
    assert target.layer("ana")["e-0"].values["stance"] == "favor"  # ours is newer: kept
    assert target.layer("ana")["e-1"].values["stance"] == "neutral"  # theirs is newer: taken
    assert target.layer("ana")["e-2"].values["stance"] == "favor"  # only theirs: added
    assert (plan.report.kept_conflicts, plan.report.replaced_by_newer, plan.report.added) == (1, 1, 1)


def test_jsonl_records_become_layers(tmp_path: Path) -> None:
    source = project_with("bo", ["favor", None, "against"])
    lines = [
        orjson.dumps(
            entry_record(e, source.dispatches["d-1"], "bo", source.annotation("bo", e.id), source.codebook)
        )
        for e in source.entries
    ]
    path = tmp_path / "bo.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    target = project_with("ana", ["favor", None, None])
    plan = plan_merge(target, read_source(path), add_unmatched=False)
    MergeLayers(plan).redo(target)
    assert {k: v.values for k, v in target.layer("bo").items()} == {
        "e-0": {"stance": "favor"},
        "e-2": {"stance": "against"},
    }


def test_codebooks_with_different_names_are_refused_with_the_differences(tmp_path: Path) -> None:
    other = project_with("bo", ["favor", None, None])
    other.codebook = builtin_codebook("cameo")
    path = tmp_path / "bo.json"
    save_project(other, path)
    with pytest.raises(WorkbenchError, match="codebooks differ: names differ"):
        plan_merge(project_with("ana", []), read_source(path), add_unmatched=False)
    assert any("only in" in d for d in codebook_differences(builtin_codebook("plover"), other.codebook))


def test_combine_builds_one_project_from_several(tmp_path: Path) -> None:
    paths = []
    for name, stances in (("ana", ["favor", None, None]), ("bo", [None, "against", None])):
        path = tmp_path / f"{name}.json"
        save_project(project_with(name, stances), path)
        paths.append(str(path))
    project, reports = combine(paths)
    assert set(project.annotators()) == {"ana", "bo"}
    assert len(project.entries) == 3 and list(project.dispatches) == ["d-1"]
    assert reports[1].added == 1


def test_unreadable_source_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        read_source(path)
    assert "notes.xyz" in caught.value.line()


def test_label_studio_export_lines_up_by_text() -> None:
    """Another tool's export has its own ids: its layers land on our entries by their text."""
    export = Path(__file__).resolve().parent.parent / "data" / "import" / "label-studio.json"
    source = read_source(export)
    first = source.batch.entries[0]
    target = project_with("ana", [])
    target.entries.append(Entry("e-ours", "d-1", 3, None, None, "  " + first.text.replace(" ", "\n", 1)))
    target.entries_changed()
    plan = plan_merge(target, source, add_unmatched=False)
    MergeLayers(plan).redo(target)
    assert plan.report.matched_by_text == 1
    assert len(plan.report.unmatched) == len(source.batch.entries) - 1
    layer = next(name for name, layer in source.batch.layers.items() if first.id in layer)
    ours = target.layer(layer)["e-ours"]
    text = target.entry("e-ours").text
    assert [text[s.start : s.end] for s in ours.spans] == [
        first.text[s.start : s.end] for s in source.batch.layers[layer][first.id].spans
    ]
    assert ours.spans  # the export marks "Turkey"; it moved past the added white space


def test_the_report_names_gold_apart_from_the_annotators(tmp_path: Path) -> None:
    reviewed = project_with("bo", ["favor", None, None])
    reviewed.set_annotation("gold", "e-0", Annotation(values={"stance": "favor"}, status="done"))
    other = tmp_path / "bo.json"
    save_project(reviewed, other)
    plan = plan_merge(project_with("ana", ["favor", None, None]), read_source(other), add_unmatched=False)
    assert plan.report.lines()[0].startswith(f"{other}: annotators bo, and a gold layer;")
