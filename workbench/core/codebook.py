"""Codebooks: the dimensions analysts code and the values each may take.

A codebook is JSON (documented in ``docs/codebook-format.md``). Two ship with the
workbench, ``plover`` and ``cameo``; a user may load their own file. Parsing is strict and
reports ``where: what`` because a codebook with a typo silently drops codes otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from workbench.core.errors import WorkbenchError
from workbench.core.input_files import read_input

#: A codebook of 100,000 actors is about 10 MB; far beyond that a file is not a codebook.
MAX_CODEBOOK_BYTES = 64 * 1024**2

KINDS = ("single", "multi", "span")
BUILTIN_CODEBOOKS = ("plover", "cameo")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: A comma or colon splits keys in shortcut and export columns.
_KEY_SEPARATORS = frozenset(",:")
#: Control characters and line/paragraph separators would start a new line or column in
#: brat, CoNLL and CSV exports, letting a key forge annotations there.
_KEY_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def _breaks_key(char: str) -> bool:
    return char in _KEY_SEPARATORS or unicodedata.category(char) in _KEY_BREAKING


def check_key(key: str, what: str = "value key") -> str:
    """The one rule for dimension and value keys, used by parsing, editing and coding alike.

    Keys are written into project files and every export format, so they must stay plain:
    non-empty, no surrounding whitespace, no comma, colon, newline, tab or other control.
    """
    key = key.strip()
    if not key or any(_breaks_key(c) for c in key):
        raise WorkbenchError(
            f"{what} {key!r} must be non-empty and hold no comma, colon, newline, tab or control character",
            where="codebook",
        )
    return key


def key_from_label(label: str, taken: Iterable[str] = ()) -> str:
    """A valid key for a value typed while coding: the label in capitals, cleaned by the key rule.

    Characters the rule refuses become spaces, so ``Smith, John: Jr`` gets ``SMITH JOHN JR``;
    a key already ``taken`` gets a number appended rather than silently merging two values.
    """
    cleaned = " ".join("".join(" " if _breaks_key(c) else c for c in label).split()).upper()
    key = check_key(cleaned)
    used = {k.upper() for k in taken}
    candidate, n = key, 2
    while candidate.upper() in used:
        candidate, n = f"{key} {n}", n + 1
    return candidate


@dataclass(slots=True)
class CodeValue:
    key: str
    label: str
    description: str = ""
    colour: str = "#888888"
    shortcut: str = ""
    #: Other names the value goes by in text ("Moscow", "Kremlin" for RUS): found in an
    #: entry, they are offered as mention suggestions (``index/mentions``).
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Dimension:
    """One thing analysts code, such as stance.

    ``ordered`` values allow ordinal agreement measures; ``open`` dimensions accept new
    values while coding (actors); ``target`` is what a stance is toward.
    """

    key: str
    label: str
    kind: str
    values: list[CodeValue] = field(default_factory=list)
    ordered: bool = False
    open: bool = False
    target: str = ""
    description: str = ""

    def value(self, key: str) -> CodeValue | None:
        for v in self.values:
            if v.key == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [v.key for v in self.values]


@dataclass(slots=True)
class Codebook:
    name: str
    label: str
    dimensions: list[Dimension] = field(default_factory=list)
    description: str = ""

    def dimension(self, key: str) -> Dimension | None:
        for d in self.dimensions:
            if d.key == key:
                return d
        return None

    def copy(self) -> Codebook:
        return codebook_from_dict(codebook_to_dict(self))


def value_to_dict(value: CodeValue) -> dict[str, Any]:
    """A value's JSON form; ``aliases`` only when it has some, so the many values without
    any (100,000 actors) add nothing to every project file."""
    out: dict[str, Any] = {
        "key": value.key,
        "label": value.label,
        "description": value.description,
        "colour": value.colour,
        "shortcut": value.shortcut,
    }
    if value.aliases:
        out["aliases"] = list(value.aliases)
    return out


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """The JSON form, with the format marker so a codebook file explains itself."""
    return {
        "format": "workbench-codebook",
        "version": 1,
        "name": codebook.name,
        "label": codebook.label,
        "description": codebook.description,
        "dimensions": [
            {
                "key": d.key,
                "label": d.label,
                "kind": d.kind,
                "ordered": d.ordered,
                "open": d.open,
                "target": d.target,
                "description": d.description,
                "values": [value_to_dict(v) for v in d.values],
            }
            for d in codebook.dimensions
        ],
    }


def _text(obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise WorkbenchError(f"missing '{key}'", where=where)
        return ""
    if not isinstance(value, str):
        raise WorkbenchError(f"'{key}' must be a string", where=where)
    return value


def _check_parsed_key(key: str, what: str, where: str) -> None:
    """A file's key must already obey the rule: stripping it silently would change the code."""
    try:
        if check_key(key, what) == key:
            return
    except WorkbenchError as exc:
        raise WorkbenchError(exc.what, where=where) from None
    raise WorkbenchError(f"{what} {key!r} has spaces around it", where=where)


def check_aliases(aliases: Iterable[str], where: str = "codebook") -> list[str]:
    """The one rule for a value's aliases, used by parsing and editing alike.

    Each is a name matched as whole words in entry texts: non-empty, on one line (no
    newline, tab or control character), and without a comma, which separates aliases where
    they are typed; none repeated, ignoring case as matching does. Runs of spaces become one.
    """
    kept: list[str] = []
    seen: set[str] = set()
    for alias in aliases:
        name = " ".join(alias.split())
        if not name or "," in alias or any(unicodedata.category(c) in _KEY_BREAKING for c in alias):
            raise WorkbenchError(
                f"alias {alias!r} must be a non-empty name on one line without a comma", where=where
            )
        if name.casefold() in seen:
            raise WorkbenchError(f"alias {name!r} is repeated", where=where)
        seen.add(name.casefold())
        kept.append(name)
    return kept


def _parse_aliases(v: dict[str, Any], where: str) -> list[str]:
    raw = v.get("aliases", [])
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        raise WorkbenchError("'aliases' must be a list of strings", where=where)
    return check_aliases(raw, where)


def _parse_value(v: Any, where: str, seen: set[str]) -> CodeValue:
    if not isinstance(v, dict):
        raise WorkbenchError("expected an object", where=where)
    vkey = _text(v, "key", where, required=True)
    if not vkey or vkey in seen:
        raise WorkbenchError(f"value key '{vkey}' is empty or repeated", where=where)
    _check_parsed_key(vkey, "value key", where)
    seen.add(vkey)
    colour = _text(v, "colour", where) or "#888888"
    if not _COLOUR.match(colour):
        raise WorkbenchError(f"colour '{colour}' is not #rrggbb", where=where)
    return CodeValue(
        key=vkey,
        label=_text(v, "label", where) or vkey,
        description=_text(v, "description", where),
        colour=colour,
        shortcut=_text(v, "shortcut", where),
        aliases=_parse_aliases(v, where),
    )


def _parse_dimension(d: Any, where: str, seen: set[str]) -> Dimension:
    if not isinstance(d, dict):
        raise WorkbenchError("expected an object", where=where)
    key = _text(d, "key", where, required=True)
    if not key or key in seen:
        raise WorkbenchError(f"dimension key '{key}' is empty or repeated", where=where)
    _check_parsed_key(key, "dimension key", where)
    seen.add(key)
    kind = _text(d, "kind", where, required=True)
    if kind not in KINDS:
        raise WorkbenchError(f"kind must be one of {', '.join(KINDS)}, not '{kind}'", where=where)
    values_raw = d.get("values", [])
    if not isinstance(values_raw, list):
        raise WorkbenchError("'values' must be a list", where=where)
    seen_values: set[str] = set()
    values = [_parse_value(v, f"{where}.values[{j}]", seen_values) for j, v in enumerate(values_raw)]
    for flag in ("ordered", "open"):
        if not isinstance(d.get(flag, False), bool):
            raise WorkbenchError(f"'{flag}' must be true or false", where=where)
    return Dimension(
        key=key,
        label=_text(d, "label", where) or key,
        kind=kind,
        values=values,
        ordered=d.get("ordered", False),
        open=d.get("open", False),
        target=_text(d, "target", where),
        description=_text(d, "description", where),
    )


def codebook_from_dict(data: Any, where: str = "codebook") -> Codebook:
    """Build a codebook from its JSON form, refusing anything ambiguous."""
    if not isinstance(data, dict):
        raise WorkbenchError("expected an object", where=where)
    dims_raw = data.get("dimensions")
    if not isinstance(dims_raw, list):
        raise WorkbenchError("'dimensions' must be a list", where=where)
    seen_dims: set[str] = set()
    return Codebook(
        name=_text(data, "name", where) or "custom",
        label=_text(data, "label", where) or _text(data, "name", where) or "Custom codebook",
        dimensions=[
            _parse_dimension(d, f"{where}.dimensions[{i}]", seen_dims) for i, d in enumerate(dims_raw)
        ],
        description=_text(data, "description", where),
    )


def builtin_codebook(name: str) -> Codebook:
    """One of the codebooks that ship with the workbench, by name."""
    if name not in BUILTIN_CODEBOOKS:
        raise WorkbenchError(f"unknown codebook '{name}'; built in: {', '.join(BUILTIN_CODEBOOKS)}")
    raw = resources.files("workbench.resources").joinpath("codebooks", f"{name}.json").read_bytes()
    return codebook_from_dict(orjson.loads(raw), where=name)


def load_codebook(name_or_path: str) -> Codebook:
    """A built-in codebook by name, or a user's codebook file by path."""
    if name_or_path in BUILTIN_CODEBOOKS:
        return builtin_codebook(name_or_path)
    path = Path(name_or_path)
    raw = read_input(path, MAX_CODEBOOK_BYTES, "limit of a codebook")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise WorkbenchError(f"not valid JSON ({exc})", file=str(path)) from None
    try:
        return codebook_from_dict(data)
    except WorkbenchError as exc:
        raise exc.with_file(str(path)) from None
