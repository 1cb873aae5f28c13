"""rebuild_search_index and reconcile_search_index against a real search server."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import registry
from search.types import SearchDocument, SearchQuery

from .conftest import ALL_THREE, ASELE, COMPANIES, DOCUMENTS

pytestmark = pytest.mark.django_db


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def indexes_behind_alias(client, alias) -> list[str]:
    return sorted(client.indices.get_alias(name=alias))


class RebuildSearchIndexTests:
    @pytest.mark.elasticsearch
    def test_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old_one(
            self, company_index, elasticsearch_configured):
        registry.index_documents(COMPANIES.name, DOCUMENTS[:3])
        client = registry.get_elasticsearch_backend().client
        [first] = indexes_behind_alias(client, COMPANIES.name)

        output = run("rebuild_search_index", "--index", COMPANIES.name)

        [second] = indexes_behind_alias(client, COMPANIES.name)
        assert second != first
        assert second.startswith(f"{COMPANIES.name}-v")
        assert not client.indices.exists(index=first)
        assert output.strip() == f"{COMPANIES.name}: database 8 documents, elasticsearch 8 documents"
        result = registry.search_documents(COMPANIES.name, SearchQuery(municipality_ids=ALL_THREE))
        assert (result.backend, result.total) == ("elasticsearch", len(DOCUMENTS))

    @pytest.mark.elasticsearch
    def test_searches_are_answered_from_the_old_index_while_the_new_one_loads(
            self, company_index, elasticsearch_configured):
        registry.index_documents(COMPANIES.name, DOCUMENTS[:2])
        seen_during_rebuild = []

        def provider():
            yield from DOCUMENTS[:4]
            result = registry.search_documents(COMPANIES.name, SearchQuery(municipality_ids=ALL_THREE))
            seen_during_rebuild.append((result.backend, result.total))
            yield from DOCUMENTS[4:]

        registry.register_index(COMPANIES, provider=provider)
        run("rebuild_search_index", "--index", COMPANIES.name)

        # Called once per backend; Elasticsearch answered from the old index both times.
        assert seen_during_rebuild == [("elasticsearch", 2), ("elasticsearch", 2)]
        result = registry.search_documents(COMPANIES.name, SearchQuery(municipality_ids=ALL_THREE))
        assert (result.backend, result.total) == ("elasticsearch", len(DOCUMENTS))

    @pytest.mark.elasticsearch
    def test_a_second_rebuild_swaps_again(self, company_index, elasticsearch_configured):
        run("rebuild_search_index", "--index", COMPANIES.name)
        client = registry.get_elasticsearch_backend().client
        before = indexes_behind_alias(client, COMPANIES.name)
        run("rebuild_search_index", "--index", COMPANIES.name)
        after = indexes_behind_alias(client, COMPANIES.name)
        assert len(after) == 1
        assert after != before
        assert client.count(index=COMPANIES.name)["count"] == len(DOCUMENTS)

    def test_an_unknown_index_is_reported(self):
        with pytest.raises(CommandError):
            run("rebuild_search_index", "--index", "no.such.index")


class ReconcileSearchIndexTests:
    @pytest.mark.elasticsearch
    def test_reconcile_repairs_missing_stale_and_extra_documents(self, company_index, elasticsearch_configured):
        registry.index_documents(COMPANIES.name, DOCUMENTS)
        client = registry.get_elasticsearch_backend().client
        client.delete(index=COMPANIES.name, id="asele-snickeri")  # a write Elasticsearch missed
        renamed = SearchDocument(id="asele-cafe", municipality_ids=[ASELE],
                                 fields={"name": "Kafé vid torget", "sni_section": ["I"]})
        company_index[1] = renamed  # changed in the source; only the database heard of it
        registry.get_database_backend().index_documents(COMPANIES, [renamed])
        company_index.pop()  # norrbotten-akeri is gone from the source, both backends still have it

        output = run("reconcile_search_index", "--index", COMPANIES.name)

        assert output.strip() == (f"{COMPANIES.name}: database 0 missing, 0 stale, 1 extra; "
                                  "elasticsearch 1 missing, 1 stale, 1 extra")
        elasticsearch = registry.get_elasticsearch_backend()
        assert elasticsearch.document_ids(COMPANIES) == {doc.id for doc in company_index}
        found = registry.search_documents(COMPANIES.name, SearchQuery(text="kafé torget", municipality_ids=[ASELE]))
        assert (found.backend, found.ids) == ("elasticsearch", ["asele-cafe"])
        assert run("reconcile_search_index", "--index", COMPANIES.name).strip() == (
            f"{COMPANIES.name}: database 0 missing, 0 stale, 0 extra; elasticsearch 0 missing, 0 stale, 0 extra")

    def test_without_elasticsearch_reconcile_repairs_the_database_index(self, company_index):
        assert run("reconcile_search_index", "--index", COMPANIES.name).strip() == (
            f"{COMPANIES.name}: database 8 missing, 0 stale, 0 extra")
        assert registry.get_database_backend().document_ids(COMPANIES) == {doc.id for doc in DOCUMENTS}
