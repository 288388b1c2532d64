"""The one way untrusted XML (REFI-QDA projects, NITF news bodies) is parsed.

defusedxml refuses a DOCTYPE as the parser meets it, in whatever encoding the file is
written, which a search of the bytes for ``<!DOCTYPE`` cannot do (UTF-16 slips past it);
the DOCTYPE is the door to entity-expansion and external-entity attacks.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from workbench.core.errors import WorkbenchError


def parse_untrusted_xml(data: bytes, file: str, where: str) -> ET.Element:
    """The parsed root; one ``WorkbenchError`` line for a DOCTYPE or for broken XML."""
    try:
        return safe_xml.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ValueError):
        raise WorkbenchError(
            "refused: the XML declares a DOCTYPE or entities", file=file, where=where
        ) from None
    except ET.ParseError as exc:
        raise WorkbenchError(f"not well-formed XML ({exc})", file=file, where=where) from None
