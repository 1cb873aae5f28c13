"""The accessibility statement (tillgänglighetsredogörelse) each municipality's site must publish
under the law on accessibility to digital public services (2018:1937), in the form DIGG asks for."""
import re

import pytest
from django.urls import reverse

from municipalities.services import municipality_update_office
from tests.factories.accounts import make_superuser

pytestmark = pytest.mark.django_db

URL = "/tillganglighet/"


def text_of(response) -> str:
    """The page's visible text in one line, so assertions do not depend on markup or wrapping."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return re.sub(r" ([.,:;)])", r"\1", text)  # a link closing before a full stop left a space


def footer_of(response) -> str:
    match = re.search(r'<footer class="site-footer">.*?</footer>', response.content.decode(), flags=re.S)
    assert match, "the page has no site footer"
    return match.group(0)


def set_office(municipality, **fields):
    admin = make_superuser(f"admin.{municipality.slug}@example.org")
    return municipality_update_office(municipality=municipality, actor=admin, **fields)


class AccessibilityStatementTests:
    def test_statement_answers_on_the_municipalitys_own_address(self, client, arvidsjaur):
        assert reverse("municipalities:accessibility-statement") == URL
        response = client.get(URL, HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code == 200
        assert '<html lang="sv">' in response.content.decode()
        assert "<h1>Tillgänglighetsredogörelse</h1>" in response.content.decode()

    def test_statement_has_every_part_digg_asks_for(self, client, arvidsjaur):
        text = text_of(client.get(URL, HTTP_HOST="arvidsjaur.localhost"))
        # Who stands behind it and which service it covers.
        assert "Det här är näringslivswebbplatsen för Arvidsjaur. Näringslivskontoret står bakom den" in text
        assert "Redogörelsen gäller näringslivswebbplatsen för Arvidsjaur på http://arvidsjaur.localhost" in text
        # Compliance, in one of the three words the law's template uses, against the named standard.
        assert "Webbplatsen är delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
        assert "EN 301 549" in text
        assert "WCAG 2.1 på nivå AA" in text
        # Known shortcomings with reasons, and the two kinds of exemption stated either way.
        assert "Innehåll som inte är tillgängligt" in text
        assert "Dokument (till exempel PDF-filer) som näringslivskontoret laddar upp kontrolleras inte automatiskt" in text
        assert "en skärmläsare läser inte upp ändringen (WCAG 4.1.3)" in text
        assert "Oskäligt betungande anpassning: Vi har inte undantagit något innehåll" in text
        assert "Innehåll som inte omfattas av lagen:" in text
        # Asking for content in another form, reporting, supervision.
        assert "Vad kan du göra om du inte kan använda delar av webbplatsen?" in text
        assert "Rapportera brister i webbplatsens tillgänglighet" in text
        assert ("Myndigheten för digital förvaltning (DIGG) ansvarar för tillsyn för lagen om tillgänglighet "
                "till digital offentlig service.") in text
        # How it was assessed and when.
        assert "Vi har gjort en självskattning (intern testning)" in text
        assert "Automatiska tester med axe-core mot WCAG 2.1 nivå A och AA" in text
        assert "Genomgångar med enbart tangentbord" in text
        assert "Senaste bedömningen gjordes den 2 december 2026." in text
        assert "Redogörelsen uppdaterades senast den 2 december 2026." in text

    def test_statement_links_to_diggs_complaint_form_as_a_plain_link(self, client, arvidsjaur):
        html = client.get(URL, HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert re.search(r'<a href="https://www\.digg\.se/tdosanmalan" rel="external">Anmäl bristande '
                         r'tillgänglighet till Myndigheten för digital förvaltning \(DIGG\)</a>', html)
        # An outgoing link only: nothing on the page is fetched from DIGG or anyone else.
        assert not re.search(r'<(img|script|iframe|link)\b[^>]*(src|href)="https?://', html)

    def test_statement_gives_the_municipalitys_own_office_contacts_and_no_one_elses(self, client, arvidsjaur, asele):
        set_office(asele, office_name="Näringslivsenheten i Åsele", office_email="naringsliv@asele.example.org",
                   office_phone="0941-140 00")
        set_office(arvidsjaur, office_name="Näringslivskontoret i Arvidsjaur",
                   office_email="naringsliv@arvidsjaur.example.org", office_phone="0960-155 00")

        response = client.get(URL, HTTP_HOST="asele.localhost")
        html, text = response.content.decode(), text_of(response)
        assert "Näringslivsenheten i Åsele står bakom den" in text
        assert "kontakta Näringslivsenheten i Åsele: E-post: naringsliv@asele.example.org Telefon: 0941-140 00" in text
        assert 'href="mailto:naringsliv@asele.example.org"' in html
        assert 'href="tel:094114000"' in html
        assert "arvidsjaur" not in html.lower()

    def test_statement_without_office_contacts_still_says_how_to_reach_the_municipality(self, client, arvidsjaur):
        text = text_of(client.get(URL, HTTP_HOST="arvidsjaur.localhost"))
        assert "Ring kommunens växel i Arvidsjaur och be att få tala med näringslivskontoret." in text

        set_office(arvidsjaur, office_website="https://www.arvidsjaur.se/")
        text = text_of(client.get(URL, HTTP_HOST="arvidsjaur.localhost"))
        assert "Kontaktuppgifter finns på kommunens webbplats, https://www.arvidsjaur.se/." in text

    def test_statement_is_not_found_on_the_platform_landing_host(self, client, arvidsjaur):
        assert client.get(URL, HTTP_HOST="localhost").status_code == 404


class AccessibilityStatementLinkTests:
    @pytest.mark.parametrize("path", ["/", "/foretag/", "/sot/", "/konto/signup/"],
                             ids=["home", "directory", "sot", "sign-up"])
    def test_footer_of_every_page_links_to_the_statement(self, client, arvidsjaur, path):
        response = client.get(path, HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code == 200
        assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer_of(response)

    def test_platform_landing_page_has_no_statement_link_of_a_municipality(self, client, arvidsjaur):
        response = client.get("/", HTTP_HOST="localhost")
        assert response.status_code == 200
        assert "/tillganglighet/" not in footer_of(response)
