"""The register and edit forms are light enough for a phone on a weak connection: the industry (SNI) is
typed as a word or a code and resolved on the server, and the position comes from the address."""
import re

import pytest

from directory.models import Company
from directory.services import localities_ensure
from municipalities.models import Locality
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.support.nominatim import STORGATAN, fake_nominatim

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
MAX_FORM_BYTES = 40_000


def _form(**overrides):
    return {"org_number": "556036-0793", "legal_name": "Bageri i Åsele AB", "legal_form": "ab",
            "primary_sni": "10710", "phone": "070-174 06 70", "crisis_visibility": "municipality",
            "woman_led": "unknown", **overrides}


def _field_html(page: str, name: str) -> str:
    return re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)


@pytest.fixture
def owner(client, asele):
    localities_ensure(municipality=asele)
    user = make_user("anna.bagare@example.org")
    client.force_login(user)
    return user


class FormWeightTests:
    def test_the_register_page_weighs_at_most_40_kb(self, client, owner):
        response = client.get("/foretag/registrera/", HTTP_HOST=ASELE)
        assert response.status_code == 200
        assert len(response.content) <= MAX_FORM_BYTES, len(response.content)

    def test_the_edit_page_weighs_at_most_40_kb(self, client, owner, asele):
        company = make_company(asele, owner=owner, org_number=ORG_NUMBERS[0], secondary_sni=["10721", "47241"])
        response = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=ASELE)
        assert response.status_code == 200
        assert len(response.content) <= MAX_FORM_BYTES, len(response.content)

    def test_the_form_asks_for_no_coordinates(self, client, owner):
        page = client.get("/foretag/registrera/", HTTP_HOST=ASELE).content.decode()
        assert 'name="latitude"' not in page
        assert 'name="longitude"' not in page
        assert "<select" not in _field_html(page, "primary_sni")


class SniByWordOrCodeTests:
    def test_a_company_registers_with_an_industry_chosen_by_code(self, client, owner):
        response = client.post("/foretag/registrera/", _form(primary_sni="10710"), HTTP_HOST=ASELE, follow=True)
        assert "granskas nu av näringslivskontoret" in response.content.decode()
        assert Company.objects.get().primary_sni == "10710"

    def test_a_company_registers_with_an_industry_chosen_by_a_word_that_fits_one_code(self, client, owner):
        client.post("/foretag/registrera/", _form(primary_sni="Taxi"), HTTP_HOST=ASELE)
        assert Company.objects.get().primary_sni == "49320"

    def test_a_picked_suggestion_with_its_title_is_understood(self, client, owner):
        client.post("/foretag/registrera/", _form(primary_sni="43320 Byggnadssnickeriarbeten"), HTTP_HOST=ASELE)
        assert Company.objects.get().primary_sni == "43320"

    def test_a_word_fitting_several_codes_offers_them_grouped_and_the_choice_registers(self, client, owner):
        response = client.post("/foretag/registrera/", _form(primary_sni="bageri"), HTTP_HOST=ASELE)
        page = response.content.decode()
        assert not Company.objects.exists()
        assert "”bageri” passar flera branscher. Välj den som stämmer bäst nedan." in page
        assert 'aria-invalid="true"' in _field_html(page, "primary_sni")
        choices = page.split("Vilken bransch menar ni?")[1]
        assert "<legend>Tillverkning – Livsmedelsframställning</legend>" in choices
        assert re.search(r'<input type="radio" name="primary_sni_choice" id="id_primary_sni_choice_10721" value="10721">'
                         r' <label for="id_primary_sni_choice_10721">10721 Knäckebrödstillverkning</label>', choices)

        response = client.post("/foretag/registrera/", _form(primary_sni="bageri", primary_sni_choice="10721"),
                               HTTP_HOST=ASELE, follow=True)
        assert "granskas nu av näringslivskontoret" in response.content.decode()
        assert Company.objects.get().primary_sni == "10721"

    def test_a_choice_is_kept_when_another_field_sends_the_form_back(self, client, owner):
        page = client.post("/foretag/registrera/", _form(primary_sni="bageri", primary_sni_choice="10721", phone=""),
                           HTTP_HOST=ASELE).content.decode()
        assert 'value="10721 Knäckebrödstillverkning"' in _field_html(page, "primary_sni")
        assert "Vilken bransch menar ni?" not in page

    def test_a_word_matching_nothing_says_so_next_to_the_field(self, client, owner):
        page = client.post("/foretag/registrera/", _form(primary_sni="xyzzy"), HTTP_HOST=ASELE).content.decode()
        assert not Company.objects.exists()
        after_label = page.split('for="id_primary_sni"')[1]
        assert after_label.index("Vi hittar ingen bransch för ”xyzzy”") < after_label.index('name="primary_sni"')
        assert 'aria-invalid="true"' in _field_html(page, "primary_sni")

    def test_typed_markup_is_shown_as_text(self, client, owner):
        page = client.post("/foretag/registrera/", _form(primary_sni="<script>alert(1)</script>"),
                           HTTP_HOST=ASELE).content.decode()
        assert "<script>alert(1)" not in page
        assert "Vi hittar ingen bransch för ”&lt;script&gt;alert(1)&lt;/script&gt;”" in page

    def test_other_industries_are_typed_one_per_line_by_word_or_code(self, client, owner):
        client.post("/foretag/registrera/", _form(secondary_sni="47241\nknäckebröd", secondary_sni_choice="10722"),
                    HTTP_HOST=ASELE)
        assert Company.objects.get().secondary_sni == ["47241", "10722"]

    def test_the_edit_form_shows_the_codes_with_their_names_and_saves_them_unchanged(self, client, owner, asele):
        company = make_company(asele, owner=owner, org_number=ORG_NUMBERS[0], primary_sni="10710",
                               secondary_sni=["47241"])
        page = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=ASELE).content.decode()
        assert 'value="10710 Tillverkning av mjukt matbröd och färska bakverk"' in _field_html(page, "primary_sni")
        assert "47241 Specialiserad butikshandel med bröd och konditorivaror" in page


class SniSuggestionTests:
    def test_suggestions_offer_the_matching_codes_with_their_names(self, client, asele):
        data = client.get("/foretag/branscher/", {"q": "knäckebröd"}, HTTP_HOST=ASELE).json()
        assert data == {"suggestions": ["10721 Knäckebrödstillverkning",
                                        "10722 Tillverkning av kex och konserverade bakverk"]}

    def test_suggestions_are_few_and_may_be_kept_by_a_cache(self, client, asele):
        response = client.get("/foretag/branscher/", {"q": "10"}, HTTP_HOST=ASELE)
        assert len(response.json()["suggestions"]) == 12
        assert "public" in response["Cache-Control"]

    def test_suggestions_answer_only_on_a_municipalitys_host(self, client, asele):
        assert client.get("/foretag/branscher/", {"q": "taxi"}, HTTP_HOST="localhost").status_code == 404

    def test_the_form_names_the_suggestion_script_and_address(self, client, owner):
        page = client.get("/foretag/registrera/", HTTP_HOST=ASELE).content.decode()
        assert 'data-suggest-url="/foretag/branscher/"' in _field_html(page, "primary_sni")
        assert re.search(r'<script src="/static/directory/js/suggest\.js[^"]*" defer>', page)


class PositionFromAddressTests:
    def test_the_company_is_placed_at_its_locality_and_told_where(self, client, owner):
        fredrika = Locality.objects.get(name="Fredrika")
        response = client.post("/foretag/registrera/", _form(street_address="Storgatan 1", place=fredrika.pk),
                               HTTP_HOST=ASELE, follow=True)
        company = Company.objects.get()
        assert (company.latitude, company.longitude) == (fredrika.latitude, fredrika.longitude)
        assert (f"Vi placerar er i Fredrika ({fredrika.latitude:.2f}, {fredrika.longitude:.2f}) på kartan. "
                "Stämmer det inte") in response.content.decode()

    def test_the_edit_form_shows_the_position_and_another_locality_moves_it(self, client, owner, asele):
        fredrika, centre = Locality.objects.get(name="Fredrika"), Locality.objects.get(name="Åsele")
        client.post("/foretag/registrera/", _form(place=fredrika.pk), HTTP_HOST=ASELE)
        company = Company.objects.get()
        page = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=ASELE).content.decode()
        assert f"Vi placerar er i Fredrika ({fredrika.latitude:.2f}, {fredrika.longitude:.2f}) på kartan. Stämmer det?" in page
        assert re.search(rf'<option value="{fredrika.pk}" selected>Fredrika \(Åsele\)</option>', page)

        client.post(f"/foretag/{company.slug}/redigera/", _form(place=centre.pk, legal_name=company.legal_name),
                    HTTP_HOST=ASELE)
        company.refresh_from_db()
        assert (company.latitude, company.longitude) == (centre.latitude, centre.longitude)

    def test_an_edit_that_leaves_the_address_alone_keeps_the_position(self, client, owner, asele):
        company = make_company(asele, owner=owner, org_number=ORG_NUMBERS[0], latitude=64.2, longitude=17.4)
        page = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=ASELE).content.decode()
        nearest = re.search(r'<option value="(\d+)" selected>', page).group(1)
        client.post(f"/foretag/{company.slug}/redigera/",
                    _form(legal_name=company.legal_name, description="Nybakat varje dag.", place=nearest,
                          primary_sni="43320"), HTTP_HOST=ASELE)
        company.refresh_from_db()
        assert company.description == "Nybakat varje dag."
        assert (company.latitude, company.longitude) == (64.2, 17.4)


    def test_without_a_chosen_locality_the_first_one_the_company_works_in_places_it(self, client, owner):
        centre = Locality.objects.get(name="Åsele")
        client.post("/foretag/registrera/", _form(localities=[centre.pk]), HTTP_HOST=ASELE)
        company = Company.objects.get()
        assert (company.latitude, company.longitude) == (centre.latitude, centre.longitude)

class PositionFromNominatimTests:
    def test_a_street_address_nominatim_knows_places_the_company_there(self, client, owner, settings):
        with fake_nominatim(STORGATAN) as (handler, url):
            settings.GEOCODER_BACKEND = "core.geocoding.NominatimGeocoder"
            settings.NOMINATIM_URL = url
            client.post("/foretag/registrera/", _form(street_address="Storgatan 1", postal_town="Arvidsjaur",
                                                      place=Locality.objects.get(name="Fredrika").pk), HTTP_HOST=ASELE)
        company = Company.objects.get()
        assert (company.latitude, company.longitude) == (65.5912, 19.1801)
        assert handler.queries[0]["street"] == "Storgatan 1"

