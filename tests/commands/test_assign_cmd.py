"""``workbench-cli assign``, ``merge --manifest`` and ``progress``: a team's round trip."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from workbench.cli import main
from workbench.core.model import Annotation
from workbench.formats.project.file import load_project, save_project

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-project.json"


def assigned(tmp_path: Path, *extra: str) -> Path:
    folder = tmp_path / "team"
    assert (
        main(["assign", str(SAMPLE), "--coders", "amira,ben", "--seed", "5", "-o", str(folder), *extra]) == 0
    )
    return folder


def code_first(path: Path, coder: str, count: int) -> None:
    project = load_project(path)
    for entry in project.entries[:count]:
        project.set_annotation(coder, entry.id, Annotation(values={"stance": "favor"}, status="done"))
    save_project(project, path)


def test_assign_writes_a_file_per_coder_and_the_manifest(tmp_path: Path, capsys) -> None:
    folder = assigned(tmp_path, "--overlap", "0.25", "--stratify", "dispatch")
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    assert (
        manifest["seed"] == 5
        and manifest["stratify"] == "dispatch"
        and manifest["source"]["file"] == SAMPLE.name
    )
    amira = load_project(folder / "amira.wbproj")
    assert len(amira.entries) == len(manifest["coders"]["amira"]["entries"]) + len(manifest["sample"])
    out = capsys.readouterr().out
    assert (
        f"{folder / 'amira.wbproj'}: {len(manifest['coders']['amira']['entries'])} entries of their own"
        in out
    )


def test_assign_refuses_a_folder_holding_files_unless_forced(tmp_path: Path, capsys) -> None:
    folder = assigned(tmp_path)
    args = ["assign", str(SAMPLE), "--coders", "amira,ben", "-o", str(folder)]
    assert main(args) == 1
    assert (
        capsys.readouterr().err
        == f"workbench-cli: {folder}: folder is not empty (give --force to write into it)\n"
    )
    assert main([*args, "--by-dispatch", "--force"]) == 0
    assert orjson.loads((folder / "manifest.json").read_bytes())["unit"] == "dispatch"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--stratify", "nope"], "sample-project.json: no dimension 'nope'"),
        (["--coders", "amira"], "at least two coders"),
    ],
)
def test_assign_bad_options_are_one_line(tmp_path: Path, capsys, extra: list[str], message: str) -> None:
    args = ["assign", str(SAMPLE), "--coders", "amira,ben", "-o", str(tmp_path / "x"), *extra]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_merge_with_the_manifest_then_progress(tmp_path: Path, capsys) -> None:
    folder = assigned(tmp_path)
    code_first(folder / "amira.wbproj", "amira", 4)
    code_first(folder / "ben.wbproj", "ben", 2)
    merged = tmp_path / "merged.json"
    returned = [str(folder / "amira.wbproj"), str(folder / "ben.wbproj")]
    assert main(["merge", *returned, "--manifest", str(folder / "manifest.json"), "-o", str(merged)]) == 0
    assert set(load_project(merged).annotators()) >= {"amira", "ben"}
    capsys.readouterr()
    assert main(["progress", str(merged), "--json"]) == 0  # the merged file keeps its manifest
    rows = orjson.loads(capsys.readouterr().out)
    assert [(r["coder"], r["done"], r["flagged"]) for r in rows] == [("amira", 4, 0), ("ben", 2, 0)]
    assert main(["progress", str(folder / "ben.wbproj"), "--manifest", str(folder / "manifest.json")]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["coder", "assigned", "done", "flagged", "in", "sample", "sample", "done"]
    assert table[2].split()[:4] == ["ben", table[2].split()[1], "2", "0"]


def test_merge_with_the_manifest_adds_nothing_when_one_file_is_wrong(tmp_path: Path, capsys) -> None:
    folder = assigned(tmp_path)
    code_first(folder / "amira.wbproj", "amira", 4)  # ben coded nothing
    merged = tmp_path / "merged.json"
    returned = [str(folder / "amira.wbproj"), str(folder / "ben.wbproj")]
    assert main(["merge", *returned, "--manifest", str(folder / "manifest.json"), "-o", str(merged)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"workbench-cli: {folder / 'ben.wbproj'}: ben coded nothing",
        f"workbench-cli: {folder / 'manifest.json'}: 1 problem with the returned files; nothing merged",
    ]
    assert not merged.exists()


def test_progress_without_a_manifest_says_so(tmp_path: Path, capsys) -> None:
    assert main(["progress", str(SAMPLE)]) == 1
    assert "no manifest recorded in the project; give --manifest" in capsys.readouterr().err


def test_blind_and_not_blind_are_saved_in_the_project_and_validate_accepts_them(
    tmp_path: Path, capsys
) -> None:
    project = tmp_path / "project.wbproj"
    project.write_bytes(SAMPLE.read_bytes())
    assert main(["assign", str(project), "--blind", "ben", "--blind", "chiara"]) == 0
    assert capsys.readouterr().out.strip() == f"{project}: coding blind: ben, chiara"
    assert load_project(project).meta["blind_annotators"] == ["ben", "chiara"]
    assert main(["assign", str(project), "--not-blind", "ben"]) == 0
    assert load_project(project).meta["blind_annotators"] == ["chiara"]
    assert main(["validate", str(project)]) == 0
    assert "meta.blind_annotators" not in capsys.readouterr().out


def test_blind_given_with_coders_goes_into_every_coders_file(tmp_path: Path) -> None:
    project = tmp_path / "project.wbproj"
    project.write_bytes(SAMPLE.read_bytes())
    folder = tmp_path / "team"
    args = [
        "assign",
        str(project),
        "--coders",
        "amira,ben",
        "--seed",
        "5",
        "-o",
        str(folder),
        "--blind",
        "ben",
    ]
    assert main(args) == 0
    assert load_project(folder / "amira.wbproj").meta["blind_annotators"] == ["ben"]
    assert load_project(project).meta["blind_annotators"] == ["ben"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --coders (with -o FOLDER) to split the project, or --blind/--not-blind NAME"),
        (["--coders", "amira,ben"], "--coders needs -o FOLDER to write the coders' files into"),
        (["--blind", "ben", "--not-blind", "ben"], "'ben' is given both --blind and --not-blind"),
    ],
)
def test_assign_without_work_or_with_a_contradiction_is_one_line(
    tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    project = tmp_path / "project.wbproj"
    project.write_bytes(SAMPLE.read_bytes())
    assert main(["assign", str(project), *args]) == 1
    assert capsys.readouterr().err == f"workbench-cli: {message}\n"
    assert project.read_bytes() == SAMPLE.read_bytes()


def test_validate_refuses_blind_annotators_that_are_not_a_list_of_names(tmp_path: Path, capsys) -> None:
    path = tmp_path / "project.wbproj"
    project = load_project(SAMPLE)
    project.meta["blind_annotators"] = "ben"
    save_project(project, path)
    assert main(["validate", str(path)]) == 1
    assert "meta.blind_annotators: expected a list of annotator names (error)" in capsys.readouterr().out
