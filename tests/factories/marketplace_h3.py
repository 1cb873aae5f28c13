"""Platform owners, companies with their people, shared resources, availability windows and bookings for the
hub and booking tests. Bookings and windows are made directly (validated) so a test can set up a calendar
without going through the services it is testing."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from marketplace.models import AvailabilityWindow, Booking, ListingKind
from municipalities.services import platform_owner_create

from .accounts import make_user
from .directory import make_company
from .marketplace import make_listing

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_owner_person(email: str):
    """A platform owner's person: owners' members count as staff, so they have a TOTP device for the MFA gate."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user(email)
    TOTP.activate(user, generate_totp_secret())
    return user


def make_platform_owner(name: str = "Blaiken Vind AB", *, kind: str = "company", municipalities=(), members=()):
    return platform_owner_create(name=name, kind=kind, municipalities=municipalities, members=members)


def make_company_with_owner(municipality, *, email: str, legal_name: str, org_number: str, published: bool = True):
    """A company and its owner (a member of it), returned as (company, owner)."""
    owner = make_user(email)
    company = make_company(municipality, owner=owner, published=published, org_number=org_number,
                           legal_name=legal_name)
    return company, owner


def future_day(days: int = 14) -> date:
    return timezone.localdate() + timedelta(days=days)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime on `day` at hour:minute, Swedish time."""
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def make_resource(municipality, *, company=None, hub=None, title: str = "Släpvagn, 750 kg", **fields):
    return make_listing(municipality, kind=ListingKind.RESOURCE, title=title, company=company, hub=hub,
                        category="equipment", **fields)


def make_window(listing, starts_at: datetime, ends_at: datetime) -> AvailabilityWindow:
    window = AvailabilityWindow(listing=listing, starts_at=starts_at, ends_at=ends_at)
    window.full_clean()
    window.save()
    return window


def make_booking(listing, *, requested_by, starts_at: datetime, ends_at: datetime,
                 status: str = Booking.Status.REQUESTED, company=None) -> Booking:
    booking = Booking(listing=listing, municipality=listing.municipality, requested_by=requested_by,
                      starts_at=starts_at, ends_at=ends_at, status=status, company=company)
    booking.full_clean()
    booking.save()
    return booking
