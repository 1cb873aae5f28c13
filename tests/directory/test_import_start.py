"""Starting a previewed import: it runs once, however often the button is pressed, and only for the office."""
import csv
import io

import pytest
from django.core.exceptions import PermissionDenied

from directory.models import Company, CompanyImport
from directory.services import company_import_start, company_import_upload, localities_ensure
from municipalities.models import Role
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
ROWS = [
    ["Organisationsnummer", "Företagsnamn", "SNI", "Telefon", "Ort"],
    ["556036-0793", "Åsele Snickeri AB", "43320", "0941-100 00", "Åsele"],
    ["559000-0013", "Fredrika Åkeri AB", "49410", "0941-200 00", "Fredrika"],
]


@pytest.fixture
def upload(asele):
    localities_ensure(municipality=asele)
    office = make_staff(asele, Role.EDITOR)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(ROWS)
    stored, preview = company_import_upload(actor=office, municipality=asele, content=out.getvalue().encode(),
                                            file_name="foretag.csv")
    assert preview.ok
    return office, stored


class CompanyImportStartTests:
    def test_a_previewed_import_runs_and_a_second_start_changes_nothing(self, asele, upload):
        office, stored = upload
        assert company_import_start(actor=office, upload=stored) is True
        stored.refresh_from_db()
        assert (stored.status, stored.created_count) == (CompanyImport.Status.DONE, 2)
        assert company_import_start(actor=office, upload=stored) is False
        stored.refresh_from_db()
        assert (stored.status, stored.created_count) == (CompanyImport.Status.DONE, 2)
        assert Company.objects.filter(municipality=asele).count() == 2

    def test_staff_of_another_municipality_cannot_start_it(self, arvidsjaur, upload):
        _office, stored = upload
        with pytest.raises(PermissionDenied):
            company_import_start(actor=make_staff(arvidsjaur, Role.EDITOR), upload=stored)
        stored.refresh_from_db()
        assert stored.status == CompanyImport.Status.PREVIEWED
        assert not Company.objects.exists()
