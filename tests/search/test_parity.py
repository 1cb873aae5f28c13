"""Both backends give the same answers: the contract of the search layer.

The database backend and the Elasticsearch backend (against a real osmem-server process) get the
same documents and the same queries; result id sets, totals and facet counts must be equal, and
so must the order wherever the order is defined without relevance (distance, or id).
"""
import pytest

from search.backends.database import DatabaseSearchBackend
from search.types import IndexSpec, SearchDocument, SearchQuery
from tests.support.search_trades import DOCUMENTS as TRADE_DOCUMENTS
from tests.support.search_trades import TRADES

from .conftest import ALL_THREE, ARVIDSJAUR, ASELE, COMPANIES, DOCUMENTS, OVERKALIX

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

FACETS = ("sni_section", "locality")

QUERIES = {
    "stem of snickare": dict(text="snickare"),
    "inflected query": dict(text="Snickarna"),
    "folded name": dict(text="Are"),
    "capitals without diacritics": dict(text="KOK"),
    "two words in one field": dict(text="snickare kök"),
    "two words that never meet": dict(text="snickare transporter"),
    "words in different fields": dict(text="Lansjärv möbler"),
    "place in the description": dict(text="överkalix"),
    "punctuation splits words": dict(text="Bygg&Snickeri"),
    "regional scope": dict(text="åkeri", municipality_ids=[ARVIDSJAUR, OVERKALIX]),
    "one municipality, no text": dict(text="", municipality_ids=[ASELE]),
    "everything": dict(text=""),
    "or within a filter": dict(text="", filters={"sni_section": ["F", "G"]}),
    "and across filters": dict(text="och", filters={"sni_section": ["F"], "locality": ["Åsele"]}),
    "filter narrows its own facet": dict(text="", filters={"sni_section": ["C"]}),
    "near with text": dict(text="snickare", near=(64.16, 17.35)),
    "near without text, one without position": dict(
        text="", near=(66.65, 22.20), municipality_ids=[ARVIDSJAUR, OVERKALIX]),
    "only punctuation": dict(text=" – !? "),
    "no match": dict(text="zzz"),
    "second page by id": dict(text="", page=2, page_size=3),
    "second page by distance": dict(text="", near=(65.0, 20.0), page=2, page_size=3),
    # Pages the database backend reads from a bounding box around the point (radius 1 km, and
    # widened to hundreds of km), with a filter, and from a point far from every document.
    "nearest two, both within a kilometre": dict(text="", near=(64.16, 17.35), page_size=2),
    "nearest of a filter": dict(text="", near=(64.16, 17.35), filters={"sni_section": ["F"]}, page_size=2),
    "second page from a point between the villages": dict(text="", near=(66.0, 21.0), page=2, page_size=2),
    "nearest from far away": dict(text="", near=(59.33, 18.07), page_size=1),
}


@pytest.fixture
def both(elasticsearch_backend):
    database = DatabaseSearchBackend()
    for backend in (database, elasticsearch_backend):
        backend.index_documents(COMPANIES, DOCUMENTS)
    return database, elasticsearch_backend


class SearchParityTests:
    @pytest.mark.parametrize("query_kwargs", QUERIES.values(), ids=QUERIES.keys())
    def test_both_backends_answer_a_query_alike(self, both, query_kwargs):
        query = SearchQuery(**{"municipality_ids": ALL_THREE, "facets": FACETS, **query_kwargs})
        database, elasticsearch = (backend.search(COMPANIES, query) for backend in both)

        assert (database.backend, elasticsearch.backend) == ("database", "elasticsearch")
        assert elasticsearch.total == database.total
        assert elasticsearch.facets == database.facets
        if query.near is not None or not query.text.strip(" –!?"):
            assert elasticsearch.ids == database.ids
        else:
            assert set(elasticsearch.ids) == set(database.ids)
        assert elasticsearch.distances_km.keys() == database.distances_km.keys()
        for doc_id, km in database.distances_km.items():
            assert elasticsearch.distances_km[doc_id] == pytest.approx(km, abs=0.01)

    @pytest.mark.parametrize("prefix", ["ase", "Sni", "fjä år", "lans", "s", "kalix älv", "Ö", "zz", ""])
    def test_both_backends_suggest_alike(self, both, prefix):
        database, elasticsearch = (backend.suggest(COMPANIES, prefix, ALL_THREE) for backend in both)
        assert elasticsearch == database

    def test_deleted_documents_disappear_from_both(self, both):
        for backend in both:
            backend.delete_documents(COMPANIES, ["asele-snickeri"])
        query = SearchQuery(text="snickare", municipality_ids=ALL_THREE)
        database, elasticsearch = (backend.search(COMPANIES, query) for backend in both)
        assert set(elasticsearch.ids) == set(database.ids) == {
            "arvidsjaur-bygg", "lansjarv-handel", "overkalix-snickare"}


WORDS_INDEX = IndexSpec(name="test.words", text_fields={"text": 1.0})
# Inflections, compounds and letters that the analysis chain must treat the same in both backends.
VOCABULARY = """
snickare snickarna snickaren snickarens snickeri snickerier snickeriet bygger byggde byggnad
byggnader byggnaderna kök köket köken köksinredning fjällguide fjällguider fjällguiderna handel
handeln handlare handlarna Åre Åsele Lansjärv Överkalix Arvidsjaur skogsbruk skogen skogar
rörmokare rörmokarna elektriker elektrikerna frisör frisörer restaurang restauranger hotellet
städning städfirma konsult konsulterna bilverkstad bilverkstäder måleri målare mäklare
byggföretag byggföretaget byggföretagen företaget företagets företagen företagarna lastbil
lastbilarna transport transporter åkeri åkerier åkeriet fiske fiskare renskötsel samisk samiska
turism guidning guidade guidar boende stugor stugan café kaféer jordbruk lantbrukare ekologisk
ekologiska ekologiskt hantverk hantverkare smide smeden löst lösning fullt fullständig möbler
möblerna trädgård trädgården kläder klädbutik glädje kärlek blåbär hjortron lingon älg älgar
renar snöskoter snöskotrar snöskotern nyhet nyheter friheten societet alfabet året ödet
IT-konsult e-handel 3D-utskrift AB:s Straße Æble Øre Đuoddji Ŋ naïve crème brûlée ﬁn
""".split()


class AnalysisParityTests:
    def test_every_word_of_a_swedish_vocabulary_finds_the_same_documents(self, elasticsearch_backend):
        database = DatabaseSearchBackend()
        docs = [SearchDocument(id=f"w{i:03}", municipality_ids=[1], fields={"text": word})
                for i, word in enumerate(VOCABULARY)]
        for backend in (database, elasticsearch_backend):
            backend.index_documents(WORDS_INDEX, docs)
        differences = []
        for word in VOCABULARY:
            query = SearchQuery(text=word, municipality_ids=[1], page_size=100)
            found = [set(backend.search(WORDS_INDEX, query).ids) for backend in (database, elasticsearch_backend)]
            if found[0] != found[1] or not found[0]:
                differences.append((word, sorted(found[0]), sorted(found[1])))
        assert differences == []


# Query expansion (search.expansion): compound parts both ways, one-edit typos, short words whole
# only, no invented hits. Both backends expand from the database's vocabulary and score alike.
EXPANSION_QUERIES = [
    "bageri", "bagerie", "bage", "guidning", "kött", "kycklingfoder", "fiskeguidnign", "Lindström bagrei",
    "bil", "tur", "snickare", "pizzeria", "bröd", "surdegsbröd", "tandvårdens", "däckhotellet", "fjällbageri",
]


class ExpansionParityTests:
    @pytest.fixture
    def trades(self, elasticsearch_backend):
        database = DatabaseSearchBackend()
        for backend in (database, elasticsearch_backend):
            backend.index_documents(TRADES, TRADE_DOCUMENTS)
        return TRADES, database, elasticsearch_backend

    @pytest.mark.parametrize("text", EXPANSION_QUERIES)
    def test_both_backends_expand_a_query_alike(self, trades, text):
        spec, *backends = trades
        query = SearchQuery(text=text, municipality_ids=[2505], page_size=100)
        database, elasticsearch = (backend.search(spec, query) for backend in backends)
        assert (elasticsearch.total, elasticsearch.did_you_mean) == (database.total, database.did_you_mean)
        assert set(elasticsearch.ids) == set(database.ids)
        assert elasticsearch.ids[:1] == database.ids[:1]

    @pytest.mark.parametrize("prefix", ["bage", "guid", "kött", "bil", "fjällbag", "tandv stor"])
    def test_both_backends_suggest_compound_parts_alike(self, trades, prefix):
        spec, database, elasticsearch = trades
        assert elasticsearch.suggest(spec, prefix, [2505]) == database.suggest(spec, prefix, [2505])
