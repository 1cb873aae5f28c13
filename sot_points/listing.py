"""The SOT list as residents see it: points with status, freshness, distance and today's hours.

Built once per request (or snapshot) from a handful of queries; every SOT page, the snapshot,
the feeds and the websocket messages use it, so they always agree.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from municipalities.models import Municipality
from sot_points import selectors
from sot_points.feeds import point_payload, points_geojson, points_json
from sot_points.models import Disruption, OpeningHours, SotPoint
from sot_points.text import point_text


@dataclass
class Row:
    point: SotPoint
    km: float | None
    stale: bool
    hours_today: selectors.DayHours

    @property
    def payload(self) -> dict:
        return point_payload(self.point, stale=self.stale)

    @property
    def text(self) -> str:
        """The point in plain sentences (the text version, in the active language)."""
        return point_text(self.point, stale=self.stale, hours_today=self.hours_today)


@dataclass
class SotListing:
    municipality: Municipality
    disruption: Disruption | None
    rows: list[Row]
    generated_at: datetime
    origin_label: str = ""

    @property
    def payloads(self) -> list[dict]:
        return [row.payload for row in self.rows]

    def feeds(self) -> tuple[dict, dict]:
        """(the JSON feed, the GeoJSON) of the listing, as the feed URLs and the snapshot publish them."""
        payloads = self.payloads
        return (points_json(payloads, municipality=self.municipality, disruption=self.disruption,
                            generated_at=self.generated_at), points_geojson(payloads))


_LOOK_UP = object()


def sot_listing(*, municipality: Municipality, origin: tuple[float, float] | None = None, origin_label: str = "",
                now: datetime | None = None, disruption=_LOOK_UP) -> SotListing:
    """`disruption`: the active one (or None) when the caller already knows it."""
    now = now or timezone.now()
    if disruption is _LOOK_UP:
        disruption = selectors.disruption_active(municipality=municipality, now=now)
    kind = OpeningHours.Kind.DISRUPTION if disruption else OpeningHours.Kind.NORMAL
    today = timezone.localdate(now)
    points = list(selectors.point_list_public(municipality=municipality))
    rows = [
        Row(point=point, km=km, stale=selectors.status_is_stale(point, disruption=disruption, now=now),
            hours_today=selectors.hours_on(point, today, kind=kind))
        for point, km in selectors.sort_by_distance(points, origin)
    ]
    if origin is None:  # without a position: open points first, then by name
        rows.sort(key=lambda row: (selectors.STATUS_ORDER.get(row.point.status, 9), row.point.name))
    return SotListing(municipality=municipality, disruption=disruption, rows=rows, generated_at=now,
                      origin_label=origin_label)
