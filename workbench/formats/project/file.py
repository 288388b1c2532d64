"""Reading and writing project files: versioned JSON through orjson, saved atomically.

The format is described in ``docs/project-format.md``. Loading validates every record and
reports ``FILE: where: what``; nothing is ever evaluated or unpickled. Saving writes a
temporary file in the same folder, fsyncs it, keeps the previous file as ``NAME.bak`` and
renames into place, so a crash at any moment leaves either the old or the new project.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import orjson

from workbench import __version__
from workbench.core.codebook import Codebook, codebook_from_dict, codebook_to_dict
from workbench.core.entry_times import LoadHints
from workbench.core.errors import WorkbenchError
from workbench.core.input_files import read_input
from workbench.core.model import Annotation, Dispatch, Entry, Project
from workbench.formats.atomic_write import write_atomic
from workbench.formats.project import typed as project_typed
from workbench.formats.project.late_layers import LayerReader
from workbench.formats.project.validation import (
    check_depth,
    expect,
    fail,
    read_dispatches,
    read_entries,
    read_layer,
    read_predictions,
)

FORMAT = "workbench-project"
VERSION = 3
#: Project files larger than this are refused before reading: a guard against hostile
#: or mistaken input, far above any real corpus (150,000 coded entries take about 285 MB).
MAX_PROJECT_BYTES = 2 * 1024**3

#: A loaded project at least this large is moved out of the collector's sight (``gc.freeze``).
#: Built while the collector was paused, its millions of objects would all sit in the
#: youngest generation, and the first automatic collection after the load (typically while
#: the window is being built) would walk every one of them: about 1 s at 150,000 entries,
#: and as long again each time they move up a generation. Model records hold no reference
#: cycles, so a frozen project is still freed as soon as it is dropped; the price is that
#: any unreachable cycle already in memory at that moment is never reclaimed, which is why
#: only large files, loaded rarely, are frozen.
FREEZE_FROM_BYTES = 8 * 1024**2


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the optional entry fields ``heading``, ``zone`` and ``utc``; a version 1
    entry simply lacks them, which version 2 reads as None. Nothing else changed."""
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the optional annotation field ``assisted`` and the optional top-level
    ``predictions``; a version 2 file lacks both (every value chosen by hand, nothing
    imported). Nothing else changed."""
    return data


#: ``MIGRATIONS[n]`` turns the dict of a version-n file into version n+1 (the history is in
#: ``docs/project-format.md``).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}
#: Migrations that change nothing but the version number. A file from which only such
#: steps lead to ``VERSION`` is read by the quick typed loader as it is
#: (see ``_read_directly``), so existing projects open as quickly as current ones.
_VERSION_ONLY = frozenset((_v1_to_v2, _v2_to_v3))
#: The entry fields written only when set, so that ordinary files keep their size.
_ENTRY_OPTIONAL = ("heading", "zone", "utc")

#: Written only into autosave recovery copies, which load through ``loads_project`` too.
RECOVERY_FIELD = "recovery"

_TOP_FIELDS = frozenset(
    (
        "format",
        "version",
        "meta",
        "codebook",
        "dispatches",
        "entries",
        "layers",
        "predictions",
        RECOVERY_FIELD,
    )
)


def project_to_dict(project: Project) -> dict[str, Any]:
    """The JSON-ready form: the records are passed through for ``dumps_records`` to serialise.
    ``predictions`` is written only when some were imported, so other files keep their shape."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "meta": project.meta,
        "codebook": codebook_to_dict(project.codebook),
        "dispatches": list(project.dispatches.values()),
        "entries": project.entries,
        "layers": project.read_every_layer(),
    }
    if project.predictions is not None:
        data["predictions"] = project.predictions
    return data


def dumps_records(data: Any, option: int) -> bytes:
    """orjson's bytes of data holding model records: dataclasses natively, the msgspec
    records (entries, annotations, spans) through ``default`` as their fields in order."""
    return orjson.dumps(data, default=_record_fields, option=option)


def _record_fields(record: Any) -> dict[str, Any]:
    if isinstance(record, msgspec.Struct):
        fields = msgspec.structs.asdict(record)
        kind = type(record)
        if kind is Entry:
            if fields["heading"] is None and fields["zone"] is None and fields["utc"] is None:
                del fields["heading"], fields["zone"], fields["utc"]  # the usual entry
            else:
                for key in _ENTRY_OPTIONAL:
                    if fields[key] is None:
                        del fields[key]
        elif kind is Annotation:
            if fields["decided"] is None:
                del fields["decided"]  # only gold records hold decisions; the others stay as they were
            if fields["assisted"] is None:
                del fields["assisted"]  # values chosen by hand: the file stays as version 2 wrote it
        return fields
    raise TypeError(f"Type is not JSON serializable: {type(record).__name__}")


def dumps_project(project: Project) -> bytes:
    """The bytes of a project file: indented so a person or a line-based diff can read it."""
    try:
        return dumps_records(project_to_dict(project), orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError as exc:
        # Free-form meta holding a non-JSON value, or text with a lone surrogate: one line, no traceback.
        raise WorkbenchError(f"cannot be saved: {exc}") from None


def save_project(project: Project, path: str | os.PathLike[str], *, keep_backup: bool = True) -> None:
    """Write ``project`` to ``path`` atomically; the old file becomes ``path.bak``."""
    path = Path(path)
    project.meta.setdefault("tool", f"workbench {__version__}")
    data = dumps_project(project)
    write_atomic(path, data, keep_backup=keep_backup)


def load_project(path: str | os.PathLike[str], *, first_layer: str | None = None) -> Project:
    """Read and validate a project file; every problem is a ``WorkbenchError`` naming it.
    ``first_layer``: see ``loads_project``."""
    path = Path(path)
    return loads_project_file(read_project_bytes(path), path, first_layer=first_layer)


def read_project_bytes(path: Path) -> bytes:
    """The bytes of a project file, refused by name when too large to be one or unreadable."""
    return read_input(path, MAX_PROJECT_BYTES, "limit of a project file")


def loads_project_file(raw: bytes, path: Path, *, first_layer: str | None = None) -> Project:
    """``loads_project`` of the bytes read from ``path``, whose name every problem then carries."""
    try:
        return loads_project(raw, first_layer=first_layer)
    except WorkbenchError as exc:
        raise exc.with_file(str(path)) from None


def loads_project(raw: bytes | bytearray, *, first_layer: str | None = None) -> Project:
    """Parse and validate a project held in memory (the bytes of a file or a recovery copy).

    A well-formed current-version file is decoded straight into typed records (see
    ``project.typed``). Any other goes through the validating path, which names the first
    problem.

    ``first_layer``: read only this annotator's layer now and leave the others to be read
    later (``Project.read_layers_step``; see ``project.late_layers``), for a quicker start. Only
    the typed path does that; a problem in a layer left unread shows when it is read.

    The collector is paused meanwhile: parsing allocates millions of objects that all
    survive, so each collection pass it would trigger is wasted, and they roughly double
    the load time of a large project. A large project is then frozen (see
    ``FREEZE_FROM_BYTES``) unless the caller had paused the collector itself.
    """
    if not raw or raw.isspace():
        raise WorkbenchError("file is empty")
    collecting = gc.isenabled()
    gc.disable()
    try:
        project = _loads_typed(raw, first_layer)
        if project is None:
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                from workbench.formats.importers.decoding import (
                    utf8_problem,  # charset detection: off start-up
                )

                raise WorkbenchError(utf8_problem(bytes(raw)) or f"not valid JSON ({exc})") from None
            project = project_from_dict(migrate(data))
        if collecting and len(raw) >= FREEZE_FROM_BYTES:
            gc.freeze()
        return project
    finally:
        if collecting:
            gc.enable()


def _loads_typed(raw: bytes | bytearray, first_layer: str | None = None) -> Project | None:
    """The project from a valid current-version file, by the quick typed decoder; None for
    any other file, which the validating path then reads (and refuses by name)."""
    typed = project_typed.decode(raw, layers_later=first_layer is not None)
    if typed is None or typed.format != FORMAT or not _read_directly(typed.version):
        return None
    try:
        # The free-form parts are parsed as the validating path parses them: by orjson.
        head = {
            "codebook": orjson.loads(memoryview(typed.codebook)),
            "meta": orjson.loads(memoryview(typed.meta)),
        }
        codebook, meta, dispatches = _head(head, orjson.loads(memoryview(typed.dispatches)))
    except (orjson.JSONDecodeError, WorkbenchError):
        return None
    entries = typed.entries
    indexed = project_typed.entry_index(entries, dispatches)
    if indexed is None:
        return None
    index, times, utc_times = indexed
    try:
        predictions = read_predictions(orjson.loads(memoryview(typed.predictions)), index, codebook)
    except (orjson.JSONDecodeError, WorkbenchError):
        return None
    layers: dict[str, dict[str, Annotation]] = {}
    unread: dict[str, LayerReader] = {}
    for annotator, layer in typed.layers.items():
        if isinstance(layer, msgspec.Raw):
            if annotator != first_layer:
                unread[annotator] = LayerReader(layer, annotator, entries, index)
                continue
            decoded = project_typed.decode_layer(layer)
            if decoded is None:
                return None
            layer = decoded
        layers[annotator] = layer
    positions: dict[str, list[int | None]] = {}
    for annotator, layer in layers.items():
        found = project_typed.layer(layer, entries, index)
        if found is None:
            return None
        positions[annotator] = found
    project = Project(
        codebook=codebook,
        dispatches=dispatches,
        entries=entries,
        layers=layers,
        meta=meta,
        _index=index,
    )
    project.predictions = predictions
    if unread:
        project.leave_unread(unread, list(typed.layers))
    project.load_hints = LoadHints(times, utc_times)  # the chart and time filters need them first thing
    for annotator, found in positions.items():
        project.keep_layer_positions(annotator, found)  # so do the navigator's statuses and the chart
    return project


def _read_directly(version: int) -> bool:
    """Whether a file of this version holds records exactly as the current version does."""
    return 1 <= version <= VERSION and all(
        MIGRATIONS.get(v) in _VERSION_ONLY for v in range(version, VERSION)
    )


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
        if not isinstance(data, dict):
            raise WorkbenchError(
                f"the upgrade from format version {version} gave no project", where="version"
            )
        version += 1
        data["version"] = version
    return data


def project_from_dict(data: dict[str, Any]) -> Project:
    """Validate a current-version dict and build the project from it."""
    unknown = data.keys() - _TOP_FIELDS
    if unknown:
        raise fail(sorted(unknown)[0], "unknown field at the top level")
    codebook, meta, dispatches = _head(data, data.get("dispatches", []))
    entries, index = read_entries(data.get("entries", []), dispatches)
    raw_layers = data.get("layers", {})
    expect(raw_layers, dict, "layers", "an object of annotator -> entry id -> annotation")
    built = {name: read_layer(raw, f"layers.{name}", entries, index) for name, raw in raw_layers.items()}
    project = Project(
        codebook=codebook, dispatches=dispatches, entries=entries, layers=built, meta=meta, _index=index
    )
    project.predictions = read_predictions(data.get("predictions"), index, codebook)
    return project


def _head(data: dict[str, Any], raw_dispatches: Any) -> tuple[Codebook, dict[str, Any], dict[str, Dispatch]]:
    """The codebook, meta and dispatches: the small records every entry and layer refers to."""
    if "codebook" not in data:
        raise fail("codebook", "missing; every project carries its codebook")
    codebook = codebook_from_dict(data["codebook"], where="codebook")
    meta = data.get("meta", {})
    expect(meta, dict, "meta", "an object")
    check_depth(meta, "meta")
    return codebook, meta, read_dispatches(raw_dispatches)


def iter_unknown_codes(project: Project) -> Iterator[tuple[str, str | None, str]]:
    """``(where, dimension key or None when the dimension itself is unknown, what)`` per finding."""
    known = {d.key: frozenset(d.keys()) for d in project.codebook.dimensions}
    for annotator, layer in project.read_every_layer().items():
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
