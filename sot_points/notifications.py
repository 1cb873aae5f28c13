"""E-mails about SOT points: host invitations; readiness reminders to hosts and a summary of overdue
points to the office; a disruption declared or ended, to the hosts of the affected points (and the
SMS text of the same notice).

Sent by a daily job or on commit, whatever language the request was in, so each e-mail is rendered in
Swedish explicitly.
"""
from collections.abc import Sequence

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from sot_points.models import Disruption, DisruptionNotice, SotHostInvitation, SotPoint


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> bool:
    recipients = [r for r in recipients if r]
    if not recipients:
        return False
    body = render_to_string(f"sot_points/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)
    return True


def hosts_readiness_reminder(point: SotPoint, recipients: list[str]) -> bool:
    """Ask the point's hosts to confirm readiness. `point.last_confirmed_at` is None when never confirmed."""
    readiness_url = point.municipality.root_url + reverse("sot_points:point-readiness", args=[point.slug])
    with translation.override("sv"):
        return _send(_("Dags att bekräfta beredskapen för %(name)s") % {"name": point.name},
                     "hosts_readiness_reminder",
                     {"point": point, "last_confirmed_at": getattr(point, "last_confirmed_at", None),
                      "readiness_url": readiness_url}, recipients)


def office_readiness_overdue(municipality: Municipality, points: Sequence[SotPoint], *, interval_days: int) -> bool:
    """One summary of the municipality's overdue points, each with `last_confirmed_at` and prefetched `hosts`."""
    rows = [{"name": point.name, "last_confirmed_at": getattr(point, "last_confirmed_at", None),
             "has_hosts": any(host.email for host in point.hosts.all())} for point in points]
    with translation.override("sv"):
        return _send(_("SOT-punkter i %(municipality)s som inte bekräftat beredskapen")
                     % {"municipality": municipality.name}, "office_readiness_overdue",
                     {"municipality": municipality, "points": rows, "interval_days": interval_days,
                      "desk_url": municipality.root_url + reverse("sot_admin:desk")},
                     [municipality.office_email])


def host_invitation_sent(invitation: SotHostInvitation) -> bool:
    """Tell an invited host what a host does, where to sign up (or log in) and where to set the status."""
    point = invitation.point
    root_url = point.municipality.root_url
    with translation.override("sv"):
        return _send(_("Du är inbjuden som värd för SOT-punkten %(name)s") % {"name": point.name},
                     "host_invitation",
                     {"point": point, "signup_url": root_url + reverse("account_signup"),
                      "status_url": root_url + reverse("sot_points:point-status", args=[point.slug])},
                     [invitation.email])


def _status_url(point: SotPoint) -> str:
    return point.municipality.root_url + reverse("sot_points:point-status", args=[point.slug])


def hosts_disruption_notice(disruption: Disruption, kind: str, points: Sequence[SotPoint], email: str) -> bool:
    """One host, one e-mail for all their affected points: set the status (declared) or confirm it (ended)."""
    municipality = disruption.municipality
    with translation.override("sv"):
        if kind == DisruptionNotice.Kind.DECLARED:
            subject = _("Störning i %(municipality)s: visa läget för din SOT-punkt") % {
                "municipality": municipality.name}
        else:
            subject = _("Störningen i %(municipality)s är över: bekräfta läget för din SOT-punkt") % {
                "municipality": municipality.name}
        return _send(subject, f"hosts_disruption_{kind}",
                     {"disruption": disruption, "municipality": municipality,
                      "points": [{"name": point.name, "status": point.get_status_display(),
                                  "url": _status_url(point)} for point in points]}, [email])


def disruption_sms_text(disruption: Disruption, kind: str, points: Sequence[SotPoint]) -> str:
    """The SMS to a point's contact phone: short, the link to the status page of (each of) its points."""
    with translation.override("sv"):
        links = " ".join(_status_url(point) for point in points)
        names = ", ".join(point.name for point in points)
        if kind == DisruptionNotice.Kind.DECLARED:
            return _("%(municipality)s: störning, %(title)s. Visa läget för %(names)s: %(links)s") % {
                "municipality": disruption.municipality.name, "title": disruption.title, "names": names,
                "links": links}
        return _("%(municipality)s: störningen är över. Bekräfta läget för %(names)s: %(links)s") % {
            "municipality": disruption.municipality.name, "names": names, "links": links}
