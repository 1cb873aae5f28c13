"""A sole trader's organisation number is their personnummer: stored for the office, never published.

Each public channel is checked with the same published enskild firma: profile page, JSON-LD, CSV and
GeoJSON exports, read API, search and suggestions, and the SOT points' HSDS open data."""
import json

import pytest

from directory.models import Company
from directory.search import COMPANY_INDEX, company_document
from search.registry import search_documents
from search.types import SearchQuery
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
PERSONNUMMER = "811228-9874"
# Every way the number could be written out.
SPELLINGS = (PERSONNUMMER, "8112289874", "19811228-9874", "198112289874", "811228")


def assert_not_published(text: str) -> None:
    for spelling in SPELLINGS:
        assert spelling not in text


@pytest.fixture
def sole_trader(asele, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        return make_company(asele, published=True, org_number=PERSONNUMMER, legal_form="ef",
                            legal_name="Annas Hårvård", description="Klippning och färgning i Åsele.")


@pytest.fixture
def limited_company(asele, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_company(asele, published=True, org_number=ORG_NUMBERS[1], legal_name="Åsele Bygg AB")


class SoleTraderNumberTests:
    def test_the_number_is_stored_for_the_office(self, sole_trader):
        assert Company.objects.get(pk=sole_trader.pk).org_number == PERSONNUMMER
        assert sole_trader.public_org_number == ""

    def test_the_profile_page_and_its_schema_org_data_leave_it_out(self, client, sole_trader):
        page = client.get(f"/foretag/{sole_trader.slug}/", HTTP_HOST=ASELE).content.decode()
        assert "Annas Hårvård" in page
        assert_not_published(page)
        assert "identifier" not in page.split('type="application/ld+json"', 1)[1].split("</script>", 1)[0]

    def test_the_profile_page_shows_a_limited_companys_number(self, client, limited_company):
        page = client.get(f"/foretag/{limited_company.slug}/", HTTP_HOST=ASELE).content.decode()
        assert page.count(ORG_NUMBERS[1]) == 2  # the facts list and the JSON-LD identifier

    def test_the_csv_export_leaves_it_out(self, client, sole_trader, limited_company):
        text = client.get("/foretag/export.csv", HTTP_HOST=ASELE).content.decode()
        assert "Annas Hårvård" in text
        assert ORG_NUMBERS[1] in text
        assert_not_published(text)

    def test_the_geojson_export_leaves_it_out(self, client, sole_trader, limited_company):
        data = client.get("/foretag/export.geojson", HTTP_HOST=ASELE).json()
        assert_not_published(json.dumps(data))
        by_name = {f["properties"]["name"]: f for f in data["features"]}
        assert by_name["Annas Hårvård"]["properties"]["org_number"] == ""
        assert by_name["Åsele Bygg AB"]["id"] == ORG_NUMBERS[1]

    def test_the_read_api_leaves_it_out(self, client, sole_trader, limited_company):
        text = json.dumps(client.get("/api/v1/foretag", HTTP_HOST=ASELE).json(), ensure_ascii=False)
        assert "Annas Hårvård" in text
        assert ORG_NUMBERS[1] in text
        assert_not_published(text)

    def test_search_neither_holds_nor_finds_it(self, client, asele, sole_trader):
        assert_not_published(json.dumps(company_document(sole_trader).fields, ensure_ascii=False))
        for spelling in SPELLINGS:
            found = search_documents(COMPANY_INDEX.name, SearchQuery(text=spelling, municipality_ids=[asele.pk]))
            assert found.total == 0
            page = client.get("/foretag/", {"q": spelling}, HTTP_HOST=ASELE).content.decode()
            assert "Annas Hårvård" not in page
        suggestions = client.get("/foretag/forslag/", {"q": "811228"}, HTTP_HOST=ASELE).json()
        assert suggestions == {"suggestions": []}

    def test_the_sot_open_data_leaves_it_out_for_a_host_company(self, client, asele, sole_trader):
        make_point(asele, "Annas Hårvård SOT", host_company=sole_trader)
        text = json.dumps(client.get("/sot/hsds.json", HTTP_HOST=ASELE).json(), ensure_ascii=False)
        assert "Annas Hårvård" in text
        assert_not_published(text)
