"""Trade synonyms: the seeded list, the query-time source, and their effect on every backend.

The backends ask `search.expansion.synonym_alternatives` for each query term; these tests hold the
platform administrator's groups to what a resident notices: "rörmokare" finds the VVS firm on
the database (SQLite or PostgreSQL, whichever the run uses) and on a real search server, and a
changed group is in effect for the next search without reindexing.
"""
import pytest
from django.core.exceptions import ValidationError

from search import analysis
from search.backends.database import DatabaseSearchBackend
from search.expansion import synonym_alternatives
from search.models import SynonymGroup
from search.synonyms import build_alternatives
from search.types import IndexSpec, SearchDocument, SearchQuery

pytestmark = pytest.mark.django_db

TRADES = IndexSpec(name="test.trades", text_fields={"name": 3.0, "industry": 2.0, "description": 1.0})
MUNICIPALITY = 2505


def _doc(doc_id, name, description="", industry=""):
    return SearchDocument(id=doc_id, municipality_ids=[MUNICIPALITY],
                          fields={"name": name, "description": description, "industry": industry})


DOCUMENTS = [
    _doc("vvs", "Nilssons VVS AB", "Badrum, värme och avlopp"),
    _doc("rormokare", "Rörmokare Svensson", "Jour dygnet runt"),
    _doc("tandvard", "Tandvården Storgatan AB", "Allmäntandvård för barn och vuxna"),
    _doc("bageri", "Fjällbageriet i Arvidsjaur AB", "Surdegsbröd", industry="Tillverkning av mjukt matbröd"),
    _doc("stad", "Arvidsjaurs Stadshotell", "Mitt i stan"),
]


def _alternatives(word: str) -> list[tuple[str, ...]]:
    return synonym_alternatives(analysis.query_terms(word)[0])


def _group(name, words, **extra):
    group = SynonymGroup(name=name, words=words, **extra)
    group.full_clean()
    group.save()
    return group


def _search(backend, text):
    return backend.search(TRADES, SearchQuery(text=text, municipality_ids=[MUNICIPALITY])).ids


class SeededListTests:
    def test_the_migration_seeds_more_than_sixty_trade_groups(self):
        assert SynonymGroup.objects.filter(enabled=True).count() >= 60
        dental = SynonymGroup.objects.get(name="Tandvård").word_list
        assert {"tandläkare", "tandvård", "tandläkarverksamhet"} <= set(dental)

    def test_every_seeded_group_names_at_least_two_different_words(self):
        for group in SynonymGroup.objects.all():
            group.full_clean()  # the admin's own validation
            assert len({tuple(analysis.query_terms(word)) for word in group.word_list}) >= 2, group.name

    def test_a_trade_word_and_its_inflections_offer_the_other_words_of_the_group(self):
        for word in ("rörmokare", "rörmokaren", "Rörmokarna"):
            assert ("vvs",) in _alternatives(word), word
        assert ("tandvard",) in _alternatives("tandläkare")
        assert ("lokalvard",) in _alternatives("städning")

    def test_everyday_words_that_fold_like_a_trade_word_get_no_trade_synonyms(self):
        # "städare" -> "stad", "massör" -> "mass", "skoter" -> "skot" were left out of the list.
        for word in ("stad", "mässa", "sköter", "pizzeria"):
            assert _alternatives(word) == [], word


class SourceTests:
    def test_an_expression_of_several_words_is_offered_but_does_not_trigger(self):
        alternatives = build_alternatives([["advokat", "juridisk rådgivning"]])
        assert alternatives == {"advok": (("juridisk", "radgivning"),)}

    def test_a_disabled_group_offers_nothing(self):
        SynonymGroup.objects.all().delete()
        _group("Sotning", "sotare, sotning", enabled=False)
        assert _alternatives("sotning") == []

    def test_an_edit_is_in_effect_for_the_next_lookup(self):
        group = SynonymGroup.objects.get(name="Tandvård")
        assert ("tandklinik",) in _alternatives("tandläkare")
        group.words = "tandläkare\ntandvård"
        group.save()
        assert _alternatives("tandläkare") == [("tandvard",)]
        group.delete()
        assert _alternatives("tandläkare") == []


class ValidationTests:
    def test_a_group_needs_two_words(self):
        with pytest.raises(ValidationError) as error:
            _group("Ensam", "rörmokare")
        assert "minst två" in str(error.value.message_dict["words"])
        assert not SynonymGroup.objects.filter(name="Ensam").exists()

    def test_an_entry_without_letters_is_refused_by_name(self):
        with pytest.raises(ValidationError) as error:
            _group("Tecken", "rörmokare, VVS, ---")
        assert "---" in str(error.value.message_dict["words"])

    def test_words_are_stored_one_per_line_without_repeats(self):
        group = _group("Sotning och skorsten", "sotare,  sotning\nsotare , skorstensfejare")
        assert group.words == "sotare\nsotning\nskorstensfejare"


def _check_synonyms_on(backend):
    backend.index_documents(TRADES, DOCUMENTS)
    found = _search(backend, "rörmokare")
    assert set(found) == {"rormokare", "vvs"}
    assert found[0] == "rormokare"  # the literal word ranks above its synonym
    assert _search(backend, "tandläkare") == ["tandvard"]
    assert _search(backend, "vvs") == ["vvs", "rormokare"]
    assert _search(backend, "stad") == []  # "Stadshotell" is one word; "städare" is no synonym of it
    # The administrator takes VVS out of the group: the next search follows, with nothing reindexed.
    group = SynonymGroup.objects.get(name="Rörmokare och VVS")
    group.words = "rörmokare\nrörmokeri"
    group.save()
    assert _search(backend, "rörmokare") == ["rormokare"]


class DatabaseBackendSynonymTests:
    def test_trade_synonyms_are_applied_at_query_time(self):
        _check_synonyms_on(DatabaseSearchBackend())


@pytest.mark.elasticsearch
class ElasticsearchBackendSynonymTests:
    def test_trade_synonyms_are_applied_at_query_time(self, elasticsearch_backend):
        _check_synonyms_on(elasticsearch_backend)
