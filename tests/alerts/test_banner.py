"""The warning banner as residents meet it: on the municipality's pages, never breaking them."""
import copy
import logging
import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import timezone

from alerts.models import RejectedAlert
from tests.support.alert_messages import ASELE_VMA, MALFORMED, NORRBOTTEN_WIND, OVERKALIX_SNOW

pytestmark = pytest.mark.django_db

OVERKALIX = "overkalix.localhost"
PROCESSOR = "alerts.context_processors.official_alerts"


BANNER = "alerts/includes/alert_banner.html"


def _templates_with_processor():
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if PROCESSOR not in processors:
        processors.append(PROCESSOR)
    return templates


@pytest.fixture
def with_processor():
    """The wiring the site has (config/settings): the context processor, and the banner first among
    the site's banners. Asserted here so the tests hold whether or not settings already carry it."""
    banners = list(getattr(settings, "SITE_BANNER_TEMPLATES", []))
    with override_settings(TEMPLATES=_templates_with_processor(),
                           SITE_BANNER_TEMPLATES=banners if BANNER in banners else [BANNER, *banners]):
        yield


@pytest.fixture
def running(arvidsjaur, asele, overkalix, import_message):
    """The test warnings moved to the real current time, so the default `now` shows them."""
    now = timezone.now()
    for name in (NORRBOTTEN_WIND, OVERKALIX_SNOW, ASELE_VMA):
        assert import_message(name, at=now, now=now).outcome == "created"
    return overkalix


def _banner(host: str) -> str:
    request = RequestFactory().get("/", HTTP_HOST=host)
    from municipalities.middleware import MunicipalityMiddleware

    MunicipalityMiddleware(lambda r: None)(request)
    return render_to_string("alerts/includes/alert_banner.html", request=request)


class PageTests:
    def test_a_page_renders_after_rejected_messages_and_carries_the_valid_warning(
        self, client, running, import_message, with_processor
    ):
        for name in MALFORMED:
            assert import_message(name).outcome == "rejected"
        assert RejectedAlert.objects.count() == len(MALFORMED)
        response = client.get("/", HTTP_HOST=OVERKALIX)
        assert response.status_code == 200
        assert [a.headline for a in response.context["official_alerts"]] == [
            "Orange varning – Snöfall, Överkalix", "Gul varning – Mycket hård vind, Norrbottens län"]
        page = response.content.decode()
        assert 'class="official-alerts"' in page
        assert "Orange varning – Snöfall, Överkalix" in page
        assert "Viktigt meddelande" not in page

    def test_a_failing_selector_is_logged_and_the_page_renders_without_warnings(
        self, client, running, with_processor, monkeypatch, caplog
    ):
        def broken(*args, **kwargs):
            raise RuntimeError("database away")

        monkeypatch.setattr("alerts.context_processors.active_alerts_for", broken)
        with caplog.at_level(logging.ERROR, logger="alerts.banner"):
            response = client.get("/", HTTP_HOST=OVERKALIX)
            assert response.status_code == 200
            assert list(response.context["official_alerts"]) == []
            assert 'class="official-alerts"' not in response.content.decode()
        assert any("could not be read" in r.getMessage() for r in caplog.records)

    def test_the_platform_host_has_no_warnings(self, client, running, with_processor):
        response = client.get("/", HTTP_HOST="localhost")
        assert response.status_code == 200
        assert list(response.context["official_alerts"]) == []


class BannerTemplateTests:
    def test_the_banner_is_a_labelled_region_with_severity_in_words(self, running, with_processor):
        html = _banner(OVERKALIX)
        assert re.search(r'<section class="official-alerts" aria-labelledby="official-alerts-heading">', html)
        assert '<h2 id="official-alerts-heading"' in html
        assert "Varningar från myndigheter" in html
        assert html.index("Allvarlig fara:") < html.index("Orange varning – Snöfall, Överkalix")
        assert html.index("Måttlig fara:") < html.index("Gul varning – Mycket hård vind, Norrbottens län")
        assert html.index("Överkalix") < html.index("Norrbottens län")  # most severe first

    def test_each_warning_shows_area_times_advice_and_link(self, running, with_processor):
        html = _banner(OVERKALIX)
        assert "Överkalix kommun" in html
        assert "Norrbottens län" in html
        assert "Utfärdad" in html
        assert "Gäller till" in html
        assert "Väntas börja" in html
        assert len(re.findall(r'<time datetime="\d{4}-\d\d-\d\dT', html)) >= 5
        assert "Undvik onödiga resor." in html
        assert 'href="https://www.smhi.se/vader/varningar-och-brandrisk/varningar-och-meddelanden/varningar"' in html
        assert 'lang="sv-SE"' in html

    def test_another_county_sees_only_its_own_warning(self, running, with_processor):
        html = _banner("asele.localhost")
        assert "Viktigt meddelande till allmänheten i Åsele" in html
        assert "Norrbottens län" not in html
        assert "Gå inomhus och stäng dörrar" in html

    def test_no_warnings_render_nothing(self, arvidsjaur, with_processor):
        assert _banner("arvidsjaur.localhost").strip() == ""
