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
        assert "Service and safety points" in page and "Unknown" in page
        assert "Service- och trygghetspunkter" not in page and "Okänd" not in page
