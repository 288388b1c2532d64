"""Codebooks: the built-in schemes match the published standards; bad files say what is wrong."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from workbench.core.codebook import (
    BUILTIN_CODEBOOKS,
    builtin_codebook,
    check_aliases,
    check_key,
    codebook_from_dict,
    codebook_to_dict,
    key_from_label,
    load_codebook,
)
from workbench.core.errors import WorkbenchError

PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",  # verbal cooperation
    "COOPERATE", "AID", "RETREAT",  # material cooperation
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",  # verbal conflict
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",  # material conflict
]  # fmt: skip
CAMEO_ROOTS = [
    "MAKE PUBLIC STATEMENT", "APPEAL", "EXPRESS INTENT TO COOPERATE", "CONSULT",
    "ENGAGE IN DIPLOMATIC COOPERATION", "ENGAGE IN MATERIAL COOPERATION", "PROVIDE AID", "YIELD",
    "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "EXHIBIT FORCE POSTURE",
    "REDUCE RELATIONS", "COERCE", "ASSAULT", "FIGHT", "USE UNCONVENTIONAL MASS VIOLENCE",
]  # fmt: skip


def test_plover_has_the_sixteen_event_types_in_quad_order() -> None:
    event_type = builtin_codebook("plover").dimension("event_type")
    assert event_type is not None and event_type.kind == "multi"
    assert event_type.keys() == PLOVER_TYPES


def test_cameo_has_the_twenty_roots_in_order() -> None:
    event_type = builtin_codebook("cameo").dimension("event_type")
    assert event_type is not None
    assert event_type.keys() == [f"{n:02d}" for n in range(1, 21)]
    for number, (value, name) in enumerate(zip(event_type.values, CAMEO_ROOTS, strict=True), start=1):
        assert value.label.upper() == f"{number:02d} {name}"


@pytest.mark.parametrize("name", ["plover", "cameo"])
def test_shared_dimensions(name: str) -> None:
    codebook = builtin_codebook(name)
    assert [d.key for d in codebook.dimensions] == ["stance", "actor", "event_type", "mention"]
    stance = codebook.dimension("stance")
    assert stance is not None
    assert (stance.kind, stance.ordered, stance.keys()) == ("single", True, ["against", "neutral", "favor"])
    assert stance.target
    actor = codebook.dimension("actor")
    assert actor is not None and actor.kind == "multi" and actor.open
    assert {"RUS", "TUR", "IRN", "USA", "UNO", "SYR GOV", "SYR REB"} <= set(actor.keys())
    mention = codebook.dimension("mention")
    assert mention is not None and mention.kind == "span" and mention.keys() == ["PER", "ORG", "LOC"]


@pytest.mark.parametrize("name", ["plover", "cameo"])
def test_builtin_shortcuts_never_collide_within_a_dimension(name: str) -> None:
    for dimension in builtin_codebook(name).dimensions:
        shortcuts = [v.shortcut for v in dimension.values if v.shortcut]
        assert len(shortcuts) == len(set(shortcuts)), dimension.key


def test_load_codebook_by_name_and_from_a_user_file(tmp_path: Path) -> None:
    assert load_codebook("cameo").name == "cameo"
    user = {
        "format": "workbench-codebook",
        "version": 1,
        "name": "frames",
        "label": "News frames",
        "dimensions": [
            {
                "key": "frame",
                "kind": "single",
                "values": [
                    {"key": "conflict", "colour": "#aa0000", "shortcut": "1"},
                    {"key": "human interest", "label": "Human interest", "shortcut": "2"},
                ],
            }
        ],
    }
    path = tmp_path / "frames.json"
    path.write_bytes(orjson.dumps(user))
    codebook = load_codebook(str(path))
    frame = codebook.dimension("frame")
    assert codebook.label == "News frames" and frame is not None
    assert frame.keys() == ["conflict", "human interest"]
    assert frame.value("conflict").label == "conflict"  # label defaults to the key
    assert frame.value("human interest").colour == "#888888"
    # The written form loads back to the same codebook.
    path.write_bytes(orjson.dumps(codebook_to_dict(codebook)))
    assert load_codebook(str(path)) == codebook


def _dimension(**changes: object) -> dict[str, object]:
    dimension: dict[str, object] = {"key": "frame", "kind": "single", "values": [{"key": "a"}, {"key": "b"}]}
    dimension.update(changes)
    return dimension


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (b"", "", "not valid JSON"),
        (b'{"dimensions": [', "", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "", "not valid JSON"),
        (b"[]", "codebook", "expected an object"),
        (b"{}", "codebook", "'dimensions' must be a list"),
        (orjson.dumps({"dimensions": [[]]}), "codebook.dimensions[0]", "expected an object"),
        (orjson.dumps({"dimensions": [{"kind": "single"}]}), "codebook.dimensions[0]", "missing 'key'"),
        (
            orjson.dumps({"dimensions": [_dimension(kind="scale")]}),
            "codebook.dimensions[0]",
            "kind must be one of",
        ),
        (orjson.dumps({"dimensions": [_dimension(), _dimension()]}), "codebook.dimensions[1]", "repeated"),
        (
            orjson.dumps({"dimensions": [_dimension(key=3)]}),
            "codebook.dimensions[0]",
            "'key' must be a string",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values={})]}),
            "codebook.dimensions[0]",
            "'values' must be a list",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a"}, {"key": "a"}])]}),
            "codebook.dimensions[0].values[1]",
            "value key 'a' is empty or repeated",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "colour": "red"}])]}),
            "codebook.dimensions[0].values[0]",
            "colour 'red' is not #rrggbb",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "aliases": "Moscow"}])]}),
            "codebook.dimensions[0].values[0]",
            "'aliases' must be a list of strings",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "aliases": ["Moscow", 3]}])]}),
            "codebook.dimensions[0].values[0]",
            "'aliases' must be a list of strings",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "aliases": ["  "]}])]}),
            "codebook.dimensions[0].values[0]",
            "must be a non-empty name on one line without a comma",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "aliases": ["Korea, South"]}])]}),
            "codebook.dimensions[0].values[0]",
            "without a comma",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(values=[{"key": "a", "aliases": ["Mos\ncow"]}])]}),
            "codebook.dimensions[0].values[0]",
            "on one line",
        ),
        (
            orjson.dumps(
                {"dimensions": [_dimension(values=[{"key": "a", "aliases": ["Kremlin", "kremlin"]}])]}
            ),
            "codebook.dimensions[0].values[0]",
            "alias 'kremlin' is repeated",
        ),
        (
            orjson.dumps({"dimensions": [_dimension(ordered="yes")]}),
            "codebook.dimensions[0]",
            "'ordered' must be true or false",
        ),
    ],
)
def test_bad_codebook_files_name_file_place_and_problem(
    tmp_path: Path, content: bytes, where: str, what: str
) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(content)
    with pytest.raises(WorkbenchError) as caught:
        load_codebook(str(path))
    line = caught.value.line()
    expected_start = f"{path}: {where}: " if where else f"{path}: "
    assert line.startswith(expected_start), line
    assert what in line
    assert "\n" not in line


def test_missing_codebook_file_and_unknown_builtin(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match=r"nothing\.json: No such file"):
        load_codebook(str(tmp_path / "nothing.json"))
    with pytest.raises(WorkbenchError, match="unknown codebook 'gdelt'; built in: plover, cameo"):
        builtin_codebook("gdelt")


def test_the_example_in_the_codebook_documentation_loads(tmp_path: Path) -> None:
    """The documented example is what people copy; it must stay a working codebook."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "codebook-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "frames.json"
    path.write_text(example, encoding="utf-8")
    codebook = load_codebook(str(path))
    assert [(d.key, d.kind) for d in codebook.dimensions] == [
        ("frame", "single"),
        ("tone", "single"),
        ("source", "multi"),
        ("quote", "span"),
    ]
    tone = codebook.dimension("tone")
    assert tone.ordered and tone.target == "the relief effort" and tone.value("neutral").label == "neutral"
    assert codebook.dimension("source").open


@pytest.mark.parametrize("key", ["a\nb", "tab\there", "bell\x07", " padded", "a:b"])
def test_a_codebook_file_with_a_key_that_would_forge_exports_is_refused(tmp_path: Path, key: str) -> None:
    data = codebook_to_dict(builtin_codebook("plover"))
    data["dimensions"][1]["values"][0]["key"] = key
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(WorkbenchError) as caught:
        load_codebook(str(path))
    assert "value key" in caught.value.line() and "\n" not in caught.value.line()
    assert str(path) in caught.value.line()


def test_a_typed_label_gets_a_key_the_key_rule_accepts() -> None:
    assert key_from_label("Smith, John: Jr") == "SMITH JOHN JR"
    assert key_from_label("line\nbreak\ttab") == "LINE BREAK TAB"
    assert key_from_label("rus", taken=["RUS"]) == "RUS 2"
    assert check_key(key_from_label("a\x00b")) == "A B"
    with pytest.raises(WorkbenchError):
        key_from_label(" ,: ")


def test_aliases_are_read_tidied_and_written_back_only_where_there_are_some() -> None:
    data = {
        "dimensions": [
            _dimension(values=[{"key": "RUS", "aliases": [" Moscow ", "the  Kremlin"]}, {"key": "b"}])
        ]
    }
    codebook = codebook_from_dict(data)
    values = codebook.dimensions[0].values
    assert values[0].aliases == ["Moscow", "the Kremlin"]
    assert values[1].aliases == []
    written = codebook_to_dict(codebook)["dimensions"][0]["values"]
    assert written[0]["aliases"] == ["Moscow", "the Kremlin"]
    assert "aliases" not in written[1]
    assert codebook_from_dict(codebook_to_dict(codebook)) == codebook
    assert codebook.copy().dimensions[0].values[0].aliases is not values[0].aliases


def test_the_alias_rule_refuses_what_matching_or_the_editor_could_not_keep() -> None:
    assert check_aliases(["Ankara", "Türkiye"]) == ["Ankara", "Türkiye"]
    for bad in ([""], ["a\tb"], ["x,y"], ["Iran", "IRAN"]):
        with pytest.raises(WorkbenchError):
            check_aliases(bad)


@pytest.mark.parametrize("name", BUILTIN_CODEBOOKS)
def test_shipped_actors_each_carry_aliases(name: str) -> None:
    actor = builtin_codebook(name).dimension("actor")
    assert actor is not None
    aliases = {v.key: v.aliases for v in actor.values}
    assert all(aliases.values()), aliases
    assert {"Moscow", "Kremlin"} <= set(aliases["RUS"])
    assert "Damascus" in aliases["SYR GOV"]
