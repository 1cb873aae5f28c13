"""seed_demo gives each pilot a living marketplace, made through the services, once: a hub with members and an
application waiting, an open call, offers, requests, a bookable resource with a confirmed booking and events, all
on the public marketplace of the pilot's host."""
import re

import pytest
from django.core.management import call_command

from directory.models import Company
from marketplace.models import (
    AvailabilityWindow,
    Booking,
    CallItem,
    CallStatus,
    Hub,
    HubMembership,
    Listing,
    ListingKind,
    ListingStatus,
)
from municipalities.demo import DEMO_PASSWORD
from municipalities.models import Municipality, PlatformOwner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PILOTS = {"arvidsjaur": "arvidsjaur.localhost", "asele": "asele.localhost", "overkalix": "overkalix.localhost"}


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


def counts() -> tuple[int, ...]:
    return (Hub.objects.count(), HubMembership.objects.count(), Listing.objects.count(), CallItem.objects.count(),
            AvailabilityWindow.objects.count(), Booking.objects.count(), PlatformOwner.objects.count())


def card_titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/marknadsplats/\d+/">([^<]+)</a></h3>', response.content.decode())


class MarketplaceDemoTests:
    def test_each_pilot_gets_a_marketplace_on_its_host_and_a_second_seed_changes_nothing(self, client):
        call_command("seed_demo", verbosity=0)
        first = counts()
        call_command("seed_demo", verbosity=0)
        assert counts() == first

        for slug, host in PILOTS.items():
            municipality = Municipality.objects.get(slug=slug)
            hub = Hub.objects.get(municipality=municipality)
            assert hub.memberships.filter(status=HubMembership.Status.MEMBER).count() >= 3
            assert hub.memberships.filter(status=HubMembership.Status.APPLIED).count() == 1
            assert hub.name in client.get("/marknadsplats/hubbar/", HTTP_HOST=host).content.decode()

            shown = {kind: card_titles(client.get("/marknadsplats/", {"kind": kind}, HTTP_HOST=host))
                     for kind in ListingKind.values}
            open_calls = card_titles(client.get("/marknadsplats/", {"kind": "call", "open": "1"}, HTTP_HOST=host))
            located_here = Listing.objects.filter(municipality=municipality, status=ListingStatus.PUBLISHED)
            assert set(open_calls) & set(located_here.filter(kind=ListingKind.CALL, call_status=CallStatus.OPEN)
                                         .values_list("title", flat=True)), slug
            for kind in (ListingKind.OFFER, ListingKind.REQUEST, ListingKind.RESOURCE, ListingKind.REUSE,
                         ListingKind.EVENT):
                assert set(shown[kind]) & set(located_here.filter(kind=kind).values_list("title", flat=True)), (
                    slug, kind)

            assert client.get(f"/marknadsplats/hubbar/{hub.slug}/", HTTP_HOST=host).status_code == 200
            for listing in located_here.filter(audience="public"):
                assert client.get(f"/marknadsplats/{listing.pk}/", HTTP_HOST=host).status_code == 200, listing.title

            resource = located_here.get(kind=ListingKind.RESOURCE)
            assert resource.title in shown[ListingKind.RESOURCE]
            assert resource.availability.exists()
            assert set(resource.bookings.values_list("status", flat=True)) == {"confirmed", "requested"}

    def test_the_wind_park_hub_spans_both_norrbotten_pilots_with_its_snow_clearing_call(self, client):
        call_command("seed_demo", verbosity=0)
        hub = Hub.objects.get(name="Storliden Vind AB – leverantörsportal")
        assert hub.owner_platform.kind == PlatformOwner.Kind.COMPANY
        assert hub.owner_platform.members.get().email == "vindkraft.arvidsjaur@example.org"
        assert hub.owner_platform.members.get().check_password(DEMO_PASSWORD)
        assert set(hub.municipalities.values_list("slug", flat=True)) == {"arvidsjaur", "overkalix"}
        members = Company.objects.filter(hub_memberships__hub=hub, hub_memberships__status="member")
        assert set(members.values_list("municipality__slug", flat=True)) == {"arvidsjaur", "overkalix"}

        call = Listing.objects.get(title="Snöröjning av serviceväg, vintern 2026/27")
        assert call.call_status == CallStatus.OPEN
        assert call.hub == hub
        plough = call.items.first()
        assert (plough.sni_code, plough.cpv_code, plough.quantity, plough.unit) == ("81290", "90620000-9", 12, "km")
        statuses = set(Listing.objects.filter(hub=hub, kind=ListingKind.CALL).values_list("call_status", flat=True))
        assert statuses == {CallStatus.OPEN, CallStatus.PLANNED, CallStatus.CLOSED}
        # Found on the other pilot of the county too; the members-only listings are on neither host.
        assert call.title in card_titles(client.get("/marknadsplats/", {"q": "snöröjning"},
                                                    HTTP_HOST=PILOTS["overkalix"]))
        members_only = Listing.objects.filter(hub=hub, audience="members")
        assert members_only.exists()
        for host in PILOTS.values():
            titles = card_titles(client.get("/marknadsplats/", {"hub": hub.slug}, HTTP_HOST=host))
            assert not set(titles) & set(members_only.values_list("title", flat=True))
