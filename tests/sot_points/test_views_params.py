"""Residents' SOT pages answer malformed query parameters (odd digits, NUL, huge numbers) like missing ones."""
import pytest

from tests.factories.sot_points import make_locality, make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
PAGES = ("/sot/", "/sot/lite/", "/sot/sot.txt")
# str.isdigit() is true for '²' and '١', and float() reads '١' and 'nan'; PostgreSQL refuses NUL in text.
MALFORMED = ("²", "١٢", "\x00", "1\x00", "99999999999999999999999", "1e3", "nan", "inf", "x" * 10_000)
MALFORMED_IDS = MALFORMED + ("-1", "0", " 1", "+1")


@pytest.fixture
def lansjarv(overkalix):
    locality = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    make_point(overkalix, "Lanthandeln i Lansjärv", locality=locality)
    return locality


class MalformedQueryParameterTests:
    @pytest.mark.parametrize("path", PAGES)
    @pytest.mark.parametrize("value", MALFORMED_IDS)
    def test_a_malformed_locality_is_ignored(self, client, lansjarv, path, value):
        response = client.get(path, {"nara": value}, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "lanthandeln i lansjärv" in response.content.decode().lower()

    @pytest.mark.parametrize("path", PAGES)
    @pytest.mark.parametrize("value", MALFORMED)
    def test_a_malformed_position_is_ignored(self, client, lansjarv, path, value):
        response = client.get(path, {"lat": value, "lon": value}, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "din position" not in response.content.decode()

    def test_non_ascii_digits_do_not_choose_a_locality(self, client, lansjarv):
        # '١' is ARABIC-INDIC DIGIT ONE: int() would read it as 1, but an address has ASCII digits.
        arabic = str(lansjarv.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        page = client.get("/sot/", {"nara": arabic}, HTTP_HOST=HOST).content.decode()
        assert 'selected' not in page.split('name="nara"', 1)[1].split("</select>", 1)[0]

    def test_a_valid_locality_and_position_still_sort_the_list(self, client, lansjarv):
        page = client.get("/sot/", {"nara": str(lansjarv.pk)}, HTTP_HOST=HOST).content.decode()
        assert "Lansjärv" in page
        assert "km" in page
        page = client.get("/sot/", {"lat": "66.65", "lon": "22.20"}, HTTP_HOST=HOST).content.decode()
        assert "din position" in page
