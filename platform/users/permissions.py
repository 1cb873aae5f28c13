"""Predicates about accounts."""


def must_use_mfa(user) -> bool:
    """Every staff role (editor, moderator, platform owner, administrator) signs in with TOTP."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))
