"""The owners' pages under /marknadsplats/hantera/: "Mina annonser", the two-step "Ny annons", editing with a
call's items, withdrawing, renewing, call status, photos and documents; errors in Swedish at the field, and
other people's listings closed (404 from another municipality, 403 here)."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import CallStatus, Listing, ListingKind, ListingStatus
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.marketplace import add_call_item, make_listing
from tests.factories.marketplace_h1 import image_upload, make_managed_hub, make_member_company, pdf_upload
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
ASELE, ARVIDSJAUR = "asele.localhost", "arvidsjaur.localhost"
BASE = "/marknadsplats/hantera/"


@pytest.fixture
def firm(asele):
    return make_member_company(asele)


def _common(**overrides) -> dict:
    data = {"title": "Släpvagn att hyra", "description": "Stor släpvagn, 750 kg.", "category": "equipment",
            "sni_codes": "", "expires_on": (timezone.localdate() + timedelta(days=20)).isoformat(), "locality": "",
            "contact_name": "Anna", "contact_email": "anna@example.org", "contact_phone": "070-123 45 67"}
    data.update(overrides)
    return data


def _items(*rows) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "50"}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"items-{index}-{name}"] = value
    return data


def _field_errors(page: str, field: str) -> str:
    """The error list rendered next to the field's input (form_field.html puts it right before the input)."""
    match = re.search(rf'<div class="field__errors">(.*?)</div>\s*<[^>]*name="{field}"', page, re.S)
    assert match, f"no error next to {field}"
    return match.group(1)


class MyListingsTests:
    def test_the_page_groups_what_the_user_manages_here_and_nothing_else(self, client, asele, arvidsjaur, firm):
        company, member = firm
        make_listing(asele, company=company, title="Vår grävmaskin")
        make_listing(asele, company=company, title="Gammalt utkast", status=ListingStatus.DRAFT)
        other, _ = make_member_company(asele, number=1, legal_name="Fredrika Foder AB")
        make_listing(asele, company=other, title="Någon annans annons")
        make_listing(asele, title="Kommunens evenemang", kind=ListingKind.EVENT)
        client.force_login(member)
        page = client.get(BASE, HTTP_HOST=ASELE).content.decode()
        assert "<h2 id=\"owner-1\">Snickeri i Åsele AB</h2>" in page
        assert "Vår grävmaskin" in page
        assert "Gammalt utkast" in page
        assert "Utkast" in page
        assert "Någon annans annons" not in page
        assert "Kommunens evenemang" not in page

    def test_an_editor_sees_the_municipalitys_own_listings(self, client, asele):
        make_listing(asele, title="Kommunens evenemang", kind=ListingKind.EVENT)
        client.force_login(make_staff(asele, Role.EDITOR))
        assert "Kommunens evenemang" in client.get(BASE, HTTP_HOST=ASELE).content.decode()

    def test_a_visitor_is_asked_to_sign_in(self, client, asele):
        response = client.get(BASE, HTTP_HOST=ASELE)
        assert response.status_code == 302
        assert "next=/marknadsplats/hantera/" in response["Location"]


class NewListingTests:
    def test_step_one_offers_only_the_owners_the_user_may_act_for(self, client, asele, firm):
        company, member = firm
        other, _ = make_member_company(asele, number=1, legal_name="Fredrika Foder AB")
        hub, manager = make_managed_hub(asele)
        client.force_login(member)
        page = client.get(BASE + "ny/", HTTP_HOST=ASELE).content.decode()
        assert "Snickeri i Åsele AB" in page
        assert "Fredrika Foder AB" not in page
        assert hub.name not in page
        assert "kommunens egen annons" not in page
        response = client.post(BASE + "ny/", {"kind": "offer", "owner": f"company-{other.pk}"}, HTTP_HOST=ASELE)
        assert "Du kan inte annonsera för den ägaren." in response.content.decode()
        client.force_login(manager)
        assert f"Hubben {hub.name}" in client.get(BASE + "ny/", HTTP_HOST=ASELE).content.decode()

    def test_someone_with_nothing_to_advertise_for_gets_a_403(self, client, asele):
        client.force_login(make_user("ingen@example.org"))
        assert client.get(BASE + "ny/", HTTP_HOST=ASELE).status_code == 403

    def test_an_offer_with_a_price_is_published_in_two_steps(self, client, asele, firm):
        company, member = firm
        client.force_login(member)
        response = client.post(BASE + "ny/", {"kind": "offer", "owner": f"company-{company.pk}"}, HTTP_HOST=ASELE)
        assert response["Location"] == f"{BASE}ny/offer/?agare=company-{company.pk}"
        form_page = client.get(response["Location"], HTTP_HOST=ASELE).content.decode()
        assert 'name="price_on_request"' in form_page
        assert 'name="answer_deadline_date"' not in form_page
        response = client.post(f"{BASE}ny/offer/", {"agare": f"company-{company.pk}", "action": "submit",
                                                   **_common(price_amount="450", price_unit="dygn")},
                               HTTP_HOST=ASELE, follow=True)
        listing = Listing.objects.get()
        assert (listing.company, listing.status, listing.price_amount, listing.price_unit) == (
            company, ListingStatus.PUBLISHED, 450, "dygn")
        assert "Annonsen är publicerad." in response.content.decode()

    def test_a_draft_is_kept_to_the_owner(self, client, asele, firm):
        company, member = firm
        client.force_login(member)
        client.post(f"{BASE}ny/request/", {"agare": f"company-{company.pk}", "action": "draft", **_common()},
                    HTTP_HOST=ASELE)
        assert Listing.objects.get().status == ListingStatus.DRAFT

    def test_errors_are_in_swedish_next_to_their_fields_and_nothing_is_saved(self, client, asele, firm):
        company, member = firm
        client.force_login(member)
        response = client.post(f"{BASE}ny/offer/", {"agare": f"company-{company.pk}", **_common(
            title="", expires_on=(timezone.localdate() - timedelta(days=2)).isoformat(), price_amount="12",
            price_on_request="on")}, HTTP_HOST=ASELE)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Skriv en rubrik." in _field_errors(page, "title")
        assert "antingen ett pris" in _field_errors(page, "price_amount")
        assert not Listing.objects.exists()
        response = client.post(f"{BASE}ny/offer/", {"agare": f"company-{company.pk}", **_common(
            expires_on=(timezone.localdate() - timedelta(days=2)).isoformat())}, HTTP_HOST=ASELE)
        assert "redan passerat" in _field_errors(response.content.decode(), "expires_on")
        assert 'aria-describedby="id_expires_on_error"' in response.content.decode()

    def test_a_call_is_created_with_its_items_and_a_bad_item_shows_its_error_at_the_item(self, client, asele, firm):
        company, member = firm
        client.force_login(member)
        deadline = timezone.localdate() + timedelta(days=10)
        data = {"agare": f"company-{company.pk}", **_common(title="Snöröjning"), "call_status": "open",
                "answer_deadline_date": deadline.isoformat(), "answer_deadline_time": "12:00",
                "delivery_place": "Blaiken"}
        bad = {**data, **_items({"description": "Plogning", "cpv_code": "906"}, {"description": "Sandning"})}
        page = client.post(f"{BASE}ny/call/", bad, HTTP_HOST=ASELE).content.decode()
        assert "CPV-kod" in _field_errors(page, "items-0-cpv_code")
        assert not Listing.objects.exists()
        client.post(f"{BASE}ny/call/", {**data, **_items({"description": "Plogning", "cpv_code": "90620000-9"},
                                                         {"description": ""})}, HTTP_HOST=ASELE)
        listing = Listing.objects.get()
        assert listing.call_status == CallStatus.OPEN
        assert [item.description for item in listing.items.all()] == ["Plogning"]
        local = timezone.localtime(listing.answer_deadline)
        assert (local.date(), local.hour, local.minute, str(local.tzinfo)) == (deadline, 12, 0, "Europe/Stockholm")

    def test_an_event_takes_a_date_and_a_time_in_swedish_time(self, client, asele, firm):
        company, member = firm
        client.force_login(member)
        day = timezone.localdate() + timedelta(days=6)
        client.post(f"{BASE}ny/event/", {"agare": f"company-{company.pk}", **_common(title="Öppet hus"),
                                         "starts_on": day.isoformat(), "starts_time": "18:30", "ends_on": "",
                                         "ends_time": "21:00", "venue": "Verkstaden"}, HTTP_HOST=ASELE)
        listing = Listing.objects.get()
        starts, ends = timezone.localtime(listing.starts_at), timezone.localtime(listing.ends_at)
        assert (starts.date(), starts.hour, starts.minute) == (day, 18, 30)
        assert (ends.date(), ends.hour) == (day, 21)

    def test_the_owner_in_the_address_must_be_one_the_user_may_act_for(self, client, asele, firm):
        company, member = firm
        other, _ = make_member_company(asele, number=1, legal_name="Fredrika Foder AB")
        client.force_login(member)
        assert client.get(f"{BASE}ny/offer/?agare=company-{other.pk}", HTTP_HOST=ASELE).status_code == 404
        assert client.get(f"{BASE}ny/offer/", HTTP_HOST=ASELE)["Location"] == f"{BASE}ny/"
        assert client.get(f"{BASE}ny/annat/?agare=company-{company.pk}", HTTP_HOST=ASELE).status_code == 404
        assert client.post(f"{BASE}ny/offer/", {"agare": "kommunen", **_common()},
                           HTTP_HOST=ASELE).status_code == 404
        assert not Listing.objects.exists()


class OtherOwnersTests:
    def test_a_hub_manager_chooses_who_sees_the_listing_and_finds_it_under_the_hub(self, client, asele):
        hub, manager = make_managed_hub(asele)
        client.force_login(manager)
        form_page = client.get(f"{BASE}ny/request/?agare=hub-{hub.pk}", HTTP_HOST=ASELE).content.decode()
        assert "<legend>Vem ser annonsen?</legend>" in form_page
        assert "Hubbens medlemmar" in form_page
        client.post(f"{BASE}ny/request/", {"agare": f"hub-{hub.pk}", "audience": "members",
                                            **_common(title="Vi söker elektriker")}, HTTP_HOST=ASELE)
        listing = Listing.objects.get()
        assert (listing.hub, listing.audience, listing.status) == (hub, "members", ListingStatus.PUBLISHED)
        page = client.get(BASE, HTTP_HOST=ASELE).content.decode()
        assert f">{hub.name}</h2>" in page
        assert "Vi söker elektriker" in page

    def test_an_editor_publishes_the_municipalitys_own_event(self, client, asele):
        client.force_login(make_staff(asele, Role.EDITOR))
        assert "kommunens egen annons" in client.get(BASE + "ny/", HTTP_HOST=ASELE).content.decode()
        day = timezone.localdate() + timedelta(days=9)
        client.post(f"{BASE}ny/event/", {"agare": "kommunen", **_common(title="Företagarfrukost"),
                                         "starts_on": day.isoformat(), "starts_time": "07:30", "venue": "Kommunhuset"},
                    HTTP_HOST=ASELE)
        listing = Listing.objects.get()
        assert listing.company is None
        assert listing.hub is None
        assert listing.owner_name == asele.name


class EditListingTests:
    def test_another_municipalitys_listing_is_a_404_and_someone_elses_here_a_403(self, client, asele, arvidsjaur,
                                                                                  firm):
        company, member = firm
        other, _ = make_member_company(asele, number=1, legal_name="Fredrika Foder AB")
        theirs = make_listing(asele, company=other)
        elsewhere = make_listing(arvidsjaur, title="Arvidsjaurs annons")
        client.force_login(member)
        assert client.get(f"{BASE}{theirs.pk}/", HTTP_HOST=ASELE).status_code == 403
        assert client.post(f"{BASE}{theirs.pk}/ta-bort/", HTTP_HOST=ASELE).status_code == 403
        assert client.get(f"{BASE}{elsewhere.pk}/", HTTP_HOST=ASELE).status_code == 404
        mine = make_listing(asele, company=company)
        assert client.get(f"{BASE}{mine.pk}/", HTTP_HOST=ARVIDSJAUR).status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == ListingStatus.PUBLISHED

    def test_the_owner_edits_a_call_and_its_items_are_replaced(self, client, asele, firm):
        company, member = firm
        listing = make_listing(asele, kind=ListingKind.CALL, company=company, title="Snöröjning")
        add_call_item(listing)
        client.force_login(member)
        page = client.get(f"{BASE}{listing.pk}/", HTTP_HOST=ASELE).content.decode()
        assert 'value="Snöröjning av serviceväg, 12 km"' in page
        assert "Stäng för svar" in page
        deadline = timezone.localtime(listing.answer_deadline)
        data = {**_common(title="Snöröjning 2027"), "answer_deadline_date": deadline.date().isoformat(),
                "answer_deadline_time": deadline.strftime("%H:%M"), "delivery_place": "Blaiken",
                **_items({"description": "Plogning"}, {"description": "Sandning", "sni_code": "81290"})}
        response = client.post(f"{BASE}{listing.pk}/", data, HTTP_HOST=ASELE)
        assert response.status_code == 302
        listing.refresh_from_db()
        assert listing.title == "Snöröjning 2027"
        assert [i.description for i in listing.items.all()] == ["Plogning", "Sandning"]

    def test_withdraw_renew_and_call_status_work_as_plain_forms(self, client, asele, firm):
        company, member = firm
        listing = make_listing(asele, kind=ListingKind.CALL, company=company, days=3)
        client.force_login(member)
        client.post(f"{BASE}{listing.pk}/status/", {"status": "closed"}, HTTP_HOST=ASELE)
        listing.refresh_from_db()
        assert listing.call_status == CallStatus.CLOSED
        response = client.post(f"{BASE}{listing.pk}/status/", {"status": "awarded"}, HTTP_HOST=ASELE, follow=True)
        assert "kan inte bli tilldelad" in response.content.decode()
        new_day = timezone.localdate() + timedelta(days=60)
        client.post(f"{BASE}{listing.pk}/forlang/", {"expires_on": new_day.isoformat()}, HTTP_HOST=ASELE)
        listing.refresh_from_db()
        assert listing.expires_on == new_day
        page = client.post(f"{BASE}{listing.pk}/forlang/", {"expires_on": "2099-01-01"},
                           HTTP_HOST=ASELE).content.decode()
        assert "högst 180 dagar" in _field_errors(page, "expires_on")
        client.post(f"{BASE}{listing.pk}/ta-bort/", HTTP_HOST=ASELE)
        listing.refresh_from_db()
        assert listing.status == ListingStatus.WITHDRAWN
        client.post(f"{BASE}{listing.pk}/skicka-in/", HTTP_HOST=ASELE)
        listing.refresh_from_db()
        assert listing.status == ListingStatus.PUBLISHED

    def test_photos_and_documents_are_added_and_removed(self, client, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        client.force_login(member)
        page = client.post(f"{BASE}{listing.pk}/bilder/", {"photo": image_upload(), "alt_text": ""},
                           HTTP_HOST=ASELE).content.decode()
        assert "Beskriv kort vad bilden visar." in page
        client.post(f"{BASE}{listing.pk}/bilder/", {"photo": image_upload(), "alt_text": "Släpvagnen"},
                    HTTP_HOST=ASELE)
        photo = listing.photos.get()
        assert 'alt="Släpvagnen"' in client.get(f"{BASE}{listing.pk}/bilder/", HTTP_HOST=ASELE).content.decode()
        page = client.post(f"{BASE}{listing.pk}/dokument/", {"file": pdf_upload(data=b"<html>"), "title": "Avtal"},
                           HTTP_HOST=ASELE).content.decode()
        assert "ingen PDF" in _field_errors(page, "file")
        client.post(f"{BASE}{listing.pk}/dokument/", {"file": pdf_upload(), "title": "Avtal"}, HTTP_HOST=ASELE)
        attachment = listing.attachments.get()
        client.post(f"{BASE}{listing.pk}/bilder/{photo.pk}/ta-bort/", HTTP_HOST=ASELE)
        client.post(f"{BASE}{listing.pk}/dokument/{attachment.pk}/ta-bort/", HTTP_HOST=ASELE)
        assert not listing.photos.exists()
        assert not listing.attachments.exists()

    def test_pages_carry_no_inline_script_or_style(self, client, asele, firm):
        company, member = firm
        listing = make_listing(asele, kind=ListingKind.CALL, company=company)
        client.force_login(member)
        for path in (BASE, f"{BASE}ny/", f"{BASE}ny/call/?agare=company-{company.pk}", f"{BASE}{listing.pk}/",
                     f"{BASE}{listing.pk}/forlang/", f"{BASE}{listing.pk}/bilder/", f"{BASE}{listing.pk}/dokument/"):
            page = client.get(path, HTTP_HOST=ASELE).content.decode()
            main = page.split("<main", 1)[1]
            assert "<script" not in main, path
            assert 'style="' not in main, path
