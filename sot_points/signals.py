"""Signal handlers: registry changes made through the admin and official alerts rewrite the static
snapshot, and a verified address accepts the host invitations sent to it (no business logic here)."""
from django.db.models import Q

from municipalities.models import Municipality
from sot_points.publishing import after_point_change, schedule_snapshot


def registry_changed(sender, instance, **kwargs):
    point = getattr(instance, "point", instance)
    if point.municipality_id:
        after_point_change(point, live=False)


def email_confirmed(request, email_address, **kwargs):
    """Signing up with an invited address and verifying it makes the user a host."""
    from sot_points.services import host_invitations_accept_for

    host_invitations_accept_for(user=email_address.user, email=email_address.email)


def user_logged_in(sender, request, user, **kwargs):
    """Someone invited at an address their account has already verified becomes a host by logging in."""
    from sot_points.services import host_invitations_accept_for_user

    host_invitations_accept_for_user(user=user)


def official_alert_stored(sender, alert, **kwargs):
    """The snapshot names the official alerts of its municipality: rewrite those the alert covers."""
    covered = Municipality.objects.filter(Q(code__in=alert.municipality_codes) | Q(county_code__in=alert.county_codes))
    for municipality_id in covered.values_list("pk", flat=True):
        schedule_snapshot(municipality_id)
