"""The production page-cache snippet (docker/nginx/snippets/page-cache.conf), run for real: nginx on
loopback in front of the live server. Anonymous public pages are served from the cache; signed-in
visitors and personal pages never are."""
import http.client

import pytest

from tests.factories.accounts import PASSWORD, make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_municipality
from tests.factories.sot_points import make_point
from tests.support.nginx import LoopbackNginx, free_port, page_cache_proxy_location

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def proxy(live_server, tmp_path):
    with LoopbackNginx(tmp_path / "nginx", free_port(), page_cache_proxy_location(live_server.thread.port)) as nginx:
        yield nginx


@pytest.fixture
def company(live_server):
    municipality = make_municipality("2505", preset="fjall", port=live_server.thread.port)
    return make_company(municipality, published=True, legal_name="Snickeri i Moskosel AB")


def _get(port: int, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "arvidsjaur.localhost"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_anonymous_profile_is_served_from_the_cache(proxy, company):
    path = f"/foretag/{company.slug}/"
    status, first_headers, first = _get(proxy.port, path)
    assert status == 200
    assert first_headers["x-cache-status"] == "MISS"
    _, second_headers, second = _get(proxy.port, path)
    assert second_headers["x-cache-status"] == "HIT"
    assert second == first
    assert "Snickeri i Moskosel AB" in second.decode()


def test_signed_in_visitor_bypasses_the_cache_and_sees_their_own_page(client, proxy, company):
    path = f"/foretag/{company.slug}/"
    _get(proxy.port, path)
    _get(proxy.port, path)  # now stored for anonymous visitors
    user = make_user("invanare@example.org")
    client.login(email=user.email, password=PASSWORD)
    session = client.cookies["sessionid"].value
    status, headers, body = _get(proxy.port, path, cookie=f"sessionid={session}")
    assert status == 200
    assert headers["x-cache-status"] == "BYPASS"
    assert "Logga ut" in body.decode()
    _, _, anonymous = _get(proxy.port, path)
    assert "Logga ut" not in anonymous.decode(), "a personal page must never be stored for others"


def test_pages_not_marked_public_are_never_stored(proxy, company):
    for _ in range(2):
        status, headers, _ = _get(proxy.port, "/konto/login/")
        assert status == 200
        assert headers["x-cache-status"] == "MISS"


@pytest.mark.parametrize("path", ["/sot/lite/", "/sot/sot.txt", "/sot/sot.json", "/"])
def test_a_visitor_who_chose_english_never_gets_swedish_from_the_cache_nor_gives_english_to_others(
        proxy, live_server, settings, path):
    """The language follows the django_language cookie. Whether anything else happened to read the session
    (which adds Vary: Cookie by itself) must not matter: with the development relaxation of staff MFA
    nothing does, and that is how one visitor's English page reached a Swedish visitor."""
    settings.INSECURE_DEV_SKIP_STAFF_MFA = True
    municipality = make_municipality("2505", preset="fjall", port=live_server.thread.port)
    make_point(municipality)
    english = [_get(proxy.port, path, cookie="django_language=en") for _ in range(2)]
    swedish = [_get(proxy.port, path) for _ in range(2)]
    english_again = _get(proxy.port, path, cookie="django_language=en")
    for status, headers, _ in (*english, *swedish, english_again):
        assert status == 200
        assert "public" in headers["cache-control"], "the page cache must stay in use"
    assert [headers["content-language"] for _, headers, _ in english] == ["en", "en"]
    assert [headers["content-language"] for _, headers, _ in swedish] == ["sv", "sv"]
    assert english_again[1]["content-language"] == "en"
    assert swedish[1][1]["x-cache-status"] == "HIT", "the common Swedish visitor is served from the cache"
    assert english_again[1]["x-cache-status"] == "HIT", "so are visitors who chose English"
    assert swedish[1][2] != english[1][2]
