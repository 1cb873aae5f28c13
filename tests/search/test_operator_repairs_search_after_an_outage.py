"""The operator's story: the search server is away for a while, a company is edited meanwhile, the
server comes back. /healthz says the index drifted (and by how much) instead of "ok", and the
scheduled reconcile makes the edit findable through the search server again, with no one running
a command by hand. A real osmem-server (tests/search/conftest.py), the directory's real index."""
import logging

import pytest
from django.conf import settings
from django.test import override_settings

from core.scheduling import Job, run_due
from directory import services
from directory.search import COMPANY_INDEX
from municipalities.models import MunicipalityMembership, Role
from search import registry
from search.types import SearchQuery
from tests.factories.directory import make_company

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

# Port 9 (discard) on loopback: nothing listens, every request is refused at once.
DEAD_SEARCH_SERVER = "http://127.0.0.1:9"


def find(text: str, municipality) -> tuple[str, list[str]]:
    result = registry.search_documents(COMPANY_INDEX.name, SearchQuery(text=text, municipality_ids=[municipality.pk]))
    return result.backend, result.ids


def health(client) -> dict:
    response = client.get("/healthz")
    assert response.status_code == 200, "drift degrades the service; it never takes web down"
    return response.json()


def moderator(municipality):
    """The office's moderator make_company approved with: their edits apply at once."""
    return MunicipalityMembership.objects.get(municipality=municipality, role=Role.MODERATOR).user


def the_scheduled_reconcile() -> Job:
    [job] = [Job.from_setting(spec) for spec in settings.SCHEDULED_JOBS if spec["command"] == "reconcile_search_index"]
    return job


class OperatorRepairsSearchAfterAnOutageTests:
    def test_an_edit_missed_while_the_server_was_away_shows_as_drift_until_the_scheduled_reconcile(
            self, client, arvidsjaur, elasticsearch_configured, caplog, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            company = make_company(arvidsjaur, published=True, legal_name="Fjällbageriet i Arvidsjaur AB")
        assert find("fjällbageriet", arvidsjaur) == ("elasticsearch", [str(company.pk)])
        assert health(client)["status"] == "ok"

        # The search server goes away; an owner edits the profile meanwhile.
        registry._backend_for.cache_clear()
        with override_settings(ELASTICSEARCH_URL=DEAD_SEARCH_SERVER), caplog.at_level(logging.WARNING, "search"), \
                django_capture_on_commit_callbacks(execute=True):
            services.company_update(actor=moderator(arvidsjaur), company=company,
                                    description="Nu bakar vi även surdegsbröd varje lördag.")
        registry._backend_for.cache_clear()
        assert any("failed (reconcile repairs)" in record.getMessage() for record in caplog.records)

        # It is back, but still answers with the old profile, and /healthz says so, with numbers.
        assert find("surdegsbröd", arvidsjaur) == ("elasticsearch", [])
        body = health(client)
        assert (body["status"], body["degraded"]) == ("degraded", ["search_index"])
        index_check = body["checks"]["search_index"]
        assert index_check["ok"] is False
        assert index_check["documents_behind"] == 1
        assert index_check["drift"] == {COMPANY_INDEX.name: {"elasticsearch": 1}}

        # The scheduler's next turn runs the reconcile as settings.SCHEDULED_JOBS declares it.
        assert run_due([the_scheduled_reconcile()], {}) == []

        assert find("surdegsbröd", arvidsjaur) == ("elasticsearch", [str(company.pk)])
        body = health(client)
        assert body["status"] == "ok"
        index_check = body["checks"]["search_index"]
        assert (index_check["documents_behind"], index_check["drift"]) == (0, {})
        assert index_check["reconciled"][COMPANY_INDEX.name]["elasticsearch"]["repaired"] == {
            "missing": 0, "stale": 1, "extra": 0}

    def test_a_reconcile_that_cannot_reach_the_server_keeps_the_drift_reported(
            self, client, arvidsjaur, elasticsearch_configured, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            company = make_company(arvidsjaur, published=True, legal_name="Fjällbageriet i Arvidsjaur AB")
        registry._backend_for.cache_clear()
        with override_settings(ELASTICSEARCH_URL=DEAD_SEARCH_SERVER):
            with django_capture_on_commit_callbacks(execute=True):
                services.company_update(actor=moderator(arvidsjaur), company=company,
                                        description="Surdegsbröd på lördagar.")
            assert run_due([the_scheduled_reconcile()], {}) == ["reconcile_search_index"]
            assert health(client)["checks"]["search_index"]["drift"] == {COMPANY_INDEX.name: {"elasticsearch": 1}}
        registry._backend_for.cache_clear()


class ScheduledReconcileTests:
    def test_the_reconcile_is_scheduled_often_enough_to_repair_an_outage_within_a_quarter_of_an_hour(self):
        job = the_scheduled_reconcile()
        assert job.every.total_seconds() <= 15 * 60
        assert job.hours is None, "repairs run day and night"

    def test_misses_of_a_search_server_no_longer_configured_are_forgotten_by_the_next_reconcile(
            self, client, arvidsjaur, django_capture_on_commit_callbacks):
        company = make_company(arvidsjaur, published=True, legal_name="Fjällbageriet i Arvidsjaur AB")
        registry._backend_for.cache_clear()
        with override_settings(ELASTICSEARCH_URL=DEAD_SEARCH_SERVER), django_capture_on_commit_callbacks(execute=True):
            services.company_update(actor=moderator(arvidsjaur), company=company, description="Surdegsbröd.")
        registry._backend_for.cache_clear()
        assert health(client)["checks"]["search_index"]["documents_behind"] == 1
        # The operator empties ELASTICSEARCH_URL: the database answers every search, nothing is behind it.
        assert run_due([the_scheduled_reconcile()], {}) == []
        assert health(client)["status"] == "ok"
