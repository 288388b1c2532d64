"""Splitting a project among coders with a reliability sample, and checking the returned files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest

from workbench.core.codebook import builtin_codebook
from workbench.core.errors import WorkbenchError
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.project.assignment_checks import check_returns, progress
from workbench.formats.project.assignments import (
    assign,
    assigned_entries,
    load_manifest,
    parse_coders,
    write_assignment,
)
from workbench.formats.project.file import load_project, save_project
from workbench.formats.project.merging import read_source

SIZES = (7, 13, 20, 3, 1)  # uneven dispatches, one of a single entry
STANCES = ("favor", "against", "neutral")


def corpus() -> Project:
    """Five dispatches of uneven size; a first-pass layer codes stance on most entries."""
    project = Project(codebook=builtin_codebook("plover"))
    n = 0
    for d, size in enumerate(SIZES):
        project.dispatches[f"d-{d}"] = Dispatch(f"d-{d}", f"The Latest: story {d}")
        for position in range(size):
            project.entries.append(Entry(f"e-{n}", f"d-{d}", position, None, None, f"Made-up entry {n}."))
            if n % 5:
                project.set_annotation("pre", f"e-{n}", Annotation(values={"stance": STANCES[n % 3]}))
            n += 1
    return project


def shares(manifest: dict) -> dict[str, list[str]]:
    return {coder: info["entries"] for coder, info in manifest["coders"].items()}


@pytest.mark.parametrize("coders", [["amira", "ben"], ["amira", "ben", "chiara"], list("abcdefg")])
@pytest.mark.parametrize(
    ("unit", "stratify"), [("entry", None), ("entry", "dispatch"), ("entry", "stance"), ("dispatch", None)]
)
@pytest.mark.parametrize("overlap", [0.0, 0.2, 0.5, 1.0])
def test_every_entry_is_coded_once_outside_the_sample_and_the_sample_by_everyone(
    coders: list[str], unit: str, stratify: str | None, overlap: float
) -> None:
    project = corpus()
    result = assign(project, coders, overlap=overlap, unit=unit, stratify=stratify, seed=11)  # type: ignore[arg-type]
    manifest = result.manifest
    sample = manifest["sample"]
    counted = Counter(entry_id for ids in shares(manifest).values() for entry_id in ids)
    everything = {e.id for e in project.entries}
    assert set(counted) | set(sample) == everything
    assert all(n == 1 for n in counted.values())
    assert not set(counted) & set(sample)
    for coder in coders:
        file = result.projects[coder]
        assert [e.id for e in file.entries] == [
            e.id for e in project.entries if e.id in set(assigned_entries(manifest, coder))
        ]
        assert set(sample) <= {e.id for e in file.entries}
        assert file.annotators() == []  # nobody's coding travels, not even the first pass
        assert set(file.dispatches) == {e.dispatch_id for e in file.entries}
        assert file.codebook == project.codebook and file.codebook is not project.codebook
    if unit == "dispatch":
        units = {d: [e.id for e in project.entries if e.dispatch_id == d] for d in project.dispatches}
        whole = [set(ids) <= set(sample) or not set(ids) & set(sample) for ids in units.values()]
        assert all(whole)
        dealt = [len({project.entry(i).dispatch_id for i in ids}) for ids in shares(manifest).values()]
        assert max(dealt) - min(dealt) <= 1
        assert len({project.entry(i).dispatch_id for i in sample}) == round(overlap * len(SIZES))
    else:
        sizes = [len(ids) for ids in shares(manifest).values()]
        assert max(sizes) - min(sizes) <= 1
        assert len(sample) == round(overlap * len(project.entries))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("stratify", ["dispatch", "stance"])
def test_the_sample_holds_each_stratum_within_one_entry_of_its_share(seed: int, stratify: str) -> None:
    project = corpus()
    sample = set(
        assign(project, ["a", "b", "c"], overlap=0.3, stratify=stratify, seed=seed).manifest["sample"]
    )
    layer = project.layer("pre") or {}

    def stratum(entry: Entry) -> str:
        if stratify == "dispatch":
            return entry.dispatch_id
        ann = layer.get(entry.id)
        return str(ann.values["stance"]) if ann else "(not coded)"

    strata = Counter(stratum(e) for e in project.entries)
    drawn = Counter(stratum(e) for e in project.entries if e.id in sample)
    assert len(strata) > 2
    for name, size in strata.items():
        assert abs(drawn[name] - 0.3 * size) < 1, (name, size, drawn[name])


def test_the_same_seed_gives_the_same_split_and_another_seed_another() -> None:
    first = assign(corpus(), ["a", "b", "c"], seed=7, stratify="dispatch").manifest
    again = assign(corpus(), ["a", "b", "c"], seed=7, stratify="dispatch").manifest
    other = assign(corpus(), ["a", "b", "c"], seed=8, stratify="dispatch").manifest
    del first["created"], again["created"]
    assert first == again
    assert other["sample"] != first["sample"] and other["id"] != first["id"]


def test_an_unseeded_split_records_its_seed_so_it_can_be_made_again() -> None:
    drawn = assign(corpus(), ["a", "b"]).manifest
    again = assign(corpus(), ["a", "b"], seed=drawn["seed"]).manifest
    assert isinstance(drawn["seed"], int) and again["sample"] == drawn["sample"]
    assert shares(again) == shares(drawn)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"overlap": 1.5}, "overlap must be between 0 and 1"),
        ({"stratify": "nope"}, "no dimension 'nope'"),
        ({"stratify": "dispatch", "unit": "dispatch"}, "stratify by entry units only"),
    ],
)
def test_bad_options_are_refused_in_one_line(options: dict, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message):
        assign(corpus(), ["a", "b"], **options)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("amira", "at least two coders"),
        ("amira,amira", "named twice"),
        ("amira,ben/x", "may hold only"),
        ("a,gold", "reviewers"),
    ],
)
def test_coder_names_must_be_distinct_plain_names(text: str, message: str) -> None:
    with pytest.raises(WorkbenchError, match=message):
        parse_coders(text)
    assert parse_coders(" amira, ben ,chiara") == ["amira", "ben", "chiara"]


def written(tmp_path: Path, coders: tuple[str, ...] = ("amira", "ben")) -> tuple[Path, dict]:
    folder = tmp_path / "out"
    result = assign(corpus(), list(coders), overlap=0.25, seed=3)
    write_assignment(result, folder)
    return folder, result.manifest


def code(path: Path, coder: str, entry_ids: list[str], *, status: str = "done") -> None:
    """What a coder does at home: open the file, code some entries, save."""
    project = load_project(path)
    for entry_id in entry_ids:
        project.set_annotation(coder, entry_id, Annotation(values={"stance": "favor"}, status=status))  # type: ignore[arg-type]
    save_project(project, path)


def test_write_assignment_refuses_a_folder_holding_files_unless_forced(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["amira.wbproj", "ben.wbproj", "manifest.json"]
    assert load_manifest(folder / "manifest.json") == manifest
    result = assign(corpus(), ["amira", "ben"], seed=4)
    with pytest.raises(WorkbenchError, match="not empty"):
        write_assignment(result, folder)
    write_assignment(result, folder, force=True)
    assert load_manifest(folder / "manifest.json")["seed"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{oops", "not valid JSON"),
        (b"[]", "not an assignment manifest"),
        (b'{"format": "workbench-assignments", "version": 9}', "manifest version 9"),
        (b'{"format": "workbench-assignments", "version": 1}', "id: missing"),
    ],
)
def test_a_bad_manifest_is_one_line_naming_it(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(WorkbenchError, match=message) as caught:
        load_manifest(path)
    assert str(path) in caught.value.line() and "\n" not in caught.value.line()


def test_a_manifest_with_a_broken_share_names_the_coder(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path)
    manifest["coders"]["ben"]["entries"] = "e-1"
    (folder / "manifest.json").write_bytes(orjson.dumps(manifest))
    with pytest.raises(WorkbenchError, match=r"coders\.ben: must have a file name"):
        load_manifest(folder / "manifest.json")


def problems_of(folder: Path, manifest: dict, paths: list[Path]) -> list[str]:
    return [p.line() for p in check_returns(manifest, "manifest.json", [read_source(p) for p in paths])]


def test_returned_files_coded_as_assigned_pass(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path)
    for coder in ("amira", "ben"):
        code(folder / f"{coder}.wbproj", coder, assigned_entries(manifest, coder)[:3])
    assert problems_of(folder, manifest, [folder / "amira.wbproj", folder / "ben.wbproj"]) == []


def test_each_problem_with_returned_files_is_a_line_naming_the_file(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path, ("amira", "ben", "chiara"))
    amira, ben = folder / "amira.wbproj", folder / "ben.wbproj"
    not_hers = manifest["coders"]["ben"]["entries"][0]
    project = load_project(amira)
    project.entries.append(load_project(ben).entry(not_hers))
    project.entries_changed()
    save_project(project, amira)
    code(amira, "amira", [manifest["sample"][0], not_hers])
    code(ben, "zed", manifest["sample"][:1])  # coded under the wrong name
    stranger = tmp_path / "stranger.json"
    save_project(corpus(), stranger)
    problems = problems_of(folder, manifest, [amira, ben, stranger])
    assert problems == [
        f"{amira}: 1 entries coded that were not assigned to amira: {not_hers}",
        f"{ben}: holds 1 annotations by 'zed', not by the assigned coder 'ben'",
        f"{ben}: ben coded nothing",
        f"{stranger}: not a coder's file from an assignment (its meta names no assignment)",
        "manifest.json: no returned file from chiara",
    ]


def test_another_project_another_split_a_changed_codebook_and_a_file_twice_are_named(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path)
    amira, ben = folder / "amira.wbproj", folder / "ben.wbproj"
    code(amira, "amira", manifest["sample"][:1])
    code(ben, "ben", manifest["sample"][:1])
    other = assign(corpus(), ["amira", "ben"], seed=99)
    write_assignment(other, tmp_path / "other")
    elsewhere = Project(codebook=builtin_codebook("plover"))
    elsewhere.entries = [Entry("e-x", "d-x", 0, None, None, "Another corpus.")]
    elsewhere.dispatches["d-x"] = Dispatch("d-x", "Elsewhere")
    foreign = assign(elsewhere, ["amira", "ben"], overlap=0, seed=1)
    write_assignment(foreign, tmp_path / "foreign")
    changed = load_project(ben)
    dropped = changed.codebook.dimensions.pop().key
    save_project(changed, ben)
    problems = problems_of(
        folder,
        manifest,
        [amira, ben, amira, tmp_path / "other" / "ben.wbproj", tmp_path / "foreign" / "ben.wbproj"],
    )
    # what changed is said, not only that something did
    assert (
        problems[0]
        == f"{ben}: codebook differs from the one assigned: dimension '{dropped}' only in 'plover'"
    )
    assert problems[1] == f"{amira}: coder 'amira' was already returned by {amira}"
    assert problems[2].startswith(
        f"{tmp_path / 'other' / 'ben.wbproj'}: from another assignment of this project"
    )
    assert (
        problems[3]
        == f"{tmp_path / 'foreign' / 'ben.wbproj'}: from another project: its corpus is not the one the manifest split"
    )
    assert len(problems) == 4


def test_progress_counts_assigned_done_flagged_and_the_sample(tmp_path: Path) -> None:
    folder, manifest = written(tmp_path)
    amira = folder / "amira.wbproj"
    code(amira, "amira", manifest["sample"][:2])
    code(amira, "amira", manifest["coders"]["amira"]["entries"][:3], status="flagged")
    rows = progress(load_project(amira), manifest)
    assert [row.as_dict() for row in rows] == [
        {
            "coder": "amira",
            "assigned": len(assigned_entries(manifest, "amira")),
            "done": 2,
            "flagged": 3,
            "in_sample": len(manifest["sample"]),
            "sample_done": 2,
        },
        {
            "coder": "ben",
            "assigned": len(assigned_entries(manifest, "ben")),
            "done": 0,
            "flagged": 0,
            "in_sample": len(manifest["sample"]),
            "sample_done": 0,
        },
    ]
    with pytest.raises(WorkbenchError, match="another project"):
        progress(Project(codebook=builtin_codebook("plover")), manifest)
