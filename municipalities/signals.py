"""Signal handlers: a verified address accepts the staff invitations sent to it (no business logic here)."""


def email_confirmed(request, email_address, **kwargs):
    """Signing up with an invited address and verifying it grants the invited role."""
    from municipalities.services import staff_invitations_accept_for

    staff_invitations_accept_for(user=email_address.user, email=email_address.email)


def user_logged_in(sender, request, user, **kwargs):
    """Someone invited at an address their account has already verified gets the role by logging in."""
    from municipalities.services import staff_invitations_accept_for_user

    staff_invitations_accept_for_user(user=user)
