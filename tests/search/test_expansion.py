"""What Swedish users type finds what they mean, on the database backend and on Elasticsearch
(a real osmem-server) alike: parts of compounds in both directions, one-edit typos with a
corrected query, short words whole only, no invented hits, synonyms from a registered source and
autocomplete inside compounds."""
import pytest

from search import analysis
from search.backends.database import DatabaseSearchBackend
from search.expansion import register_synonym_source, unregister_synonym_source
from search.models import SearchTerm
from search.types import SearchQuery
from tests.support.search_backends import backend_with
from tests.support.search_trades import DOCUMENTS, TOWN, TRADES, trade

pytestmark = pytest.mark.django_db

@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request):
    return backend_with(request, TRADES, DOCUMENTS)


def search(backend, text):
    return backend.search(TRADES, SearchQuery(text=text, municipality_ids=[TOWN], page_size=100))


def found(backend, text) -> list[str]:
    return search(backend, text).ids


class CompoundPartTests:
    def test_bageri_finds_fjallbageriet_below_the_whole_word(self, backend):
        assert found(backend, "bageri") == ["bageri", "fjallbageriet"]

    def test_a_word_finds_the_compounds_that_end_in_it(self, backend):
        assert found(backend, "guidning") == ["vildmark"]
        assert found(backend, "kött") == ["gard"]

    def test_a_compound_query_finds_its_parts_standing_apart(self, backend):
        assert found(backend, "kycklingfoder") == ["foder"]

    def test_a_word_does_not_find_words_that_merely_continue_it(self, backend):
        assert found(backend, "snickare") == []  # "snickeri" is another word

    def test_short_words_match_whole_words_only(self, backend):
        assert found(backend, "bil") == ["bil"]  # not Mobilservice
        assert found(backend, "tur") == []  # not skoterturer


class TypoTests:
    def test_one_edit_finds_the_company_and_offers_the_corrected_query(self, backend):
        result = search(backend, "fiskeguidnign")
        assert (result.ids, result.did_you_mean) == (["vildmark"], "fiskeguidning")

    def test_only_the_misspelt_word_is_corrected(self, backend):
        result = search(backend, "Lindström bagrei")
        assert (result.ids, result.did_you_mean) == (["bageri"], "Lindström bageri")

    def test_bagerie_finds_both_bakeries_without_a_correction(self, backend):
        result = search(backend, "bagerie")
        assert (result.ids, result.did_you_mean) == (["bageri", "fjallbageriet"], "")

    def test_words_that_find_something_are_not_corrected(self, backend):
        assert search(backend, "bageri").did_you_mean == ""

    def test_a_trade_no_company_has_finds_nothing(self, backend):
        result = search(backend, "pizzeria")
        assert (result.ids, result.total, result.did_you_mean) == ([], 0, "")

    def test_a_deleted_document_offers_no_correction(self, backend):
        for each in {backend, DatabaseSearchBackend()}:
            each.delete_documents(TRADES, ["vildmark"])
        if backend.name == "elasticsearch":
            backend.client.indices.refresh(index=backend.alias(TRADES))
        assert not SearchTerm.objects.filter(index_name=TRADES.name, term="fiskeguidning").exists()
        result = search(backend, "fiskeguidnign")
        assert (result.ids, result.did_you_mean) == ([], "")


class SynonymHookTests:
    @pytest.fixture
    def tandvard_for_tandlakare(self):
        tandlakare, tandvard = analysis.query_terms("tandläkare")[0], tuple(analysis.query_terms("tandvård"))

        def source(term):
            return [tandvard] if term == tandlakare else []

        register_synonym_source(source)
        yield
        unregister_synonym_source(source)

    def test_a_synonym_finds_more_but_ranks_below_the_literal_word(self, backend, tandvard_for_tandlakare):
        assert found(backend, "tandläkare") == ["tandlakare", "tandvard"]

    def test_without_a_source_there_are_no_synonyms(self, backend, monkeypatch):
        from search import expansion

        monkeypatch.setattr(expansion, "_synonym_sources", [])  # not even the seeded trade list
        assert found(backend, "tandläkare") == ["tandlakare"]


class SuggestTests:
    def test_typing_part_of_a_compound_offers_it(self, backend):
        assert [label for _, label in backend.suggest(TRADES, "bage", [TOWN])] == [
            "Bageri Lindström", "Fjällbageriet i Arvidsjaur AB"]

    def test_three_letters_complete_words_from_their_start_only(self, backend):
        assert [label for _, label in backend.suggest(TRADES, "bil", [TOWN])] == ["Bil och Däck"]


class VocabularyTests:
    def test_the_vocabulary_counts_documents_and_keeps_the_word_as_typed(self, db):
        DatabaseSearchBackend().index_documents(TRADES, DOCUMENTS)
        term = SearchTerm.objects.get(index_name=TRADES.name, kind="t", term=analysis.query_terms("bröd")[0])
        assert (term.doc_count, term.example) == (1, "bröd")
        DatabaseSearchBackend().index_documents(TRADES, [trade("bageri", "Bageri Lindström", "Bröd, bröd")])
        DatabaseSearchBackend().delete_documents(TRADES, ["fjallbageriet"])
        assert SearchTerm.objects.get(pk=term.pk).doc_count == 1
        assert not SearchTerm.objects.filter(index_name=TRADES.name, term="fjallbageriet").exists()
