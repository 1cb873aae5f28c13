"""What happens after a committed change: open pages are told, then the static snapshot is rewritten.

Both run on commit, so a rolled-back change is never published. Open pages get the change at once
(one query, one message to the channel layer, encoded once for every socket); the snapshot is
rewritten in the background a moment later, once per burst of changes (snapshot_writer.py), or at
once when settings.SOT_SNAPSHOT_DELAY_SECONDS is None. A failure to publish is logged and never
undoes the change: the host's status is saved even if Redis or the disk is unavailable.
"""
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

from sot_points import live_state
from sot_points.consumers import status_group
from sot_points.snapshot_writer import snapshot_writer

logger = logging.getLogger("sot_points.publishing")


def after_point_change(point, *, live: bool) -> None:
    municipality_id, point_id = point.municipality_id, point.pk

    def publish():
        live_state.changed(municipality_id)
        if live:
            _broadcast_point(point_id)
        schedule_snapshot(municipality_id)

    transaction.on_commit(publish)


def after_disruption_change(municipality) -> None:
    municipality_id = municipality.pk

    def publish():
        live_state.changed(municipality_id)
        _broadcast_disruption(municipality_id)
        schedule_snapshot(municipality_id)

    transaction.on_commit(publish)


def schedule_snapshot(municipality_id: int) -> None:
    if settings.SOT_SNAPSHOT_DELAY_SECONDS is None:
        _write_snapshot(municipality_id)
    else:
        background_writer().request(municipality_id)


def background_writer():
    return snapshot_writer(_write_snapshot, delay=settings.SOT_SNAPSHOT_DELAY_SECONDS)


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
    change = live_state.point_text(point_id)
    if change is not None:
        municipality_id, text = change
        _send(municipality_id, live_state.group_message(text))


def _broadcast_disruption(municipality_id: int) -> None:
    _send(municipality_id, live_state.group_message(live_state.disruption_text(municipality_id)))
