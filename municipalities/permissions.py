"""Permission predicates for municipality-scoped work. Pure functions of (user, object)."""
from municipalities.models import STAFF_ROLES, Municipality, MunicipalityMembership, PlatformOwner, Role

_CACHE_ATTR = "_municipality_roles_cache"


def _roles_by_municipality(user) -> dict[int, set[str]]:
    """{municipality_id: {role, ...}} for the user, memoised on the user object per request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        for municipality_id, role in MunicipalityMembership.objects.filter(user=user).values_list(
            "municipality_id", "role"
        ):
            cached.setdefault(municipality_id, set()).add(role)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def municipality_ids_for_user(user, roles=None) -> set[int]:
    wanted = set(roles or STAFF_ROLES)
    return {mid for mid, held in _roles_by_municipality(user).items() if held & wanted}


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def has_role(user, municipality: Municipality, *roles: str) -> bool:
    if municipality is None:
        return False
    return bool(_roles_by_municipality(user).get(municipality.pk, set()) & set(roles))


def can_edit_municipality(user, municipality: Municipality) -> bool:
    return is_platform_admin(user) or has_role(user, municipality, Role.EDITOR)


def can_edit_theme(user, municipality: Municipality) -> bool:
    return can_edit_municipality(user, municipality)


def can_moderate_in_municipality(user, municipality: Municipality) -> bool:
    return is_platform_admin(user) or has_role(user, municipality, Role.MODERATOR, Role.EDITOR)


def can_manage_memberships(user, municipality: Municipality) -> bool:
    return is_platform_admin(user)


def can_view_followup(user, municipality: Municipality) -> bool:
    """Follow-up figures: the municipality's own staff and platform owners it was granted to."""
    if is_platform_admin(user) or has_role(user, municipality, *STAFF_ROLES):
        return True
    return bool(
        user.is_authenticated
        and municipality.platform_owners.filter(members=user).exists()
    )


_OWNERS_ATTR = "_platform_owner_ids_cache"


def owner_ids_for_user(user) -> frozenset[int]:
    """The platform owners the user is a member of, memoised on the user object per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _OWNERS_ATTR, None)
    if cached is None:
        cached = frozenset(PlatformOwner.objects.filter(members=user).values_list("pk", flat=True))
        setattr(user, _OWNERS_ATTR, cached)
    return cached


def is_office_staff(user, municipality: Municipality) -> bool:
    """The municipality's business office (editors, moderators) or the platform administrator."""
    return is_platform_admin(user) or has_role(user, municipality, *STAFF_ROLES)
