"""Reading CAP 1.2 messages: safe XML parsing, validation against the OASIS schema, extraction.

Everything here is pure (no database): `parse_cap()` turns bytes into a `CapMessage` or raises a
`CapRejected` subclass whose `message` says in Swedish why; `check_publishable()` adds the
platform's own rules (an info block, an area we can place, not yet expired).

Safety: the document is parsed by lxml with entity resolution, DTD loading and network access
off, limited to MAX_BYTES, and any DOCTYPE is refused outright (CAP never needs one), so
external entities (XXE) and entity expansion ("billion laughs") cannot do anything.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
XSD_PATH = Path(__file__).resolve().parent / "data" / "CAP-v1.2.xsd"
# CAP messages are a few kilobytes; SMHI's largest carry polygons of some tens of kilobytes.
MAX_BYTES = 512 * 1024
# CAP leaves a missing <expires> to the recipient: we show such a message for this long after
# it became effective.
DEFAULT_LIFETIME = timedelta(hours=24)

# Geocode valueNames we understand, compared after normalise_value_name() (see README.md).
MUNICIPALITY_CODE_NAMES = frozenset({"scb-kommunkod", "kommunkod"})
COUNTY_CODE_NAMES = frozenset({"scb-länskod", "länskod", "scb-lanskod", "lanskod"})
_MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
_COUNTY_CODE = re.compile(r"^\d{2}$")
# CAP 1.2 §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted characters
# (< and &)". The schema types them as plain strings, so we check it here.
_FORBIDDEN_IN_ID = re.compile(r"[\s,<&]")

SEVERITY_ORDER = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")


# --- Rejections ----------------------------------------------------------------------


class CapRejected(ValueError):
    """A CAP message the platform will not import. `code` is stable; `message` is Swedish."""

    code = "rejected"

    def __init__(self, message: str, *, identifier: str = "", sender: str = ""):
        super().__init__(message)
        self.message = message
        self.identifier = identifier
        self.sender = sender


class CapTooLarge(CapRejected):
    code = "too_large"


class CapNotXml(CapRejected):
    code = "not_xml"


class CapForbiddenDtd(CapRejected):
    code = "forbidden_dtd"


class CapSchemaInvalid(CapRejected):
    code = "schema_invalid"


class CapBadIdentifier(CapRejected):
    code = "bad_identifier"


class CapBadReferences(CapRejected):
    code = "bad_references"


class CapNoInfo(CapRejected):
    code = "no_info"


class CapNoKnownArea(CapRejected):
    code = "no_known_area"


class CapExpired(CapRejected):
    code = "expired"


# --- Extracted message -------------------------------------------------------------------


@dataclass(frozen=True)
class CapReference:
    sender: str
    identifier: str
    sent: str  # as written; only sender and identifier identify a message

    def __str__(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent}"


@dataclass(frozen=True)
class CapArea:
    description: str
    geocodes: tuple[tuple[str, str], ...] = ()

    @property
    def municipality_codes(self) -> list[str]:
        return _codes(self.geocodes, MUNICIPALITY_CODE_NAMES, _MUNICIPALITY_CODE)

    @property
    def county_codes(self) -> list[str]:
        return _codes(self.geocodes, COUNTY_CODE_NAMES, _COUNTY_CODE)


@dataclass(frozen=True)
class CapInfo:
    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    headline: str = ""
    description: str = ""
    instruction: str = ""
    effective: datetime | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    web: str = ""
    sender_name: str = ""
    areas: tuple[CapArea, ...] = ()

    @property
    def municipality_codes(self) -> list[str]:
        return unique(code for area in self.areas for code in area.municipality_codes)

    @property
    def county_codes(self) -> list[str]:
        return unique(code for area in self.areas for code in area.county_codes)

    @property
    def area_description(self) -> str:
        return "; ".join(unique(area.description for area in self.areas if area.description))


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str
    references: tuple[CapReference, ...] = ()
    note: str = ""
    infos: tuple[CapInfo, ...] = field(default=(), repr=False)
    xml: str = field(default="", repr=False)  # the document as text, for the record

    @property
    def info(self) -> CapInfo | None:
        """The Swedish info block when there are several, else the first."""
        for info in self.infos:
            if info.language.lower().startswith("sv"):
                return info
        return self.infos[0] if self.infos else None

    def starts_at(self) -> datetime:
        """When the message becomes visible: <effective>, which CAP defaults to <sent>."""
        info = self.info
        return (info.effective if info and info.effective else None) or self.sent

    def ends_at(self) -> datetime:
        info = self.info
        if info and info.expires:
            return info.expires
        return self.starts_at() + DEFAULT_LIFETIME


# --- Parsing -------------------------------------------------------------------------------


def parse_xml_safely(data: bytes) -> etree._Element:
    """The root element of an untrusted XML document, or CapRejected.

    Shared with the feed reader (Atom/RSS), which needs the same protection.
    """
    if not isinstance(data, bytes):
        raise CapNotXml(_("Meddelandet är inte XML."))
    if len(data) > MAX_BYTES:
        raise CapTooLarge(_("Meddelandet är större än %(limit)s kB.") % {"limit": MAX_BYTES // 1024})
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:  # ValueError: e.g. an encoding lxml refuses
        detail = _short(getattr(exc, "msg", None) or str(exc))
        raise CapNotXml(_("Meddelandet är inte välformad XML: %(detail)s") % {"detail": detail}) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None \
            or any(isinstance(node, etree._Entity) for node in root.iter()):
        raise CapForbiddenDtd(_("Meddelandet innehåller en DOCTYPE eller entiteter, vilket inte är tillåtet i CAP."))
    return root


@cache
def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(XSD_PATH), parser=parser))


# lxml's schema object keeps its error log on itself; one validation at a time keeps it honest.
_schema_lock = threading.Lock()


def validate_schema(root: etree._Element) -> None:
    schema = _schema()
    with _schema_lock:
        if schema.validate(root):
            return
        errors = list(schema.error_log)
        detail = _("rad %(line)s: %(message)s") % {"line": errors[0].line, "message": errors[0].message} if errors else ""
        if len(errors) > 1:
            more = len(errors) - 1
            detail += ngettext(" och %(count)s fel till", " och %(count)s fel till", more) % {"count": more}
    raise CapSchemaInvalid(_("Meddelandet följer inte CAP 1.2-schemat (%(detail)s).") % {"detail": _short(detail)})


def parse_cap(data: bytes) -> CapMessage:
    """Parse and validate one CAP 1.2 message. Raises a CapRejected subclass."""
    root = parse_xml_safely(data)
    validate_schema(root)
    identifier, sender = _text(root, "identifier"), _text(root, "sender")
    if not identifier or not sender or _FORBIDDEN_IN_ID.search(identifier) or _FORBIDDEN_IN_ID.search(sender):
        raise CapBadIdentifier(
            _("Identifierare och avsändare får inte vara tomma eller innehålla mellanslag, komma, < eller &."),
            identifier=identifier, sender=sender,
        )
    msg_type = _text(root, "msgType")
    references = _references(_text(root, "references"), identifier=identifier, sender=sender)
    if msg_type in ("Update", "Cancel") and not references:
        raise CapBadReferences(
            _("Ett meddelande av typen %(type)s måste hänvisa till ett tidigare meddelande.") % {"type": msg_type},
            identifier=identifier, sender=sender,
        )
    return CapMessage(
        identifier=identifier, sender=sender, sent=_datetime(_text(root, "sent")),
        status=_text(root, "status"), msg_type=msg_type, scope=_text(root, "scope"),
        references=references, note=_text(root, "note"),
        infos=tuple(_info(element) for element in root.findall(_q("info"))),
        xml=_as_text(data, root),
    )


def check_publishable(message: CapMessage, *, now: datetime) -> None:
    """The platform's rules beyond the schema, for messages that carry a warning (Alert, Update).

    A Cancel needs no info block: it only withdraws the messages it refers to.
    """
    if message.msg_type == "Cancel":
        return
    ids = {"identifier": message.identifier, "sender": message.sender}
    info = message.info
    if info is None:
        raise CapNoInfo(_("Meddelandet saknar info-block och har alltså ingen varning att visa."), **ids)
    if not info.municipality_codes and not info.county_codes:
        raise CapNoKnownArea(
            _("Meddelandet saknar område med en kommunkod (fyra siffror) eller länskod (två siffror) "
              "som plattformen förstår."), **ids)
    if message.ends_at() <= now:
        raise CapExpired(_("Meddelandet gick ut %(expires)s.") % {"expires": message.ends_at().isoformat()}, **ids)


def read_cap(data: bytes, *, now: datetime) -> CapMessage:
    """parse_cap() and check_publishable() in one."""
    message = parse_cap(data)
    check_publishable(message, now=now)
    return message


def normalise_value_name(name: str) -> str:
    """'SCB-Kommunkod', 'scb kommunkod', 'SCB_kommunkod' and 'SCB:kommunkod' all become 'scb-kommunkod'."""
    return re.sub(r"[\s_:]+", "-", name.strip().lower())


# --- Helpers --------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{CAP_NS}}}{name}"


def _text(element, name: str) -> str:
    child = element.find(_q(name))
    return (child.text or "").strip() if child is not None else ""


def _as_text(data: bytes, root) -> str:
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return etree.tostring(root, encoding="unicode")


def _datetime(value: str) -> datetime | None:
    # The schema has already checked the form YYYY-MM-DDThh:mm:ss±hh:mm.
    return datetime.fromisoformat(value) if value else None


def _info(element) -> CapInfo:
    return CapInfo(
        language=_text(element, "language") or "en-US",  # the schema's default
        categories=tuple((child.text or "").strip() for child in element.findall(_q("category"))),
        event=_text(element, "event"),
        urgency=_text(element, "urgency"),
        severity=_text(element, "severity"),
        certainty=_text(element, "certainty"),
        headline=_text(element, "headline"),
        description=_text(element, "description"),
        instruction=_text(element, "instruction"),
        effective=_datetime(_text(element, "effective")),
        onset=_datetime(_text(element, "onset")),
        expires=_datetime(_text(element, "expires")),
        web=_safe_web(_text(element, "web")),
        sender_name=_text(element, "senderName"),
        areas=tuple(
            CapArea(
                description=_text(area, "areaDesc"),
                geocodes=tuple((_text(geocode, "valueName"), _text(geocode, "value"))
                               for geocode in area.findall(_q("geocode"))),
            )
            for area in element.findall(_q("area"))
        ),
    )


def _safe_web(url: str) -> str:
    """Only http(s) links reach the page: xs:anyURI would also allow javascript: and data:."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


def _references(text: str, *, identifier: str, sender: str) -> tuple[CapReference, ...]:
    """'sender,identifier,sent' triples separated by whitespace (CAP 1.2 §3.2.1)."""
    references = []
    for triple in text.split():
        parts = triple.split(",")
        if len(parts) != 3 or not all(parts):
            raise CapBadReferences(
                _("Hänvisningen %(reference)s har inte formen avsändare,identifierare,tid.") % {"reference": triple},
                identifier=identifier, sender=sender,
            )
        references.append(CapReference(sender=parts[0], identifier=parts[1], sent=parts[2]))
    return tuple(references)


def _codes(geocodes, names: frozenset[str], pattern: re.Pattern) -> list[str]:
    return unique(
        value.strip() for name, value in geocodes
        if normalise_value_name(name) in names and pattern.match(value.strip())
    )


def unique(values) -> list:
    """The values in their first order, each once."""
    return list(dict.fromkeys(values))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
