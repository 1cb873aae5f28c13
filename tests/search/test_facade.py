"""The facade domain apps call: Elasticsearch when configured, the database when it fails."""
import logging

import pytest
from django.test import override_settings

from search import registry
from search.models import SearchEntry
from search.types import SearchDocument, SearchQuery

from .conftest import ALL_THREE, ASELE, COMPANIES, DOCUMENTS

pytestmark = pytest.mark.django_db

# Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def unreachable_elasticsearch():
    registry._backend_for.cache_clear()
    with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
        yield
    registry._backend_for.cache_clear()


def snickare():
    return SearchQuery(text="snickare", municipality_ids=ALL_THREE, facets=("sni_section",))


class SearchFallbackTests:
    def test_without_elasticsearch_the_database_answers(self, company_index):
        registry.index_documents(COMPANIES.name, DOCUMENTS)
        result = registry.search_documents(COMPANIES.name, snickare())
        assert result.backend == "database"
        assert result.total == 4

    def test_an_unreachable_server_falls_back_to_database_results(self, company_index, caplog):
        registry.index_documents(COMPANIES.name, DOCUMENTS)  # before the server "goes away"
        with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
            registry._backend_for.cache_clear()
            with caplog.at_level(logging.WARNING, logger="search.registry"):
                result = registry.search_documents(COMPANIES.name, snickare())
        registry._backend_for.cache_clear()
        assert result.backend == "database"
        assert set(result.ids) == {"asele-snickeri", "arvidsjaur-bygg", "lansjarv-handel", "overkalix-snickare"}
        assert result.facets == {"sni_section": [("F", 3), ("C", 1), ("G", 1)]}
        # Refused, not timed out: the page did not wait for the one-second request timeout.
        assert "fell back to the database: search test.company: ConnectionError" in caplog.text

    def test_after_a_failure_requests_skip_elasticsearch_for_a_while(
            self, company_index, unreachable_elasticsearch, caplog, monkeypatch):
        registry.search_documents(COMPANIES.name, snickare())
        backend = registry.get_elasticsearch_backend()
        monkeypatch.setattr(type(backend), "client", property(lambda self: pytest.fail("client was used")))
        with caplog.at_level(logging.WARNING, logger="search.registry"):
            result = registry.search_documents(COMPANIES.name, snickare())
        assert result.backend == "database"
        assert "failed recently" in caplog.text

    def test_suggest_falls_back_too(self, company_index, unreachable_elasticsearch):
        registry.index_documents(COMPANIES.name, DOCUMENTS)
        assert registry.suggest(COMPANIES.name, "sni", municipality_ids=[ASELE]) == [
            ("asele-snickeri", "Snickeri i Åsele AB")]

    def test_writes_reach_the_database_even_when_elasticsearch_is_unreachable(
            self, company_index, unreachable_elasticsearch, caplog):
        with caplog.at_level(logging.WARNING, logger="search.registry"):
            registry.index_documents(COMPANIES.name, DOCUMENTS)
            registry.delete_documents(COMPANIES.name, ["asele-cafe"])
        assert SearchEntry.objects.filter(index_name=COMPANIES.name).count() == len(DOCUMENTS) - 1
        assert "reconcile repairs" in caplog.text

    def test_a_malformed_document_is_refused_before_anything_is_written(self, company_index):
        bad = SearchDocument(id="bad", municipality_ids=[ASELE], fields={"sni_section": "F"})
        with pytest.raises(ValueError):
            registry.index_documents(COMPANIES.name, [DOCUMENTS[0], bad])
        assert not SearchEntry.objects.exists()

    def test_an_unknown_index_is_an_error_not_an_empty_result(self):
        with pytest.raises(LookupError):
            registry.search_documents("no.such.index", snickare())


@pytest.mark.elasticsearch
class SearchWithElasticsearchTests:
    def test_a_configured_server_answers_and_the_database_is_written_as_well(
            self, company_index, elasticsearch_configured):
        registry.index_documents(COMPANIES.name, DOCUMENTS)
        result = registry.search_documents(COMPANIES.name, snickare())
        assert result.backend == "elasticsearch"
        assert result.total == 4
        assert registry.get_database_backend().document_ids(COMPANIES) == {d.id for d in DOCUMENTS}
        assert registry.get_elasticsearch_backend().document_ids(COMPANIES) == {d.id for d in DOCUMENTS}

    def test_a_server_without_the_index_yet_falls_back_to_the_database(
            self, company_index, elasticsearch_configured):
        registry.get_database_backend().index_documents(COMPANIES, DOCUMENTS)
        result = registry.search_documents(COMPANIES.name, snickare())
        assert (result.backend, result.total) == ("database", 4)

    def test_the_health_check_reports_the_reachable_server(self, elasticsearch_configured):
        backend = registry.get_search_backend()
        assert (backend.name, backend.ping()) == ("elasticsearch", True)


class RegistryTests:
    def test_registering_another_spec_under_a_taken_name_is_refused(self, company_index):
        from django.core.exceptions import ImproperlyConfigured

        from search.types import IndexSpec
        with pytest.raises(ImproperlyConfigured):
            registry.register_index(IndexSpec(name=COMPANIES.name, text_fields={"name": 1.0}))
