"""The events' iCal feeds, read back the way a calendar app reads them (icalendar.Calendar.from_ical): the
municipality's feed, a hub's feed and one event's, with their times in Europe/Stockholm summer and winter."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from marketplace.models import Audience, ListingKind, ListingStatus
from tests.factories.marketplace import make_hub
from tests.factories.marketplace_h2 import make_indexed_listing, make_locality, make_platform_owner, stockholm

pytestmark = pytest.mark.django_db

ARVIDSJAUR = "arvidsjaur.localhost"
ASELE = "asele.localhost"
FEED_URL = "/marknadsplats/evenemang.ics"


@pytest.fixture
def event(django_capture_on_commit_callbacks, arvidsjaur):
    def make(**fields):
        fields.setdefault("kind", ListingKind.EVENT)
        return make_indexed_listing(django_capture_on_commit_callbacks, fields.pop("municipality", arvidsjaur),
                                    **fields)
    return make


def feed(client, url, host=ARVIDSJAUR) -> Calendar:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar: Calendar) -> dict:
    return {str(vevent["SUMMARY"]): vevent for vevent in calendar.walk("VEVENT")}


class EventFeedTests:
    def test_a_summer_and_a_winter_event_keep_their_local_time_in_europe_stockholm(self, client, arvidsjaur, event):
        event(title="Midsommarmarknad", starts_at=stockholm(2099, 6, 20, 10, 0), ends_at=stockholm(2099, 6, 20, 16, 0))
        event(title="Vintermarknad", starts_at=stockholm(2099, 2, 5, 10, 0), ends_at=stockholm(2099, 2, 5, 15, 0))

        calendar = feed(client, FEED_URL)
        summer, winter = (events_by_summary(calendar)[name] for name in ("Midsommarmarknad", "Vintermarknad"))

        for vevent, date in ((summer, (2099, 6, 20)), (winter, (2099, 2, 5))):
            start = vevent.decoded("DTSTART")
            assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
            assert start == datetime(*date, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
            assert (start.hour, start.minute) == (10, 0)
        # The same 10:00 local is 08:00 UTC in summer and 09:00 UTC in winter.
        assert summer.decoded("DTSTART").astimezone(ZoneInfo("UTC")).hour == 8
        assert winter.decoded("DTSTART").astimezone(ZoneInfo("UTC")).hour == 9
        assert summer.decoded("DTEND") == stockholm(2099, 6, 20, 16, 0)
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]

    def test_each_event_carries_uid_stamp_summary_description_location_and_url(self, client, arvidsjaur, event):
        centre = make_locality(arvidsjaur, "Arvidsjaur", 65.59, 19.17)
        fair = event(title="Leverantörsträff", description="Träffa köparna på vindparken.", venue="Folkets hus",
                     locality=centre, starts_at=stockholm(2099, 3, 3, 18, 0))

        vevent = events_by_summary(feed(client, FEED_URL))["Leverantörsträff"]

        assert str(vevent["UID"]) == f"listing-{fair.pk}@{settings.PLATFORM_BASE_DOMAIN}"
        assert vevent.decoded("DTSTAMP").tzinfo is not None
        assert str(vevent["DESCRIPTION"]) == "Träffa köparna på vindparken."
        assert str(vevent["LOCATION"]) == "Folkets hus, Arvidsjaur"
        assert str(vevent["URL"]) == f"http://arvidsjaur.localhost/marknadsplats/{fair.pk}/"

    def test_the_feed_holds_only_this_municipalitys_upcoming_public_events(self, client, arvidsjaur, asele, event):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        event(title="Kommande", starts_at=stockholm(2099, 5, 1, 9, 0))
        event(title="Redan över", starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2))
        event(title="Väntar", status=ListingStatus.PENDING)
        event(title="Medlemmar", hub=hub, audience=Audience.MEMBERS)
        event(title="I Åsele", municipality=asele)
        event(title="Ett erbjudande", kind=ListingKind.OFFER)

        assert list(events_by_summary(feed(client, FEED_URL))) == ["Kommande"]

    def test_the_feed_is_shared_cacheable_for_anonymous_visitors(self, client, arvidsjaur, event):
        event(title="Kommande")
        response = client.get(FEED_URL, HTTP_HOST=ARVIDSJAUR)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"


class HubEventFeedTests:
    def test_a_hubs_feed_holds_its_events_on_every_municipality_it_spans(self, client, arvidsjaur, asele, event):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(), spans=[asele])
        event(title="Hubbens träff", hub=hub, starts_at=stockholm(2099, 9, 1, 13, 0))
        event(title="Kommunens träff", starts_at=stockholm(2099, 9, 2, 13, 0))

        for host in (ARVIDSJAUR, ASELE):
            calendar = feed(client, f"/marknadsplats/hubbar/{hub.slug}/evenemang.ics", host=host)
            assert list(events_by_summary(calendar)) == ["Hubbens träff"]

    def test_a_hub_that_does_not_span_this_municipality_has_no_feed_here(self, client, arvidsjaur, overkalix):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        url = f"/marknadsplats/hubbar/{hub.slug}/evenemang.ics"
        assert client.get(url, HTTP_HOST="overkalix.localhost").status_code == 404
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 200


class ListingEventFeedTests:
    def test_one_events_file_holds_just_that_event(self, client, arvidsjaur, event):
        fair = event(title="Leverantörsträff", starts_at=stockholm(2099, 11, 12, 10, 0))
        event(title="En annan träff")

        calendar = feed(client, f"/marknadsplats/{fair.pk}/evenemang.ics")

        assert list(events_by_summary(calendar)) == ["Leverantörsträff"]
        assert calendar.walk("VEVENT")[0].decoded("DTSTART") == stockholm(2099, 11, 12, 10, 0)

    def test_no_file_for_a_listing_that_is_not_a_visible_event(self, client, arvidsjaur, asele, event):
        offer = event(title="Grävmaskin", kind=ListingKind.OFFER)
        pending = event(title="Väntar", status=ListingStatus.PENDING)
        elsewhere = event(title="I Åsele", municipality=asele)

        for listing in (offer, pending, elsewhere):
            assert client.get(f"/marknadsplats/{listing.pk}/evenemang.ics", HTTP_HOST=ARVIDSJAUR).status_code == 404
