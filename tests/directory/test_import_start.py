"""Starting a previewed import: it runs once, however often the button is pressed, and only for the office."""
import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from directory import tasks
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


class CompanyImportInTheBackgroundTests:
    """Without DIRECTORY_IMPORTS_INLINE (production, `make run`) the start only queues: the office's request
    returns at once and the background worker (`db_worker --backend embeddings`) imports."""

    @pytest.fixture(autouse=True)
    def _queued(self, settings):
        settings.DIRECTORY_IMPORTS_INLINE = False

    def queued(self):
        return DBTaskResult.objects.ready().filter(task_path=tasks.company_import_run.module_path)

    def run_the_worker(self) -> list:
        """What the worker does with the queued imports; only those."""
        results = []
        for row in self.queued():
            row.delete()
            results.append(row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))
        return results

    def test_the_start_queues_the_import_and_the_worker_runs_it(self, asele, upload):
        office, stored = upload
        assert company_import_start(actor=office, upload=stored) is True
        stored.refresh_from_db()
        assert stored.status == CompanyImport.Status.RUNNING
        assert not Company.objects.exists()
        assert self.queued().count() == 1

        assert self.run_the_worker() == [CompanyImport.Status.DONE]
        stored.refresh_from_db()
        assert (stored.status, stored.created_count, stored.processed_rows) == (CompanyImport.Status.DONE, 2, 2)
        assert sorted(Company.objects.values_list("legal_name", flat=True)) == ["Fredrika Åkeri AB",
                                                                                  "Åsele Snickeri AB"]

    def test_a_second_start_queues_nothing_more(self, asele, upload):
        office, stored = upload
        company_import_start(actor=office, upload=stored)
        assert company_import_start(actor=office, upload=stored) is False
        assert self.queued().count() == 1
