"""The active disruption of the request's municipality, for the banner on every page."""
import logging

from sot_points.selectors import disruption_active

logger = logging.getLogger("sot_points")


_ATTRIBUTE = "_sot_active_disruption"


def request_disruption(request):
    """The municipality's active disruption, looked up once per request (banner, lists, home page)."""
    if not hasattr(request, _ATTRIBUTE):
        municipality = getattr(request, "municipality", None)
        setattr(request, _ATTRIBUTE, disruption_active(municipality=municipality) if municipality else None)
    return getattr(request, _ATTRIBUTE)


def disruption(request):
    try:
        return {"active_disruption": request_disruption(request)}
    except Exception:  # the banner must never take a page down with it
        logger.exception("could not look up the active disruption")
        return {"active_disruption": None}
