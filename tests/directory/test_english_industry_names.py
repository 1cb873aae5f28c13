"""English visitors read industry (SNI 2007) names in English: NACE Rev. 2's titles for sections to
classes, a detail group its class's; Swedish visitors keep SCB's Swedish names, and the search index
stays Swedish whatever the language of the request that writes it."""
import json
import re

import pytest
from django.utils import translation

from directory.reference import sni_choices, sni_section_titles
from directory.search import company_document
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company

ASELE = "asele.localhost"
RUSKS = "Manufacture of rusks and biscuits; manufacture of preserved pastry goods and cakes"


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _form(**overrides):
    return {"org_number": "556036-0793", "legal_name": "Kod i Åsele AB", "legal_form": "ab",
            "primary_sni": "62010", "phone": "070-174 06 70", "crisis_visibility": "municipality",
            "woman_led": "unknown", **overrides}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class ProfileAndListTests:
    @pytest.fixture
    def programmer(self, asele):
        return make_company(asele, published=True, org_number=ORG_NUMBERS[0], legal_name="Kod i Åsele AB",
                            primary_sni="62010", secondary_sni=["10721"])

    def test_an_english_visitor_reads_the_industries_in_english_on_the_profile(self, client, programmer):
        page = _english(client).get(f"/foretag/{programmer.slug}/", HTTP_HOST=ASELE).content.decode()
        assert f"<dd>Computer programming activities, {RUSKS}</dd>" in page
        assert "Dataprogrammering" not in page

    def test_a_swedish_visitor_reads_them_in_swedish(self, client, programmer):
        page = client.get(f"/foretag/{programmer.slug}/", HTTP_HOST=ASELE).content.decode()
        assert "<dd>Dataprogrammering, Knäckebrödstillverkning</dd>" in page
        assert "Computer programming activities" not in page

    def test_the_schema_org_data_follows_the_page_language(self, client, programmer):
        page = _english(client).get(f"/foretag/{programmer.slug}/", HTTP_HOST=ASELE).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))
        assert data["knowsAbout"] == "Computer programming activities"

    def test_the_list_and_its_industry_facet_are_in_the_visitors_language(self, client, programmer):
        swedish = client.get("/foretag/", HTTP_HOST=ASELE).content.decode()
        english = _english(client).get("/foretag/", HTTP_HOST=ASELE).content.decode()
        assert re.search(r"J – Informations- och kommunikationsverksamhet\s*<span class=\"facet__count\">\(1\)", swedish)
        assert re.search(r"J – Information and communication\s*<span class=\"facet__count\">\(1\)", english)
        assert "<p>Computer programming activities" in english
        assert "<p>Dataprogrammering" in swedish

    def test_an_english_visitor_still_finds_the_company_by_its_swedish_industry_name(self, client, programmer):
        page = _english(client).get("/foretag/", {"q": "dataprogrammering"}, HTTP_HOST=ASELE).content.decode()
        assert "Kod i Åsele AB" in page


@pytest.mark.django_db
class PickerTests:
    def test_an_english_visitor_gets_english_suggestions(self, client, asele):
        data = _english(client).get("/foretag/branscher/", {"q": "computer programming"}, HTTP_HOST=ASELE).json()
        assert data["suggestions"][0] == "62010 Computer programming activities"

    def test_a_swedish_visitor_gets_swedish_suggestions(self, client, asele):
        data = client.get("/foretag/branscher/", {"q": "dataprogrammering"}, HTTP_HOST=ASELE).json()
        assert data["suggestions"][:2] == ["62010 Dataprogrammering", "62020 Datakonsultverksamhet"]

    def test_detail_groups_sharing_a_class_keep_their_swedish_names_beside_its_english_title(self, client, asele):
        data = _english(client).get("/foretag/branscher/", {"q": "knäckebröd"}, HTTP_HOST=ASELE).json()
        assert data == {"suggestions": [f"10721 {RUSKS} (Knäckebrödstillverkning)",
                                        f"10722 {RUSKS} (Tillverkning av kex och konserverade bakverk)"]}

    def test_the_register_form_offers_its_choices_in_english(self, client, asele):
        _english(client).force_login(make_user())
        page = client.post("/foretag/registrera/", _form(primary_sni="bread"), HTTP_HOST=ASELE).content.decode()
        assert "<legend>Manufacturing – Manufacture of food products</legend>" in page
        assert ('<label for="id_primary_sni_choice_10710">10710 Manufacture of bread; manufacture of fresh pastry '
                'goods and cakes</label>') in page

    def test_the_edit_form_shows_the_codes_in_english(self, client, asele):
        owner = make_user()
        company = make_company(asele, owner=owner, org_number=ORG_NUMBERS[0], primary_sni="62010")
        _english(client).force_login(owner)
        page = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=ASELE).content.decode()
        assert 'value="62010 Computer programming activities"' in page


class ReferenceTests:
    def test_choices_and_section_titles_follow_the_language_of_each_call(self):
        with translation.override("sv"):
            swedish = (dict(sni_choices())["62010"], sni_section_titles()["F"])
        with translation.override("en"):
            english = (dict(sni_choices())["62010"], sni_section_titles()["F"])
        assert swedish == ("62010 Dataprogrammering", "Byggverksamhet")
        assert english == ("62010 Computer programming activities", "Construction")

    @pytest.mark.django_db
    def test_the_search_index_holds_the_swedish_names_when_an_english_request_writes_it(self, asele):
        company = make_company(asele, org_number=ORG_NUMBERS[0], primary_sni="62010")
        with translation.override("en"):
            industry = company_document(company).fields["industry"]
        assert industry == "Dataprogrammering"
