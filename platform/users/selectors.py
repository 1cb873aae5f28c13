"""Reads about accounts."""
from allauth.mfa.models import Authenticator


def user_has_totp(user) -> bool:
    """Whether the user has set up an authenticator app (TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
