"""Swedish is the source language; the English catalogue must be complete and compiled."""
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


class CatalogueTests:
    def test_swedish_catalogue_ships(self):
        assert (LOCALE / "sv" / "LC_MESSAGES" / "django.mo").exists()
        assert len(_catalogue("sv")) > 50

    def test_every_english_string_is_translated(self):
        po = _catalogue("en")
        missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
        assert missing == []

    @pytest.mark.parametrize("language", ["sv", "en"])
    def test_compiled_catalogue_matches_its_source(self, language):
        po = _catalogue(language)
        mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
        source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
        assert compiled == source, "run `make messages` to recompile"


@pytest.mark.django_db
class EnglishPageTests:
    def test_choosing_english_translates_the_page_chrome(self, client, arvidsjaur):
        client.get("/sprak/", {"language": "en", "next": "/"}, HTTP_HOST="arvidsjaur.localhost")
        page = client.get("/", HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert '<html lang="en">' in page
        assert "Skip to content" in page
        assert "Hoppa till innehållet" not in page

    def test_an_english_visitor_reads_the_sot_list_in_english(self, client, overkalix):
        from tests.factories.sot_points import make_point

        make_point(overkalix)
        client.get("/sprak/", {"language": "en", "next": "/sot/"}, HTTP_HOST="overkalix.localhost")
        page = client.get("/sot/", HTTP_HOST="overkalix.localhost").content.decode()
        assert "Service and safety points" in page
        assert "Unknown" in page
        assert "Service- och trygghetspunkter" not in page
        assert "Okänd" not in page


@pytest.mark.django_db
class AllauthSwedishTests:
    """allauth's own Swedish says "epost" and, on the sign-up page, asks "Har du redan ett konto?"
    where it means the opposite; our catalogue words them as the rest of the site does."""

    def test_login_and_sign_up_say_e_post(self, client, arvidsjaur):
        from django.urls import reverse

        for name in ("account_login", "account_signup", "account_reset_password"):
            page = client.get(reverse(name), HTTP_HOST="arvidsjaur.localhost").content.decode()
            assert "E-post" in page, name
            assert "Epost" not in page, name
            assert "epost" not in page, name

    def test_the_sign_up_page_links_to_signing_in_with_a_question_that_fits(self, client, arvidsjaur):
        from django.urls import reverse

        page = client.get(reverse("account_signup"), HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "Har du redan ett konto? Då kan du" in page  # allauth's sign-up text, correctly: sign in
        login = client.get(reverse("account_login"), HTTP_HOST="arvidsjaur.localhost").content.decode()
        assert "Har du redan ett konto" not in login
