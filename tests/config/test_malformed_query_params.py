"""Every query parameter we parse answers malformed input without a server error.

Anything in an address can be typed by anyone. For each public URL (and the admin's bulk-action
URLs, whose ids the tenant guard parses) and each parameter it reads (grep `request.GET`, the
search parser and the API's filter schema), the test sends non-ASCII digits (`str.isdigit()` is true
for them, `int()` refuses '²'), NUL (PostgreSQL refuses it in text), a number past any integer
column, a negative number and a 10,000-character string. An answer may ignore the value (the page as
without it), refuse it (400, or 422 from the API) or not find what it names (404); it may not fail.

URLs that read no parameter are sent the ones their neighbours read: they must ignore them.
"""
import pytest

from municipalities.models import Locality, Role
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
HOST = "asele.localhost"

MALFORMED = {
    "superscript two": "²",
    "arabic-indic three": "٣",
    "NUL": "\x00",
    "NUL inside a word": "Åse\x00le",
    "huge number": "99999999999999999999",
    "negative number": "-1",
    "10,000 characters": "x" * 10_000,
}
REFUSED = {400, 404}  # besides the plain request's own status

SEARCH = ("q", "sni_section", "locality", "size_class", "crisis", "region", "nara", "lat", "lon", "sida")
NEAR = ("nara", "lat", "lon")
API = ("q", "sni_section", "locality", "size_class", "crisis", "page")
UNREAD = ("q", "sida", "nara", "page")

# (URL, the parameters it reads). {company} and {point} are the fixture's slugs.
PUBLIC_URLS = [
    ("/foretag/", SEARCH),
    ("/foretag/forslag/", ("q",)),
    ("/foretag/branscher/", ("q",)),
    ("/foretag/export.csv", UNREAD),
    ("/foretag/export.geojson", UNREAD),
    ("/foretag/{company}/", UNREAD),
    ("/sot/", NEAR),
    ("/sot/lite/", NEAR),
    ("/sot/sot.txt", NEAR),
    ("/sot/sot.json", NEAR),
    ("/sot/sot.geojson", NEAR),
    ("/sot/hsds.json", NEAR),
    ("/sot/{point}/", NEAR),
    ("/sot/{point}.txt", NEAR),
    ("/api/v1/foretag", API),
    ("/api/v1/openapi.json", UNREAD),
    ("/sprak/", ("next", "language")),
    ("/sitemap.xml", ("p",)),
    ("/konto/login/", ("next",)),
    ("/konto/signup/", ("next",)),
    ("/tillganglighet/", UNREAD),
    ("/", UNREAD),
]
# The tenant guard (municipalities.admin_guard) parses the ids of bulk actions before Wagtail does.
ADMIN_URLS = [
    ("/admin/bulk/wagtailcore/page/unpublish/", ("id",)),
    ("/admin/bulk/wagtailcore/page/unpublish/?id=all", ("childOf",)),
    ("/admin/pages/{page}/", ("p", "ordering", "q")),
]


@pytest.fixture
def slugs(asele, django_capture_on_commit_callbacks):
    centre = Locality.objects.create(municipality=asele, name="Åsele", latitude=64.1667, longitude=17.3333)
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        company = make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[centre],
                               description="Vi är två snickare som bygger kök och altaner.")
    point = make_point(asele, "Åsele lanthandel", locality=centre, latitude=64.16, longitude=17.33)
    return {"company": company.slug, "point": point.slug, "page": asele.site.root_page_id}


def _failures(client, url: str, names) -> list[str]:
    """'param=value-label -> status' for each answer that is a server error or an unexpected status."""
    client.raise_request_exception = False  # record every failure of the URL, not only the first
    separator = "&" if "?" in url else "?"
    plain = client.get(url, HTTP_HOST=HOST)
    assert plain.status_code < 500, f"{url} answers {plain.status_code} without parameters"
    allowed = {plain.status_code} | REFUSED | ({422} if url.startswith("/api/") else set())
    failures = []
    for name in names:
        for label, value in MALFORMED.items():
            response = client.get(url + separator + name + "=" + _quote(value), HTTP_HOST=HOST)
            if response.status_code not in allowed:
                failures.append(f"{name}={label} -> {response.status_code}")
    return failures


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


class MalformedQueryParameterTests:
    @pytest.mark.parametrize(("url", "names"), PUBLIC_URLS, ids=[url for url, _ in PUBLIC_URLS])
    def test_a_public_url_answers_malformed_parameters_without_an_error(self, client, slugs, url, names):
        failures = _failures(client, url.format(**slugs), names)
        assert failures == [], f"{url}: " + "; ".join(failures)

    @pytest.mark.parametrize(("url", "names"), ADMIN_URLS, ids=[url for url, _ in ADMIN_URLS])
    def test_an_admin_url_answers_malformed_parameters_without_an_error(self, client, slugs, asele, url, names):
        client.force_login(make_staff(asele, Role.EDITOR))
        failures = _failures(client, url.format(**slugs), names)
        assert failures == [], f"{url}: " + "; ".join(failures)
