"""`official_alerts` in every template: the warnings showing now for the request's municipality.

Evaluated lazily (only templates that use it pay for it) and never raises: a failure to read
the alerts is logged and the page renders without the banner.
"""
import logging

from django.utils.functional import SimpleLazyObject

from alerts.selectors import active_alerts_for

logger = logging.getLogger("alerts.banner")


def _alerts_or_nothing(municipality) -> list:
    if municipality is None:  # the platform's own landing host
        return []
    try:
        return active_alerts_for(municipality)
    except Exception:  # noqa: BLE001 - a broken banner must never break the page
        logger.exception("official alerts for %s could not be read", getattr(municipality, "code", "?"))
        return []


def official_alerts(request):
    municipality = getattr(request, "municipality", None)
    return {"official_alerts": SimpleLazyObject(lambda: _alerts_or_nothing(municipality))}
