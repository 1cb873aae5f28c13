"""Anonymous public pages are the same for everyone, so the proxy cache may share them;
anything personal must never be marked shareable."""
import re

import pytest

from core.csp import csp_hash
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.directory import make_company

HOST = "arvidsjaur.localhost"
pytestmark = pytest.mark.django_db


@pytest.fixture
def company(arvidsjaur):
    return make_company(arvidsjaur, published=True, legal_name="Snickeri i Moskosel AB")


def _get(client, path, **extra):
    return client.get(path, HTTP_HOST=HOST, secure=True, **extra)


def test_anonymous_profile_is_public_and_identical_for_every_visitor(client, company, django_user_model):
    first = _get(client, f"/foretag/{company.slug}/")
    second = _get(client, f"/foretag/{company.slug}/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert first["X-Accel-Expires"] == "30", "nginx keeps it 30 s; browsers revalidate"
    assert not first.cookies, "a cookie would make the page personal"
    assert first.content == second.content
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce-" not in first["Content-Security-Policy"]


def test_inline_theme_style_is_allowed_by_its_hash(client, company):
    response = _get(client, f"/foretag/{company.slug}/")
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    assert "--color-" in css
    style_src = re.search(r"style-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    assert csp_hash(css) in style_src.split()


def test_signed_in_visitor_gets_a_private_page(client, company):
    user = make_user("invanare@example.org")
    client.login(email=user.email, password=PASSWORD)
    response = _get(client, f"/foretag/{company.slug}/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_search_page_and_home_page_are_public_for_anonymous_visitors(client, company):
    assert _get(client, "/foretag/", data={"q": "snickeri"})["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert _get(client, "/")["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_pages_with_forms_are_never_marked_public(client, arvidsjaur):
    login = _get(client, "/konto/login/")
    assert login.status_code == 200
    assert "public" not in login.get("Cache-Control", "")


def test_missing_profile_is_not_cached(client, arvidsjaur):
    response = _get(client, "/foretag/finns-inte/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


class LanguageSwitchTests:
    def test_plain_get_form_switches_language_and_returns(self, client, company):
        response = _get(client, "/sprak/", data={"language": "en", "next": f"/foretag/{company.slug}/"})
        assert response.status_code == 302
        assert response["Location"] == f"/foretag/{company.slug}/"
        assert response.cookies["django_language"].value == "en"
        page = _get(client, f"/foretag/{company.slug}/").content.decode()
        assert '<html lang="en">' in page
        assert "Skip to content" in page

    def test_switch_refuses_to_send_the_visitor_elsewhere(self, client, arvidsjaur):
        response = _get(client, "/sprak/", data={"language": "en", "next": "https://evil.example/"})
        assert response["Location"] == "/"

    def test_unknown_language_changes_nothing(self, client, arvidsjaur):
        response = _get(client, "/sprak/", data={"language": "xx", "next": "/"})
        assert response.status_code == 302
        assert "django_language" not in response.cookies

    def test_switch_form_on_pages_carries_no_csrf_token(self, client, arvidsjaur):
        page = _get(client, "/").content.decode()
        form = re.search(r'<form class="language-switch"[^>]*>.*?</form>', page, re.S).group(0)
        assert 'method="get"' in form
        assert "csrfmiddlewaretoken" not in form


class LanguageVaryTests:
    """The page's language follows the django_language cookie, so a shared page must say it varies on it."""

    def test_a_shared_response_varies_on_cookie_and_accept_language_even_if_nothing_read_the_session(self):
        from django.contrib.auth.models import AnonymousUser
        from django.http import HttpResponse
        from django.test import RequestFactory

        from core.caching import apply_cache_policy, mark_shared

        request = RequestFactory().get("/sot/sot.txt")
        request.user = AnonymousUser()
        response = apply_cache_policy(request, mark_shared(HttpResponse("SOT-PUNKTER"), 10))
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=10"
        assert {v.strip() for v in response["Vary"].split(",")} == {"Accept-Language", "Cookie"}

    @pytest.mark.parametrize("path", ["/sot/lite/", "/sot/sot.txt", "/sot/sot.json"])
    def test_sot_pages_rendered_in_english_by_the_cookie_say_so_to_caches(self, client, arvidsjaur, settings, path):
        settings.INSECURE_DEV_SKIP_STAFF_MFA = True  # then no middleware reads the session by accident
        client.cookies["django_language"] = "en"
        response = _get(client, path)
        assert response["Content-Language"] == "en"
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=10"
        assert "Cookie" in {v.strip() for v in response["Vary"].split(",")}
