"""Every read of the alerts app.

`active_alerts_for()` runs on every page of a municipality site (through the context
processor), so its result is cached per municipality under a version that each import bumps.
What is cached is every warning that has not yet run out, not only those showing now; the
time window is applied on each call, so a warning that starts or expires later needs no
invalidation. The uncached path is one query on the (visible_until, withdrawn) index.
"""
import logging
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from alerts.cache_keys import ACTIVE_ALERTS_TIMEOUT, active_alerts_key, current_version
from alerts.models import OfficialAlert, RejectedAlert
from municipalities.models import Municipality, Role
from municipalities.permissions import is_platform_admin
from municipalities.selectors import municipality_list_for_staff

logger = logging.getLogger(__name__)

# What the banner needs; the raw XML and the areas' geocode lists stay in the database.
_BANNER_FIELDS = (
    "identifier", "sender", "sent", "status", "scope", "msg_type", "language", "event", "severity",
    "severity_rank", "urgency", "certainty", "headline", "description", "instruction", "sender_name", "web",
    "onset", "expires", "visible_from", "visible_until", "area_description", "municipality_codes",
    "county_codes", "withdrawn",
)


def _public_running(now: datetime):
    return OfficialAlert.objects.filter(
        visible_until__gt=now,
        withdrawn=OfficialAlert.Withdrawn.NO,
        status=OfficialAlert.Status.ACTUAL,
        scope=OfficialAlert.Scope.PUBLIC,
        msg_type__in=(OfficialAlert.MsgType.ALERT, OfficialAlert.MsgType.UPDATE),
    )


def _covering(alerts, municipality: Municipality) -> list[OfficialAlert]:
    # Codes are matched in Python: JSON containment is not portable to SQLite, and the running
    # warnings across the whole country are a handful.
    return [a for a in alerts if a.covers(municipality_code=municipality.code, county_code=municipality.county_code)]


def _running_for(municipality: Municipality, now: datetime) -> list[OfficialAlert]:
    return _covering(_public_running(now).only(*_BANNER_FIELDS), municipality)


def active_alerts_for(municipality: Municipality, now: datetime | None = None) -> list[OfficialAlert]:
    """Public warnings showing now for the municipality: Actual, Public, not withdrawn, within
    [effective, expires), covering its municipality or county code. Most severe first, then newest."""
    now = now or timezone.now()
    version = current_version()
    running = None
    if version is not None:
        key = active_alerts_key(version, municipality.code)
        try:
            cached = cache.get(key)
            if cached is not None and cached[0] <= now:
                running = cached[1]
        except Exception as exc:  # noqa: BLE001 - any cache backend error
            logger.warning("alerts cache unavailable: %s", exc)
        if running is None:
            running = _running_for(municipality, now)
            try:
                cache.set(key, (now, running), ACTIVE_ALERTS_TIMEOUT)
            except Exception as exc:  # noqa: BLE001
                logger.warning("alerts cache unavailable: %s", exc)
    else:
        running = _running_for(municipality, now)
    showing = [a for a in running if a.visible_from <= now < a.visible_until]
    showing.sort(key=lambda a: (a.severity_rank, -a.sent.timestamp()))
    return showing


def official_alert_list_for_staff(*, user, limit: int = 200) -> list[OfficialAlert]:
    """Recent alerts for the admin listing: all for platform admins; for editors, those covering
    one of their municipalities."""
    recent = OfficialAlert.objects.defer("raw_xml").order_by("-received_at")
    if is_platform_admin(user):
        return list(recent[:limit])
    municipalities = list(municipality_list_for_staff(user, roles=[Role.EDITOR]))
    if not municipalities:
        return []
    # Scan a bounded window of recent messages; the listing is about what is happening now.
    found = []
    for alert in recent[: limit * 10]:
        if any(alert.covers(municipality_code=m.code, county_code=m.county_code) for m in municipalities):
            found.append(alert)
            if len(found) == limit:
                break
    return found


def rejected_alert_list(*, limit: int = 100):
    return RejectedAlert.objects.order_by("-received_at")[:limit]
