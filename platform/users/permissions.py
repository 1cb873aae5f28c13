"""Predicates about accounts.

MFA is required by capability, not by flag: the kernel knows Django's own sources of power
(superuser, staff, groups, permissions); each domain app registers, in AppConfig.ready(), the
holders of a power it grants that needs a second factor (a municipality role, a platform owner's
membership, hosting where TOTP is required) as a queryset of user ids. The middleware asks on every
signed-in request, so the whole question is one database query (memoised on the user for the request).
"""
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

MfaHolders = Callable[[], QuerySet]
_holders: list[MfaHolders] = []
_MEMO_ATTR = "_must_use_mfa_memo"


def register_mfa_requirement(holders: MfaHolders) -> None:
    """`holders()` -> a queryset of `user_id` values (`.values("user_id")`): the users holding the power."""
    if holders not in _holders:
        _holders.append(holders)


def must_use_mfa(user) -> bool:
    """Anyone who can reach the admin or any non-public data signs in with TOTP."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    memo = getattr(user, _MEMO_ATTR, None)
    if memo is None:
        power = Q(groups__isnull=False) | Q(user_permissions__isnull=False)
        for holders in _holders:
            power |= Q(pk__in=holders())
        memo = get_user_model().objects.filter(power, pk=user.pk).exists()
        setattr(user, _MEMO_ATTR, memo)
    return memo
