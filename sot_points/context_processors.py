"""The active disruption of the request's municipality, for the banner on every page."""
import logging

from sot_points.selectors import disruption_active

logger = logging.getLogger("sot_points")


def disruption(request):
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return {"active_disruption": None}
    try:
        return {"active_disruption": disruption_active(municipality=municipality)}
    except Exception:  # the banner must never take a page down with it
        logger.exception("could not look up the active disruption")
        return {"active_disruption": None}
