"""What a resident finds when searching the marketplace (database backend): Swedish words, facets, "open for
answers", and which listings are in the index at all."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import Audience, CallStatus, Listing, ListingKind, ListingStatus
from marketplace.search import LISTING_INDEX, SearchParams, listing_search
from search.registry import get_database_backend
from tests.factories.directory import make_company
from tests.factories.marketplace import add_call_item, make_hub
from tests.factories.marketplace_h2 import make_indexed_listing, make_locality, make_platform_owner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def listing(django_capture_on_commit_callbacks, arvidsjaur):
    def make(**fields):
        return make_indexed_listing(django_capture_on_commit_callbacks, fields.pop("municipality", arvidsjaur),
                                    **fields)
    return make


def found(municipality, text="", **filters):
    result = listing_search(params=SearchParams(text=text, filters=filters), municipality=municipality)
    return sorted(item.title for item in result.listings)


def facet(municipality, name, text="", **filters):
    result = listing_search(params=SearchParams(text=text, filters=filters), municipality=municipality)
    return {link.label: link.count for link in result.facets[name]}


def indexed_ids():
    return set(get_database_backend().document_hashes(LISTING_INDEX))


class ListingSearchTextTests:
    def test_swedish_words_find_inflected_and_folded_forms(self, arvidsjaur, listing):
        listing(title="Snöröjning av gårdsplaner", description="Vi plogar och sandar åt företag i byarna.")
        listing(title="Lokal för möten", description="Ett rum för tolv personer.", kind=ListingKind.RESOURCE)

        assert found(arvidsjaur, "snorojning") == ["Snöröjning av gårdsplaner"]
        assert found(arvidsjaur, "gårdsplan") == ["Snöröjning av gårdsplaner"]
        assert found(arvidsjaur, "BYARNA plogar") == ["Snöröjning av gårdsplaner"]
        assert found(arvidsjaur, "möte") == ["Lokal för möten"]
        assert found(arvidsjaur, "plogar möten") == []

    def test_a_calls_items_owner_and_place_are_searchable(self, arvidsjaur, listing):
        glommersträsk = make_locality(arvidsjaur, "Glommersträsk", 65.26, 19.63)
        company = make_company(arvidsjaur, published=True, legal_name="Pite Älvdals Åkeri AB")
        call = listing(kind=ListingKind.CALL, title="Vinterväghållning", company=company, locality=glommersträsk)
        listing(kind=ListingKind.EVENT, title="Leverantörsträff", venue="Medborgarhuset")

        assert found(arvidsjaur, "älvdals åkeri") == [call.title]
        assert found(arvidsjaur, "glommerstrask") == [call.title]
        assert found(arvidsjaur, "MEDBORGARHUSET") == ["Leverantörsträff"]

    def test_an_added_call_item_is_found_once_its_transaction_commits(
            self, arvidsjaur, listing, django_capture_on_commit_callbacks):
        call = listing(kind=ListingKind.CALL, title="Underhåll av vindpark")
        with django_capture_on_commit_callbacks(execute=True):
            add_call_item(call, description="Sandning av serviceväg, 12 km")

        assert found(arvidsjaur, "sandningen") == ["Underhåll av vindpark"]


class ListingSearchFacetTests:
    def test_facets_count_the_listings_by_kind_category_place_and_hub(self, arvidsjaur, listing):
        centre = make_locality(arvidsjaur, "Arvidsjaur", 65.59, 19.17)
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        listing(title="Grävmaskin", locality=centre)
        listing(title="Lastbil", locality=centre, category="transport")
        listing(title="Snöröjning sökes", kind=ListingKind.REQUEST, hub=hub)

        assert facet(arvidsjaur, "kind") == {"Erbjudande": 2, "Efterfrågan": 1}
        assert facet(arvidsjaur, "category") == {"Bygg och anläggning": 2, "Transport och maskintjänster": 1}
        assert facet(arvidsjaur, "locality") == {"Arvidsjaur": 2}
        assert facet(arvidsjaur, "hub") == {"Vindkraft Blaikens leverantörer": 1}
        assert found(arvidsjaur, kind=["offer"], category=["transport"]) == ["Lastbil"]
        assert found(arvidsjaur, hub=[hub.slug]) == ["Snöröjning sökes"]

    def test_open_for_answers_means_a_request_or_a_call_open_before_its_deadline(self, arvidsjaur, listing):
        listing(title="Efterfrågan på ved", kind=ListingKind.REQUEST)
        listing(title="Öppen upphandling", kind=ListingKind.CALL)
        listing(title="Planerad upphandling", kind=ListingKind.CALL, call_status=CallStatus.PLANNED)
        listing(title="Stängd upphandling", kind=ListingKind.CALL, call_status=CallStatus.CLOSED)
        listing(title="Grävmaskin uthyres")

        assert found(arvidsjaur, open=["1"]) == ["Efterfrågan på ved", "Öppen upphandling"]
        assert facet(arvidsjaur, "open") == {"Öppna för svar": 2}

    def test_a_call_whose_deadline_passed_is_no_longer_open_after_the_hourly_job(self, arvidsjaur, listing):
        call = listing(title="Öppen upphandling", kind=ListingKind.CALL)
        Listing.objects.filter(pk=call.pk).update(answer_deadline=timezone.now() - timedelta(minutes=1))
        assert found(arvidsjaur, open=["1"]) == ["Öppen upphandling"]  # the index does not know the clock

        call_command("marketplace_expire_listings", stdout=None)

        assert found(arvidsjaur, open=["1"]) == []
        assert found(arvidsjaur) == ["Öppen upphandling"]


class ListingIndexMembershipTests:
    def test_only_live_public_listings_are_in_the_index(self, arvidsjaur, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        live = listing(title="Publicerad")
        listing(title="Väntar", status=ListingStatus.PENDING)
        listing(title="Utkast", status=ListingStatus.DRAFT)
        listing(title="Bara för medlemmar", hub=hub, audience=Audience.MEMBERS)
        listing(title="Gick ut i går", days=-1)

        assert indexed_ids() == {str(live.pk)}
        assert found(arvidsjaur) == ["Publicerad"]

    def test_a_withdrawn_or_deleted_listing_leaves_the_index_on_commit(
            self, arvidsjaur, listing, django_capture_on_commit_callbacks):
        withdrawn, deleted = listing(title="Återtas"), listing(title="Tas bort")
        with django_capture_on_commit_callbacks(execute=True):
            withdrawn.status = ListingStatus.WITHDRAWN
            withdrawn.save()
            deleted.delete()

        assert indexed_ids() == set()

    def test_an_expired_listing_is_never_shown_and_the_hourly_job_removes_it_safely_twice(self, arvidsjaur, listing):
        expiring = listing(title="Går ut")
        listing(title="Gäller")
        Listing.objects.filter(pk=expiring.pk).update(expires_on=timezone.localdate() - timedelta(days=1))

        assert str(expiring.pk) in indexed_ids()  # still indexed until the job runs...
        assert found(arvidsjaur) == ["Gäller"]  # ...but never shown

        call_command("marketplace_expire_listings")
        call_command("marketplace_expire_listings")

        assert str(expiring.pk) not in indexed_ids()
        assert found(arvidsjaur) == ["Gäller"]

    def test_a_hubs_listing_is_found_in_every_municipality_the_hub_spans(self, arvidsjaur, asele, overkalix, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(), spans=[asele])
        listing(title="Leverantörsträff", hub=hub)
        listing(title="Bara i Åsele", municipality=asele)

        assert found(arvidsjaur) == ["Leverantörsträff"]
        assert found(asele) == ["Bara i Åsele", "Leverantörsträff"]
        assert found(overkalix) == []

    def test_a_hub_that_stops_spanning_a_municipality_takes_its_listings_with_it(
            self, arvidsjaur, asele, listing, django_capture_on_commit_callbacks):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(), spans=[asele])
        listing(title="Leverantörsträff", hub=hub)
        with django_capture_on_commit_callbacks(execute=True):
            hub.municipalities.remove(asele)

        assert found(asele) == []
        assert found(arvidsjaur) == ["Leverantörsträff"]
