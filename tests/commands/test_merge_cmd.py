"""``workbench-cli merge``: several analysts' projects into one holding every layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.codebook import builtin_codebook
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.project.file import load_project, save_project


def analyst(name: str, stances: dict[int, str], extra_entry: bool = False) -> Project:
    project = Project(codebook=builtin_codebook("plover"))
    project.dispatches["d-1"] = Dispatch("d-1", "The Latest: sample")
    project.entries = [
        Entry(f"e-{i}", "d-1", i, None, None, f"Entry number {i} of the sample.") for i in range(3)
    ]
    if extra_entry:
        project.dispatches["d-2"] = Dispatch("d-2", "The Latest: other")
        project.entries.append(Entry("e-new", "d-2", 0, None, None, "Only one analyst imported this."))
    for i, stance in stances.items():
        project.set_annotation(name, f"e-{i}", Annotation(values={"stance": stance}))
    return project


def test_merge_writes_every_layer_and_the_union_of_entries(tmp_path: Path, capsys) -> None:
    first, second, out = tmp_path / "ana.json", tmp_path / "bo.json", tmp_path / "all.json"
    save_project(analyst("ana", {0: "favor", 1: "against"}), first)
    save_project(analyst("bo", {0: "favor", 2: "neutral"}, extra_entry=True), second)
    assert main(["merge", str(first), str(second), "-o", str(out)]) == 0
    merged = load_project(out)
    assert set(merged.annotators()) == {"ana", "bo", "gold"}
    assert merged.layer("gold")["e-0"].values == {"stance": "favor"}  # both said favor: agreed from the start
    assert [e.id for e in merged.entries] == ["e-0", "e-1", "e-2", "e-new"]
    assert set(merged.dispatches) == {"d-1", "d-2"}
    assert merged.layer("bo")["e-2"].values == {"stance": "neutral"}
    text = capsys.readouterr().out
    assert "1 entries not in the project were added" in text
    assert "wrote" in text and "annotators ana (2), bo (2); gold 1 entries (1 with nothing open)" in text


def test_merge_refuses_different_codebooks_and_writes_nothing(tmp_path: Path, capsys) -> None:
    first, second, out = tmp_path / "ana.json", tmp_path / "bo.json", tmp_path / "all.json"
    save_project(analyst("ana", {0: "favor"}), first)
    other = analyst("bo", {0: "favor"})
    other.codebook = builtin_codebook("cameo")
    save_project(other, second)
    assert main(["merge", str(first), str(second), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "codebooks differ" in err and "bo.json" in err
    assert not out.exists()


@pytest.mark.parametrize("content", ["", "{not json"])
def test_bad_input_is_one_line(tmp_path: Path, capsys, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["merge", str(bad), "-o", str(tmp_path / "out.json")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
