"""Reading and writing project files: versioned JSON through orjson, saved atomically.

The format is described in ``docs/project-format.md``. Loading validates every record and
reports ``FILE: where: what``; nothing is ever evaluated or unpickled. Saving writes a
temporary file in the same folder, fsyncs it, keeps the previous file as ``NAME.bak`` and
renames into place, so a crash at any moment leaves either the old or the new project.
"""

from __future__ import annotations

import gc
import glob
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
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

#: Free-form ``meta`` objects may nest this deep; orjson refuses to write much deeper data.
MAX_META_DEPTH = 64
#: Written only into autosave recovery copies, which load through ``loads_project`` too.
RECOVERY_FIELD = "recovery"

_TOP_FIELDS = frozenset(
    ("format", "version", "meta", "codebook", "dispatches", "entries", "layers", RECOVERY_FIELD)
)
_DISPATCH_OPTIONAL_TEXT = ("published", "dateline", "time_basis", "caption", "lead", "source")
_DISPATCH_FIELDS = ("id", "title", *_DISPATCH_OPTIONAL_TEXT, "meta")
_ENTRY_FIELDS = ("id", "dispatch_id", "position", "time_label", "timestamp", "text")
_ANNOTATION_FIELDS = ("values", "spans", "note", "status", "modified")
_SPAN_FIELDS = ("start", "end", "dimension", "value")


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
    """The bytes of a project file: indented so a person or a line-based diff can read it."""
    try:
        return orjson.dumps(project_to_dict(project), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as exc:
        # Free-form meta holding a non-JSON value, or text with a lone surrogate: one line, no traceback.
        raise WorkbenchError(f"cannot be saved: {exc}") from None


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
    backup_tmp = path.with_name(f".{path.name}.bak.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            if backup_tmp.exists():
                backup_tmp.unlink()
            try:
                os.link(path, backup_tmp)
            except OSError:
                backup_tmp.write_bytes(path.read_bytes())
            os.replace(backup_tmp, backup)
        os.replace(tmp_name, path)
    except BaseException:
        for leftover in (tmp_name, backup_tmp):
            if os.path.exists(leftover):
                os.unlink(leftover)
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
    """Parse and validate a project held in memory (the bytes of a file or a recovery copy).

    The collector is paused meanwhile: parsing allocates millions of objects that all
    survive, so each collection pass it would trigger is wasted, and they roughly double
    the load time of a large project.
    """
    if not raw.strip():
        raise WorkbenchError("file is empty")
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise WorkbenchError(f"not valid JSON ({exc})") from None
        return project_from_dict(migrate(data))
    finally:
        if collecting:
            gc.enable()


def migrate(data: Any) -> dict[str, Any]:
    """Bring an older file's dict up to ``VERSION``; refuse files from a newer workbench."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkbenchError('not a workbench project (no "format": "workbench-project")')
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise WorkbenchError(f"version must be a positive integer, not {version!r}", where="version")
    if version > VERSION:
        raise WorkbenchError(
            f"made by a newer workbench (format version {version}; this one reads up to {VERSION}); "
            "please update the workbench",
            where="version",
        )
    while version < VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise WorkbenchError(f"no migration from format version {version}", where="version")
        try:
            data = step(data)
        except WorkbenchError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            # Migrations read unvalidated old data; a malformed file must still get one line.
            raise WorkbenchError(
                f"cannot upgrade from format version {version}: {type(exc).__name__} {exc}", where="version"
            ) from None
        version += 1
        data["version"] = version
    return data


def _fail(where: str, what: str) -> WorkbenchError:
    return WorkbenchError(what, where=where)


def _kind(value: Any) -> str:
    """JSON's name for a value's type, for messages read by people who never saw Python."""
    if value is None:
        return "null"
    return _JSON_KINDS.get(type(value), type(value).__name__)


_JSON_KINDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "an object",
}


def _expect(value: Any, expected: type | tuple[type, ...], where: str, what: str) -> None:
    """Fail unless ``value`` is exactly of the type(s) given (``bool`` is not an ``int`` here)."""
    types = expected if isinstance(expected, tuple) else (expected,)
    if type(value) not in types:
        raise _fail(where, f"expected {what}, got {_kind(value)}")


def _check_fields(record: Any, fields: tuple[str, ...], required: tuple[str, ...], where: str) -> None:
    if type(record) is not dict:
        raise _fail(where, f"expected an object, got {_kind(record)}")
    for key in required:
        if key not in record:
            raise _fail(where, f"missing '{key}'")
    unknown = record.keys() - set(fields)
    if unknown:
        raise _fail(where, f"unknown field '{sorted(unknown)[0]}'")


def _check_depth(value: Any, where: str, limit: int = MAX_META_DEPTH) -> None:
    """Refuse free-form data nested so deeply that saving it again would fail."""
    if limit <= 0:
        raise _fail(where, f"nested more than {MAX_META_DEPTH} levels deep")
    children = value.values() if type(value) is dict else value if type(value) is list else ()
    for child in children:
        if type(child) in (dict, list) and child:
            _check_depth(child, where, limit - 1)


def project_from_dict(data: dict[str, Any]) -> Project:
    """Validate a current-version dict and build the project from it.

    Records are built first and checked after with one combined test each, so the common
    case (a valid file) costs little more than parsing; only a record that fails the quick
    test is examined field by field to say exactly what is wrong with it.
    """
    unknown = data.keys() - _TOP_FIELDS
    if unknown:
        raise _fail(sorted(unknown)[0], "unknown field at the top level")
    if "codebook" not in data:
        raise _fail("codebook", "missing; every project carries its codebook")
    codebook = codebook_from_dict(data["codebook"], where="codebook")
    meta = data.get("meta", {})
    _expect(meta, dict, "meta", "an object")
    _check_depth(meta, "meta")
    dispatches = _dispatches(data.get("dispatches", []))
    entries, index = _entries(data.get("entries", []), dispatches)
    raw_layers = data.get("layers", {})
    _expect(raw_layers, dict, "layers", "an object of annotator -> entry id -> annotation")
    layers = {name: _layer(raw, f"layers.{name}", entries, index) for name, raw in raw_layers.items()}
    return Project(
        codebook=codebook, dispatches=dispatches, entries=entries, layers=layers, meta=meta, _index=index
    )


def _dispatches(raw: Any) -> dict[str, Dispatch]:
    _expect(raw, list, "dispatches", "a list")
    dispatches: dict[str, Dispatch] = {}
    for i, d in enumerate(raw):
        try:
            dispatch = Dispatch(**d)
        except TypeError:
            raise _dispatch_problem(d, i, dispatches) from None
        if not (
            type(dispatch.id) is str
            and type(dispatch.title) is str
            and type(dispatch.meta) is dict
            and dispatch.id not in dispatches
            and all(v is None or type(v) is str for v in _optional_texts(dispatch))
        ):
            raise _dispatch_problem(d, i, dispatches)
        if dispatch.meta:
            _check_depth(dispatch.meta, f"dispatches[{i}].meta")
        dispatches[dispatch.id] = dispatch
    return dispatches


def _optional_texts(d: Dispatch) -> tuple[Any, ...]:
    return (d.published, d.dateline, d.time_basis, d.caption, d.lead, d.source)


def _dispatch_problem(d: Any, i: int, dispatches: dict[str, Dispatch]) -> WorkbenchError:
    where = f"dispatches[{i}]"
    try:
        _check_fields(d, _DISPATCH_FIELDS, ("id", "title"), where)
        for key in ("id", "title"):
            _expect(d[key], str, f"{where}.{key}", "a string")
        for key in _DISPATCH_OPTIONAL_TEXT:
            _expect(d.get(key), (str, type(None)), f"{where}.{key}", "a string or null")
        _expect(d.get("meta", {}), dict, f"{where}.meta", "an object")
        if d["id"] in dispatches:
            raise _fail(f"{where}.id", f"duplicate dispatch id '{d['id']}'")
    except WorkbenchError as exc:
        return exc
    return _fail(where, "not a valid dispatch")


def _entries(raw: Any, dispatches: dict[str, Dispatch]) -> tuple[list[Entry], dict[str, int]]:
    """The entries and their id -> position index (handed to the project, which needs it anyway)."""
    _expect(raw, list, "entries", "a list")
    entries: list[Entry] = []
    append = entries.append
    stamp_ok = _stamp_ok
    for i, e in enumerate(raw):
        try:
            entry = Entry(**e)
        except TypeError:
            raise _entry_problem(e, i, dispatches) from None
        stamp = entry.timestamp
        label = entry.time_label
        if not (
            type(entry.id) is str
            and type(entry.text) is str
            and type(entry.position) is int
            and entry.position >= 0
            and type(entry.dispatch_id) is str
            and entry.dispatch_id in dispatches
            and (stamp is None or (type(stamp) is str and stamp_ok(stamp)))
            and (label is None or type(label) is str)
        ):
            raise _entry_problem(e, i, dispatches)
        append(entry)
    index = {e.id: i for i, e in enumerate(entries)}
    if len(index) != len(entries):
        seen: set[str] = set()
        for i, e in enumerate(entries):
            if e.id in seen:
                raise _fail(f"entries[{i}].id", f"duplicate entry id '{e.id}'")
            seen.add(e.id)
    return entries, index


def _entry_problem(e: Any, i: int, dispatches: dict[str, Dispatch]) -> WorkbenchError:
    """Say exactly what is wrong with an entry that failed the quick test."""
    where = f"entries[{i}]"
    try:
        _check_fields(e, _ENTRY_FIELDS, _ENTRY_FIELDS, where)
        for key in ("id", "dispatch_id", "text"):
            _expect(e[key], str, f"{where}.{key}", "a string")
        _expect(e["position"], int, f"{where}.position", "an integer")
        if e["position"] < 0:
            raise _fail(f"{where}.position", f"must not be negative, got {e['position']}")
        for key in ("time_label", "timestamp"):
            _expect(e[key], (str, type(None)), f"{where}.{key}", "a string or null")
        if e["dispatch_id"] not in dispatches:
            raise _fail(f"{where}.dispatch_id", f"no dispatch '{e['dispatch_id']}'")
        if e["timestamp"] is not None and not _stamp_ok(e["timestamp"]):
            raise _fail(
                f"{where}.timestamp", f"'{e['timestamp'][:40]}' is not a local time YYYY-MM-DDTHH:MM[:SS]"
            )
    except WorkbenchError as exc:
        return exc
    return _fail(where, "not a valid entry")


#: A local time as the model keeps it: no zone, no fraction, ASCII digits only.
_STAMP = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
)


def _stamp_ok(stamp: str) -> bool:
    if _STAMP.fullmatch(stamp) is None:
        return False
    if stamp[8:10] <= "28":
        return True
    try:  # the 29th to the 31st exist only in some months
        date.fromisoformat(stamp[:10])
    except ValueError:
        return False
    return True


def _layer(raw: Any, where: str, entries: list[Entry], index: dict[str, int]) -> dict[str, Annotation]:
    _expect(raw, dict, where, "an object of entry id -> annotation")
    layer: dict[str, Annotation] = {}
    for entry_id, raw_ann in raw.items():
        try:
            ann = Annotation(**raw_ann)
        except TypeError:
            raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index) from None
        values = ann.values
        modified = ann.modified
        if not (
            type(values) is dict
            and type(ann.spans) is list
            and type(ann.note) is str
            and ann.status in STATUSES
            and (modified is None or type(modified) is str)
            and entry_id in index
        ):
            raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
        for value in values.values():
            if type(value) is not str:
                if type(value) is not list:
                    raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
                for item in value:
                    if type(item) is not str:
                        raise _annotation_problem(raw_ann, f"{where}.{entry_id}", entry_id, index)
        if ann.spans:
            ann.spans = _spans(ann.spans, entries[index[entry_id]].text, f"{where}.{entry_id}.spans")
        layer[entry_id] = ann
    return layer


def _annotation_problem(raw: Any, where: str, entry_id: str, index: dict[str, int]) -> WorkbenchError:
    try:
        _check_fields(raw, _ANNOTATION_FIELDS, (), where)
        if entry_id not in index:
            raise _fail(where, "annotation of an entry that is not in the project")
        values = raw.get("values", {})
        _expect(values, dict, f"{where}.values", "an object of dimension -> code")
        for dim, value in values.items():
            if not (type(value) is str or (type(value) is list and all(type(v) is str for v in value))):
                raise _fail(
                    f"{where}.values.{dim}", f"expected a string or a list of strings, got {_kind(value)}"
                )
        _expect(raw.get("spans", []), list, f"{where}.spans", "a list")
        _expect(raw.get("note", ""), str, f"{where}.note", "a string")
        status = raw.get("status", "todo")
        if type(status) is not str or status not in STATUSES:
            raise _fail(f"{where}.status", f"must be one of {', '.join(STATUSES)}, not {str(status)[:40]!r}")
        _expect(raw.get("modified"), (str, type(None)), f"{where}.modified", "a string or null")
    except WorkbenchError as exc:
        return exc
    return _fail(where, "not a valid annotation")


def _spans(raw: list[Any], text: str, where: str) -> list[Span]:
    spans: list[Span] = []
    length = len(text)
    for j, s in enumerate(raw):
        sw = f"{where}[{j}]"
        _check_fields(s, _SPAN_FIELDS, _SPAN_FIELDS, sw)
        start, end = s["start"], s["end"]
        _expect(start, int, f"{sw}.start", "an integer")
        _expect(end, int, f"{sw}.end", "an integer")
        if not 0 <= start < end <= length:
            if start >= end:
                raise _fail(sw, f"offsets {start}-{end} mark nothing: start must come before end")
            raise _fail(sw, f"offsets {start}-{end} fall outside the entry text (length {length})")
        _expect(s["dimension"], str, f"{sw}.dimension", "a string")
        _expect(s["value"], str, f"{sw}.value", "a string")
        spans.append(Span(start, end, s["dimension"], s["value"]))
    return spans


def unknown_codes(project: Project) -> list[str]:
    """Coded values the codebook does not list, as readable lines (kept, but worth a look)."""
    return [f"{where}: {what}" for where, _dimension, what in iter_unknown_codes(project)]


def iter_unknown_codes(project: Project) -> Iterator[tuple[str, str | None, str]]:
    """``(where, dimension key or None when the dimension itself is unknown, what)`` per finding."""
    known = {d.key: frozenset(d.keys()) for d in project.codebook.dimensions}
    for annotator, layer in project.layers.items():
        for entry_id, ann in layer.items():
            for dim_key, value in ann.values.items():
                keys = known.get(dim_key)
                if keys is None:
                    yield f"layers.{annotator}.{entry_id}", None, f"unknown dimension '{dim_key}'"
                    continue
                for v in (value,) if type(value) is str else value:
                    if v not in keys:
                        yield (
                            f"layers.{annotator}.{entry_id}.values.{dim_key}",
                            dim_key,
                            f"unknown code '{v}'",
                        )
            for span in ann.spans:
                if span.value not in known.get(span.dimension, ()):
                    dimension = span.dimension if span.dimension in known else None
                    where = f"layers.{annotator}.{entry_id}.spans"
                    yield where, dimension, f"unknown code '{span.dimension}:{span.value}'"
