"""Telling the hosts of the affected points about a disruption: when it is declared (set your point's
status) and when it ends (confirm the status still holds). E-mail to each host, SMS to each point's
contact phone (core.sms), each at most once per disruption and kind.

Queued on commit of the declaration or the end (django-tasks, `tasks.disruption_hosts_notify`) and sent
by the background worker, so the crisis desk's request never waits for a mail server or an SMS
provider. A `DisruptionNotice` row is claimed before each message is sent (unique per disruption,
kind, channel and recipient): a task run twice, or two workers, send once. A message that fails is
logged and its claim released, so running the task again sends only what is missing.
"""
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction

from core.sms import send_sms
from sot_points import notifications
from sot_points.models import Disruption, DisruptionNotice, SotPoint
from sot_points.selectors import points_affected_by

logger = logging.getLogger("sot_points.notices")


def queue_disruption_notices(disruption_id: int, kind: str) -> None:
    """Queue the notices; a queue that cannot be reached is logged, never fails the crisis desk."""
    from sot_points.tasks import disruption_hosts_notify

    try:
        disruption_hosts_notify.enqueue(disruption_id, kind)
    except Exception:
        logger.exception("could not queue the %s notices of disruption %s", kind, disruption_id)


def points_to_notify(disruption: Disruption, kind: str) -> list[SotPoint]:
    """Declared: every affected point. Ended: the affected points whose status still awaits confirmation."""
    points = points_affected_by(disruption)
    if kind == DisruptionNotice.Kind.ENDED:
        points = points.filter(confirmation_requested_at__isnull=False)
    return list(points)


def disruption_hosts_notify(*, disruption: Disruption, kind: str) -> int:
    """Send what has not been sent yet; returns how many messages were sent."""
    if kind not in DisruptionNotice.Kind.values:
        raise ValueError(f"unknown notice kind: {kind}")
    points = points_to_notify(disruption, kind)
    by_host, by_phone = defaultdict(list), defaultdict(list)
    for point in points:
        for host in point.hosts.all():
            if host.email:
                by_host[host.email.lower()].append(point)
        if point.phone:
            by_phone[point.phone].append(point)
    sent = 0
    for email, host_points in by_host.items():
        sent += _send_once(disruption, kind, DisruptionNotice.Channel.EMAIL, email,
                           lambda email=email, host_points=host_points:
                           notifications.hosts_disruption_notice(disruption, kind, host_points, email))
    for phone, phone_points in by_phone.items():
        sent += _send_once(disruption, kind, DisruptionNotice.Channel.SMS, phone,
                           lambda phone=phone, phone_points=phone_points:
                           send_sms(phone, notifications.disruption_sms_text(disruption, kind, phone_points)))
    return sent


def _send_once(disruption: Disruption, kind: str, channel: str, recipient: str, send) -> int:
    try:
        with transaction.atomic():
            notice = DisruptionNotice.objects.create(municipality_id=disruption.municipality_id,
                                                     disruption=disruption, kind=kind, channel=channel,
                                                     recipient=recipient)
    except IntegrityError:  # already sent (or being sent by another run)
        return 0
    try:
        send()
    except Exception:  # SmsError, a mail server's error: logged, and the next run tries again
        logger.exception("could not send the %s %s notice of disruption %s", kind, channel, disruption.pk)
        notice.delete()
        return 0
    return 1
