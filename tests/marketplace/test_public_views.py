"""The public marketplace pages on a municipality's host: what a resident sees in the list, on a listing's page
and in the events calendar, who gets a 404, and which pages a shared cache may keep."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.models import Audience, CallStatus, Listing, ListingKind, ListingStatus
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.marketplace import add_call_item, add_hub_member, make_hub
from tests.factories.marketplace_h2 import (
    add_attachment,
    add_photo,
    make_indexed_listing,
    make_locality,
    make_platform_owner,
    stockholm,
)
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

ARVIDSJAUR = "arvidsjaur.localhost"
ASELE = "asele.localhost"
LIST_URL = "/marknadsplats/"


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def listing(django_capture_on_commit_callbacks, arvidsjaur):
    def make(**fields):
        return make_indexed_listing(django_capture_on_commit_callbacks, fields.pop("municipality", arvidsjaur),
                                    **fields)
    return make


def text_of(response) -> str:
    """The page's visible text in one line, so assertions do not depend on markup or wrapping."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def detail_url(listing) -> str:
    return f"/marknadsplats/{listing.pk}/"


def card_titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/marknadsplats/\d+/">([^<]+)</a></h3>', response.content.decode())


class ListingListPageTests:
    def test_list_shows_cards_with_kind_owner_place_price_and_deadline(self, client, arvidsjaur, listing):
        centre = make_locality(arvidsjaur, "Arvidsjaur", 65.59, 19.17)
        company = make_company(arvidsjaur, published=True, legal_name="Arvidsjaur Mark AB")
        listing(title="Grävmaskin med förare", company=company, locality=centre, price_amount=Decimal("950"),
                price_unit="timme")
        listing(title="Lokal att hyra", kind=ListingKind.RESOURCE, price_on_request=True)
        listing(title="Snöröjning av serviceväg", kind=ListingKind.CALL,
                answer_deadline=stockholm(2099, 1, 15, 12, 0))

        response = client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR)
        text = text_of(response)

        assert response.status_code == 200
        assert "Marknadsplats i Arvidsjaur" in text
        assert "3 annonser" in text
        assert "Erbjudande Grävmaskin med förare Arvidsjaur Mark AB · Arvidsjaur 950 kr per timme" in text
        assert "Lokal att hyra Arvidsjaur Pris på förfrågan" in text
        assert "Sista dag för svar: 15 januari 2099 12:00" in text

    def test_facet_links_narrow_the_list_without_javascript(self, client, arvidsjaur, listing):
        listing(title="Grävmaskin med förare")
        listing(title="Ved sökes", kind=ListingKind.REQUEST)
        listing(title="Stängd upphandling", kind=ListingKind.CALL, call_status=CallStatus.CLOSED)

        page = client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR).content.decode()
        assert re.search(r'<a href="\?open=1">Öppna för svar <span class="facet__count">\(1\)</span></a>', page)
        assert re.search(r'<a href="\?kind=offer">Erbjudande <span class="facet__count">\(1\)</span></a>', page)

        narrowed = client.get(LIST_URL + "?open=1", HTTP_HOST=ARVIDSJAUR)
        assert card_titles(narrowed) == ["Ved sökes"]
        assert 'aria-current="true" class="facet--selected"><span class="visually-hidden">Vald: </span>Öppna för svar' \
            in narrowed.content.decode()

    def test_swedish_search_words_find_listings_regardless_of_form_and_diacritics(self, client, arvidsjaur, listing):
        listing(title="Snöröjning av gårdsplaner", description="Vi plogar åt företagen i byarna.")
        listing(title="Lastbil med kran")

        assert card_titles(client.get(LIST_URL, {"q": "snorojning foretag"}, HTTP_HOST=ARVIDSJAUR)) == [
            "Snöröjning av gårdsplaner"]
        nothing = client.get(LIST_URL, {"q": "husvagn"}, HTTP_HOST=ARVIDSJAUR)
        assert card_titles(nothing) == []
        assert "Vi hittade inget som matchar ”husvagn”." in text_of(nothing)

    def test_list_pages_through_many_listings(self, client, arvidsjaur, listing):
        for number in range(21):
            listing(title=f"Annons {number:02}")

        first = client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR)
        second = client.get(LIST_URL + "?sida=2", HTTP_HOST=ARVIDSJAUR)

        assert len(card_titles(first)) == 20
        assert len(card_titles(second)) == 1
        assert "Sida 1 av 2" in text_of(first)
        assert '<a href="?sida=2">Nästa</a>' in first.content.decode()

    def test_list_leaves_out_expired_pending_members_only_and_other_municipalities_listings(
            self, client, arvidsjaur, asele, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        listing(title="Gäller")
        expiring = listing(title="Gick ut")
        Listing.objects.filter(pk=expiring.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
        listing(title="Väntar på granskning", status=ListingStatus.PENDING)
        listing(title="Bara för medlemmar", hub=hub, audience=Audience.MEMBERS)
        listing(title="I Åsele", municipality=asele)

        assert card_titles(client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR)) == ["Gäller"]

    def test_a_hubs_listing_shows_in_both_municipalities_the_hub_spans(self, client, arvidsjaur, asele, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner(), spans=[asele])
        shared = listing(title="Leverantörsträff", hub=hub)

        for host in (ARVIDSJAUR, ASELE):
            assert card_titles(client.get(LIST_URL, HTTP_HOST=host)) == ["Leverantörsträff"]
            assert client.get(detail_url(shared), HTTP_HOST=host).status_code == 200

    def test_list_is_shared_cacheable_for_anonymous_visitors_and_private_when_signed_in(
            self, client, arvidsjaur, listing):
        listing(title="Grävmaskin med förare")

        anonymous = client.get(LIST_URL, {"kind": "offer"}, HTTP_HOST=ARVIDSJAUR)
        assert anonymous["Cache-Control"] == "public, max-age=0, s-maxage=30"
        assert not anonymous.cookies

        client.force_login(make_user("boende@example.org"))
        signed_in = client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR)
        assert "private" in signed_in["Cache-Control"]
        assert "public" not in signed_in["Cache-Control"]

    def test_two_anonymous_visitors_get_the_same_bytes(self, client, arvidsjaur, listing):
        listing(title="Grävmaskin med förare")
        first = client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR).content
        client.cookies.clear()
        assert client.get(LIST_URL, HTTP_HOST=ARVIDSJAUR).content == first

    def test_the_landing_host_has_no_marketplace(self, client, arvidsjaur):
        assert client.get(LIST_URL, HTTP_HOST="localhost").status_code == 404


class ListingDetailPageTests:
    def test_a_call_shows_its_items_deadline_status_owner_link_and_how_to_answer(self, client, arvidsjaur, listing):
        company = make_company(arvidsjaur, published=True, legal_name="Blaiken Vind AB")
        call = listing(title="Snöröjning av serviceväg", kind=ListingKind.CALL, company=company,
                       answer_deadline=stockholm(2099, 7, 1, 12, 0), contact_name="Anna Berg",
                       contact_email="anna@blaiken.example.org")
        add_call_item(call, description="Plogning av serviceväg, 12 km", sni_code="81300", cpv_code="90620000-9",
                      quantity=Decimal("12"), unit="km", delivery_place="Blaiken vindpark")

        response = client.get(detail_url(call), HTTP_HOST=ARVIDSJAUR)
        text, html = text_of(response), response.content.decode()

        assert response.status_code == 200
        assert "<h1>Snöröjning av serviceväg</h1>" in html
        assert f'<a href="http://arvidsjaur.localhost/foretag/{company.slug}/">Blaiken Vind AB</a>' in html
        assert "Upphandlingens status Öppen för svar" in text
        assert "Sista dag för svar 1 juli 2099 12:00" in text
        assert ("Plogning av serviceväg, 12 km 81300 Skötsel och underhåll av grönytor 90620000-9 12 km "
                "Blaiken vindpark") in text
        assert "Företag svarar på annonsen när de är inloggade." in text
        assert "anna@blaiken.example.org" in text
        assert f'<a href="/marknadsplats/{call.pk}/anmal/">Anmäl annonsen</a>' in html

    def test_an_event_shows_its_time_in_swedish_local_time_and_a_calendar_link(self, client, arvidsjaur, listing):
        event = listing(title="Leverantörsträff", kind=ListingKind.EVENT, starts_at=stockholm(2099, 1, 20, 18, 0),
                        ends_at=stockholm(2099, 1, 20, 20, 30), venue="Folkets hus")

        response = client.get(detail_url(event), HTTP_HOST=ARVIDSJAUR)
        text = text_of(response)

        assert "Tid tisdag 20 januari 2099 18:00 – 20:30" in text
        assert "Plats Folkets hus" in text
        assert f'href="/marknadsplats/{event.pk}/evenemang.ics"' in response.content.decode()
        assert "Företag svarar" not in text

    def test_photos_carry_their_alt_text_and_attachments_are_linked(self, client, arvidsjaur, listing):
        offer = listing(title="Lastbil med kran")
        add_photo(offer, alt_text="Röd lastbil med kran på gården")
        add_attachment(offer, title="Förfrågningsunderlag")

        html = client.get(detail_url(offer), HTTP_HOST=ARVIDSJAUR).content.decode()

        assert re.search(r'<img alt="Röd lastbil med kran på gården"[^>]*src="[^"]+"', html)
        assert re.search(r'<a href="/marknadsplats/bilagor/\d+/">Förfrågningsunderlag</a> \(PDF, 15\xa0byte\)', html)

    def test_a_closed_call_says_it_takes_no_more_answers(self, client, arvidsjaur, listing):
        call = listing(title="Stängd upphandling", kind=ListingKind.CALL, call_status=CallStatus.CLOSED)
        text = text_of(client.get(detail_url(call), HTTP_HOST=ARVIDSJAUR))
        assert "Annonsen tar inte emot svar längre." in text
        assert "Företag svarar" not in text

    def test_detail_is_shared_cacheable_for_anonymous_visitors(self, client, arvidsjaur, listing):
        offer = listing(title="Grävmaskin med förare")
        response = client.get(detail_url(offer), HTTP_HOST=ARVIDSJAUR)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"

    def test_expired_pending_and_members_only_listings_are_not_found(self, client, arvidsjaur, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        expired = listing(title="Gick ut")
        Listing.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
        pending = listing(title="Väntar", status=ListingStatus.PENDING)
        members_only = listing(title="Bara för medlemmar", hub=hub, audience=Audience.MEMBERS)

        for hidden in (expired, pending, members_only):
            assert client.get(detail_url(hidden), HTTP_HOST=ARVIDSJAUR).status_code == 404

    def test_another_municipalitys_listing_is_not_found_on_this_host(self, client, arvidsjaur, asele, listing):
        in_asele = listing(title="I Åsele", municipality=asele)
        assert client.get(detail_url(in_asele), HTTP_HOST=ARVIDSJAUR).status_code == 404
        assert client.get(detail_url(in_asele), HTTP_HOST=ASELE).status_code == 200

    def test_a_hub_member_sees_a_members_only_listing_in_a_private_page(self, client, arvidsjaur, listing):
        hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
        company = make_company(arvidsjaur, published=True)
        add_hub_member(hub, company)
        members_only = listing(title="Bara för medlemmar", hub=hub, audience=Audience.MEMBERS)
        client.force_login(company.members.first().user)

        response = client.get(detail_url(members_only), HTTP_HOST=ARVIDSJAUR)

        assert response.status_code == 200
        assert "private" in response["Cache-Control"]

    def test_the_moderator_sees_a_pending_listing_with_a_note_that_others_do_not(self, client, arvidsjaur, listing):
        pending = listing(title="Väntar", status=ListingStatus.PENDING)
        client.force_login(make_staff(arvidsjaur, Role.MODERATOR, email="mod@example.org"))

        response = client.get(detail_url(pending), HTTP_HOST=ARVIDSJAUR)

        assert response.status_code == 200
        assert "Annonsen visas inte för andra: Väntar på granskning." in text_of(response)


class EventListPageTests:
    def test_upcoming_events_are_grouped_by_month_in_swedish_time(self, client, arvidsjaur, listing):
        # 00:30 on 1 April in Stockholm is 22:30 UTC on 31 March: months follow Swedish time, not UTC.
        listing(title="Vårmöte", kind=ListingKind.EVENT, starts_at=stockholm(2099, 3, 31, 23, 30))
        listing(title="Aprilträff", kind=ListingKind.EVENT, starts_at=stockholm(2099, 4, 1, 0, 30))
        listing(title="Redan över", kind=ListingKind.EVENT, starts_at=timezone.now() - timedelta(days=2),
                ends_at=timezone.now() - timedelta(days=1))
        listing(title="Ett erbjudande")

        response = client.get("/marknadsplats/evenemang/", HTTP_HOST=ARVIDSJAUR)
        text = text_of(response)

        assert response.status_code == 200
        assert re.search(r"Mars 2099 Evenemang Vårmöte .* April 2099 Evenemang Aprilträff", text)
        assert "Redan över" not in text
        assert "Ett erbjudande" not in text
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"


class ListingSitemapTests:
    def test_the_sitemap_lists_this_hosts_live_public_listings_only(self, rf, arvidsjaur, asele, listing):
        from marketplace.sitemaps import ListingSitemap

        shown = listing(title="Gäller")
        listing(title="Väntar", status=ListingStatus.PENDING)
        listing(title="I Åsele", municipality=asele)
        request = rf.get("/sitemap.xml", HTTP_HOST=ARVIDSJAUR)
        request.municipality = arvidsjaur
        sitemap = ListingSitemap(request)

        assert [sitemap.location(item) for item in sitemap.items()] == [f"/marknadsplats/{shown.pk}/"]
