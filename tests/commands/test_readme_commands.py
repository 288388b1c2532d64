"""Every ``workbench-cli`` command README.md shows runs, as written, on the bundled sample project.

The commands are read from the README itself, so a README edit that shows a form the CLI
refuses fails here. Each command runs bare (only what is not in brackets), and once per
alternative of its ``a|b|c`` choices with every bracketed option given.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import orjson
import pytest

from workbench.cli import main
from workbench.formats.project.file import load_project

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SAMPLES = REPO / "resources" / "samples"
SAMPLE_PROJECT = SAMPLES / "sample-project.json"
SAMPLE_ANNOTATOR = "amira"  # one of the sample's two coders
SAMPLE_DISPATCH = "d-be7bc614cf31829e"  # the sample's cease-fire live blog
TABLE_ROW = re.compile(r"^\| `([a-z][a-z-]* [^`]*)` \|")
INLINE = re.compile(r"`workbench-cli ([a-z][a-z-]* [^`]+)`")


def readme_commands() -> list[str]:
    """Commands in the README's table and in its prose; a bare ``workbench-cli merge`` only names one."""
    text = README.read_text(encoding="utf-8")
    found = [m.group(1) for line in text.splitlines() if (m := TABLE_ROW.match(line))]
    found += INLINE.findall(text)
    return [command.replace("\\|", "|") for command in found]


def parse(command: str) -> list[tuple[bool, list[str]]]:
    """The command as (optional?, tokens) groups; ``[a b]`` is one optional group."""
    groups: list[tuple[bool, list[str]]] = []
    for required, optional in re.findall(r"([^\[\]]+)|\[([^\[\]]+)\]", command):
        groups.append((bool(optional), (optional or required).split()))
    return groups


def variants(command: str) -> list[list[str]]:
    groups = parse(command)
    bare = [token for optional, tokens in groups if not optional for token in tokens]
    widest = max((len(token.split("|")) for _, tokens in groups for token in tokens), default=1)
    runs = [bare]
    for choice in range(widest):
        every = [token for _, tokens in groups for token in tokens]
        runs.append([_pick(token, choice) for token in every])
    return [[_pick(token, 0) for token in run] for run in runs]


def _pick(token: str, choice: int) -> str:
    options = token.split("|")
    return options[min(choice, len(options) - 1)]


def substitute(tokens: list[str], work: Path) -> list[str]:
    """Placeholders become real paths and names; whatever follows ``-o`` is a new file."""
    work.mkdir()
    project = work / "project.json"
    shutil.copy(SAMPLE_PROJECT, project)
    other = work / "colleague.json"
    shutil.copy(SAMPLE_PROJECT, other)
    values = {
        "PROJECT": [str(project)],
        "FILES_OR_FOLDERS...": [str(p) for p in sorted(SAMPLES.glob("*.txt"))],
        "FILES...": [str(project)],
        "PROJECTS...": [str(project), str(other)],
        "FILE": [str(REPO / "resources" / "codebooks" / "plover.json")],
        "NAME": [SAMPLE_ANNOTATOR],
        "DIMENSION": ["stance"],
        "D": ["stance"],
        "OUT": [str(work / "written")],
        "DISPATCH_ID": [SAMPLE_DISPATCH],
        "YYYY-MM-DD": ["2024-03-11"],
    }
    if "PREDICTIONS" in tokens:  # a model's scores for the sample's first entry
        first = load_project(SAMPLE_PROJECT).entries[0].id
        row = {"id": first, "dimension": "stance", "value": "neutral", "score": 0.7}
        values["PREDICTIONS"] = [str(work / "predictions.jsonl")]
        (work / "predictions.jsonl").write_bytes(orjson.dumps(row) + b"\n")
    if "MANIFEST" in tokens:  # a merged project keeps its manifest; the sample's is made here
        team = work / "team"
        assert main(["assign", str(project), "--coders", "amira,ben", "--seed", "1", "-o", str(team)]) == 0
        values["MANIFEST"] = [str(team / "manifest.json")]
    out: list[str] = []
    for before, token in zip(["", *tokens], tokens, strict=False):
        if before == "-o":
            out.append(str(work / "out"))
        elif token in values:
            out += values[token]
        else:
            assert not re.fullmatch(r"[A-Z_]+(\.\.\.)?", token), f"unknown README placeholder {token}"
            out.append(token)
    return out


def test_the_readme_shows_each_sub_command() -> None:
    shown = {command.split()[0] for command in readme_commands()}
    assert shown == {
        "import",
        "stats",
        "set-date",
        "validate",
        "export",
        "agree",
        "merge",
        "assign",
        "progress",
        "import-predictions",
    }


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_on_the_sample(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for number, tokens in enumerate(variants(command)):
        args = substitute(tokens, tmp_path / f"run{number}")
        try:
            code = main(args)
        except SystemExit as usage:  # argparse refuses a form the README shows
            code = usage.code
        assert code == 0, f"workbench-cli {' '.join(tokens)}: exit {code}: {capsys.readouterr().err}"
