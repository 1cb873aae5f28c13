"""Permission predicates for the alerts admin. Pure functions of the user."""
from municipalities.models import Role
from municipalities.permissions import is_platform_admin, municipality_ids_for_user


def can_view_official_alerts(user) -> bool:
    """Platform admins see every alert; editors see those covering their municipalities."""
    return is_platform_admin(user) or bool(municipality_ids_for_user(user, [Role.EDITOR]))


def can_view_rejected_alerts(user) -> bool:
    """The import log (payloads of refused messages, feed addresses) is for platform admins."""
    return is_platform_admin(user)
