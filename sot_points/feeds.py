"""The registry as data: one point's public payload, the JSON feed and GeoJSON.

The same payload goes to the JSON feed, the static snapshot and the websocket messages, so a
resident's page shows the same thing whichever way it arrived.
"""
from django.utils import timezone
from django.utils.formats import date_format

from sot_points.models import PointStatus, SotPoint


def _local_time(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i") if moment else ""


def point_payload(point: SotPoint, *, stale: bool = False) -> dict:
    return {
        "id": point.slug,
        "name": point.name,
        "host": point.host_name,
        "status": point.status,
        "status_label": str(PointStatus(point.status).label),
        "available_now": list(point.available_now),
        "available_labels": [str(label) for label in point.available_labels],
        "capabilities": list(point.capabilities),
        "places_free": point.places_free,
        "places_total": point.warm_room_places,
        "message": point.status_message,
        "changed_at": point.status_changed_iso or None,
        "changed_at_local": _local_time(point.status_changed_at),
        "stale": stale,
        # Set before a disruption ended and not confirmed since (sot_points.services.disruption_end).
        "unconfirmed_after_disruption": point.confirmation_requested_at is not None,
        "address": ", ".join(part for part in (point.street_address, point.postal_town) if part),
        "locality": point.locality.name if point.locality_id else "",
        "phone": point.phone,
        "latitude": point.latitude,
        "longitude": point.longitude,
    }


def disruption_payload(disruption) -> dict | None:
    if disruption is None:
        return None
    return {"kind": disruption.kind, "kind_label": str(disruption.get_kind_display()), "title": disruption.title,
            "message": disruption.message, "started_at": disruption.started_at.isoformat()}


def points_json(payloads: list[dict], *, municipality, disruption, generated_at) -> dict:
    return {
        "municipality": {"name": municipality.name, "code": municipality.code},
        "generated_at": generated_at.isoformat(),
        "disruption": disruption_payload(disruption),
        "points": payloads,
    }


def points_geojson(payloads: list[dict]) -> dict:
    features = []
    for payload in payloads:
        properties = {k: v for k, v in payload.items() if k not in ("latitude", "longitude")}
        features.append({
            "type": "Feature",
            # GeoJSON (RFC 7946) orders a position longitude first.
            "geometry": {"type": "Point", "coordinates": [payload["longitude"], payload["latitude"]]},
            "properties": properties,
        })
    return {"type": "FeatureCollection", "features": features}
