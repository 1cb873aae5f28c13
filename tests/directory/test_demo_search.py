"""What a new resident types into the demo directory of Arvidsjaur finds the baker, misspelt or
not, and the dentist by the everyday word, and a trade no company has finds nothing: on the database (SQLite or PostgreSQL, whichever
the run uses) and on Elasticsearch (a real osmem-server)."""
import pytest
from django.core.management import call_command

from directory.search import COMPANY_INDEX, company_search, parse_search_params
from municipalities.models import Municipality
from search import registry

# The search server fixtures of tests/search, used as they are.
from tests.search.conftest import elasticsearch_configured, osmem_process, search_server_url  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def names(rf, municipality, text) -> list[str]:
    params = parse_search_params(rf.get("/", {"q": text}).GET, municipality=municipality)
    result = company_search(params=params, municipality=municipality)
    return [company.legal_name for company, _ in result.rows], result.backend


def answers(rf):
    call_command("seed_demo", verbosity=0)
    arvidsjaur = Municipality.objects.get(code="2505")
    return {text: names(rf, arvidsjaur, text) for text in ("bageri", "bagerie", "tandläkare", "pizzeria")}


def assert_the_baker_and_no_pizzeria(found, backend):
    for text in ("bageri", "bagerie"):
        companies, answered_by = found[text]
        assert (companies[:1], answered_by) == (["Fjällbageriet i Arvidsjaur AB"], backend), text
    assert found["tandläkare"][0][:1] == ["Tandvården Storgatan AB"]  # a synonym and its SNI code's name
    assert found["pizzeria"] == ([], backend)


class DemoDirectorySearchTests:
    def test_the_database_finds_the_baker_and_no_pizzeria(self, rf):
        assert_the_baker_and_no_pizzeria(answers(rf), "database")

    @pytest.mark.elasticsearch
    def test_elasticsearch_finds_the_baker_and_no_pizzeria(self, rf, elasticsearch_configured):  # noqa: F811
        call_command("seed_demo", verbosity=0)
        registry.rebuild_index(COMPANY_INDEX.name)
        assert_the_baker_and_no_pizzeria(answers(rf), "elasticsearch")
