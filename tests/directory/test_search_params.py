"""The directory's list page, suggestions and read API answer malformed query parameters without an error."""
import pytest

from municipalities.models import Locality
from tests.factories.directory import ORG_NUMBERS, make_company

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
# str.isdigit() is true for '²' and '١' (int() fails on the first); PostgreSQL refuses NUL in text.
MALFORMED = ("²", "١٢", "\x00", "1\x00", "99999999999999999999999", "-1", "0", "1e3", "x" * 10_000)
CONTROL = ("\x00", "Åsele\x00", "\x01\x1f\x7f", "x" * 10_000)
FACETS = ("locality", "sni_section", "size_class", "crisis")


@pytest.fixture
def carpenter(asele, django_capture_on_commit_callbacks):
    centre = Locality.objects.create(municipality=asele, name="Åsele", latitude=64.1667, longitude=17.3333)
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        return make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[centre],
                            description="Vi är två snickare som bygger kök och altaner.")


class MalformedListParameterTests:
    @pytest.mark.parametrize("name", ["sida", "nara"])
    @pytest.mark.parametrize("value", MALFORMED)
    def test_a_malformed_page_or_locality_is_ignored(self, client, carpenter, name, value):
        response = client.get("/foretag/", {name: value}, HTTP_HOST=ASELE)
        assert response.status_code == 200
        assert "Snickeri i Åsele AB" in response.content.decode()

    @pytest.mark.parametrize("name", ("q",) + FACETS)
    @pytest.mark.parametrize("value", CONTROL)
    def test_control_characters_in_text_and_facets_are_not_an_error(self, client, carpenter, name, value):
        assert client.get("/foretag/", {name: value}, HTTP_HOST=ASELE).status_code == 200

    def test_a_nul_byte_is_dropped_from_a_facet_value_rather_than_matching_nothing(self, client, carpenter):
        page = client.get("/foretag/", {"locality": "Åse\x00le"}, HTTP_HOST=ASELE).content.decode()
        assert "Snickeri i Åsele AB" in page

    def test_non_ascii_digits_do_not_choose_a_page(self, client, carpenter):
        # '٢' (ARABIC-INDIC DIGIT TWO) reads as 2 to int(); an address has ASCII digits.
        page = client.get("/foretag/", {"sida": "٢"}, HTTP_HOST=ASELE).content.decode()
        assert "Snickeri i Åsele AB" in page

    @pytest.mark.parametrize("value", CONTROL)
    def test_suggestions_ignore_control_characters(self, client, carpenter, value):
        response = client.get("/foretag/forslag/", {"q": "Sni" + value}, HTTP_HOST=ASELE)
        assert response.status_code == 200

    @pytest.mark.parametrize("name", ["lat", "lon"])
    @pytest.mark.parametrize("value", ["²", "١٢", "\x00", "1e3", "nan", "inf", "99999999999999999999999", "x" * 10_000])
    def test_a_malformed_position_is_ignored(self, client, carpenter, name, value):
        other = {"lat": "64.1", "lon": "17.3"}
        response = client.get("/foretag/", {**other, name: value}, HTTP_HOST=ASELE)
        assert response.status_code == 200
        assert "km bort" not in response.content.decode()


class MalformedApiParameterTests:
    @pytest.mark.parametrize("name", ("q",) + FACETS[:3])
    @pytest.mark.parametrize("value", CONTROL)
    def test_control_characters_in_api_filters_are_not_an_error(self, client, carpenter, name, value):
        response = client.get("/api/v1/foretag", {name: value}, HTTP_HOST=ASELE)
        assert response.status_code == 200

    def test_many_facet_values_are_not_an_error(self, client, carpenter):
        response = client.get("/api/v1/foretag", {"locality": [f"Ort {n}" for n in range(500)]}, HTTP_HOST=ASELE)
        assert response.status_code == 200

    @pytest.mark.parametrize("value", ["99999999999999999999999", str(2**63)])
    def test_a_huge_page_number_is_not_an_error(self, client, carpenter, value):
        response = client.get("/api/v1/foretag", {"page": value}, HTTP_HOST=ASELE)
        assert response.status_code in (200, 422)
