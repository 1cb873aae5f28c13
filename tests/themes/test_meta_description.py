"""Every public page tells search engines (and the link previews of chat apps) what it is: a meta
description, the editor's own where they wrote one, else a sentence naming the municipality."""
import re

import pytest

from tests.factories.directory import make_company

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def description(client, path: str, host: str) -> str:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    found = DESCRIPTION.findall(response.content.decode())
    assert len(found) == 1, f"{path}: {found}"
    return found[0]


@pytest.mark.django_db
class MetaDescriptionTests:
    @pytest.mark.parametrize("path", ["/", "/foretag/", "/sot/", "/sot/lite/"])
    def test_each_page_names_the_municipality_in_its_description(self, client, arvidsjaur, path):
        text = description(client, path, arvidsjaur.site.hostname)
        assert "Arvidsjaur" in text or path == "/sot/"
        assert len(text) > 40

    def test_the_directory_says_what_it_is_for(self, client, arvidsjaur):
        assert description(client, "/foretag/", arvidsjaur.site.hostname).startswith("Sök bland företagen i Arvidsjaur")

    def test_an_editors_search_description_wins(self, client, arvidsjaur):
        home = arvidsjaur.site.root_page.specific
        home.search_description = "Arvidsjaurs näringslivskontor hjälper dig att starta och driva företag."
        home.save_revision().publish()
        assert description(client, "/", arvidsjaur.site.hostname) == home.search_description

    def test_a_company_profile_is_described_by_the_company(self, client, arvidsjaur):
        company = make_company(arvidsjaur, published=True)
        company.description = "Vi bakar tunnbröd och kaffebröd i Arvidsjaur sedan 1987."
        company.save()
        assert description(client, f"/foretag/{company.slug}/", arvidsjaur.site.hostname) == company.description

    def test_english_visitors_get_an_english_description(self, client, arvidsjaur):
        client.cookies["django_language"] = "en"
        assert "Arvidsjaur" in description(client, "/", arvidsjaur.site.hostname)
        assert "Företag" not in description(client, "/", arvidsjaur.site.hostname)
