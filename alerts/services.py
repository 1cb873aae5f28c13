"""Every write of the alerts app: importing a CAP message, and recording the ones refused.

Imports are done by the system (the feed command), not by a user, so no actor is passed.
A message is fully parsed and validated before anything is written; re-importing a message
already stored (same sender and identifier, as CAP defines identity) writes nothing.
"""
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import cap
from alerts.cache_keys import bump_version
from alerts.models import OfficialAlert, RejectedAlert
from alerts.signals import official_alert_stored

logger = logging.getLogger("alerts.cap")

# msgTypes that carry or withdraw a warning; Ack and Error are replies between systems.
_IMPORTED_TYPES = ("Alert", "Update", "Cancel")
# How far a Cancel follows Updates of the messages it names (a chain of updates is short).
_MAX_CHAIN = 50


class CapNotStorable(cap.CapRejected):
    code = "not_storable"


@dataclass
class ImportResult:
    outcome: str  # "created" | "unchanged" | "ignored" | "rejected"
    alert: OfficialAlert | None = None
    rejection: RejectedAlert | None = None
    code: str = ""
    reason: str = ""

    @property
    def rejected(self) -> bool:
        return self.outcome == "rejected"


def import_cap_document(data: bytes, source: str, *, now: datetime | None = None) -> ImportResult:
    """Import one CAP 1.2 message from `source` (a file path or URL, for the record)."""
    now = now or timezone.now()
    try:
        message = cap.parse_cap(data)
    except cap.CapRejected as exc:
        return _reject(data=data, source=source, error=exc, now=now)

    if message.scope != "Public" or message.msg_type not in _IMPORTED_TYPES:
        # Restricted/Private messages are not ours to publish, and Ack/Error carry no warning:
        # neither is stored. Not a rejection: the message itself is fine.
        logger.info("CAP message %s,%s from %s ignored: scope %s, msgType %s",
                    message.sender, message.identifier, source, message.scope, message.msg_type)
        return ImportResult("ignored", code="not_for_public")

    existing = OfficialAlert.objects.filter(sender=message.sender, identifier=message.identifier).first()
    if existing is not None:
        logger.info("CAP message %s,%s from %s already imported", message.sender, message.identifier, source)
        return ImportResult("unchanged", alert=existing)

    try:
        cap.check_publishable(message, now=now)
        alert = _build(message=message, source=source, now=now)
    except cap.CapRejected as exc:
        return _reject(data=data, source=source, error=exc, now=now)

    try:
        with transaction.atomic():
            alert.save()
            _withdraw_referenced(alert=alert, message=message, now=now)
            _withdraw_by_earlier_arrivals(alert=alert, now=now)
            transaction.on_commit(lambda: _announce(alert))
    except IntegrityError:
        # Another import stored the same message between our check and our insert.
        existing = OfficialAlert.objects.filter(sender=message.sender, identifier=message.identifier).first()
        if existing is None:
            raise
        return ImportResult("unchanged", alert=existing)
    logger.info("CAP message %s,%s from %s imported (%s, %s)", alert.sender, alert.identifier, source,
                alert.msg_type, alert.status)
    return ImportResult("created", alert=alert)


def _announce(alert: OfficialAlert) -> None:
    bump_version()
    for receiver, error in official_alert_stored.send_robust(sender=OfficialAlert, alert=alert):
        if error is not None:
            logger.error("%s failed after CAP message %s was stored: %r", receiver, alert.identifier, error)


# --- Building the row ---------------------------------------------------------------------


def _build(*, message: cap.CapMessage, source: str, now: datetime) -> OfficialAlert:
    info = message.info
    alert = OfficialAlert(
        identifier=message.identifier,
        sender=message.sender,
        sent=message.sent,
        status=message.status,
        msg_type=message.msg_type,
        scope=message.scope,
        references=[[ref.sender, ref.identifier, ref.sent] for ref in message.references],
        references_raw=" ".join(str(ref) for ref in message.references),
        visible_from=message.starts_at(),
        visible_until=message.ends_at(),
        source=source[:1000],
        raw_xml=message.xml,
        received_at=now,
    )
    if info is not None:
        alert.language = info.language
        alert.categories = list(info.categories)
        alert.event = _fit(info.event, "event")
        alert.urgency = info.urgency
        alert.severity = info.severity
        alert.severity_rank = (cap.SEVERITY_ORDER.index(info.severity) if info.severity in cap.SEVERITY_ORDER
                               else len(cap.SEVERITY_ORDER))
        alert.certainty = info.certainty
        alert.headline = _fit(info.headline, "headline")
        alert.description = info.description
        alert.instruction = info.instruction
        alert.sender_name = _fit(info.sender_name, "sender_name")
        alert.web = _valid_url(info.web)
        alert.effective, alert.onset, alert.expires = info.effective, info.onset, info.expires
        alert.area_description = info.area_description
        alert.areas = [{"description": area.description, "geocodes": [list(pair) for pair in area.geocodes]}
                       for area in info.areas]
        alert.municipality_codes = info.municipality_codes
        alert.county_codes = info.county_codes
    try:
        alert.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        # The schema allows what our columns cannot hold (e.g. a 300-character identifier).
        fields = ", ".join(sorted(exc.message_dict)) if hasattr(exc, "error_dict") else ""
        raise CapNotStorable(_("Meddelandet kunde inte sparas: ogiltiga värden i %(fields)s.") % {"fields": fields},
                             identifier=message.identifier, sender=message.sender) from None
    return alert


def _fit(value: str, field_name: str) -> str:
    """Long free text is shortened to the column rather than refused."""
    limit = OfficialAlert._meta.get_field(field_name).max_length
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _valid_url(url: str) -> str:
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= OfficialAlert._meta.get_field("web").max_length else ""


# --- Updates and cancellations ------------------------------------------------------------


def _withdraw_referenced(*, alert: OfficialAlert, message: cap.CapMessage, now: datetime) -> None:
    """An Update supersedes, a Cancel cancels, the earlier messages it names.

    Only messages of the same sender and status are touched: a Test message cannot cancel an
    Actual warning, and one sender cannot withdraw another's.
    """
    if alert.msg_type not in (OfficialAlert.MsgType.UPDATE, OfficialAlert.MsgType.CANCEL):
        return
    identifiers = {ref.identifier for ref in message.references if ref.sender == alert.sender}
    targets = _same_stream(alert).filter(identifier__in=identifiers)
    if alert.msg_type == OfficialAlert.MsgType.UPDATE:
        targets.filter(withdrawn=OfficialAlert.Withdrawn.NO).update(
            withdrawn=OfficialAlert.Withdrawn.SUPERSEDED, withdrawn_by=alert, withdrawn_at=now)
        return
    # A Cancel of a warning also cancels the Updates that continued it, even when it names only
    # the first message of the chain.
    ids = set(targets.values_list("pk", flat=True))
    frontier = set(targets.values_list("identifier", flat=True))
    for _round in range(_MAX_CHAIN):
        successors = {
            update.pk: update.identifier for identifier in frontier
            for update in _referring_to(alert.sender, identifier, stream_of=alert)
            if update.msg_type == OfficialAlert.MsgType.UPDATE and update.pk not in ids
        }
        if not successors:
            break
        ids |= set(successors)
        frontier = set(successors.values())
    OfficialAlert.objects.filter(pk__in=ids).exclude(withdrawn=OfficialAlert.Withdrawn.CANCELLED).update(
        withdrawn=OfficialAlert.Withdrawn.CANCELLED, withdrawn_by=alert, withdrawn_at=now)


def _withdraw_by_earlier_arrivals(*, alert: OfficialAlert, now: datetime) -> None:
    """A feed may list the Update or Cancel before the message it refers to (newest first)."""
    if alert.msg_type == OfficialAlert.MsgType.CANCEL:
        return
    later = [other for other in _referring_to(alert.sender, alert.identifier, stream_of=alert) if other.pk != alert.pk]
    cancel = next((other for other in later if other.msg_type == OfficialAlert.MsgType.CANCEL), None)
    update = max((other for other in later if other.msg_type == OfficialAlert.MsgType.UPDATE),
                 key=lambda other: other.sent, default=None)
    if cancel is not None:
        kind, by = OfficialAlert.Withdrawn.CANCELLED, cancel
    elif update is not None:
        kind, by = OfficialAlert.Withdrawn.SUPERSEDED, update
    else:
        return
    OfficialAlert.objects.filter(pk=alert.pk).update(withdrawn=kind, withdrawn_by=by, withdrawn_at=now)
    alert.withdrawn, alert.withdrawn_by, alert.withdrawn_at = kind, by, now


def _same_stream(alert: OfficialAlert):
    return OfficialAlert.objects.filter(sender=alert.sender, status=alert.status)


def _referring_to(sender: str, identifier: str, *, stream_of: OfficialAlert) -> list[OfficialAlert]:
    """Stored Updates/Cancels whose references name sender,identifier (LIKE narrows, Python confirms)."""
    candidates = _same_stream(stream_of).filter(
        msg_type__in=(OfficialAlert.MsgType.UPDATE, OfficialAlert.MsgType.CANCEL),
        references_raw__contains=f"{sender},{identifier},",
    ).only("pk", "identifier", "msg_type", "sent", "references")
    return [other for other in candidates if [sender, identifier] in [ref[:2] for ref in other.references]]


# --- Rejections -------------------------------------------------------------------------------


def _reject(*, data: bytes, source: str, error: cap.CapRejected, now: datetime) -> ImportResult:
    logger.warning("CAP message from %s rejected (%s): %s", source, error.code, error.message)
    raw = data if isinstance(data, bytes) else str(data).encode("utf-8", errors="replace")
    digest = hashlib.sha256(source.encode("utf-8", errors="replace") + b"\0" + raw).hexdigest()
    # A feed polled every few minutes offers the same bad message again and again: keep one row.
    rejection = RejectedAlert.objects.filter(digest=digest).first()
    if rejection is None:
        rejection = RejectedAlert.objects.create(
            source=source[:1000], code=error.code, reason=error.message,
            identifier=error.identifier[:255], sender=error.sender[:255],
            payload=raw[: RejectedAlert.PAYLOAD_LIMIT * 4].decode("utf-8", errors="replace")[
                : RejectedAlert.PAYLOAD_LIMIT].replace("\x00", "\ufffd"),
            payload_size=len(raw), digest=digest, received_at=now,
        )
    return ImportResult("rejected", rejection=rejection, code=error.code, reason=error.message)
