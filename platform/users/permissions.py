"""Predicates about accounts.

MFA is required by capability, not by flag: the kernel knows Django's own sources of power
(superuser, staff, groups, permissions); each domain app registers a predicate for the powers
it grants (e.g. a municipality role or a platform owner's membership) in AppConfig.ready().
"""
from collections.abc import Callable

MfaRequirement = Callable[[object], bool]
_requirements: list[MfaRequirement] = []


def register_mfa_requirement(predicate: MfaRequirement) -> None:
    """`predicate(user) -> bool`: True when the user holds a power that needs a second factor."""
    if predicate not in _requirements:
        _requirements.append(predicate)


def must_use_mfa(user) -> bool:
    """Anyone who can reach the admin or any non-public data signs in with TOTP."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.groups.exists() or user.user_permissions.exists():
        return True
    return any(predicate(user) for predicate in _requirements)
