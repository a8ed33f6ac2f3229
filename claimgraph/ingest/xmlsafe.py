"""XML safety: every XML document is checked with defusedxml before any parser reads it."""

from __future__ import annotations

from claimgraph.errors import InputError


def check_xml(data: bytes, name: str) -> None:
    """Refuse XML with entity declarations (billion laughs, external entities) or that is not
    well-formed, with a clear reason."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(
            f"{name}: XML declares entities (possible entity-expansion or external-entity "
            "attack); refused"
        ) from None
    except ParseError as exc:
        raise InputError(f"{name}: malformed XML ({exc})") from None
