"""The municipality app's part of a user's data export."""
from municipalities.models import MunicipalityMembership


def export_memberships(user) -> dict:
    return {
        "memberships": [
            {"municipality": m.municipality.name, "role": m.role, "since": m.created_at.isoformat()}
            for m in MunicipalityMembership.objects.filter(user=user).select_related("municipality")
        ],
        "platform_owners": list(user.platform_owners.values_list("name", flat=True)),
    }
