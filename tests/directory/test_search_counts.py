"""The directory's facet counts for a filter without search words come from a cache; a resident
must still see the right counts and companies right after a company changes."""
import pytest

from directory import services
from directory.search import SearchParams, company_search
from municipalities.models import Locality
from tests.factories.directory import ORG_NUMBERS, _moderator, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""  # the cached counts belong to the database backend


@pytest.fixture
def directory(asele, database_search, django_capture_on_commit_callbacks):
    centre = Locality.objects.create(municipality=asele, name="Åsele", latitude=64.1667, longitude=17.3333)
    fredrika = Locality.objects.create(municipality=asele, name="Fredrika", latitude=64.083, longitude=18.4)
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written on commit
        carpenter = make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[centre])
        builder = make_company(asele, published=True, org_number=ORG_NUMBERS[1], legal_name="Åsele Bygg AB",
                               localities=[centre])
        make_company(asele, published=True, org_number=ORG_NUMBERS[2], legal_name="Fredrika Foder AB",
                     primary_sni="10910", localities=[fredrika])
    return carpenter, builder, centre, fredrika


def facet(result, name):
    return [(link.value, link.count) for link in result.facets[name]]


def names(result):
    return sorted(company.legal_name for company, _distance in result.rows)


class DirectoryFilteredCountsTests:
    def test_a_filter_shows_new_counts_right_after_a_company_changes_its_industry_and_place(
            self, asele, directory, django_capture_on_commit_callbacks):
        carpenter, _builder, _centre, fredrika = directory
        construction = SearchParams(filters={"sni_section": ["F"]})
        manufacturing = SearchParams(filters={"sni_section": ["C"]})
        before = company_search(params=construction, municipality=asele)
        assert (before.total, facet(before, "locality")) == (2, [("Åsele", 2)])
        assert company_search(params=manufacturing, municipality=asele).total == 1

        with django_capture_on_commit_callbacks(execute=True):
            services.company_update(actor=_moderator(asele), company=carpenter, primary_sni="10910",
                                    localities=[fredrika])

        after = company_search(params=construction, municipality=asele)
        assert (after.total, facet(after, "locality"), names(after)) == (1, [("Åsele", 1)], ["Åsele Bygg AB"])
        moved = company_search(params=manufacturing, municipality=asele)
        assert moved.total == 2
        assert facet(moved, "locality") == [("Fredrika", 2)]
        assert names(moved) == ["Fredrika Foder AB", "Snickeri i Åsele AB"]

    def test_a_filter_and_a_place_together_follow_a_new_company(self, asele, directory, arvidsjaur,
                                                                django_capture_on_commit_callbacks):
        _carpenter, _builder, centre, _fredrika = directory
        params = SearchParams(filters={"sni_section": ["F"], "locality": ["Åsele"]})
        assert company_search(params=params, municipality=asele).total == 2

        with django_capture_on_commit_callbacks(execute=True):
            make_company(asele, published=True, org_number=ORG_NUMBERS[3], legal_name="Torgets Snickeri AB",
                         localities=[centre])
            make_company(arvidsjaur, published=True, org_number=ORG_NUMBERS[4], legal_name="Arvidsjaur Bygg AB")

        result = company_search(params=params, municipality=asele)
        assert result.total == 3
        assert names(result) == ["Snickeri i Åsele AB", "Torgets Snickeri AB", "Åsele Bygg AB"]
        assert facet(result, "sni_section")[0][1] == 3

    def test_a_search_word_shows_new_counts_right_after_a_company_joins_or_moves(
            self, asele, directory, django_capture_on_commit_callbacks):
        _carpenter, _builder, centre, fredrika = directory
        words = SearchParams(text="snickeri")
        before = company_search(params=words, municipality=asele)
        assert facet(before, "locality") == [("Åsele", before.total)]

        with django_capture_on_commit_callbacks(execute=True):
            newcomer = make_company(asele, published=True, org_number=ORG_NUMBERS[3],
                                    legal_name="Fredrika Snickeri AB", localities=[fredrika])
        joined = company_search(params=words, municipality=asele)
        assert joined.total == before.total + 1
        assert "Fredrika Snickeri AB" in names(joined)
        assert sorted(facet(joined, "locality")) == [("Fredrika", 1), ("Åsele", before.total)]

        with django_capture_on_commit_callbacks(execute=True):
            services.company_update(actor=_moderator(asele), company=newcomer, localities=[centre])
        moved = company_search(params=words, municipality=asele)
        assert facet(moved, "locality") == [("Åsele", before.total + 1)]
