"""GDPR self-service: collect a user's personal data from every app, and erase the account.

The kernel cannot import domain apps, so each app registers an exporter in its
AppConfig.ready(): a function user -> dict of JSON-serialisable data.
"""
from collections.abc import Callable

from django.db import transaction

from core.permissions import require

PersonalDataExporter = Callable[[object], dict]
_exporters: dict[str, PersonalDataExporter] = {}


def register_personal_data_exporter(section: str, exporter: PersonalDataExporter) -> None:
    _exporters[section] = exporter


def _account_data(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "mfa_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    }


def user_personal_data(*, user) -> dict:
    data = {"account": _account_data(user)}
    for section, exporter in sorted(_exporters.items()):
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete_account(*, user, actor) -> None:
    """Erase the account and everything that cascades from it."""
    require(actor.pk == user.pk, "Users may only delete their own account.")
    user.delete()
