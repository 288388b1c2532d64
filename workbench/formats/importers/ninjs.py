"""News items as JSON: IPTC ninjs 1.x, 2.x and 3.x, one item, a list, or one per line.

ninjs changed its spelling between versions (``headline`` became ``headlines[]``,
``body_text`` became ``bodies[]``, ``versioncreated`` became ``versionCreated``), and
agencies mix them, so every spelling is accepted. HTML bodies are reduced to text with
the standard library's ``html.parser`` keeping paragraph breaks, and a body that holds
live-blog time lines is split into entries by the live-blog parser, so an agency feed of
"The Latest" items codes exactly like the same story pasted from a text file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Required, TypedDict
from xml.etree import ElementTree as ET

import orjson
from dateutil import parser as date_parser

from workbench.core.errors import WorkbenchError
from workbench.core.undoable import ImportBatch
from workbench.formats.exporters.training_records import iter_jsonl
from workbench.formats.importers.liveblog import parse as liveblog
from workbench.formats.untrusted_xml import parse_untrusted_xml

#: Keys only a ninjs item has; any one of them marks an object as news rather than labels.
NINJS_KEYS = frozenset(
    {"uri", "headline", "headlines", "body_text", "body_html", "bodies", "versioncreated", "versionCreated"}
)
_CREATED_KEYS = ("versioncreated", "versionCreated", "firstcreated", "firstCreated")
_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article", "tr", "pre"}
)


#: ninjs 1.x allows any ``body_*``, ``headline_*`` and ``description_*`` field (patternProperties).
_SIBLING_PREFIXES = ("body_", "headline_")
#: What the workbench keeps from an item, in the dispatch's ``meta["ninjs"]``, to show it.
KEPT_KEYS = ("language", "by", "byline", "subjects", "places", "people", "organisations", "genre")


def looks_like_ninjs(item: Any) -> bool:
    return isinstance(item, dict) and (
        not NINJS_KEYS.isdisjoint(item) or any(str(key).startswith(_SIBLING_PREFIXES) for key in item)
    )


def describe_kept(meta: dict[str, Any]) -> tuple[str, str]:
    """A one-line summary (language, byline) and the full list for a tooltip, of what
    ``meta["ninjs"]`` keeps: analysts code by who wrote a story and whom it names."""
    kept = meta.get("ninjs")
    if not isinstance(kept, dict):
        return "", ""
    lines = []
    for key, value in kept.items():
        items = value if isinstance(value, list) else [value]
        names = [str(v.get("name") or v.get("uri") or "") if isinstance(v, dict) else str(v) for v in items]
        if any(names):
            lines.append(f"{key.replace('_', ' ').capitalize()}: {', '.join(n for n in names if n)}")
    summary = [str(kept[k]) for k in ("language", "byline", "by") if isinstance(kept.get(k), str)]
    return " · ".join(summary), "\n".join(lines)


def _kept(item: dict[str, Any]) -> dict[str, Any]:
    """The item's language, byline, subjects, places, people, organisations and descriptions."""
    kept = {key: item[key] for key in KEPT_KEYS if item.get(key) not in (None, "", [], {})}
    kept.update((key, value) for key, value in item.items() if key.startswith("description") and value)
    return kept


def read_ninjs_json(data: bytes, file: str) -> ImportBatch:
    """A .json file of one ninjs item or a list of them (UTF-8 bytes)."""
    parsed = parse_json(data, file)
    return read_ninjs_items(parsed if isinstance(parsed, list) else [parsed], file)


def read_ninjs_items(items: list[Any], file: str) -> ImportBatch:
    """Dispatches and entries from already parsed ninjs items (a JSON list or one item)."""
    batch = ImportBatch()
    for number, item in enumerate(items):
        _add(batch, ninjs_item(item, file, f"item[{number}]"), file, f"item[{number}]")
    return batch


def read_ninjs_jsonl(data: bytes, file: str) -> ImportBatch:
    """One ninjs item per line."""
    batch = ImportBatch()
    for number, item in iter_jsonl(data, file):
        _add(batch, ninjs_item(item, file, f"line {number}"), file, f"line {number}")
    return batch


def _add(batch: ImportBatch, parsed: liveblog.ParsedDispatch, file: str, where: str) -> None:
    batch.dispatches.append(parsed.dispatch)
    batch.entries.extend(parsed.entries)
    batch.problems.extend(f"{file}: {where}: {note}" for note in parsed.notes)


def ninjs_item(item: Any, file: str, where: str) -> liveblog.ParsedDispatch:
    """One dispatch from one ninjs item; the body is segmented when it is a live blog."""
    if not looks_like_ninjs(item):
        raise WorkbenchError("not a ninjs news item (no uri, headline or body)", file=file, where=where)
    title = _headline(item, file, where)
    body = _body(item, file, where)
    created = _created(item, file, where)
    uri = _string(item, "uri", file, where)
    located = _located(item, file, where)
    if not body.strip():
        raise WorkbenchError("item has no body text", file=file, where=where)
    parsed = liveblog.parse_body(
        body,
        title=title or Path(file).stem,
        newest_day=created.date() if created else None,
        dateline=located,
        uri=uri,
        source=file,
    )
    kept = _kept(item)
    if kept:
        parsed.dispatch.meta["ninjs"] = kept
    if created is not None and len(parsed.entries) == 1 and parsed.entries[0].time_label is None:
        entry = parsed.entries[0]
        entry.timestamp = created.strftime("%Y-%m-%dT%H:%M:%S")
        if created.tzinfo is not None:
            parsed.dispatch.time_basis = created.tzname() or created.strftime("%z")
            # The item's own time states its offset: the instant is known exactly.
            entry.zone = parsed.dispatch.time_basis
            entry.utc = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return parsed


def _string(item: dict[str, Any], key: str, file: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise WorkbenchError(f"'{key}' must be a string", file=file, where=where)
    return value.strip() or None


def _located(item: dict[str, Any], file: str, where: str) -> str | None:
    """``located`` is a string in ninjs; some feeds send a place object with a name."""
    value = item.get("located")
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip() or None
    return _string(item, "located", file, where)


class _Text(TypedDict, total=False):
    """A ninjs 2 ``headlines`` or ``bodies`` entry: a string ``value`` (``_pick`` checks it);
    the other fields are read as whatever the file holds."""

    value: Required[str]
    role: object
    contenttype: object
    contentType: object


def _pick(entries: Any, key: str, file: str, where: str) -> list[_Text]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WorkbenchError(f"'{key}' must be a list of objects", file=file, where=where)
    for e in entries:
        if not isinstance(e.get("value"), str):
            raise WorkbenchError(f"every '{key}' entry needs a string 'value'", file=file, where=where)
    # The main role first, then the others in their order.
    return sorted(entries, key=lambda e: e.get("role") not in (None, "main", "default"))


def _headline(item: dict[str, Any], file: str, where: str) -> str:
    headline = _string(item, "headline", file, where)
    if headline:
        return headline
    if "headlines" in item:
        picked = _pick(item["headlines"], "headlines", file, where)
        if picked:
            return picked[0]["value"].strip()
    return next((text for _, text in _siblings(item, "headline_", file, where)), "")


def _siblings(item: dict[str, Any], prefix: str, file: str, where: str) -> list[tuple[str, str]]:
    """ninjs 1.x ``headline_*`` / ``body_*`` fields, ``*_main`` first, then in the item's order."""
    found = [(key, _string(item, key, file, where)) for key in item if key.startswith(prefix)]
    return sorted(((k, v) for k, v in found if v), key=lambda kv: not kv[0].endswith("_main"))


def _body(item: dict[str, Any], file: str, where: str) -> str:
    text = _string(item, "body_text", file, where)
    if text:
        return text
    siblings = _siblings(item, "body_", file, where)
    plain = [text for key, text in siblings if not key.endswith(("html", "xhtml", "xml", "nitf"))]
    if plain:
        return plain[0]
    if siblings:  # only markup: HTML and XHTML before NITF
        key, text = min(siblings, key=lambda kv: kv[0].endswith(("_xml", "nitf")))
        return xml_to_text(text, file, where) if key.endswith(("_xml", "nitf")) else html_to_text(text)
    if "bodies" in item:
        bodies = _pick(item["bodies"], "bodies", file, where)
        if bodies:
            # Plain text wins wherever it stands; markup is reduced to text only when it is all there is.
            chosen = min(bodies, key=lambda b: _MARKUP_RANK.get(_content_type(b), 1))
            kind = _content_type(chosen)
            if "xml" in kind and "html" not in kind:
                return xml_to_text(chosen["value"], file, where)
            return html_to_text(chosen["value"]) if "html" in kind else chosen["value"]
    return ""


#: How bodies are preferred by content type (lower first); unknown types come after plain text.
_MARKUP_RANK = {"text/plain": 0, "": 0, "text/html": 2, "application/xhtml+xml": 2, "application/nitf+xml": 3}


def _content_type(body: _Text) -> str:
    kind = body.get("contenttype") or body.get("contentType") or ""
    return str(kind).split(";", 1)[0].strip().lower()


def xml_to_text(xml: str, file: str, where: str) -> str:
    """The text of an NITF (or other XML) body: its ``body.content`` when it has one.

    The body is untrusted, so it is parsed like every untrusted XML (``untrusted_xml``).
    """
    root = parse_untrusted_xml(xml.encode("utf-8"), file, where)
    content = next((e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "body.content"), root)
    return html_to_text(ET.tostring(content, encoding="unicode"))


def _created(item: dict[str, Any], file: str, where: str) -> datetime | None:
    for key in _CREATED_KEYS:
        value = _string(item, key, file, where)
        if value:
            try:
                return date_parser.isoparse(value)
            except (ValueError, OverflowError):
                raise WorkbenchError(
                    f"'{key}' is not an ISO 8601 date-time: {value!r}", file=file, where=where
                ) from None
    return None


class _TextCollector(HTMLParser):
    """Collects the text of HTML, breaking paragraphs at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(" ".join(data.split("\n")))


def html_to_text(html: str) -> str:
    """Plain text of an HTML body: one blank line between paragraphs, spaces tidied."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def parse_json(data: bytes, file: str) -> Any:
    """Parse a whole JSON document, turning every failure into one clear line."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        message = str(exc)
        if "unexpected end of data" in message:
            raise WorkbenchError(
                f"JSON ends too early, the file looks truncated ({exc})", file=file
            ) from None
        raise WorkbenchError(f"not valid JSON ({exc})", file=file) from None
