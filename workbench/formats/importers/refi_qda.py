"""REFI-QDA ``.qdpx`` import: texts, codes and selections back as annotation layers.

Every ``User`` who created codings becomes an annotation layer. A code is placed in the
codebook by its parent's name (the dimension's key or label) and its own name (a value's
key or label; open dimensions take new names as they are); a top-level code whose name
is a value of exactly one dimension goes there too. Selections of a ``span`` dimension
become spans; selections of any other dimension set that entry-level value, whatever
stretch they cover. Sources written by the workbench carry their entry ids as
variables and come back as the same entries; other tools' sources become one entry each.

The archive is untrusted: member names that would land outside the archive's folder
(``..``, absolute paths) and archives that inflate beyond ``MAX_TOTAL_BYTES`` or by an
absurd ratio (per member and over the whole archive) are refused before anything is read,
each read is capped, and XML with a DOCTYPE (the door to entity-expansion attacks) is
refused by the parser itself, whatever the file's encoding. Nothing is extracted to disk.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from workbench.core.codebook import Codebook, Dimension
from workbench.core.entry_times import is_local_time, is_utc_time
from workbench.core.errors import WorkbenchError
from workbench.core.ids import EntryIds, dispatch_id
from workbench.core.input_files import read_input
from workbench.core.model import Annotation, Dispatch, Entry, Span
from workbench.core.undoable import ImportBatch
from workbench.formats.exporters.refi_qda import NS
from workbench.formats.untrusted_xml import parse_untrusted_xml

MAX_TOTAL_BYTES = 512 * 1024**2
#: Deflate cannot shrink ordinary text more than about 100:1; far beyond that is a bomb.
MAX_RATIO = 200
_RATIO_FLOOR = 1024**2  # small members may compress well without being suspicious
#: What ``zipfile`` raises on a damaged archive, besides BadZipFile: zlib.error for corrupt
#: deflate data, ValueError for offsets pointing before the start, NotImplementedError
#: for an unknown compression method, RuntimeError for an encrypted member.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def read_qdpx(
    path: str | Path, codebook: Codebook, annotator: str, *, max_total: int = MAX_TOTAL_BYTES
) -> ImportBatch:
    """Read a ``.qdpx`` file; ``annotator`` names codings whose user is not given."""
    data = read_input(Path(path), max_total, "limit of an archive")
    return read_qdpx_bytes(data, str(path), codebook, annotator, max_total=max_total)


def read_qdpx_bytes(
    data: bytes, file: str, codebook: Codebook, annotator: str, *, max_total: int = MAX_TOTAL_BYTES
) -> ImportBatch:
    """The same from the archive's bytes (the importer's reader signature)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise WorkbenchError(f"not a readable .qdpx (ZIP) archive ({exc})", file=file) from None
    with archive:
        members = _checked_members(archive, file, max_total)
        qde = [name for name in members if name.lower().endswith(".qde") and "/" not in name]
        if len(qde) != 1:
            raise WorkbenchError("the archive holds no project.qde (or more than one)", file=file)
        root = parse_untrusted_xml(_read_member(archive, members[qde[0]], file), file, qde[0])
        return _Reader(archive, members, file, codebook, annotator).batch(root)


def _checked_members(archive: zipfile.ZipFile, file: str, max_total: int) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        if not name:  # zipfile cuts a name at its first NUL: nothing is left to place or read
            raise WorkbenchError("refused: a member of the archive has no name", file=file)
        pure = PurePosixPath(name)
        if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in pure.parts:
            raise WorkbenchError(
                f"refused: member '{info.filename}' would land outside the archive's folder", file=file
            )
        total += info.file_size
        if total > max_total:
            raise WorkbenchError(
                f"refused: the archive would inflate to more than {max_total // 1024**2} MB", file=file
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbenchError(
                f"refused: member '{info.filename}' inflates {info.file_size // max(info.compress_size, 1)}-fold "
                "(a ZIP bomb?)",
                file=file,
            )
        if not info.is_dir():
            members[name] = info
    _check_total_ratio(total, sum(info.compress_size for info in archive.infolist()), file)
    return members


def _check_total_ratio(total: int, packed: int, file: str) -> None:
    """The ratio bound over the whole archive: many members each small enough to pass the
    per-member check (under ``_RATIO_FLOOR``) still add up to a bomb."""
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise WorkbenchError(
            f"refused: the archive inflates {total // max(packed, 1)}-fold in all (a ZIP bomb?)", file=file
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> bytes:
    """Read a member, never more than it declares (a lying header cannot inflate further)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except _ZIP_ERRORS as exc:
        raise WorkbenchError(f"cannot read member '{info.filename}' ({exc})", file=file) from None
    if len(data) > info.file_size:
        raise WorkbenchError(f"refused: member '{info.filename}' is larger than it declares", file=file)
    return data


class _Reader:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        members: dict[str, zipfile.ZipInfo],
        file: str,
        codebook: Codebook,
        annotator: str,
    ) -> None:
        self.archive = archive
        self.members = members
        self.file = file
        self.codebook = codebook
        self.annotator = annotator
        self.users: dict[str, str] = {}
        self.codes: dict[str, tuple[str, str] | None] = {}
        self.code_names: dict[str, str] = {}
        self.variables: dict[str, str] = {}
        self.result = ImportBatch()

    def batch(self, root: ET.Element) -> ImportBatch:
        if root.tag != _tag("Project"):
            raise WorkbenchError(f"the root element is not a REFI-QDA <Project> ({NS})", file=self.file)
        for user in root.iter(_tag("User")):
            self.users[user.get("guid", "")] = user.get("name") or user.get("id") or self.annotator
        for codes in root.iter(_tag("Codes")):
            for code in codes.findall(_tag("Code")):
                self._code(code, None)
        for variable in root.iter(_tag("Variable")):
            self.variables[variable.get("guid", "")] = variable.get("name", "")
        sources = root.find(_tag("Sources"))
        dispatch_ids: dict[str, EntryIds] = {}
        for source in sources if sources is not None else []:
            self._any_source(source, dispatch_ids)
        for kind in ("Note", "Case", "Set"):
            self._unread(len(list(root.iter(_tag(kind)))), kind.lower())
        if not self.result.entries:
            raise WorkbenchError("the project holds no text sources", file=self.file)
        return self.result

    def _unread(self, count: int, what: str, why: str = "the workbench has no place for them") -> None:
        if count:
            self.result.problems.append(
                f"{self.file}: {count} {what}{'s' * (count != 1)} not imported ({why})"
            )

    def _any_source(self, source: ET.Element, dispatch_ids: dict[str, EntryIds]) -> None:
        """Text sources, and PDF sources through their plain-text representation; the rest counted."""
        kind = source.tag.rsplit("}", 1)[-1]
        if kind == "TextSource":
            self._source(source, dispatch_ids)
        elif kind == "PDFSource":
            self._unread(len(source.findall(_tag("PDFSelection"))), "PDF selection", "page areas, not text")
            text_form = source.find(_tag("Representation"))
            if text_form is None:
                self._unread(1, "PDF source without a text representation", source.get("name") or "unnamed")
            else:
                text_form.set("name", text_form.get("name") or source.get("name") or "untitled source")
                self._source(text_form, dispatch_ids)
        else:
            self._unread(1, kind.removesuffix("Source").lower() + " source", source.get("name") or "unnamed")

    def _code(self, code: ET.Element, parent: str | None) -> None:
        guid = code.get("guid", "")
        name = code.get("name", "")
        self.code_names[guid] = name
        self.codes[guid] = self._place(name, parent)
        for child in code.findall(_tag("Code")):
            self._code(child, name)

    def _dimension(self, name: str) -> Dimension | None:
        folded = name.casefold()
        for dim in self.codebook.dimensions:
            if folded in (dim.key.casefold(), dim.label.casefold()):
                return dim
        return None

    def _place(self, name: str, parent: str | None) -> tuple[str, str] | None:
        """(dimension, value) for a code, or None when the codebook has no place for it."""
        if parent is not None:
            dim = self._dimension(parent)
            if dim is None:
                return None
            folded = name.casefold()
            for value in dim.values:
                if folded in (value.key.casefold(), value.label.casefold()):
                    return dim.key, value.key
            return dim.key, name
        homes = [
            (d.key, v.key) for d in self.codebook.dimensions for v in d.values if name in (v.key, v.label)
        ]
        return homes[0] if len(homes) == 1 else None

    def _text(self, source: ET.Element) -> str | None:
        """The source's text; None (reported) when it lies outside the archive."""
        inline = source.find(_tag("PlainTextContent"))
        if inline is not None:
            return inline.text or ""
        path = source.get("plainTextPath", "")
        if not path.startswith("internal://"):
            self.result.problems.append(
                f"{self.file}: source '{source.get('name')}' keeps its text outside the archive "
                f"({path or 'no path'}); not imported"
            )
            return None
        member = "sources/" + path[len("internal://") :]
        info = self.members.get(member)
        if info is None:
            raise WorkbenchError(f"the archive lacks {member}", file=self.file)
        data = _read_member(self.archive, info, self.file)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkbenchError("not UTF-8 text", file=self.file, where=member) from None

    def _source(self, source: ET.Element, dispatch_ids: dict[str, EntryIds]) -> None:
        """One text source: its entry (and dispatch, when new) and every coding of it."""
        text = self._text(source)
        if text is None:
            return
        entry = self._entry(source, text, self._variables(source), dispatch_ids)
        self.result.entries.append(entry)
        self._codings(source, entry)

    def _variables(self, source: ET.Element) -> dict[str, str]:
        """The source's variable values by variable name: where our export keeps the entry's
        fields (ids, times, heading) that QDA-XML has no place for."""
        values: dict[str, str] = {}
        for holder in source.findall(_tag("VariableValue")):
            ref = holder.find(_tag("VariableRef"))
            name = self.variables.get(ref.get("targetGUID", "")) if ref is not None else None
            value = next((child.text for child in holder if child is not ref), None)
            if name and value is not None:
                values[name] = value
        return values

    def _entry(
        self, source: ET.Element, text: str, values: dict[str, str], dispatch_ids: dict[str, EntryIds]
    ) -> Entry:
        """The entry a source becomes, its dispatch added to the result the first time it is met."""
        name = source.get("name") or "untitled source"
        title = values.get("dispatch_title") or name
        did = values.get("dispatch_id") or dispatch_id(title, None, None)
        if did not in dispatch_ids:
            dispatch_ids[did] = EntryIds(did)
            self.result.dispatches.append(Dispatch(id=did, title=title, source=self.file))
        time_label = values.get("time_label")
        entry_id = values.get("entry_id") or dispatch_ids[did].next(time_label, text)
        position = values.get("position", "")
        timestamp, utc = values.get("timestamp"), values.get("utc")
        # A time the project file refuses would make the project unopenable once saved.
        if timestamp is not None and not is_local_time(timestamp):
            raise WorkbenchError(
                f"timestamp {timestamp[:40]!r} is not a local time YYYY-MM-DDTHH:MM[:SS]",
                file=self.file,
                where=f"source {name!r}",
            )
        if utc is not None and not is_utc_time(utc):
            raise WorkbenchError(
                f"utc {utc[:40]!r} is not a UTC time YYYY-MM-DDTHH:MM:SSZ",
                file=self.file,
                where=f"source {name!r}",
            )
        return Entry(
            entry_id,
            did,
            int(position) if position.isdigit() else len(self.result.entries),
            time_label,
            timestamp,
            text,
            values.get("heading"),
            values.get("zone"),
            utc,
        )

    def _codings(self, source: ET.Element, entry: Entry) -> None:
        """The codings of selections within the source and of the source as a whole, each
        credited to the most specific creating user given."""
        text = entry.text
        default_user = self.users.get(source.get("creatingUser", ""), self.annotator)
        for chosen in source.findall(_tag("PlainTextSelection")):
            where = f"selection {chosen.get('guid')}"
            try:
                start, end = int(chosen.get("startPosition", "")), int(chosen.get("endPosition", ""))
            except ValueError:
                raise WorkbenchError(
                    "startPosition and endPosition must be integers", file=self.file, where=where
                ) from None
            if not 0 <= start <= end <= len(text):
                raise WorkbenchError(
                    f"positions {start}-{end} fall outside the source text", file=self.file, where=where
                )
            user = self.users.get(chosen.get("creatingUser", ""), default_user)
            for coding in chosen.findall(_tag("Coding")):
                self._coding(coding, entry, start, end, self.users.get(coding.get("creatingUser", ""), user))
        for coding in source.findall(_tag("Coding")):
            self._coding(coding, entry, 0, len(text), default_user)

    def _coding(self, coding: ET.Element, entry: Entry, start: int, end: int, user: str) -> None:
        for ref in coding.findall(_tag("CodeRef")):
            target = ref.get("targetGUID", "")
            place = self.codes.get(target)
            if place is None:
                name = self.code_names.get(target, target)
                self.result.problems.append(
                    f"{self.file}: code '{name}' has no place in the codebook; its coding of {entry.id} was skipped"
                )
                continue
            dimension, value = place
            layer = self.result.layers.setdefault(user, {})
            annotation = layer.setdefault(entry.id, Annotation())
            dim = self.codebook.dimension(dimension)
            if dim is not None and dim.kind == "span":
                span = Span(start, end, dimension, value)
                if end > start and span not in annotation.spans:
                    annotation.spans.append(span)
                    annotation.spans.sort(key=lambda s: (s.start, s.end, s.dimension, s.value))
            elif dim is not None and dim.kind == "multi":
                current = annotation.values.setdefault(dimension, [])
                if isinstance(current, list) and value not in current:
                    current.append(value)
            else:
                coded = annotation.values.get(dimension)
                if coded is not None and coded != value:
                    self.result.problems.append(
                        f"{self.file}: {entry.id}: {user} coded '{dimension}' twice; kept '{coded}', not '{value}'"
                    )
                else:
                    annotation.values[dimension] = value
