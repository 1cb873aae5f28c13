"""What a browser or crawler asks every host for, and what a visitor sees when a page is missing or broken."""
import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

HOST = "arvidsjaur.localhost"


def test_a_missing_page_is_the_municipalitys_own_404_with_a_way_on(client, arvidsjaur):
    response = client.get("/finns-inte/", HTTP_HOST=HOST)
    html = response.content.decode()
    assert response.status_code == 404
    assert re.search(r"<title>Sidan finns inte – Arvidsjaur</title>", html)
    assert "<h1>Sidan finns inte</h1>" in html
    assert 'href="/foretag/"' in html
    assert 'href="/sot/"' in html


def test_a_missing_page_is_in_english_for_an_english_visitor(client, arvidsjaur):
    client.cookies["django_language"] = "en"
    html = client.get("/finns-inte/", HTTP_HOST=HOST).content.decode()
    assert "<h1>Page not found</h1>" in html


def test_a_server_error_page_needs_no_request_context_and_points_at_the_sot_list():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in html
    assert 'href="/sot/lite/"' in html
    assert 'lang="en"' in html


def test_favicon_ico_answers_with_an_icon(client, arvidsjaur):
    response = client.get("/favicon.ico", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_robots_txt_names_this_hosts_sitemap_and_keeps_crawlers_out_of_accounts(client, arvidsjaur):
    response = client.get("/robots.txt", HTTP_HOST=HOST)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sitemap: http://arvidsjaur.localhost/sitemap.xml" in text.splitlines()
    assert "Disallow: /konto/" in text
    assert "Disallow: /admin/" in text


def test_the_language_switch_names_each_language_in_itself(client, arvidsjaur):
    html = client.get("/foretag/", HTTP_HOST=HOST).content.decode()
    assert re.search(r'<option value="sv" lang="sv" selected>Svenska</option>', html)
    assert re.search(r'<option value="en" lang="en">English</option>', html)
