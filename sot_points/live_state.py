"""What the websocket sends: each change, and the whole current state when a page (re)connects.

A page may be up to the page cache's age when it arrives, and loses its socket whenever the
network drops; on every (re)connect the consumer sends the current state so nothing in between
is missed. That state is cached per municipality under a version that every change replaces
(`changed`; core.cache_versions).

Every message is encoded to JSON once here, not once per socket. The disruption `stamp` names the
municipality's disruption state: a page rendered under another stamp is out of date and reloads.
"""
import json

from django.core.cache import cache

from core import cache_versions
from municipalities.models import Municipality
from sot_points import selectors
from sot_points.feeds import disruption_payload, point_payload
from sot_points.models import Disruption, SotPoint

STATE_SECONDS = 30  # "not confirmed since" flags age with the clock, not only with changes
_VERSION_KEY = "sot_points:live-version:{}"
_STATE_KEY = "sot_points:live-state:{}:{}"


def _text(kind: str, **fields) -> str:
    return json.dumps({"type": kind, **fields}, ensure_ascii=False)


def client_labels() -> str:
    """Status and capability names in the active language, for live.js: the messages are encoded once, in
    Swedish, for every socket, so each page carries its visitor's names for the codes they contain."""
    from sot_points.models import Capability, PointStatus

    return json.dumps({"status": {status.value: str(status.label) for status in PointStatus},
                       "capabilities": {capability.value: str(capability.label) for capability in Capability}},
                      ensure_ascii=False)


def group_message(text: str) -> dict:
    """A channel-layer group message carrying the text every socket sends as it is."""
    return {"type": "sot.text", "text": text}


def stamp(municipality_id: int, active: Disruption | None) -> str:
    """The active disruption's stamp, else the last ended one's: never a value an earlier state had,
    so a page sent to `?storning=<stamp>` never gets a copy the page cache kept from before."""
    if active is not None:
        return active.live_stamp
    ended = (Disruption.objects.filter(municipality_id=municipality_id, ended_at__isnull=False)
             .order_by("-ended_at").only("pk", "updated_at").first())
    return ended.live_stamp if ended else Disruption.NO_LIVE_STAMP


def point_text(point_id: int) -> tuple[int, str] | None:
    """(municipality id, message) for a published point's change; None for an unpublished one."""
    point = SotPoint.objects.select_related("locality", "municipality").filter(pk=point_id,
                                                                               is_published=True).first()
    if point is None:
        return None
    disruption = selectors.disruption_active(municipality=point.municipality)
    return point.municipality_id, _text(
        "point", point=point_payload(point, stale=selectors.status_is_stale(point, disruption=disruption)))


def disruption_text(municipality_id: int) -> str:
    disruption = selectors.disruption_active(municipality=Municipality.objects.get(pk=municipality_id))
    return _text("disruption", disruption=disruption_payload(disruption), stamp=stamp(municipality_id, disruption))


def changed(municipality_id: int) -> None:
    cache_versions.bump_version(_VERSION_KEY.format(municipality_id))


def state_text(municipality_id: int) -> str:
    """The current state of every published point (cached; computed on a miss or without a cache)."""
    version = cache_versions.current_version(_VERSION_KEY.format(municipality_id))
    if version is None:
        return _state_text(municipality_id)
    key = _STATE_KEY.format(municipality_id, version)
    text = cache.get(key)
    if text is None:
        text = _state_text(municipality_id)
        cache.set(key, text, STATE_SECONDS)
    return text


def _state_text(municipality_id: int) -> str:
    from sot_points.listing import sot_listing

    listing = sot_listing(municipality=Municipality.objects.get(pk=municipality_id))
    return _text("state", stamp=stamp(municipality_id, listing.disruption), points=listing.payloads)
