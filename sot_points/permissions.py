"""Permission predicates for SOT points. Pure functions of (user, object)."""
from municipalities.models import Role
from municipalities.permissions import has_role, is_platform_admin
from sot_points.models import SotPoint


def is_point_host(user, point: SotPoint) -> bool:
    return bool(user.is_authenticated and point.hosts.filter(pk=user.pk).exists())


def can_manage_registry(user, municipality) -> bool:
    """Add, change and remove points: the municipality's editors."""
    return is_platform_admin(user) or has_role(user, municipality, Role.EDITOR)


def can_update_point_status(user, point: SotPoint) -> bool:
    """A host only for their own point; the office for every point (a host may phone it in)."""
    return is_point_host(user, point) or can_manage_registry(user, point.municipality)


def can_confirm_readiness(user, point: SotPoint) -> bool:
    return can_update_point_status(user, point)


def can_declare_disruption(user, municipality) -> bool:
    return is_platform_admin(user) or has_role(user, municipality, Role.EDITOR, Role.MODERATOR)
