"""The database backend: the embedded default and the fallback."""
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.backends.database import DatabaseSearchBackend
from search.models import SearchEntry, SearchToken
from search.types import SearchDocument, SearchQuery

from .conftest import ALL_THREE, ARVIDSJAUR, ASELE, COMPANIES, DOCUMENTS, OVERKALIX


@pytest.fixture
def backend(db):
    backend = DatabaseSearchBackend()
    backend.index_documents(COMPANIES, DOCUMENTS)
    return backend


def search(backend, text="", municipality_ids=ALL_THREE, **kwargs):
    return backend.search(COMPANIES, SearchQuery(text=text, municipality_ids=municipality_ids, **kwargs))


def found(backend, text="", **kwargs) -> set[str]:
    return set(search(backend, text, page_size=100, **kwargs).ids)


class DatabaseSearchTextTests:
    def test_are_without_the_ring_finds_are_with_it(self, backend):
        assert found(backend, "Are") == {"are-fjallguide"}

    def test_a_query_in_capitals_and_without_diacritics_finds_kok(self, backend):
        assert found(backend, "KOK") == {"asele-snickeri", "arvidsjaur-bygg"}

    def test_snickarna_finds_every_inflection_of_snickare_but_not_snickeri_alone(self, backend):
        expected = {"asele-snickeri", "arvidsjaur-bygg", "lansjarv-handel", "overkalix-snickare"}
        assert found(backend, "snickarna") == expected
        assert found(backend, "Snickare") == expected
        assert "lansjarv-snickeri" not in found(backend, "snickare")

    def test_every_query_word_must_match_somewhere(self, backend):
        assert found(backend, "snickare kök") == {"asele-snickeri", "arvidsjaur-bygg"}
        assert found(backend, "snickare transporter") == set()

    def test_query_words_may_match_in_different_fields(self, backend):
        assert found(backend, "Lansjärv möbler") == {"lansjarv-snickeri"}

    def test_a_name_match_ranks_before_a_description_match(self, backend):
        assert search(backend, "snickeri").ids[0] in {"asele-snickeri", "arvidsjaur-bygg", "lansjarv-snickeri"}
        assert search(backend, "snickare").ids[0] == "overkalix-snickare"

    def test_empty_text_finds_every_document_in_scope_ordered_by_id(self, backend):
        result = search(backend, "", municipality_ids=[ASELE])
        assert result.ids == ["asele-cafe", "asele-snickeri"]
        assert result.total == 2

    def test_text_without_any_word_is_the_same_as_empty_text(self, backend):
        assert found(backend, " – !? ") == found(backend, "")


class DatabaseSearchScopeAndFilterTests:
    def test_documents_of_another_municipality_never_appear(self, backend):
        assert found(backend, "snickare", municipality_ids=[ASELE]) == {"asele-snickeri"}
        assert found(backend, "", municipality_ids=[OVERKALIX]).isdisjoint(
            found(backend, "", municipality_ids=[ASELE]))

    def test_a_regional_view_sees_a_shared_document_once(self, backend):
        result = search(backend, "åkeri", municipality_ids=[ARVIDSJAUR, OVERKALIX])
        assert result.ids == ["norrbotten-akeri"]
        assert result.total == 1

    def test_filters_are_and_across_fields_and_or_within_one(self, backend):
        assert found(backend, "", filters={"sni_section": ["F"], "locality": ["Åsele"]}) == {"asele-snickeri"}
        assert found(backend, "", filters={"sni_section": ["F", "G"]}) == {
            "asele-snickeri", "arvidsjaur-bygg", "lansjarv-handel", "overkalix-snickare"}

    def test_an_empty_filter_list_filters_nothing(self, backend):
        assert found(backend, "", filters={"sni_section": []}) == found(backend, "")

    def test_filtering_on_a_field_that_is_not_a_keyword_field_is_refused(self, backend):
        with pytest.raises(ValueError):
            search(backend, "", filters={"name": ["x"]})

    def test_a_query_without_municipalities_is_refused(self, backend):
        with pytest.raises(ValueError):
            SearchQuery(text="snickare", municipality_ids=[])


class DatabaseSearchFacetTests:
    def test_facets_count_the_matching_documents_by_count_then_value(self, backend):
        result = search(backend, "snickare", facets=("sni_section", "locality"))
        assert result.facets["sni_section"] == [("F", 3), ("C", 1), ("G", 1)]
        assert result.facets["locality"] == [("Arvidsjaur", 1), ("Lansjärv", 1), ("Åsele", 1), ("Överkalix", 1)]

    def test_a_selected_filter_narrows_every_facet_including_its_own(self, backend):
        result = search(backend, "", filters={"sni_section": ["C"]}, facets=("sni_section", "locality"))
        assert result.facets["sni_section"] == [("C", 2), ("F", 1)]
        assert result.facets["locality"] == [("Lansjärv", 1), ("Överkalix", 1)]

    def test_facets_of_an_empty_result_are_empty(self, backend):
        assert search(backend, "zzz", facets=("sni_section",)).facets == {"sni_section": []}


class DatabaseSearchDistanceTests:
    def test_near_orders_by_distance_and_puts_documents_without_a_position_last(self, backend):
        result = search(backend, "", near=(66.65, 22.20), municipality_ids=[ARVIDSJAUR, OVERKALIX])
        assert result.ids == ["lansjarv-handel", "lansjarv-snickeri", "overkalix-snickare",
                              "arvidsjaur-bygg", "are-fjallguide", "norrbotten-akeri"]
        assert result.distances_km["lansjarv-handel"] == pytest.approx(0.0, abs=0.001)
        assert result.distances_km["overkalix-snickare"] == pytest.approx(45.5, abs=0.1)
        assert "norrbotten-akeri" not in result.distances_km

    def test_near_with_text_sorts_the_matches_by_distance(self, backend):
        result = search(backend, "snickare", near=(64.16, 17.35))
        assert result.ids == ["asele-snickeri", "arvidsjaur-bygg", "overkalix-snickare", "lansjarv-handel"]


class DatabaseSearchPagingTests:
    def test_pages_follow_each_other_without_overlap(self, backend):
        everything = search(backend, "", page_size=100).ids
        pages = [search(backend, "", page=page, page_size=3) for page in (1, 2, 3)]
        assert [doc_id for page in pages for doc_id in page.ids] == everything
        assert {page.total for page in pages} == {8}

    def test_a_page_past_the_result_window_is_empty_but_keeps_the_total(self, backend):
        result = search(backend, "", page=1000, page_size=20)
        assert result.ids == []
        assert result.total == 8


class DatabaseSuggestTests:
    def test_a_prefix_of_any_word_of_the_name_suggests_within_scope(self, backend):
        assert backend.suggest(COMPANIES, "ase", [ASELE]) == [
            ("asele-cafe", "Café Åsele Torg"), ("asele-snickeri", "Snickeri i Åsele AB")]

    def test_every_typed_word_must_start_a_word_of_the_name(self, backend):
        assert backend.suggest(COMPANIES, "fjä år", [ARVIDSJAUR]) == [("are-fjallguide", "Åre Fjällguide")]
        assert backend.suggest(COMPANIES, "fjä bygg", [ARVIDSJAUR]) == []

    def test_suggestions_of_another_municipality_are_not_offered(self, backend):
        assert backend.suggest(COMPANIES, "lans", [ASELE]) == []

    def test_the_limit_caps_the_suggestions(self, backend):
        assert len(backend.suggest(COMPANIES, "s", ALL_THREE, limit=2)) == 2


class DatabaseIndexMaintenanceTests:
    def test_a_deleted_document_is_no_longer_found_and_leaves_no_rows(self, backend):
        backend.delete_documents(COMPANIES, ["asele-snickeri", "no-such-id"])
        assert "asele-snickeri" not in found(backend, "snickare")
        assert not SearchEntry.objects.filter(doc_id="asele-snickeri").exists()
        assert not SearchToken.objects.filter(entry__doc_id="asele-snickeri").exists()

    def test_reindexing_a_changed_document_replaces_its_text(self, backend):
        changed = SearchDocument(id="asele-cafe", municipality_ids=[ASELE],
                                 fields={"name": "Café Åsele Torg", "description": "Glass och våfflor"})
        assert backend.index_documents(COMPANIES, [changed]) == 1
        assert found(backend, "våfflor") == {"asele-cafe"}
        assert found(backend, "kaffe") == set()

    def test_reindexing_an_unchanged_document_writes_nothing(self, backend):
        assert backend.index_documents(COMPANIES, DOCUMENTS) == 0

    def test_rebuild_replaces_every_document(self, backend):
        assert backend.rebuild(COMPANIES, DOCUMENTS[:2]) == 2
        assert backend.document_ids(COMPANIES) == {"asele-snickeri", "asele-cafe"}

    def test_a_document_with_an_unknown_field_is_refused(self, backend):
        with pytest.raises(ValueError):
            backend.index_documents(COMPANIES, [SearchDocument(id="x", municipality_ids=[ASELE],
                                                               fields={"nmae": "typo"})])


class DatabaseCountsCacheTests:
    """Totals and facets of searches, with text or without, filtered or not, are cached per count version."""

    def unfiltered(self, backend):
        return search(backend, "", facets=("sni_section",))

    def section_f(self, backend, **kwargs):
        return search(backend, "", filters={"sni_section": ["F"]}, facets=("sni_section", "locality"), **kwargs)

    def test_the_unfiltered_counts_follow_every_write_at_once(self, backend):
        assert self.unfiltered(backend).total == 8
        backend.index_documents(COMPANIES, [SearchDocument(
            id="asele-bageri", municipality_ids=[ASELE], fields={"name": "Åsele Bageri", "sni_section": ["C"]})])
        after_write = self.unfiltered(backend)
        assert after_write.total == 9
        assert ("C", 3) in after_write.facets["sni_section"]
        backend.delete_documents(COMPANIES, ["asele-bageri", "asele-cafe"])
        assert self.unfiltered(backend).total == 7

    def test_the_filtered_counts_follow_a_document_that_changes_its_value(self, backend):
        before = self.section_f(backend)
        assert before.total == 3
        assert before.facets["locality"] == [("Arvidsjaur", 1), ("Åsele", 1), ("Överkalix", 1)]
        moved = next(doc for doc in DOCUMENTS if doc.id == "lansjarv-handel")
        backend.index_documents(COMPANIES, [SearchDocument(
            id=moved.id, municipality_ids=moved.municipality_ids, fields={**moved.fields, "sni_section": ["F"]})])
        after = self.section_f(backend)
        assert after.total == 4
        assert after.facets["locality"] == [("Arvidsjaur", 1), ("Lansjärv", 1), ("Åsele", 1), ("Överkalix", 1)]
        assert "lansjarv-handel" in after.ids
        backend.delete_documents(COMPANIES, ["asele-snickeri"])
        assert self.section_f(backend).total == 3

    def test_each_filter_has_its_own_counts(self, backend):
        f = self.section_f(backend)
        g = search(backend, "", filters={"sni_section": ["G"]}, facets=("sni_section", "locality"))
        assert (f.total, g.total) == (3, 1)
        assert self.section_f(backend) == f
        assert self.section_f(backend, municipality_ids=[ASELE]).total == 1

    def test_a_rolled_back_write_leaves_no_stale_counts_behind(self, backend):
        assert self.unfiltered(backend).total == 8
        assert self.section_f(backend).total == 3
        with pytest.raises(RuntimeError), transaction.atomic():
            backend.delete_documents(COMPANIES, ["asele-snickeri"])
            assert self.unfiltered(backend).total == 7
            assert self.section_f(backend).total == 2
            raise RuntimeError("roll back")
        assert self.unfiltered(backend).total == 8
        assert self.section_f(backend).total == 3

    def test_a_repeated_search_without_text_does_not_count_again(self, backend):
        first_unfiltered, first_filtered = self.unfiltered(backend), self.section_f(backend)
        with CaptureQueriesContext(connection) as queries:
            assert self.unfiltered(backend) == first_unfiltered
            assert self.section_f(backend) == first_filtered
        assert not any("COUNT(*)" in query["sql"] for query in queries.captured_queries)

    def test_a_repeated_search_with_text_does_not_count_again_until_a_write(self, backend):
        first = search(backend, "snickare", facets=("sni_section",))
        first_filtered = search(backend, "snickare", filters={"sni_section": ["F"]}, facets=("sni_section",))
        with CaptureQueriesContext(connection) as queries:
            assert search(backend, "snickare", facets=("sni_section",)) == first
            assert search(backend, "snickare", filters={"sni_section": ["F"]}, facets=("sni_section",)) == first_filtered
        assert not any("COUNT(*)" in query["sql"] for query in queries.captured_queries)
        backend.index_documents(COMPANIES, [SearchDocument(
            id="asele-snickare", municipality_ids=[ASELE], fields={"name": "Åsele Snickare", "sni_section": ["F"]})])
        after_write = search(backend, "snickare", facets=("sni_section",))
        assert after_write.total == first.total + 1
        assert "asele-snickare" in after_write.ids


def counted(queries) -> int:
    """How many of the captured statements counted matches (the cached counts were not used)."""
    return sum("COUNT(*)" in query["sql"] for query in queries.captured_queries)


class DatabaseCountsPerMunicipalityTests:
    """A write changes the count versions of the municipalities its documents leave or join only."""

    def asele(self, backend):
        return search(backend, "", municipality_ids=[ASELE], facets=("sni_section",))

    def arvidsjaur(self, backend):
        return search(backend, "", municipality_ids=[ARVIDSJAUR], facets=("sni_section",))

    def region(self, backend):
        return search(backend, "", municipality_ids=[ASELE, ARVIDSJAUR], facets=("sni_section",))

    def test_a_write_in_arvidsjaur_leaves_the_cached_counts_of_asele_in_place(self, backend):
        asele, arvidsjaur = self.asele(backend), self.arvidsjaur(backend)
        backend.index_documents(COMPANIES, [SearchDocument(
            id="arvidsjaur-bageri", municipality_ids=[ARVIDSJAUR],
            fields={"name": "Fjällbageriet i Arvidsjaur AB", "sni_section": ["C"]})])
        with CaptureQueriesContext(connection) as queries:
            assert self.asele(backend) == asele
        assert counted(queries) == 0, "Åsele's counts were counted again after a write in Arvidsjaur"
        with CaptureQueriesContext(connection) as queries:
            after = self.arvidsjaur(backend)
        assert counted(queries) == 1
        assert (arvidsjaur.total, after.total) == (3, 4)
        assert ("C", 1) in after.facets["sni_section"]

    def test_a_scope_of_several_municipalities_follows_a_write_in_any_of_them(self, backend):
        assert self.region(backend).total == 5
        backend.delete_documents(COMPANIES, ["are-fjallguide"])
        assert self.region(backend).total == 4
        backend.delete_documents(COMPANIES, ["asele-cafe"])
        assert self.region(backend).total == 3
        backend.delete_documents(COMPANIES, ["lansjarv-handel"])  # Överkalix: outside the region
        with CaptureQueriesContext(connection) as queries:
            assert self.region(backend).total == 3
        assert counted(queries) == 0

    def test_a_document_moving_to_another_municipality_changes_the_counts_of_both(self, backend):
        assert (self.asele(backend).total, self.arvidsjaur(backend).total) == (2, 3)
        cafe = next(doc for doc in DOCUMENTS if doc.id == "asele-cafe")
        backend.index_documents(COMPANIES, [SearchDocument(
            id=cafe.id, municipality_ids=[ARVIDSJAUR], fields=cafe.fields)])
        assert (self.asele(backend).total, self.arvidsjaur(backend).total) == (1, 4)
        assert self.asele(backend).facets["sni_section"] == [("F", 1)]
        assert ("I", 1) in self.arvidsjaur(backend).facets["sni_section"]

    def test_the_first_write_in_a_municipality_without_documents_is_counted(self, backend):
        lycksele = 2481
        assert search(backend, "", municipality_ids=[lycksele]).total == 0
        backend.index_documents(COMPANIES, [SearchDocument(
            id="lycksele-el", municipality_ids=[lycksele], fields={"name": "Lycksele El", "sni_section": ["F"]})])
        assert search(backend, "", municipality_ids=[lycksele]).total == 1
        backend.rebuild(COMPANIES, DOCUMENTS)
        assert search(backend, "", municipality_ids=[lycksele]).total == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
class DatabasePlannerSettingTests:
    def test_a_search_inside_a_transaction_leaves_the_planner_setting_as_it_was(self, backend):
        with connection.cursor() as cursor, transaction.atomic():
            cursor.execute("SET LOCAL random_page_cost = 3")
            search(backend, "snickare", facets=("sni_section",))
            cursor.execute("SHOW random_page_cost")
            assert cursor.fetchone()[0] == "3"
