"""Each municipality answers on its own host; the bare host lists them all."""
import re

import pytest

pytestmark = pytest.mark.django_db


class SiteRoutingTests:
    def test_each_municipality_host_serves_its_own_home_page(self, client, arvidsjaur, asele, overkalix):
        for municipality in (arvidsjaur, asele, overkalix):
            response = client.get("/", HTTP_HOST=f"{municipality.slug}.localhost:8000")
            assert response.status_code == 200
            assert f'<h1 id="home-title">{municipality.name}</h1>' in response.content.decode()

    def test_home_pages_differ_only_by_theme_tokens(self, client, arvidsjaur, asele):
        a = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        b = client.get("/", HTTP_HOST="asele.localhost").content.decode()
        assert "--color-primary:#1d4f7a;" in a
        assert "--color-primary:#1f5c3a;" in b
        assert 'href="/static/themes/css/site.css"' in a
        assert 'href="/static/themes/css/site.css"' in b

    def test_landing_page_lists_every_municipality(self, client, arvidsjaur, asele, overkalix):
        page = client.get("/", HTTP_HOST="localhost:8000").content.decode()
        for name in ("Arvidsjaur", "Åsele", "Överkalix"):
            assert name in page
        assert "http://asele.localhost/" in page

    def test_pages_are_in_swedish_by_default(self, client, arvidsjaur):
        page = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert '<html lang="sv">' in page
        assert "Hoppa till innehållet" in page

    def test_a_page_of_one_municipality_is_not_found_on_another_host(self, client, arvidsjaur, asele):
        from municipalities.models import ContentPage

        asele.site.root_page.add_child(instance=ContentPage(title="Frukostmöten", slug="frukost"))
        assert client.get("/frukost/", HTTP_HOST="asele.localhost").status_code == 200
        assert client.get("/frukost/", HTTP_HOST="arvidsjaur.localhost").status_code == 404

    def test_content_security_policy_is_sent_on_public_pages(self, client, arvidsjaur):
        response = client.get("/", HTTP_HOST="arvidsjaur.localhost")
        directives = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
        assert directives["default-src"] == "'self'"
        # No inline script at all on public pages; the one inline style (theme tokens) by its hash,
        # so the page can be shared by the proxy cache (a nonce would make it personal).
        assert directives["script-src"] == "'self'"
        assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/]+=*'", directives["style-src"])


class MunicipalityAdminTests:
    def test_editor_updates_the_office_phone_shown_in_the_footer(self, client, asele):
        from municipalities.models import Role
        from tests.factories.municipalities import make_staff

        client.force_login(make_staff(asele, Role.EDITOR))
        url = f"/admin/snippets/municipalities/municipality/edit/{asele.pk}/"
        form = {"office_name": "Näringslivsenheten", "office_email": "info@example.org", "office_phone": "070-174 06 99",
                "office_address": "Torget 1", "office_website": ""}
        assert client.post(url, form, HTTP_HOST="asele.localhost").status_code == 302
        client.logout()
        assert "070-174 06 99" in client.get("/", HTTP_HOST="asele.localhost").content.decode()

    def test_invalid_email_is_refused_in_swedish_next_to_the_field(self, client, asele):
        from municipalities.models import Role
        from tests.factories.municipalities import make_staff

        client.force_login(make_staff(asele, Role.EDITOR))
        url = f"/admin/snippets/municipalities/municipality/edit/{asele.pk}/"
        form = {"office_name": "X", "office_email": "inte-en-adress", "office_phone": "", "office_address": "",
                "office_website": ""}
        response = client.post(url, form, HTTP_HOST="asele.localhost")
        assert response.status_code == 200
        assert "Fyll i en giltig e-postadress" in response.content.decode()
        asele.refresh_from_db()
        assert asele.office_email != "inte-en-adress"
