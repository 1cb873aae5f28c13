"""Signal handlers: registry changes made through the admin rewrite the static snapshot, and a verified
address accepts the host invitations sent to it (no business logic here)."""
from sot_points.publishing import after_point_change


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
