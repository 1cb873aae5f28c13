"""The municipality app's part of a user's data export."""
from allauth.account.models import EmailAddress

from municipalities.models import MunicipalityMembership, StaffInvitation


def _addresses(user) -> set[str]:
    """Every address of the account (invitations are stored lower-cased)."""
    addresses = {user.email.lower()} if user.email else set()
    return addresses | {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}


def export_memberships(user) -> dict:
    return {
        "memberships": [
            {"municipality": m.municipality.name, "role": m.role, "since": m.created_at.isoformat()}
            for m in MunicipalityMembership.objects.filter(user=user).select_related("municipality")
        ],
        "platform_owners": list(user.platform_owners.values_list("name", flat=True)),
        # Invitations to the user's addresses; those the user sent name someone else, so they stay out.
        "staff_invitations": [
            {"municipality": i.municipality.name, "role": i.role, "email": i.email, "sent": i.updated_at.isoformat(),
             "accepted": i.accepted_at.isoformat() if i.accepted_at else None}
            for i in StaffInvitation.objects.filter(email__in=_addresses(user)).select_related("municipality")
        ],
    }
