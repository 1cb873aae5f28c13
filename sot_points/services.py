"""Every change to SOT points, their status, disruptions and readiness. Validate, then write.

After each committed change the static snapshot is rewritten and, for status and disruptions,
the change is pushed to residents' open pages (sot_points.publishing).
"""
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from core.reconcile import reconcile
from municipalities.models import MunicipalityMembership, Role
from municipalities.services import membership_grant, membership_revoke
from sot_points import notifications
from sot_points.disruption_notices import queue_disruption_notices
from sot_points.models import (
    Capability,
    Disruption,
    DisruptionNotice,
    PointStatus,
    ReadinessCheck,
    SotHostInvitation,
    SotPoint,
    StatusUpdate,
)
from sot_points.permissions import (
    can_confirm_readiness,
    can_declare_disruption,
    can_manage_registry,
    can_update_point_status,
)
from sot_points.publishing import after_disruption_change, after_point_change
from sot_points.selectors import points_affected_by, points_readiness_due, readiness_due_after

MESSAGE_MAX = 280
# Hosts of an overdue point, and the office, are e-mailed at most once per this many calendar days.
READINESS_REMIND_EVERY_DAYS = 7

logger = logging.getLogger("sot_points.reminders")


def _clean_status(point: SotPoint, *, status: str, available_now: list[str], places_free) -> dict:
    errors = {}
    if status not in (PointStatus.OPEN, PointStatus.LIMITED, PointStatus.CLOSED):
        errors["status"] = _("Välj öppen, begränsad eller stängd.")
    unknown = [c for c in available_now if c not in Capability.values]
    if unknown:
        errors["available_now"] = _("Okänd förmåga: %(names)s.") % {"names": ", ".join(unknown)}
    elif set(available_now) - set(point.capabilities):
        errors["available_now"] = _("Punkten har inte registrerat alla de valda förmågorna.")
    if places_free is not None:
        if point.warm_room_places is None:
            errors["places_free"] = _("Punkten har ingen registrerad värmestuga med platser.")
        elif not 0 <= places_free <= point.warm_room_places:
            errors["places_free"] = _("Ange ett antal mellan 0 och %(max)s.") % {"max": point.warm_room_places}
    if errors:
        raise ValidationError(errors)
    # A closed point offers nothing right now, whatever was ticked.
    return {"status": status, "available_now": [] if status == PointStatus.CLOSED else available_now,
            "places_free": None if status == PointStatus.CLOSED else places_free}


def point_status_update(*, actor, point: SotPoint, status: str, available_now: list[str] | None = None,
                        places_free: int | None = None, message: str = "") -> StatusUpdate:
    require(can_update_point_status(actor, point))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Meddelandet får vara högst %(max)s tecken.") % {"max": MESSAGE_MAX}})
    cleaned = _clean_status(point, status=status, available_now=list(dict.fromkeys(available_now or [])),
                            places_free=places_free)
    with transaction.atomic():
        update = StatusUpdate.objects.create(municipality=point.municipality, point=point, message=message,
                                             changed_by=actor, **cleaned)
        SotPoint.objects.filter(pk=point.pk).update(
            status=update.status, available_now=update.available_now, places_free=update.places_free,
            status_message=message, status_changed_at=update.created_at, confirmation_requested_at=None)
        point.refresh_from_db()
        after_point_change(point, live=True)
    return update


def point_status_confirm(*, actor, point: SotPoint) -> StatusUpdate:
    """The host says the status shown still holds (asked after a disruption): recorded as a new status
    with the same content, so residents read when it was confirmed."""
    return point_status_update(actor=actor, point=point, status=point.status, available_now=point.available_now,
                               places_free=point.places_free, message=point.status_message)


def disruption_declare(*, actor, municipality, kind: str, title: str, message: str, localities=(),
                       area_description: str = "", started_at=None) -> Disruption:
    require(can_declare_disruption(actor, municipality))
    if Disruption.objects.filter(municipality=municipality, ended_at__isnull=True).exists():
        raise ValidationError(_("En störning pågår redan. Uppdatera den eller avsluta den först."))
    disruption = Disruption(municipality=municipality, kind=kind, title=title.strip(), message=message.strip(),
                            area_description=area_description.strip(), started_at=started_at or timezone.now(),
                            declared_by=actor)
    disruption = _save_disruption(disruption, localities)
    # The hosts of the affected points are told in the background (e-mail and SMS), never in this request.
    transaction.on_commit(lambda: queue_disruption_notices(disruption.pk, DisruptionNotice.Kind.DECLARED))
    return disruption


def disruption_update(*, actor, disruption: Disruption, title: str, message: str, kind: str,
                      localities=(), area_description: str = "") -> Disruption:
    require(can_declare_disruption(actor, disruption.municipality))
    if disruption.ended_at is not None:
        raise ValidationError(_("Störningen är redan avslutad."))
    disruption.title, disruption.message, disruption.kind = title.strip(), message.strip(), kind
    disruption.area_description = area_description.strip()
    return _save_disruption(disruption, localities)


def disruption_end(*, actor, disruption: Disruption) -> Disruption:
    require(can_declare_disruption(actor, disruption.municipality))
    if disruption.ended_at is None:
        with transaction.atomic():
            disruption.ended_at = timezone.now()
            disruption.save(update_fields=["ended_at", "updated_at"])
            # A status set during (or before) the disruption may no longer hold: residents see it as not
            # confirmed until a host sets or confirms it, and the hosts are asked to.
            (points_affected_by(disruption).filter(status_changed_at__lt=disruption.ended_at)
             .update(confirmation_requested_at=disruption.ended_at))
            after_disruption_change(disruption.municipality)
            transaction.on_commit(lambda: queue_disruption_notices(disruption.pk, DisruptionNotice.Kind.ENDED))
    return disruption


def _save_disruption(disruption: Disruption, localities) -> Disruption:
    disruption.full_clean()
    if any(locality.municipality_id != disruption.municipality_id for locality in localities):
        raise ValidationError({"localities": _("Välj bara orter i den egna kommunen.")})
    with transaction.atomic():
        disruption.save()
        disruption.localities.set(localities)
        after_disruption_change(disruption.municipality)
    return disruption


def readiness_confirm(*, actor, point: SotPoint, generator_tested: bool, contacts_checked: bool,
                      fuel_percent: int | None = None, notes: str = "") -> ReadinessCheck:
    require(can_confirm_readiness(actor, point))
    if fuel_percent is not None and not 0 <= fuel_percent <= 100:
        raise ValidationError({"fuel_percent": _("Ange bränslenivån i procent, 0–100.")})
    with transaction.atomic():
        check = ReadinessCheck.objects.create(
            municipality=point.municipality, point=point, generator_tested=generator_tested,
            contacts_checked=contacts_checked, fuel_percent=fuel_percent, notes=notes.strip()[:280],
            checked_by=actor)
        # The next reminder is about the next missed confirmation, whatever was sent before this one.
        SotPoint.objects.filter(pk=point.pk).update(readiness_reminded_at=None)
    point.readiness_reminded_at = None
    return check


@dataclass(frozen=True)
class ReadinessReminders:
    points: int  # points whose hosts were e-mailed (one e-mail per point, to all its hosts)
    offices: int  # municipalities whose office was sent the summary
    failed: int  # e-mails that could not be sent (logged); the next run tries them again


SENT, ALREADY_SENT, FAILED = "sent", "already sent", "failed"


def points_remind_readiness(*, now: datetime | None = None) -> ReadinessReminders:
    """E-mail the hosts of every published point whose readiness is overdue, and each municipality's office
    one summary of its overdue points; each at most once per READINESS_REMIND_EVERY_DAYS (run daily:
    remind_sot_readiness). Points without hosts appear only in the summary.

    Deliberately not one transaction: each e-mail is stamped as it goes, so a failure halfway through
    neither re-sends the ones already sent nor holds back the rest.
    """
    now = now or timezone.now()
    # Whole local days, so a daily job that starts a few seconds earlier than a week ago still sends.
    first_quiet_day = timezone.localdate(now) - timedelta(days=READINESS_REMIND_EVERY_DAYS - 1)
    since = timezone.make_aware(datetime.combine(first_quiet_day, time.min))
    hosts, offices = Counter(), Counter()
    for municipality_id, group in groupby(points_readiness_due(now=now), key=lambda point: point.municipality_id):
        overdue = list(group)
        for point in overdue:
            recipients = [host.email for host in point.hosts.all() if host.email]
            if recipients:
                not_reminded = Q(readiness_reminded_at__isnull=True) | Q(readiness_reminded_at__lt=since)
                hosts[_send_once(SotPoint.objects.filter(not_reminded, pk=point.pk), "readiness_reminded_at",
                                 now=now, send=lambda point=point, recipients=recipients:
                                 notifications.hosts_readiness_reminder(point, recipients))] += 1
        municipality = overdue[0].municipality
        if municipality.office_email:
            # The office last got a summary when any of its points was last listed in one.
            office_told = SotPoint.objects.filter(municipality_id=municipality_id,
                                                  readiness_office_reminded_at__gte=since)
            listed = SotPoint.objects.filter(pk__in=[point.pk for point in overdue]).exclude(Exists(office_told))
            offices[_send_once(listed, "readiness_office_reminded_at", now=now,
                               send=lambda municipality=municipality, overdue=overdue:
                               notifications.office_readiness_overdue(
                                   municipality, overdue, interval_days=readiness_due_after().days))] += 1
    return ReadinessReminders(points=hosts[SENT], offices=offices[SENT], failed=hosts[FAILED] + offices[FAILED])


def _send_once(due: QuerySet[SotPoint], field: str, *, now: datetime, send) -> str:
    """Stamp `field` on the points in `due` (empty when already sent this period), then send.

    Stamping first, in one conditional UPDATE, means two overlapping runs send once; when sending fails
    the error is logged and the old stamps put back, so the next run tries again.
    """
    previous = dict(due.values_list("pk", field))
    if not due.update(**{field: now}):
        return ALREADY_SENT
    try:
        send()
    except Exception:
        logger.exception("could not send a readiness reminder about SOT points %s", sorted(previous))
        for pk, stamp in previous.items():
            SotPoint.objects.filter(pk=pk, **{field: now}).update(**{field: stamp})
        return FAILED
    return SENT


def _hosts_with_address(point: SotPoint, email: str) -> QuerySet:
    """The point's hosts whose account uses `email` (as login or as a verified address)."""
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return point.hosts.filter(Q(email__iexact=email) | Q(pk__in=verified))


@transaction.atomic
def host_invite(*, actor, point: SotPoint, email: str) -> SotHostInvitation:
    """Invite someone by e-mail to host the point; they become a host once that address is verified
    (signing up) or used to log in. Inviting a pending address again re-sends the e-mail."""
    require(can_manage_registry(actor, point.municipality))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Ange en giltig e-postadress.")}) from None
    if _hosts_with_address(point, email).exists():
        raise ValidationError({"email": _("%(email)s är redan värd för %(name)s.")
                                        % {"email": email, "name": point.name}})
    invitation, created = SotHostInvitation.objects.get_or_create(
        point=point, email=email, defaults={"municipality": point.municipality, "invited_by": actor})
    if not created:
        # Sent again (updated_at says when), or accepted once by a host removed since: pending again.
        invitation.accepted_at, invitation.invited_by = None, actor
        invitation.save(update_fields=["accepted_at", "invited_by", "updated_at"])
    transaction.on_commit(lambda: notifications.host_invitation_sent(invitation))
    return invitation


@transaction.atomic
def host_invitation_withdraw(*, actor, invitation: SotHostInvitation) -> None:
    require(can_manage_registry(actor, invitation.municipality))
    if invitation.accepted_at is not None:
        raise ValidationError(_("Inbjudan är redan accepterad. Ta bort värden i stället."))
    invitation.delete()


@transaction.atomic
def host_invitations_accept_for(*, user, email: str) -> list[SotPoint]:
    """Called when a user verifies an e-mail address (or logs in with a verified one): open invitations
    to it make the user a host, with a SOT host role in the point's municipality if they hold no role there."""
    points = []
    pending = (SotHostInvitation.objects.filter(email=email.strip().lower(), accepted_at__isnull=True)
               .select_related("point", "municipality"))
    for invitation in pending:
        invitation.point.hosts.add(user)
        _tie_host_to_municipality(user=user, municipality=invitation.municipality)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        points.append(invitation.point)
    return points


def host_invitations_accept_for_user(*, user) -> list[SotPoint]:
    """On log-in: open invitations to any of the user's verified addresses (one query when there are none)."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    points = []
    for email in set(SotHostInvitation.objects.filter(email__in=verified, accepted_at__isnull=True)
                     .values_list("email", flat=True)):
        points += host_invitations_accept_for(user=user, email=email)
    return points


def _tie_host_to_municipality(*, user, municipality) -> None:
    if not MunicipalityMembership.objects.filter(user=user, municipality=municipality).exists():
        # Ties the host to the municipality, so the registry form offers them as a host.
        membership_grant(municipality=municipality, user=user, role=Role.SOT_HOST)


@transaction.atomic
def host_add(*, actor, point: SotPoint, user) -> None:
    """Make someone the office already knows a host of the point (the registry form's host list)."""
    require(can_manage_registry(actor, point.municipality))
    point.hosts.add(user)
    _tie_host_to_municipality(user=user, municipality=point.municipality)


@transaction.atomic
def point_hosts_set(*, actor, point: SotPoint, users) -> None:
    """Make the point's hosts exactly `users`, each change through host_add / host_remove."""
    reconcile(current=point.hosts.all(), wanted=users,
              add=lambda user: host_add(actor=actor, point=point, user=user),
              remove=lambda user: host_remove(actor=actor, point=point, user=user))


@transaction.atomic
def host_remove(*, actor, point: SotPoint, user) -> None:
    """Take a host off the point; their SOT host role goes when they host no other point there."""
    require(can_manage_registry(actor, point.municipality))
    if not point.hosts.filter(pk=user.pk).exists():
        raise ValidationError(_("%(email)s är inte värd för %(name)s.") % {"email": user.email, "name": point.name})
    point.hosts.remove(user)
    if not user.hosted_sot_points.filter(municipality=point.municipality).exists():
        for membership in MunicipalityMembership.objects.filter(user=user, municipality=point.municipality,
                                                                role=Role.SOT_HOST):
            membership_revoke(membership=membership)
