"""Booking pages: a resource's calendar and request form (errors next to the fields), the owner's page for
requests and bookable periods, and "Mina bokningar"; a resource the visitor may not see is a 404."""
import pytest

from marketplace.models import Audience, Booking, ListingStatus
from tests.factories.accounts import make_user
from tests.factories.marketplace import make_hub
from tests.factories.marketplace_h3 import (
    at,
    future_day,
    make_booking,
    make_company_with_owner,
    make_owner_person,
    make_platform_owner,
    make_resource,
    make_window,
)

pytestmark = pytest.mark.django_db
ARVIDSJAUR, OVERKALIX = "arvidsjaur.localhost", "overkalix.localhost"
Status = Booking.Status


@pytest.fixture
def trailer(arvidsjaur):
    company, owner = make_company_with_owner(arvidsjaur, email="maskinringen@example.org",
                                             legal_name="Maskinringen Arvidsjaur AB", org_number="556036-0793")
    return make_resource(arvidsjaur, company=company), owner


@pytest.fixture
def renter(db):
    return make_user("hyrgast@example.org")


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _request_data(day, start="10:00", end="14:00", **extra):
    return {"date": day.isoformat(), "start_time": start, "end_time": end, "message": "", **extra}


class BookingRequestPageTests:
    def test_the_calendar_lists_windows_and_occupied_slots_in_swedish_time_without_who_booked(
            self, client, trailer, renter):
        listing, owner = trailer
        day = future_day()
        make_window(listing, at(day, 8), at(day, 18))
        make_booking(listing, requested_by=make_user("hemlig@example.org"), starts_at=at(day, 10),
                     ends_at=at(day, 14), status=Status.CONFIRMED)
        make_booking(listing, requested_by=owner, starts_at=at(day, 15), ends_at=at(day, 16))
        response = client.get(f"/marknadsplats/{listing.pk}/boka/", HTTP_HOST=ARVIDSJAUR)
        page = _page(response)
        assert "Tider de närmaste 8 veckorna" in page
        assert "svensk tid" in page
        assert f"{day.day}" in page
        assert "08:00" in page
        assert "18:00" in page
        assert "10:00" in page
        assert "14:00" in page
        assert "15:00" not in page
        assert "hemlig@example.org" not in page
        assert "Logga in för att begära en tid" in page
        assert "s-maxage=30" in response["Cache-Control"]

    def test_a_signed_in_user_requests_a_slot_and_finds_it_under_my_bookings(self, client, trailer, renter):
        listing, _owner = trailer
        client.force_login(renter)
        page = _page(client.get(f"/marknadsplats/{listing.pk}/boka/", HTTP_HOST=ARVIDSJAUR))
        assert 'type="date"' in page
        assert 'type="time"' in page
        response = client.post(f"/marknadsplats/{listing.pk}/boka/", _request_data(future_day()),
                               HTTP_HOST=ARVIDSJAUR, follow=True)
        page = _page(response)
        assert "Din förfrågan om" in page
        assert "Mina bokningar" in page
        assert "Förfrågan" in page
        assert Booking.objects.get(listing=listing).requested_by == renter

    def test_a_clash_is_shown_next_to_the_start_time(self, client, trailer, renter):
        listing, owner = trailer
        day = future_day()
        make_booking(listing, requested_by=owner, starts_at=at(day, 10), ends_at=at(day, 14), status=Status.CONFIRMED)
        client.force_login(renter)
        page = _page(client.post(f"/marknadsplats/{listing.pk}/boka/", _request_data(day, "12:00", "15:00"),
                                 HTTP_HOST=ARVIDSJAUR))
        field = page.split('for="id_start_time"')[1].split('id="id_start_time"')[0]
        assert "Tiden krockar med en bekräftad bokning" in field
        assert "10:00–14:00" in field
        assert Booking.objects.filter(listing=listing).count() == 1

    def test_an_end_before_the_start_is_shown_next_to_the_end_time(self, client, trailer, renter):
        listing, _owner = trailer
        client.force_login(renter)
        page = _page(client.post(f"/marknadsplats/{listing.pk}/boka/", _request_data(future_day(), "14:00", "10:00"),
                                 HTTP_HOST=ARVIDSJAUR))
        field = page.split('for="id_end_time"')[1].split('id="id_end_time"')[0]
        assert "Sluttiden måste vara senare än starttiden." in field

    def test_a_resource_one_may_not_see_or_of_another_municipality_is_a_404(self, client, trailer, arvidsjaur,
                                                                           overkalix, renter):
        listing, _owner = trailer
        assert client.get(f"/marknadsplats/{listing.pk}/boka/", HTTP_HOST=OVERKALIX).status_code == 404
        draft = make_resource(arvidsjaur, title="Utkast", status=ListingStatus.DRAFT)
        assert client.get(f"/marknadsplats/{draft.pk}/boka/", HTTP_HOST=ARVIDSJAUR).status_code == 404
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(members=[make_owner_person("h@example.org")]))
        secret = make_resource(arvidsjaur, hub=hub, title="Hubbens lokal", audience=Audience.MEMBERS)
        client.force_login(renter)
        assert client.get(f"/marknadsplats/{secret.pk}/boka/", HTTP_HOST=ARVIDSJAUR).status_code == 404
        assert client.post(f"/marknadsplats/{secret.pk}/boka/", _request_data(future_day()),
                           HTTP_HOST=ARVIDSJAUR).status_code == 404


class OwnerPageTests:
    def test_only_the_owner_reaches_the_bookings_page(self, client, trailer, renter):
        listing, owner = trailer
        url = f"/marknadsplats/{listing.pk}/bokningar/"
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 302
        client.force_login(renter)
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 403
        client.force_login(owner)
        assert client.get(url, HTTP_HOST=OVERKALIX).status_code == 404
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 200

    def test_the_owner_confirms_a_request_and_a_clashing_one_is_refused_with_the_reason(self, client, trailer,
                                                                                       renter):
        listing, owner = trailer
        day = future_day()
        first = make_booking(listing, requested_by=renter, starts_at=at(day, 10), ends_at=at(day, 14))
        second = make_booking(listing, requested_by=make_user("annan@example.org"), starts_at=at(day, 12),
                              ends_at=at(day, 16))
        client.force_login(owner)
        url = f"/marknadsplats/{listing.pk}/bokningar/"
        page = _page(client.get(url, HTTP_HOST=ARVIDSJAUR))
        assert "hyrgast@example.org" in page
        assert "Bekräfta" in page
        assert "Bokningen är bekräftad." in _page(client.post(url, {"action": "confirm", "booking": first.pk},
                                                              HTTP_HOST=ARVIDSJAUR, follow=True))
        page = _page(client.post(url, {"action": "confirm", "booking": second.pk}, HTTP_HOST=ARVIDSJAUR, follow=True))
        assert "Tiden krockar med en bekräftad bokning" in page
        second.refresh_from_db()
        assert second.status == Status.REQUESTED

    def test_the_owner_adds_a_window_and_a_bad_one_is_explained_next_to_the_field(self, client, trailer):
        listing, owner = trailer
        client.force_login(owner)
        url = f"/marknadsplats/{listing.pk}/bokningar/"
        day = future_day()
        client.post(url, {"action": "add_window", "start_date": day.isoformat(), "start_time": "08:00",
                          "end_date": day.isoformat(), "end_time": "17:00"}, HTTP_HOST=ARVIDSJAUR)
        assert [w.starts_at for w in listing.availability.all()] == [at(day, 8)]
        page = _page(client.post(url, {"action": "add_window", "start_date": day.isoformat(), "start_time": "17:00",
                                       "end_date": day.isoformat(), "end_time": "08:00"}, HTTP_HOST=ARVIDSJAUR))
        field = page.split('for="id_end_time"')[1].split('id="id_end_time"')[0]
        assert "Perioden måste sluta efter att den börjar." in field
        assert listing.availability.count() == 1


class MyBookingsTests:
    def test_the_requester_sees_and_cancels_a_booking_and_others_cannot_cancel_it(self, client, trailer, renter):
        listing, _owner = trailer
        booking = make_booking(listing, requested_by=renter, starts_at=at(future_day(), 10),
                               ends_at=at(future_day(), 14), status=Status.CONFIRMED)
        client.force_login(make_user("inkraktare@example.org"))
        assert listing.title not in _page(client.get("/marknadsplats/bokningar/", HTTP_HOST=ARVIDSJAUR))
        assert client.post("/marknadsplats/bokningar/", {"booking": booking.pk},
                           HTTP_HOST=ARVIDSJAUR).status_code == 404
        client.force_login(renter)
        assert listing.title in _page(client.get("/marknadsplats/bokningar/", HTTP_HOST=ARVIDSJAUR))
        client.post("/marknadsplats/bokningar/", {"booking": booking.pk}, HTTP_HOST=ARVIDSJAUR)
        booking.refresh_from_db()
        assert booking.status == Status.CANCELLED

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, arvidsjaur):
        assert client.get("/marknadsplats/bokningar/", HTTP_HOST=ARVIDSJAUR).status_code == 302
