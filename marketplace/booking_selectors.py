"""Every read of shared resources' calendars and bookings. Selectors take the municipality, never the request.

A resource is reached on the host of the municipality where it is located and, for a hub's resource, on
the hosts of the municipalities the hub spans."""
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from marketplace.models import AvailabilityWindow, Booking, Listing, ListingKind
from marketplace.selectors import listing_ids_on_host
from municipalities.models import Municipality

# How far ahead the booking page shows the calendar.
CALENDAR_WEEKS = 8
Status = Booking.Status


def resource_get_for_municipality(*, municipality: Municipality, listing_id: int) -> Listing | None:
    """A shared resource reachable on this host, in any state (the caller checks can_view_listing)."""
    return (Listing.objects.filter(pk__in=listing_ids_on_host(municipality.pk), pk=listing_id,
                                   kind=ListingKind.RESOURCE)
            .select_related("municipality__site", "company", "hub").first())


def calendar_range(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now, now + timedelta(weeks=CALENDAR_WEEKS)


def availability_list_upcoming(*, listing: Listing, now: datetime | None = None) -> QuerySet[AvailabilityWindow]:
    start, end = calendar_range(now)
    return AvailabilityWindow.objects.filter(listing=listing, ends_at__gt=start, starts_at__lt=end).order_by("starts_at")


def availability_exists(*, listing: Listing) -> bool:
    return AvailabilityWindow.objects.filter(listing=listing).exists()


def availability_get(*, listing: Listing, window_id: int) -> AvailabilityWindow | None:
    return AvailabilityWindow.objects.filter(listing=listing, pk=window_id).select_related("listing").first()


def booking_list_occupied(*, listing: Listing, now: datetime | None = None) -> QuerySet[Booking]:
    """Confirmed bookings in the coming weeks: only their times, never who booked, are shown to others."""
    start, end = calendar_range(now)
    return Booking.objects.filter(listing=listing, status=Status.CONFIRMED, ends_at__gt=start,
                                  starts_at__lt=end).order_by("starts_at")


def booking_list_for_listing(*, listing: Listing, now: datetime | None = None) -> QuerySet[Booking]:
    """The owner's view: every booking not yet over, requests first."""
    now = now or timezone.now()
    return (Booking.objects.filter(listing=listing, ends_at__gt=now)
            .select_related("requested_by", "company").order_by("starts_at"))


def booking_get_for_listing(*, listing: Listing, booking_id: int) -> Booking | None:
    return Booking.objects.filter(listing=listing, pk=booking_id).select_related("listing", "requested_by").first()


def booking_list_for_requester(*, user, municipality: Municipality) -> QuerySet[Booking]:
    """"Mina bokningar": the user's requests for resources reachable on this host, newest slot first."""
    reachable = listing_ids_on_host(municipality.pk)
    return (Booking.objects.filter(requested_by=user, listing__in=reachable)
            .select_related("listing", "company").order_by("-starts_at"))


def booking_get_for_requester(*, user, municipality: Municipality, booking_id: int) -> Booking | None:
    return (booking_list_for_requester(user=user, municipality=municipality).filter(pk=booking_id)
            .select_related("listing__company", "listing__hub", "requested_by").first())
