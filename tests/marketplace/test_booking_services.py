"""Bookings of shared resources through the services: who may request and decide, the Swedish messages for
a slot that clashes, lies outside the bookable periods, is past or ends before it starts, the re-check when
the owner confirms, and the e-mails each step sends."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace import booking_services
from marketplace.models import Audience, Booking, ListingKind, ListingStatus
from tests.factories.accounts import make_user
from tests.factories.marketplace import add_hub_member, make_hub, make_listing
from tests.factories.marketplace_h3 import (
    at,
    future_day,
    make_booking,
    make_company_with_owner,
    make_platform_owner,
    make_resource,
    make_window,
)

pytestmark = pytest.mark.django_db
Status = Booking.Status


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def trailer(arvidsjaur):
    """Maskinringen's trailer and its owner."""
    company, owner = make_company_with_owner(arvidsjaur, email="maskinringen@example.org",
                                             legal_name="Maskinringen Arvidsjaur AB", org_number="556036-0793")
    return make_resource(arvidsjaur, company=company), owner


@pytest.fixture
def renter(db):
    return make_user("hyrgast@example.org")


def _messages(error) -> str:
    return " ".join(error.value.messages)


def _request(listing, user, day, start, end, **extra):
    return booking_services.booking_request(actor=user, listing=listing, starts_at=at(day, start),
                                            ends_at=at(day, end), **extra)


class BookingRequestTests:
    def test_a_signed_in_user_requests_a_slot_and_the_owner_gets_an_email(self, trailer, renter, commit):
        listing, _owner = trailer
        day = future_day()
        with commit():
            booking = _request(listing, renter, day, 10, 14, message="Till flytten.")
        assert booking.status == Status.REQUESTED
        assert booking.municipality == listing.municipality
        assert mail.outbox[0].to == ["maskinringen@example.org"]
        assert "hyrgast@example.org vill boka Släpvagn, 750 kg" in mail.outbox[0].body
        assert f"/marknadsplats/{listing.pk}/bokningar/" in mail.outbox[0].body

    def test_a_slot_overlapping_a_confirmed_booking_is_refused_naming_the_clash(self, trailer, renter):
        listing, owner = trailer
        day = future_day()
        make_booking(listing, requested_by=owner, starts_at=at(day, 10), ends_at=at(day, 14), status=Status.CONFIRMED)
        with pytest.raises(ValidationError) as error:
            _request(listing, renter, day, 13, 16)
        month = {1: "januari", 2: "februari", 3: "mars", 4: "april", 5: "maj", 6: "juni", 7: "juli", 8: "augusti",
                 9: "september", 10: "oktober", 11: "november", 12: "december"}[day.month]
        assert _messages(error) == f"Tiden krockar med en bekräftad bokning {day.day} {month} 10:00–14:00."
        assert error.value.message_dict.keys() == {"starts_at"}

    def test_back_to_back_slots_and_overlapping_requests_are_fine(self, trailer, renter):
        listing, owner = trailer
        day = future_day()
        make_booking(listing, requested_by=owner, starts_at=at(day, 10), ends_at=at(day, 14), status=Status.CONFIRMED)
        make_booking(listing, requested_by=owner, starts_at=at(day, 16), ends_at=at(day, 18))
        assert _request(listing, renter, day, 14, 16).status == Status.REQUESTED
        assert _request(listing, renter, day, 8, 10).status == Status.REQUESTED
        assert _request(listing, renter, day, 17, 19).status == Status.REQUESTED  # only a request, not confirmed

    def test_a_declined_or_cancelled_booking_does_not_block_the_slot(self, trailer, renter):
        listing, owner = trailer
        day = future_day()
        for status in (Status.DECLINED, Status.CANCELLED):
            make_booking(listing, requested_by=owner, starts_at=at(day, 10), ends_at=at(day, 14), status=status)
        assert _request(listing, renter, day, 10, 14).status == Status.REQUESTED

    def test_with_availability_windows_a_slot_must_lie_inside_one(self, trailer, renter):
        listing, _owner = trailer
        day = future_day()
        make_window(listing, at(day, 8), at(day, 12))
        assert _request(listing, renter, day, 8, 12).status == Status.REQUESTED
        with pytest.raises(ValidationError) as error:
            _request(listing, renter, day, 11, 13)
        assert "utanför de perioder då resursen går att boka" in _messages(error)

    def test_a_past_slot_or_one_ending_before_it_starts_is_refused(self, trailer, renter):
        listing, _owner = trailer
        with pytest.raises(ValidationError) as error:
            _request(listing, renter, future_day(-2), 10, 12)
        assert "redan börjat eller passerat" in _messages(error)
        with pytest.raises(ValidationError) as error:
            _request(listing, renter, future_day(), 12, 10)
        assert error.value.message_dict == {"ends_at": ["Bokningen måste sluta efter att den börjar."]}

    def test_anonymous_visitors_and_listings_that_are_not_live_resources_cannot_be_booked(self, trailer, arvidsjaur,
                                                                                         renter):
        from django.contrib.auth.models import AnonymousUser

        listing, _owner = trailer
        with pytest.raises(PermissionDenied):
            _request(listing, AnonymousUser(), future_day(), 10, 12)
        offer = make_listing(arvidsjaur, kind=ListingKind.OFFER, title="Grävtjänst")
        with pytest.raises(PermissionDenied):
            _request(offer, renter, future_day(), 10, 12)
        draft = make_resource(arvidsjaur, title="Utkast", status=ListingStatus.DRAFT)
        with pytest.raises(PermissionDenied):
            _request(draft, renter, future_day(), 10, 12)

    def test_a_members_only_resource_is_bookable_only_by_the_hubs_members(self, arvidsjaur, renter):
        manager = make_user("hubb@example.org")
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(members=[manager]))
        listing = make_resource(arvidsjaur, hub=hub, audience=Audience.MEMBERS, title="Hubbens lokal")
        with pytest.raises(PermissionDenied):
            _request(listing, renter, future_day(), 10, 12)
        company, member = make_company_with_owner(arvidsjaur, email="medlem@example.org", legal_name="Medlem AB",
                                                  org_number="559000-0013")
        add_hub_member(hub, company)
        assert _request(listing, member, future_day(), 10, 12, company=company).company == company

    def test_one_may_only_book_for_a_company_one_belongs_to(self, trailer, renter):
        listing, _owner = trailer
        with pytest.raises(ValidationError) as error:
            _request(listing, renter, future_day(), 10, 12, company=listing.company)
        assert "företag du företräder" in _messages(error)


class BookingDecisionTests:
    def test_the_owner_confirms_and_the_requester_is_told(self, trailer, renter, commit):
        listing, owner = trailer
        booking = _request(listing, renter, future_day(), 10, 14)
        with commit():
            booking_services.booking_confirm(actor=owner, booking=booking)
        booking.refresh_from_db()
        assert booking.status == Status.CONFIRMED
        assert booking.decided_by == owner
        assert mail.outbox[0].to == ["hyrgast@example.org"]
        assert "är bekräftad" in mail.outbox[0].body

    def test_confirming_checks_again_so_overlapping_requests_cannot_both_be_confirmed(self, trailer, renter):
        listing, owner = trailer
        day = future_day()
        first = _request(listing, renter, day, 10, 14)
        second = _request(listing, make_user("annan@example.org"), day, 12, 16)
        booking_services.booking_confirm(actor=owner, booking=first)
        with pytest.raises(ValidationError) as error:
            booking_services.booking_confirm(actor=owner, booking=second)
        assert "krockar med en bekräftad bokning" in _messages(error)
        assert "10:00–14:00" in _messages(error)
        second.refresh_from_db()
        assert second.status == Status.REQUESTED

    def test_only_the_owner_confirms_or_declines(self, trailer, renter):
        listing, _owner = trailer
        booking = _request(listing, renter, future_day(), 10, 14)
        with pytest.raises(PermissionDenied):
            booking_services.booking_confirm(actor=renter, booking=booking)
        with pytest.raises(PermissionDenied):
            booking_services.booking_decline(actor=renter, booking=booking)

    def test_a_declined_request_cannot_be_confirmed_afterwards(self, trailer, renter, commit):
        listing, owner = trailer
        booking = _request(listing, renter, future_day(), 10, 14)
        with commit():
            booking_services.booking_decline(actor=owner, booking=booking)
        assert "kan tyvärr inte ta emot" in mail.outbox[0].body
        with pytest.raises(ValidationError) as error:
            booking_services.booking_confirm(actor=owner, booking=booking)
        assert "redan ändrats (avböjd)" in _messages(error)

    def test_the_requester_cancels_and_the_owner_is_told_and_the_slot_is_free_again(self, trailer, renter, commit):
        listing, owner = trailer
        day = future_day()
        booking = _request(listing, renter, day, 10, 14)
        booking_services.booking_confirm(actor=owner, booking=booking)
        with commit():
            booking_services.booking_cancel(actor=renter, booking=booking)
        assert mail.outbox[0].to == ["maskinringen@example.org"]
        assert "avbokad" in mail.outbox[0].body
        assert _request(listing, make_user("nasta@example.org"), day, 10, 14).status == Status.REQUESTED

    def test_someone_else_may_not_cancel(self, trailer, renter):
        listing, _owner = trailer
        booking = _request(listing, renter, future_day(), 10, 14)
        with pytest.raises(PermissionDenied):
            booking_services.booking_cancel(actor=make_user("inkraktare@example.org"), booking=booking)


class AvailabilityTests:
    def test_the_owner_adds_and_removes_windows_and_others_may_not(self, trailer, renter):
        listing, owner = trailer
        day = future_day()
        with pytest.raises(PermissionDenied):
            booking_services.availability_window_add(actor=renter, listing=listing, starts_at=at(day, 8),
                                                     ends_at=at(day, 16))
        window = booking_services.availability_window_add(actor=owner, listing=listing, starts_at=at(day, 8),
                                                          ends_at=at(day, 16))
        assert list(listing.availability.all()) == [window]
        booking_services.availability_window_remove(actor=owner, window=window)
        assert not listing.availability.exists()

    def test_a_window_must_end_after_it_starts_and_not_be_over(self, trailer):
        listing, owner = trailer
        with pytest.raises(ValidationError) as error:
            booking_services.availability_window_add(actor=owner, listing=listing, starts_at=at(future_day(), 16),
                                                     ends_at=at(future_day(), 8))
        assert "sluta efter att den börjar" in _messages(error)
        with pytest.raises(ValidationError) as error:
            booking_services.availability_window_add(actor=owner, listing=listing, starts_at=at(future_day(-3), 8),
                                                     ends_at=at(future_day(-3), 16))
        assert "redan passerat" in _messages(error)

    def test_only_shared_resources_have_windows(self, arvidsjaur, trailer):
        _listing, owner = trailer
        offer = make_listing(arvidsjaur, kind=ListingKind.OFFER, company=_listing.company)
        with pytest.raises(ValidationError) as error:
            booking_services.availability_window_add(actor=owner, listing=offer, starts_at=at(future_day(), 8),
                                                     ends_at=at(future_day(), 16))
        assert "Bara resurser" in _messages(error)
