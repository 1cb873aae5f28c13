"""Every write to shared resources' availability and bookings, and the e-mails those writes send.

A booking is a request until the resource's owner confirms it. Two confirmed bookings of one resource
never overlap: a confirmation locks the resource's listing row (select_for_update), so confirmations of one
resource happen one at a time, and checks the overlap again under the lock. Intervals are half-open
[start, end): a booking ending at 12:00 and one starting at 12:00 do not clash."""
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.permissions import require
from directory.models import CompanyMember
from marketplace.hub_services import hub_manager_emails
from marketplace.models import AvailabilityWindow, Booking, Listing, ListingKind
from marketplace.permissions import (
    can_act_for_company,
    can_cancel_booking,
    can_decide_booking,
    can_edit_listing,
    can_request_booking,
)

Status = Booking.Status


def format_slot(starts_at: datetime, ends_at: datetime) -> str:
    """'12 mars 10:00–14:00', or with both dates when the slot runs over midnight, in Swedish time."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{date_format(start, 'j F')} {start:%H:%M}–{end:%H:%M}"
    return f"{date_format(start, 'j F H:i')}–{date_format(end, 'j F H:i')}"


# --- e-mail -----------------------------------------------------------------------------------------
def _owner_emails(listing: Listing) -> list[str]:
    if listing.company_id:
        return list(CompanyMember.objects.filter(company_id=listing.company_id).values_list("user__email", flat=True))
    if listing.hub_id:
        return hub_manager_emails(listing.hub)
    return [listing.contact_email or listing.municipality.office_email]


def _url(listing: Listing, name: str) -> str:
    return listing.municipality.site.root_url + reverse(name, args=[listing.pk])


def _mail(booking: Booking, *, subject: str, template: str, to_owner: bool) -> None:
    listing = booking.listing
    context = {"booking": booking, "listing": listing, "slot": format_slot(booking.starts_at, booking.ends_at),
               "owner_url": _url(listing, "marketplace_bookings:listing-bookings"),
               "mine_url": listing.municipality.site.root_url + reverse("marketplace_bookings:booking-mine"),
               "to_owner": to_owner}

    def send():
        recipients = _owner_emails(listing) if to_owner else [booking.requested_by.email]
        recipients = sorted({r for r in recipients if r})
        if recipients:
            send_mail(subject, render_to_string(f"marketplace/emails/{template}.txt", context), None, recipients)

    transaction.on_commit(send)


# --- availability -----------------------------------------------------------------------------------
def _require_resource(listing: Listing) -> None:
    if listing.kind != ListingKind.RESOURCE:
        raise ValidationError(_("Bara resurser att dela eller boka har bokningsbara tider."), code="not_resource")


@transaction.atomic
def availability_window_add(*, actor, listing: Listing, starts_at: datetime, ends_at: datetime
                            ) -> AvailabilityWindow:
    require(can_edit_listing(actor, listing))
    _require_resource(listing)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ValidationError(_("Perioden måste sluta efter att den börjar."),
                                                          code="window_order")})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": ValidationError(_("Perioden har redan passerat."), code="window_past")})
    window = AvailabilityWindow(listing=listing, starts_at=starts_at, ends_at=ends_at)
    window.full_clean()
    window.save()
    return window


@transaction.atomic
def availability_window_remove(*, actor, window: AvailabilityWindow) -> None:
    """Bookings already made stay; the window only limits new requests."""
    require(can_edit_listing(actor, window.listing))
    window.delete()


# --- bookings ---------------------------------------------------------------------------------------
def _first_clash(listing_id: int, starts_at: datetime, ends_at: datetime, *, exclude: int | None = None
                 ) -> Booking | None:
    clashes = Booking.objects.filter(listing_id=listing_id, status=Status.CONFIRMED, starts_at__lt=ends_at,
                                     ends_at__gt=starts_at)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    return clashes.order_by("starts_at").first()


def _clash_error(clash: Booking) -> ValidationError:
    return ValidationError({"starts_at": ValidationError(
        _("Tiden krockar med en bekräftad bokning %(slot)s."),
        params={"slot": format_slot(clash.starts_at, clash.ends_at)}, code="booking_clash")})


def _check_slot(listing: Listing, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ValidationError(_("Bokningen måste sluta efter att den börjar."),
                                                          code="booking_order")})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": ValidationError(
            _("Tiden har redan börjat eller passerat. Välj en tid framåt."), code="booking_past")})
    windows = AvailabilityWindow.objects.filter(listing=listing)
    if windows.exists() and not windows.filter(starts_at__lte=starts_at, ends_at__gte=ends_at).exists():
        raise ValidationError({"starts_at": ValidationError(
            _("Tiden ligger utanför de perioder då resursen går att boka. Välj en tid inom en av perioderna."),
            code="booking_outside_window")})
    clash = _first_clash(listing.pk, starts_at, ends_at)
    if clash is not None:
        raise _clash_error(clash)


@transaction.atomic
def booking_request(*, actor, listing: Listing, starts_at: datetime, ends_at: datetime, company=None,
                    message: str = "") -> Booking:
    require(can_request_booking(actor, listing))
    if company is not None and not can_act_for_company(actor, company):
        raise ValidationError({"company": ValidationError(_("Du kan bara boka för företag du företräder."),
                                                          code="booking_company")})
    _check_slot(listing, starts_at, ends_at)
    booking = Booking(listing=listing, municipality_id=listing.municipality_id, company=company, requested_by=actor,
                      starts_at=starts_at, ends_at=ends_at, message=(message or "").strip())
    booking.full_clean()
    booking.save()
    _mail(booking, subject=_("Ny bokningsförfrågan: %(title)s") % {"title": listing.title},
          template="booking_requested", to_owner=True)
    return booking


def _relock(booking: Booking, *expected: str) -> Booking:
    current = Booking.objects.select_for_update().get(pk=booking.pk)
    if current.status not in expected:
        raise ValidationError(_("Bokningen har redan ändrats (%(status)s). Ladda om sidan."),
                              params={"status": current.get_status_display().lower()}, code="booking_changed")
    current.listing = booking.listing
    return current


def _decide(booking: Booking, *, actor, status: str) -> Booking:
    booking.status, booking.decided_by, booking.decided_at = status, actor, timezone.now()
    booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return booking


@transaction.atomic
def booking_confirm(*, actor, booking: Booking) -> Booking:
    """Confirmations of one resource queue on its listing row, so the overlap check below sees every
    confirmation that committed before this one: two overlapping requests can never both be confirmed."""
    require(can_decide_booking(actor, booking))
    Listing.objects.select_for_update().filter(pk=booking.listing_id).values_list("pk", flat=True).first()
    booking = _relock(booking, Status.REQUESTED)
    clash = _first_clash(booking.listing_id, booking.starts_at, booking.ends_at, exclude=booking.pk)
    if clash is not None:
        raise _clash_error(clash)
    _decide(booking, actor=actor, status=Status.CONFIRMED)
    _mail(booking, subject=_("Bokningen är bekräftad: %(title)s") % {"title": booking.listing.title},
          template="booking_decided", to_owner=False)
    return booking


@transaction.atomic
def booking_decline(*, actor, booking: Booking) -> Booking:
    require(can_decide_booking(actor, booking))
    booking = _decide(_relock(booking, Status.REQUESTED), actor=actor, status=Status.DECLINED)
    _mail(booking, subject=_("Bokningen är avböjd: %(title)s") % {"title": booking.listing.title},
          template="booking_decided", to_owner=False)
    return booking


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> Booking:
    """The requester or the owner cancels; the other side is told."""
    require(can_cancel_booking(actor, booking))
    booking = _decide(_relock(booking, Status.REQUESTED, Status.CONFIRMED), actor=actor, status=Status.CANCELLED)
    _mail(booking, subject=_("Bokningen är avbokad: %(title)s") % {"title": booking.listing.title},
          template="booking_cancelled", to_owner=actor.pk == booking.requested_by_id)
    return booking
