"""REFI-QDA project exchange (``.qdpx``) export, for MAXQDA, ATLAS.ti, NVivo and QualCoder.

The archive holds ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0`` namespace) and
one UTF-8 text file per exported entry under ``sources/``. One source per entry (rather
than per dispatch) keeps every offset identical to the workbench's own and lets a QDA
tool's document list double as the entry list; the entry's ids, dispatch, time and split
travel as source variables, so an import restores the very same entries.

The code tree has one non-codable code per dimension, with a codable child code per
value (in the codebook's colours). A span becomes a ``PlainTextSelection`` over its
code points; an entry-level value (stance, actor, event type) becomes a selection of the
whole text coded with that value. The layer's name is the ``User`` who made every coding.
All GUIDs are ``uuid5`` of stable ids and the ZIP entries carry a fixed date, so the same
export twice gives byte-identical files.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from workbench.core.model import Entry
from workbench.formats.exporters.subsets import ENTRY_PLACE_FIELDS, Selection

NS = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:media-workbench:refi-qda")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Source variables written for every entry, in this order; ``split`` only with a split.
ENTRY_VARIABLES = ("entry_id", *ENTRY_PLACE_FIELDS)
_CHECK_EVERY = 1000
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def guid(*parts: object) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def write_qdpx(
    selection: Selection,
    out: BinaryIO,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    project = selection.project
    ET.register_namespace("", NS)
    user = guid("user", selection.layer)
    root = ET.Element(_tag("Project"), {"name": str(project.meta.get("title") or "workbench export")})
    root.set("origin", "media-workbench")
    users = ET.SubElement(root, _tag("Users"))
    ET.SubElement(users, _tag("User"), {"guid": user, "name": selection.layer})
    code_guids = _code_book(root, selection)
    variables = list(ENTRY_VARIABLES) + (["split"] if selection.splits else [])
    variable_list = ET.SubElement(root, _tag("Variables"))
    for name in variables:
        kind = "Integer" if name == "position" else "Text"
        ET.SubElement(
            variable_list,
            _tag("Variable"),
            {"guid": guid("variable", name), "name": name, "typeOfVariable": kind},
        )
    sources = ET.SubElement(root, _tag("Sources"))
    texts: list[tuple[str, str]] = []
    for entry in selection.checked(progress, cancelled, _CHECK_EVERY):
        source_guid = guid("source", entry.id)
        texts.append((source_guid, entry.text))
        source = ET.SubElement(
            sources,
            _tag("TextSource"),
            {
                "guid": source_guid,
                "name": _source_name(selection, entry),
                "plainTextPath": f"internal://{source_guid}.txt",
                "creatingUser": user,
            },
        )
        _selections(source, selection, entry, user, code_guids)
        values = _variable_values(selection, entry)
        for name in variables:
            _variable_value(source, name, values[name])
    _drop_xml_invalid(root)
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_member("project.qde"), xml)
        for source_guid, text in texts:
            archive.writestr(_member(f"sources/{source_guid}.txt"), text.encode("utf-8"))
    total = len(selection.entries)
    progress(total, total)
    return total


def _drop_xml_invalid(root: ET.Element) -> None:
    """XML 1.0 cannot hold most control characters; drop them from names and values.

    Entry texts themselves live in the ``sources/`` files and keep every character.
    """
    for element in root.iter():
        if element.text and _XML_INVALID.search(element.text):
            element.text = _XML_INVALID.sub("", element.text)
        for key, value in element.attrib.items():
            if _XML_INVALID.search(value):
                element.set(key, _XML_INVALID.sub("", value))


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _source_name(selection: Selection, entry: Entry) -> str:
    dispatch = selection.dispatch(entry)
    title = dispatch.title if dispatch else entry.dispatch_id
    return f"{title} — {entry.time_label or f'entry {entry.position + 1}'}"


def _variable_values(selection: Selection, entry: Entry) -> dict[str, object]:
    dispatch = selection.dispatch(entry)
    return {
        "entry_id": entry.id,
        "dispatch_id": entry.dispatch_id,
        "dispatch_title": dispatch.title if dispatch else "",
        "position": entry.position,
        "time_label": entry.time_label,
        "timestamp": entry.timestamp,
        "zone": entry.zone,
        "utc": entry.utc,
        "heading": entry.heading,
        "split": (selection.splits or {}).get(entry.id),
    }


def _variable_value(source: ET.Element, name: str, value: object) -> None:
    if value is None:
        return
    holder = ET.SubElement(source, _tag("VariableValue"))
    ET.SubElement(holder, _tag("VariableRef"), {"targetGUID": guid("variable", name)})
    kind = "IntegerValue" if isinstance(value, int) else "TextValue"
    ET.SubElement(holder, _tag(kind)).text = str(value)


def _code_book(root: ET.Element, selection: Selection) -> dict[tuple[str, str], str]:
    """Write the code tree; returns (dimension, value) -> code GUID."""
    codebook = selection.project.codebook
    used: dict[str, list[str]] = {}
    for entry in selection.entries:
        annotation = selection.annotations.get(entry.id)
        if annotation is None:
            continue
        for key, value in annotation.values.items():
            for item in value if isinstance(value, list) else [value]:
                used.setdefault(key, []).append(item)
        for span in annotation.spans:
            used.setdefault(span.dimension, []).append(span.value)
    codes = ET.SubElement(ET.SubElement(root, _tag("CodeBook")), _tag("Codes"))
    guids: dict[tuple[str, str], str] = {}
    listed = {d.key for d in codebook.dimensions}
    tree = [
        (d.key, d.description, [(v.key, v.colour, v.label) for v in d.values]) for d in codebook.dimensions
    ]
    tree += [(key, "", []) for key in sorted(used) if key not in listed]
    for key, description, values in tree:
        parent = ET.SubElement(
            codes, _tag("Code"), {"guid": guid("code", key), "name": key, "isCodable": "false"}
        )
        if description:
            ET.SubElement(parent, _tag("Description")).text = description
        known = {v[0] for v in values}
        extra = sorted({v for v in used.get(key, []) if v not in known})
        for value, colour, label in [*values, *((v, "#888888", v) for v in extra)]:
            code_guid = guid("code", key, value)
            guids[(key, value)] = code_guid
            child = ET.SubElement(
                parent, _tag("Code"), {"guid": code_guid, "name": value, "isCodable": "true", "color": colour}
            )
            if label and label != value:
                ET.SubElement(child, _tag("Description")).text = label
    return guids


def _selections(
    source: ET.Element, selection: Selection, entry: Entry, user: str, code_guids: dict[tuple[str, str], str]
) -> None:
    annotation = selection.annotations.get(entry.id)
    if annotation is None:
        return
    whole = len(entry.text)
    coded: list[tuple[int, int, str, str]] = []
    for key, value in annotation.values.items():
        coded.extend((0, whole, key, item) for item in (value if isinstance(value, list) else [value]))
    coded.extend((s.start, s.end, s.dimension, s.value) for s in annotation.spans)
    for start, end, dimension, value in coded:
        selection_guid = guid("selection", selection.layer, entry.id, start, end, dimension, value)
        element = ET.SubElement(
            source,
            _tag("PlainTextSelection"),
            {
                "guid": selection_guid,
                "name": entry.text[start:end][:60],
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": user,
            },
        )
        coding = ET.SubElement(
            element, _tag("Coding"), {"guid": guid("coding", selection_guid), "creatingUser": user}
        )
        ET.SubElement(coding, _tag("CodeRef"), {"targetGUID": code_guids[(dimension, value)]})
