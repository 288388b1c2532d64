"""Reading and writing project files: versioned JSON through orjson, saved atomically.

The format is described in ``docs/project-format.md``. Loading validates every record and
reports ``FILE: where: what``; nothing is ever evaluated or unpickled. Saving writes a
temporary file in the same folder, fsyncs it, keeps the previous file as ``NAME.bak`` and
renames into place, so a crash at any moment leaves either the old or the new project.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from workbench import __version__
from workbench.core.codebook import codebook_from_dict, codebook_to_dict
from workbench.core.errors import WorkbenchError
from workbench.core.model import STATUSES, Annotation, Dispatch, Entry, Project, Span

FORMAT = "workbench-project"
VERSION = 1
#: Project files larger than this are refused before reading: a guard against hostile
#: or mistaken input, far above any real corpus (150,000 entries take about 130 MB).
MAX_PROJECT_BYTES = 2 * 1024**3

#: ``MIGRATIONS[n]`` turns the dict of a version-n file into version n+1. Version 1 is the
#: first released format, so the table is empty until the format changes.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_DISPATCH_FIELDS = ("id", "title", "published", "dateline", "time_basis", "caption", "lead", "source", "meta")
_ENTRY_FIELDS = ("id", "dispatch_id", "position", "time_label", "timestamp", "text")


def project_to_dict(project: Project) -> dict[str, Any]:
    """The JSON-ready form; dataclasses are passed through for orjson to serialise natively."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "meta": project.meta,
        "codebook": codebook_to_dict(project.codebook),
        "dispatches": list(project.dispatches.values()),
        "entries": project.entries,
        "layers": project.layers,
    }


def dumps_project(project: Project) -> bytes:
    return orjson.dumps(project_to_dict(project), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def save_project(project: Project, path: str | os.PathLike[str], *, keep_backup: bool = True) -> None:
    """Write ``project`` to ``path`` atomically; the old file becomes ``path.bak``."""
    path = Path(path)
    project.meta.setdefault("tool", f"workbench {__version__}")
    data = dumps_project(project)
    write_atomic(path, data, keep_backup=keep_backup)


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers only ever see a whole file.

    The backup is a hard link to the old file when possible (no copy of a large project
    on every save), and a copy otherwise.
    """
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            backup_tmp = path.with_name(f".{path.name}.bak.tmp")
            if backup_tmp.exists():
                backup_tmp.unlink()
            try:
                os.link(path, backup_tmp)
            except OSError:
                backup_tmp.write_bytes(path.read_bytes())
            os.replace(backup_tmp, backup)
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    _fsync_folder(folder)
    _remove_stale_temps(folder, path.name)


#: A temp file untouched this long belongs to a save that was killed, not one in progress.
STALE_TEMP_SECONDS = 60


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Delete what killed saves left behind; loading ignores them, this only frees the disk."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform allows opening a folder."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read and validate a project file; every problem is a ``WorkbenchError`` naming it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise WorkbenchError(
                f"file is {size / 1024**3:.1f} GiB, over the {MAX_PROJECT_BYTES // 1024**3} GiB limit",
                file=str(path),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(exc.strerror or "cannot read", file=str(path)) from None
    try:
        return loads_project(raw)
    except WorkbenchError as exc:
        raise exc.with_file(str(path)) from None


def loads_project(raw: bytes) -> Project:
    if not raw.strip():
        raise WorkbenchError("file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise WorkbenchError(f"not valid JSON ({exc})") from None
    return project_from_dict(migrate(data))


def migrate(data: Any) -> dict[str, Any]:
    """Bring an older file's dict up to ``VERSION``; refuse files from a newer workbench."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkbenchError("not a workbench project (no \"format\": \"workbench-project\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkbenchError(f"version must be a positive integer, not {version!r}", where="version")
    if version > VERSION:
        raise WorkbenchError(
            f"made by a newer workbench (format version {version}; this one reads up to {VERSION}); "
            "please update the workbench",
            where="version",
        )
    while version < VERSION:
        if version not in MIGRATIONS:
            raise WorkbenchError(f"no migration from format version {version}", where="version")
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def _fail(where: str, what: str) -> WorkbenchError:
    return WorkbenchError(what, where=where)


def _opt_str(record: dict[str, Any], key: str, where: str) -> None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"expected a string or null, got {type(value).__name__}")


def _check_keys(record: Any, fields: tuple[str, ...], required: tuple[str, ...], where: str) -> None:
    if not isinstance(record, dict):
        raise _fail(where, f"expected an object, got {type(record).__name__}")
    for key in required:
        if key not in record:
            raise _fail(where, f"missing '{key}'")
    unknown = set(record) - set(fields)
    if unknown:
        raise _fail(where, f"unknown field '{sorted(unknown)[0]}'")


def project_from_dict(data: dict[str, Any]) -> Project:
    """Validate a current-version dict and build the project from it."""
    codebook = codebook_from_dict(data.get("codebook"), where="codebook")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise _fail("meta", "expected an object")

    dispatches: dict[str, Dispatch] = {}
    raw_dispatches = data.get("dispatches", [])
    if not isinstance(raw_dispatches, list):
        raise _fail("dispatches", "expected a list")
    for i, d in enumerate(raw_dispatches):
        where = f"dispatches[{i}]"
        _check_keys(d, _DISPATCH_FIELDS, ("id", "title"), where)
        for key in ("id", "title"):
            if not isinstance(d[key], str):
                raise _fail(f"{where}.{key}", "expected a string")
        for key in ("published", "dateline", "time_basis", "caption", "lead", "source"):
            _opt_str(d, key, where)
        if not isinstance(d.get("meta", {}), dict):
            raise _fail(f"{where}.meta", "expected an object")
        if d["id"] in dispatches:
            raise _fail(f"{where}.id", f"duplicate dispatch id '{d['id']}'")
        dispatches[d["id"]] = Dispatch(**d)

    raw_entries = data.get("entries", [])
    if not isinstance(raw_entries, list):
        raise _fail("entries", "expected a list")
    entries = [_entry(e, i, dispatches) for i, e in enumerate(raw_entries)]
    texts: dict[str, str] = {}
    for i, e in enumerate(entries):
        if e.id in texts:
            raise _fail(f"entries[{i}].id", f"duplicate entry id '{e.id}'")
        texts[e.id] = e.text

    raw_layers = data.get("layers", {})
    if not isinstance(raw_layers, dict):
        raise _fail("layers", "expected an object of annotator -> entry id -> annotation")
    layers: dict[str, dict[str, Annotation]] = {}
    for annotator, raw_layer in raw_layers.items():
        if not isinstance(raw_layer, dict):
            raise _fail(f"layers.{annotator}", "expected an object of entry id -> annotation")
        layer: dict[str, Annotation] = {}
        for entry_id, raw_ann in raw_layer.items():
            where = f"layers.{annotator}.{entry_id}"
            text = texts.get(entry_id)
            if text is None:
                raise _fail(where, "annotation of an entry that is not in the project")
            layer[entry_id] = _annotation(raw_ann, text, where)
        layers[annotator] = layer

    project = Project(codebook=codebook, dispatches=dispatches, entries=entries, layers=layers, meta=meta)
    return project


def _entry(e: Any, i: int, dispatches: dict[str, Dispatch]) -> Entry:
    if type(e) is not dict or len(e) != 6:
        _check_keys(e, _ENTRY_FIELDS, _ENTRY_FIELDS, f"entries[{i}]")
    try:
        entry = Entry(**e)
    except TypeError:
        _check_keys(e, _ENTRY_FIELDS, _ENTRY_FIELDS, f"entries[{i}]")
        raise
    # One combined test for the common case keeps loading close to raw parsing speed.
    if not (
        type(entry.id) is str
        and type(entry.text) is str
        and type(entry.position) is int
        and type(entry.dispatch_id) is str
        and entry.dispatch_id in dispatches
        and (entry.timestamp is None or type(entry.timestamp) is str)
        and (entry.time_label is None or type(entry.time_label) is str)
    ):
        where = f"entries[{i}]"
        for key in ("id", "text", "dispatch_id"):
            if not isinstance(e[key], str):
                raise _fail(f"{where}.{key}", "expected a string")
        if not isinstance(e["position"], int) or isinstance(e["position"], bool):
            raise _fail(f"{where}.position", "expected an integer")
        _opt_str(e, "timestamp", where)
        _opt_str(e, "time_label", where)
        raise _fail(f"{where}.dispatch_id", f"no dispatch '{e['dispatch_id']}'")
    if entry.timestamp is not None and not _looks_like_iso(entry.timestamp):
        raise _fail(f"entries[{i}].timestamp", f"'{entry.timestamp[:40]}' is not YYYY-MM-DDTHH:MM[:SS]")
    return entry


def _looks_like_iso(stamp: str) -> bool:
    return (
        len(stamp) >= 16
        and stamp[4] == "-"
        and stamp[7] == "-"
        and stamp[10] == "T"
        and stamp[13] == ":"
        and stamp[11:13].isascii()
        and stamp[11:13].isdigit()
        and 0 <= int(stamp[11:13]) <= 23
    )


def _annotation(raw: Any, text: str, where: str) -> Annotation:
    if not isinstance(raw, dict):
        raise _fail(where, "expected an object")
    unknown = set(raw) - {"values", "spans", "note", "status", "modified"}
    if unknown:
        raise _fail(where, f"unknown field '{sorted(unknown)[0]}'")
    values = raw.get("values", {})
    if not isinstance(values, dict):
        raise _fail(f"{where}.values", "expected an object")
    for dim, value in values.items():
        if isinstance(value, str):
            continue
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise _fail(f"{where}.values.{dim}", "expected a string or a list of strings")
    spans_raw = raw.get("spans", [])
    if not isinstance(spans_raw, list):
        raise _fail(f"{where}.spans", "expected a list")
    spans: list[Span] = []
    for j, s in enumerate(spans_raw):
        sw = f"{where}.spans[{j}]"
        if not isinstance(s, dict) or set(s) != {"start", "end", "dimension", "value"}:
            raise _fail(sw, "expected an object with start, end, dimension and value")
        start, end = s["start"], s["end"]
        if not (type(start) is int and type(end) is int):
            raise _fail(sw, "start and end must be integers")
        if not 0 <= start < end <= len(text):
            raise _fail(sw, f"offsets {start}-{end} fall outside the entry text (length {len(text)})")
        if not (isinstance(s["dimension"], str) and isinstance(s["value"], str)):
            raise _fail(sw, "dimension and value must be strings")
        spans.append(Span(start, end, s["dimension"], s["value"]))
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise _fail(f"{where}.note", "expected a string")
    status = raw.get("status", "todo")
    if status not in STATUSES:
        raise _fail(f"{where}.status", f"must be one of {', '.join(STATUSES)}")
    modified = raw.get("modified")
    if modified is not None and not isinstance(modified, str):
        raise _fail(f"{where}.modified", "expected a string or null")
    return Annotation(values=values, spans=spans, note=note, status=status, modified=modified)


def unknown_codes(project: Project) -> list[str]:
    """Coded values the codebook does not list, as readable lines (kept, but worth a look)."""
    problems: list[str] = []
    for annotator, layer in project.layers.items():
        for entry_id, ann in layer.items():
            for dim_key, value in ann.values.items():
                dim = project.codebook.dimension(dim_key)
                if dim is None:
                    problems.append(f"layers.{annotator}.{entry_id}: unknown dimension '{dim_key}'")
                    continue
                keys = set(dim.keys())
                for v in value if isinstance(value, list) else [value]:
                    if v not in keys:
                        problems.append(f"layers.{annotator}.{entry_id}.values.{dim_key}: unknown code '{v}'")
            for span in ann.spans:
                dim = project.codebook.dimension(span.dimension)
                if dim is None or dim.value(span.value) is None:
                    problems.append(
                        f"layers.{annotator}.{entry_id}.spans: unknown code '{span.dimension}:{span.value}'"
                    )
    return problems
