"""Municipalities for tests, created through the same service the app uses."""
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from municipalities.landing import ensure_landing_site
from municipalities.models import Role
from municipalities.services import membership_grant, municipality_create

from .accounts import make_user

PILOT_SLUGS = {"2505": "arvidsjaur", "2463": "asele", "2513": "overkalix"}


def make_municipality(code: str = "2505", *, preset: str = "fjall", **extra):
    ensure_landing_site(hostname="localhost")
    slug = extra.pop("slug", PILOT_SLUGS.get(code, f"kommun{code}"))
    return municipality_create(code=code, slug=slug, hostname=f"{slug}.localhost", preset=preset, **extra)


def make_staff(municipality, role: str = Role.EDITOR, email: str | None = None, *, with_mfa: bool = True):
    """A staff member of one municipality; with a TOTP device so the MFA gate lets them in."""
    user = make_user(email or f"{role}.{municipality.slug}@example.org")
    membership_grant(municipality=municipality, user=user, role=role)
    user.refresh_from_db()
    if with_mfa:
        TOTP.activate(user, generate_totp_secret())
    return user
