"""What a resident types finds the trade: SNI 2007 names, trade synonyms, and a helpful page when
nothing matches (issue 12).

Before: `tandläkare` found nothing in Arvidsjaur's demo although Tandvården Storgatan AB is
registered under SNI 86230 Tandläkarverksamhet, and a search that found nothing showed a bare
"Inga företag matchar sökningen."
"""
import re

import pytest
from django.core.management import call_command
from django.test import Client

from core.params import correction_to_offer
from directory.models import Company
from marketplace.models import ListingKind
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.marketplace import add_call_item, make_listing

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "arvidsjaur.localhost"


def _company_names(html: str) -> list[str]:
    """The companies listed as results, in order (each result card's heading link)."""
    return re.findall(r'<li class="card">\s*<h3><a href="[^"]*">([^<]+)</a>', html)


def _page(path: str, **query) -> str:
    response = Client().get(path, query, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


class SeededDemoTests:
    """The Done-when checks of issue 12 that this part makes true, on `seed_demo` as `make run` seeds it."""

    def test_tandlakare_finds_tandvarden_storgatan_in_arvidsjaur(self):
        call_command("seed_demo", verbosity=0)
        dentist = Company.objects.get(legal_name="Tandvården Storgatan AB")
        assert dentist.primary_sni == "86230"
        assert dentist.municipality.name == "Arvidsjaur"
        assert Company.objects.filter(legal_name="Fjällbageriet i Arvidsjaur AB", municipality__name="Arvidsjaur",
                                      status=Company.Status.PUBLISHED).exists()
        assert _company_names(_page("/foretag/", q="tandläkare"))[0] == "Tandvården Storgatan AB"
        assert _company_names(_page("/foretag/", q="Tandläkarverksamhet")) == ["Tandvården Storgatan AB"]

    def test_pizzeria_finds_nothing_and_says_how_to_search_instead(self):
        call_command("seed_demo", verbosity=0)
        html = _page("/foretag/", q="pizzeria")
        assert _company_names(html) == []  # never the whole directory
        assert "Vi hittade inget som matchar ”pizzeria”." in html
        assert "Kontrollera stavningen." in html
        # Browsing by industry instead: links to the sections that have companies, with counts.
        sections = re.findall(r'<ul class="search-help__browse"[^>]*>(.*?)</ul>', html, re.S)
        assert sections
        assert 'href="?sni_section=' in sections[0]
        assert "Vård och omsorg; sociala tjänster" in sections[0]


class SniNamesTests:
    def test_a_company_is_found_by_the_name_of_its_code(self, arvidsjaur):
        make_company(arvidsjaur, published=True, legal_name="Munhälsan i Byn AB", primary_sni="86230",
                     org_number=ORG_NUMBERS[0])
        make_company(arvidsjaur, published=True, legal_name="Nilssons Rör AB", primary_sni="43221",
                     org_number=ORG_NUMBERS[1])
        assert _company_names(_page("/foretag/", q="tandläkarverksamhet")) == ["Munhälsan i Byn AB"]
        assert _company_names(_page("/foretag/", q="sanitetsarbeten")) == ["Nilssons Rör AB"]  # 43221
        # Not through its class 4322 "VVS-arbeten" (a class names the neighbours too) but the trade synonyms:
        # VVS ↔ sanitetsarbeten, a part of "Värme- och sanitetsarbeten".
        assert _company_names(_page("/foretag/", q="VVS-arbeten")) == ["Nilssons Rör AB"]

    def test_a_secondary_code_is_searchable_too(self, arvidsjaur):
        make_company(arvidsjaur, published=True, legal_name="Byns Allservice AB", primary_sni="43320",
                     secondary_sni=["81210"], org_number=ORG_NUMBERS[2])
        assert _company_names(_page("/foretag/", q="lokalvård")) == ["Byns Allservice AB"]

    def test_a_listing_and_a_call_item_are_found_by_their_sni_names(self, arvidsjaur):
        make_listing(arvidsjaur, title="Hjälp med bokslutet", description="Litet aktiebolag söker hjälp.",
                     kind=ListingKind.REQUEST, sni_codes=["69201"])
        call = make_listing(arvidsjaur, kind=ListingKind.CALL, title="Vindparkens serviceväg",
                            description="Entreprenad under vintern.")
        add_call_item(call, description="Väg 12 km", sni_code="81290")
        call.save()  # the items are indexed with their listing
        html = _page("/marknadsplats/", q="redovisning")
        assert "Hjälp med bokslutet" in html
        assert "Vindparkens serviceväg" not in html
        html = _page("/marknadsplats/", q="rengöring")
        assert "Vindparkens serviceväg" in html
        assert "Hjälp med bokslutet" not in html


class EmptyAnswerTests:
    def test_filters_chosen_offer_a_link_to_the_same_words_without_them(self, arvidsjaur):
        make_company(arvidsjaur, published=True, legal_name="Munhälsan i Byn AB", primary_sni="86230",
                     org_number=ORG_NUMBERS[0])
        html = _page("/foretag/", q="tandläkarverksamhet", sni_section="F")
        assert _company_names(html) == []
        assert "Ta bort dina avgränsningar" in html
        link = re.search(r'<a href="([^"]+)">Ta bort dina avgränsningar</a>', html).group(1)
        assert "sni_section" not in link
        assert _company_names(_page("/foretag/" + link.replace("&amp;", "&"))) == ["Munhälsan i Byn AB"]

    def test_the_marketplace_says_what_was_searched_and_offers_categories(self, arvidsjaur):
        make_listing(arvidsjaur, title="Grävmaskin med förare")
        html = _page("/marknadsplats/", q="pizzeria")
        assert "Vi hittade inget som matchar ”pizzeria”." in html
        assert "Grävmaskin med förare" not in html
        assert 'href="?category=construction"' in html

    def test_a_search_that_finds_something_shows_no_help(self, arvidsjaur):
        make_company(arvidsjaur, published=True, legal_name="Munhälsan i Byn AB", primary_sni="86230",
                     org_number=ORG_NUMBERS[0])
        html = _page("/foretag/", q="munhälsan")
        assert _company_names(html) == ["Munhälsan i Byn AB"]
        assert "Vi hittade inget" not in html
        assert "Menade du" not in html


class DidYouMeanTests:
    """Needs the one-edit correction of the search layer (issue 12, "searchcore")."""

    def test_a_typo_offers_the_corrected_search_as_a_link(self):
        # ("bagerie" needs no correction: the stemmer already makes it "bageri".)
        call_command("seed_demo", verbosity=0)
        html = _page("/foretag/", q="tandvråden")
        match = re.search(r'<p class="did-you-mean">Menade du <a href="([^"]+)">([^<]+)</a>\?</p>', html)
        assert match, "no “Menade du …?” link"
        assert match.group(2) == "tandvården"
        corrected = _page("/foretag/" + match.group(1).replace("&amp;", "&"))
        assert _company_names(corrected)[0] == "Tandvården Storgatan AB"
        assert "Menade du" not in corrected

    def test_no_correction_is_offered_that_repeats_what_was_typed(self):
        assert correction_to_offer("Bageri ", "bageri") == ""
        assert correction_to_offer("bagerie", " bageri ") == "bageri"
        assert correction_to_offer("bagerie", "") == ""
