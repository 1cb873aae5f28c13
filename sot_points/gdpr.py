"""The SOT part of a user's data export: the points they host, the statuses and readiness checks they
recorded, the host invitations sent to their addresses or by them, the disruption notices e-mailed to
them, and the disruptions they declared."""
from allauth.account.models import EmailAddress

from sot_points.models import Disruption, DisruptionNotice, ReadinessCheck, SotHostInvitation, StatusUpdate


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _addresses(user) -> set[str]:
    """Every address of the account (invitations are stored lower-cased)."""
    addresses = {user.email.lower()} if user.email else set()
    return addresses | {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}


def export_sot_data(user) -> dict:
    return {
        "hosted_points": [
            {"point": p.name, "municipality": p.municipality.name, "address": p.street_address}
            for p in user.hosted_sot_points.select_related("municipality").order_by("name")
        ],
        "status_changes": [
            {"point": u.point.name, "status": u.status, "available_now": u.available_now,
             "places_free": u.places_free, "message": u.message, "at": _when(u.created_at)}
            for u in StatusUpdate.objects.filter(changed_by=user).select_related("point").order_by("created_at", "id")
        ],
        "readiness_checks": [
            {"point": c.point.name, "generator_tested": c.generator_tested, "fuel_percent": c.fuel_percent,
             "contacts_checked": c.contacts_checked, "notes": c.notes, "at": _when(c.created_at)}
            for c in ReadinessCheck.objects.filter(checked_by=user).select_related("point").order_by("created_at", "id")
        ],
        "host_invitations": [
            {"point": i.point.name, "municipality": i.municipality.name, "email": i.email,
             "sent": _when(i.updated_at), "accepted": _when(i.accepted_at)}
            for i in SotHostInvitation.objects.filter(email__in=_addresses(user))
            .select_related("point", "municipality").order_by("created_at", "id")
        ],
        # The invitee's address is someone else's personal data: their own export has it, this one does not.
        "host_invitations_sent": [
            {"point": i.point.name, "sent": _when(i.updated_at), "accepted": _when(i.accepted_at)}
            for i in SotHostInvitation.objects.filter(invited_by=user).select_related("point").order_by("created_at", "id")
        ],
        "disruption_notices": [
            {"disruption": n.disruption.title, "municipality": n.municipality.name, "kind": n.kind,
             "email": n.recipient, "sent": _when(n.created_at)}
            for n in DisruptionNotice.objects.filter(channel=DisruptionNotice.Channel.EMAIL,
                                                     recipient__in=_addresses(user))
            .select_related("disruption", "municipality").order_by("created_at", "id")
        ],
        "disruptions_declared": [
            {"title": d.title, "municipality": d.municipality.name, "started": _when(d.started_at),
             "ended": _when(d.ended_at)}
            for d in Disruption.objects.filter(declared_by=user).select_related("municipality").order_by("started_at")
        ],
    }
