"""Every change to SOT points, their status, disruptions and readiness. Validate, then write.

After each committed change the static snapshot is rewritten and, for status and disruptions,
the change is pushed to residents' open pages (sot_points.publishing).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from sot_points.models import Capability, Disruption, PointStatus, ReadinessCheck, SotPoint, StatusUpdate
from sot_points.permissions import can_confirm_readiness, can_declare_disruption, can_update_point_status
from sot_points.publishing import after_disruption_change, after_point_change

MESSAGE_MAX = 280


def _clean_status(point: SotPoint, *, status: str, available_now: list[str], places_free) -> dict:
    errors = {}
    if status not in (PointStatus.OPEN, PointStatus.LIMITED, PointStatus.CLOSED):
        errors["status"] = _("Välj öppen, begränsad eller stängd.")
    unknown = [c for c in available_now if c not in Capability.values]
    if unknown:
        errors["available_now"] = _("Okänd förmåga: %(names)s.") % {"names": ", ".join(unknown)}
    elif set(available_now) - set(point.capabilities):
        errors["available_now"] = _("Punkten har inte registrerat alla de valda förmågorna.")
    if places_free is not None:
        if point.warm_room_places is None:
            errors["places_free"] = _("Punkten har ingen registrerad värmestuga med platser.")
        elif not 0 <= places_free <= point.warm_room_places:
            errors["places_free"] = _("Ange ett antal mellan 0 och %(max)s.") % {"max": point.warm_room_places}
    if errors:
        raise ValidationError(errors)
    # A closed point offers nothing right now, whatever was ticked.
    return {"status": status, "available_now": [] if status == PointStatus.CLOSED else available_now,
            "places_free": None if status == PointStatus.CLOSED else places_free}


def point_status_update(*, actor, point: SotPoint, status: str, available_now: list[str] | None = None,
                        places_free: int | None = None, message: str = "") -> StatusUpdate:
    require(can_update_point_status(actor, point))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Meddelandet får vara högst %(max)s tecken.") % {"max": MESSAGE_MAX}})
    cleaned = _clean_status(point, status=status, available_now=list(dict.fromkeys(available_now or [])),
                            places_free=places_free)
    with transaction.atomic():
        update = StatusUpdate.objects.create(municipality=point.municipality, point=point, message=message,
                                             changed_by=actor, **cleaned)
        SotPoint.objects.filter(pk=point.pk).update(
            status=update.status, available_now=update.available_now, places_free=update.places_free,
            status_message=message, status_changed_at=update.created_at)
        point.refresh_from_db()
        after_point_change(point, live=True)
    return update


def disruption_declare(*, actor, municipality, kind: str, title: str, message: str, localities=(),
                       area_description: str = "", started_at=None) -> Disruption:
    if not can_declare_disruption(actor, municipality):
        raise PermissionDenied
    if Disruption.objects.filter(municipality=municipality, ended_at__isnull=True).exists():
        raise ValidationError(_("En störning pågår redan. Uppdatera den eller avsluta den först."))
    disruption = Disruption(municipality=municipality, kind=kind, title=title.strip(), message=message.strip(),
                            area_description=area_description.strip(), started_at=started_at or timezone.now(),
                            declared_by=actor)
    disruption.full_clean()
    _check_localities(municipality, localities)
    with transaction.atomic():
        disruption.save()
        disruption.localities.set(localities)
        after_disruption_change(municipality)
    return disruption


def disruption_update(*, actor, disruption: Disruption, title: str, message: str, kind: str,
                      localities=(), area_description: str = "") -> Disruption:
    if not can_declare_disruption(actor, disruption.municipality):
        raise PermissionDenied
    if disruption.ended_at is not None:
        raise ValidationError(_("Störningen är redan avslutad."))
    disruption.title, disruption.message, disruption.kind = title.strip(), message.strip(), kind
    disruption.area_description = area_description.strip()
    disruption.full_clean()
    _check_localities(disruption.municipality, localities)
    with transaction.atomic():
        disruption.save()
        disruption.localities.set(localities)
        after_disruption_change(disruption.municipality)
    return disruption


def disruption_end(*, actor, disruption: Disruption) -> Disruption:
    if not can_declare_disruption(actor, disruption.municipality):
        raise PermissionDenied
    if disruption.ended_at is None:
        with transaction.atomic():
            disruption.ended_at = timezone.now()
            disruption.save(update_fields=["ended_at", "updated_at"])
            after_disruption_change(disruption.municipality)
    return disruption


def _check_localities(municipality, localities) -> None:
    if any(locality.municipality_id != municipality.pk for locality in localities):
        raise ValidationError({"localities": _("Välj bara orter i den egna kommunen.")})


def readiness_confirm(*, actor, point: SotPoint, generator_tested: bool, contacts_checked: bool,
                      fuel_percent: int | None = None, notes: str = "") -> ReadinessCheck:
    require(can_confirm_readiness(actor, point))
    if fuel_percent is not None and not 0 <= fuel_percent <= 100:
        raise ValidationError({"fuel_percent": _("Ange bränslenivån i procent, 0–100.")})
    return ReadinessCheck.objects.create(
        municipality=point.municipality, point=point, generator_tested=generator_tested,
        contacts_checked=contacts_checked, fuel_percent=fuel_percent, notes=notes.strip()[:280], checked_by=actor)
