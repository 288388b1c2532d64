"""One entry point for every import: files and folders in, one ``ImportBatch`` out.

The format is chosen by extension and then by a look at the content, so an analyst can
drop a mixed folder on the window. Imports are all or nothing: every file is parsed before
anything is returned, and a file that fails raises a ``WorkbenchError`` naming it, so the
caller never adds half an import. Files are refused by size before they are read, because
a mistaken 2 GB log dropped on the window must not freeze it.

Byte-level entry points, for fuzzing a reader directly: ``read_bytes`` here (chosen by
extension, then content), ``liveblog.parse.read_liveblog``, ``importers.ninjs.read_ninjs_json`` and
``read_ninjs_jsonl``, ``importers.csv_rows.read_csv``, ``importers.doccano_labelstudio.read_doccano`` and
``read_label_studio_bytes``, and ``exporters.training_records.records_to_batch``. Each raises only
``WorkbenchError`` on bad input.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from workbench.core.codebook import Codebook
from workbench.core.errors import Cancelled, WorkbenchError, never_cancelled, no_progress
from workbench.core.input_files import read_input, special_file_problem
from workbench.core.text_offsets import fit_annotation
from workbench.core.undoable import ImportBatch
from workbench.formats.exporters.training_records import iter_jsonl, looks_like_records, records_to_batch
from workbench.formats.importers import csv_rows as csv_import
from workbench.formats.importers import doccano_labelstudio as neighbour_tools
from workbench.formats.importers import ninjs as news_json
from workbench.formats.importers.decoding import decode_bytes
from workbench.formats.importers.liveblog import parse as liveblog

#: Larger files are refused before reading: far above any real dispatch collection
#: (150,000 live-blog entries are about 60 MB of text), small enough to parse in memory.
MAX_IMPORT_BYTES = 64 * 1024**2

_OWN_FORMAT = re.compile(rb'\s*\{\s*"format"\s*:\s*"workbench-(project|codebook|export-manifest)"')

#: A reader takes the bytes, the file name, the codebook, the annotator and the text field
#: asked for (Label Studio tasks whose data holds several texts).
Reader = Callable[[bytes, str, Codebook, str | None, str | None], ImportBatch]


def _read_text(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    return liveblog.read_liveblog(data, file)


def _read_csv(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    return csv_import.read_csv(data, file)


def _is_record(item: Any) -> bool:
    """Our annotation records; old doccano files also have id, text and labels, as a list."""
    return looks_like_records(item) and isinstance(item.get("labels"), dict)


def _read_json(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    """A .json file: ninjs item(s), Label Studio task(s), doccano records or our records."""
    parsed = news_json.parse_json(_utf8(data, file), file)
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items:
        raise WorkbenchError("holds an empty list", file=file)
    first = items[0]
    if not isinstance(first, dict):
        raise WorkbenchError(_SHAPE, file=file)
    if _is_record(first):
        lines = b"\n".join(orjson.dumps(item) for item in items)
        return records_to_batch(lines, file, annotator or Path(file).stem)
    if isinstance(first.get("data"), dict):
        return neighbour_tools.read_label_studio(items, file, codebook, annotator, text_field)
    if news_json.looks_like_ninjs(first):
        return news_json.read_ninjs_items(items, file)
    if neighbour_tools.looks_like_json_min(first):
        return neighbour_tools.read_label_studio_min(items, file, codebook, annotator)
    if isinstance(first.get("text"), str):
        where = ((f"item[{i}]", item) for i, item in enumerate(items))
        return neighbour_tools.doccano_items(where, file, codebook, annotator)
    raise WorkbenchError(_SHAPE, file=file)


def _read_jsonl(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    """A .jsonl file: our records, doccano lines, ninjs items or Label Studio tasks per line."""
    data = _utf8(data, file)
    first = next((item for _, item in iter_jsonl(data, file)), None)
    if first is None:
        raise WorkbenchError("file is empty", file=file)
    if _is_record(first):
        return records_to_batch(data, file, annotator or Path(file).stem)
    if not isinstance(first, dict):
        raise WorkbenchError(_SHAPE, file=file, where="line 1")
    if isinstance(first.get("data"), dict):
        tasks = [item for _, item in iter_jsonl(data, file)]
        return neighbour_tools.read_label_studio(tasks, file, codebook, annotator, text_field)
    if news_json.looks_like_ninjs(first):
        return news_json.read_ninjs_jsonl(data, file)
    if isinstance(first.get("text"), str):
        return neighbour_tools.read_doccano(data, file, codebook, annotator)
    raise WorkbenchError(_SHAPE, file=file)


_SHAPE = (
    "JSON of an unknown shape: expected ninjs news items, Label Studio tasks, "
    'doccano records ({"text", "label"}) or workbench annotation records'
)


def _utf8(data: bytes, file: str) -> bytes:
    """JSON parsers want UTF-8; other encodings are decoded first (and line ends folded)."""
    try:
        if b"\x00" in data[:65536]:  # UTF-16 with a byte-order mark, or binary data
            raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL byte")
        data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(data, file).encode("utf-8")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise WorkbenchError("file is empty", file=file)
    return data


#: Extension -> reader. Readers sniff the content further where one extension covers
#: several formats.
READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
    ".tsv": _read_csv,
}


def supported_extensions() -> list[str]:
    return sorted(READERS)


def read_bytes(
    data: bytes, file: str, codebook: Codebook, annotator: str | None = None, text_field: str | None = None
) -> ImportBatch:
    """Parse one file's bytes, choosing the reader by the extension of ``file``.

    This is the level fuzz tests drive: anything but a ``WorkbenchError`` escaping it is a bug.
    """
    reader = READERS.get(Path(file).suffix.lower())
    if reader is None:
        raise WorkbenchError(
            f"unknown file type '{Path(file).suffix}'; expected one of {', '.join(supported_extensions())}",
            file=file,
        )
    try:
        batch = reader(data, file, codebook, annotator, text_field)
    except WorkbenchError as exc:
        raise exc.with_file(file) from None
    except RecursionError:
        raise WorkbenchError("nested too deeply to read", file=file) from None
    if not batch.entries:
        raise WorkbenchError("holds no text to import", file=file)
    return batch


def import_paths(
    paths: Sequence[str | os.PathLike[str]],
    codebook: Codebook,
    annotator: str | None = None,
    progress: Callable[[int, int], None] = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
    text_field: str | None = None,
) -> ImportBatch:
    """Read files and folders (recursively) into one batch; any failing file fails it all.

    Hidden files and files of unknown type inside folders are skipped and listed in
    ``batch.problems``; a file named explicitly must be importable. Entries and dispatches
    repeated across files appear once.
    """
    files, problems = collect_files(paths)
    explicit = {Path(p) for p in paths}
    if not files:
        raise WorkbenchError(
            "no importable files found (expected " + ", ".join(supported_extensions()) + ")",
            file=", ".join(str(p) for p in paths) or None,
        )
    merged = ImportBatch(problems=problems)
    seen_dispatches: set[str] = set()
    seen_entries: dict[str, str] = {}  # entry id -> the text it keeps
    progress(0, len(files))
    for done, path in enumerate(files, 1):
        if cancelled():
            raise Cancelled()
        data = read_limited(path)
        own_kind = _workbench_file_kind(data)
        if own_kind:
            if path in explicit:
                raise WorkbenchError(
                    f"is a workbench {own_kind} file, not something to import", file=str(path)
                )
            merged.problems.append(f"{path}: skipped, a workbench {own_kind} file")
            progress(done, len(files))
            continue
        batch = read_bytes(data, str(path), codebook, annotator, text_field)
        _merge(merged, batch, str(path), seen_dispatches, seen_entries)
        progress(done, len(files))
    return merged


def _merge(
    merged: ImportBatch, batch: ImportBatch, file: str, dispatches: set[str], entries: dict[str, str]
) -> None:
    """Add one file's batch; a later file's annotations are fitted to the text kept first."""
    for dispatch in batch.dispatches:
        if dispatch.id not in dispatches:
            dispatches.add(dispatch.id)
            merged.dispatches.append(dispatch)
    given = {entry.id: entry.text for entry in batch.entries}
    for entry in batch.entries:
        if entry.id not in entries:
            entries[entry.id] = entry.text
            merged.entries.append(entry)
    for name, layer in batch.layers.items():
        target = merged.layers.setdefault(name, {})
        for entry_id, annotation in layer.items():
            if entry_id in target:
                merged.problems.append(f"{file}: a second annotation by {name} of entry {entry_id} ignored")
                continue
            stored = entries.get(entry_id, given.get(entry_id, ""))
            target[entry_id], dropped = fit_annotation(annotation, given.get(entry_id, stored), stored)
            if dropped:
                merged.problems.append(
                    f"{file}: {dropped} span(s) by {name} of entry {entry_id} do not fit its text; left out"
                )
    merged.problems.extend(batch.problems)


def _workbench_file_kind(data: bytes) -> str | None:
    """Project and codebook files of our own often sit beside the sources in a folder.

    Both are written with ``"format"`` as the first key, so the first bytes tell.
    """
    match = _OWN_FORMAT.match(data[:256])
    return match[1].decode() if match else None


def collect_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """The files to read, in a stable order, and notes on what was skipped."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path, path.resolve(), problems):
                if _is_brat_text(child):
                    continue
                if child.suffix.lower() in READERS:
                    files.append(child)
                else:
                    problems.append(f"{child}: skipped, not a known file type")
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise WorkbenchError(
                    f"unknown file type '{path.suffix}'; expected one of {', '.join(supported_extensions())}",
                    file=str(path),
                )
            files.append(path)
        else:
            raise WorkbenchError(special_file_problem(path) or "no such file or folder", file=str(path))
    return files, problems


def _walk(folder: Path, root: Path, problems: list[str]) -> Iterator[Path]:
    """Regular files under ``folder`` in name order, without hidden files and folders.

    ``os.scandir`` knows each entry's type from the directory listing itself, so a folder
    of 12,000 dispatches costs no stat call per file; symlinked folders are not followed.
    A linked file is read only if it stays inside ``root``: a ``notes.txt`` pointing at a
    private key elsewhere must not become an entry, and the summary says it was skipped.
    """
    with os.scandir(folder) as listing:
        children = sorted(listing, key=lambda entry: entry.name)
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir(follow_symlinks=False):
            yield from _walk(Path(child.path), root, problems)
        elif child.is_symlink() and not Path(child.path).resolve().is_relative_to(root):
            problems.append(f"{child.path}: skipped, a link leading out of the folder")
        elif child.is_file():
            yield Path(child.path)


def read_limited(path: Path) -> bytes:
    """Read a file to import: a regular file within the import limit (see ``read_input``)."""
    return read_input(path, MAX_IMPORT_BYTES, "import limit", "split it into smaller files")


def _read_qdpx(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    """A REFI-QDA project: every user who coded becomes a layer (see ``importers.refi_qda``)."""
    from workbench.formats.importers.refi_qda import read_qdpx_bytes

    return read_qdpx_bytes(data, file, codebook, annotator or Path(file).stem)


READERS[".qdpx"] = _read_qdpx


def _read_brat(
    data: bytes, file: str, codebook: Codebook, annotator: str | None, text_field: str | None = None
) -> ImportBatch:
    """A brat ``.ann`` file and the ``.txt`` beside it (see ``importers.brat``); the layer is
    named after the folder, since a brat collection is one folder per annotator."""
    from workbench.formats.importers.brat import read_brat

    path = Path(file)
    txt = path.with_suffix(".txt")
    if not txt.is_file():
        raise WorkbenchError(f"a brat .ann file needs its text beside it, {txt.name}", file=file)
    return read_brat(data, read_limited(txt), file, codebook, annotator or path.resolve().parent.name)


READERS[".ann"] = _read_brat


def _is_brat_text(path: Path) -> bool:
    """A ``.txt`` with an ``.ann`` beside it is a brat document's text, read with the ``.ann``."""
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()
