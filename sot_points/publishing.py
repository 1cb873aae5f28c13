"""What happens after a committed change: the static snapshot is rewritten and open pages are told.

Both run on commit, so a rolled-back change is never published. A failure to publish is logged
and never undoes the change: the host's status is saved even if Redis or the disk is unavailable.
"""
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from sot_points.consumers import status_group

logger = logging.getLogger("sot_points.publishing")


def after_point_change(point, *, live: bool) -> None:
    municipality_id, point_id = point.municipality_id, point.pk

    def publish():
        if live:  # open pages first: the files can wait a moment, residents looking at a page cannot
            _broadcast_point(point_id)
        _write_snapshot(municipality_id)

    transaction.on_commit(publish)


def after_disruption_change(municipality) -> None:
    municipality_id = municipality.pk

    def publish():
        _broadcast_disruption(municipality_id)
        _write_snapshot(municipality_id)

    transaction.on_commit(publish)


def _write_snapshot(municipality_id: int) -> None:
    from sot_points.snapshot import write_snapshot

    try:
        write_snapshot(municipality_id)
    except Exception:  # the change is saved; the next change or `write_sot_snapshot` retries
        logger.exception("could not write the SOT snapshot of municipality %s", municipality_id)


def _send(municipality_id: int, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(status_group(municipality_id), message)
    except Exception:  # residents' pages still show the change on their next load
        logger.exception("could not push a SOT change to open pages of municipality %s", municipality_id)


def _broadcast_point(point_id: int) -> None:
    from sot_points.listing import point_live_payload

    payload = point_live_payload(point_id)
    if payload is not None:
        _send(payload["municipality_id"], {"type": "sot.point", "point": payload["point"]})


def _broadcast_disruption(municipality_id: int) -> None:
    from sot_points.listing import disruption_payload

    _send(municipality_id, {"type": "sot.disruption", "disruption": disruption_payload(municipality_id)})
