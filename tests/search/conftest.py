"""A test-only company index with a few hand-written Swedish documents, and a real search
server (osmem-server, in-memory and OpenSearch-compatible) for the Elasticsearch path."""
import pytest
from django.test import override_settings
from osmem_server import OsmemServer

from search import registry
from search.backends.elasticsearch import ElasticsearchSearchBackend
from search.types import IndexSpec, SearchDocument

# Plain numbers: the search layer does not know what a municipality is.
ASELE, ARVIDSJAUR, OVERKALIX = 2463, 2505, 2513
ALL_THREE = [ASELE, ARVIDSJAUR, OVERKALIX]

COMPANIES = IndexSpec(
    name="test.company",
    text_fields={"name": 3.0, "description": 1.0},
    keyword_fields=("sni_section", "locality"),
    suggest_field="name",
    geo_field="position",
)


def company(doc_id, municipalities, name, description, sni, localities, position):
    return SearchDocument(id=doc_id, municipality_ids=municipalities, fields={
        "name": name, "description": description, "sni_section": sni,
        "locality": localities, "position": position,
    })


DOCUMENTS = [
    company("asele-snickeri", [ASELE], "Snickeri i Åsele AB", "Vi är snickare och bygger kök",
            ["F"], ["Åsele"], (64.1606, 17.3526)),
    company("asele-cafe", [ASELE], "Café Åsele Torg", "Kaffe, bullar och smörgåsar",
            ["I"], ["Åsele"], (64.1612, 17.3400)),
    company("are-fjallguide", [ARVIDSJAUR], "Åre Fjällguide", "Guidade turer på fjället, året runt",
            ["N"], ["Arvidsjaur"], (65.5920, 19.1700)),
    company("arvidsjaur-bygg", [ARVIDSJAUR], "Arvidsjaur Bygg & Snickeri", "Snickaren bygger hus och kök",
            ["F"], ["Arvidsjaur"], (65.5900, 19.1800)),
    company("lansjarv-handel", [OVERKALIX], "Lansjärv Handel", "Livsmedel och järnhandel. Snickarna i byn handlar här",
            ["G"], ["Lansjärv"], (66.6500, 22.2000)),
    company("lansjarv-snickeri", [OVERKALIX], "Lansjärv Snickeri", "Möbler och inredning",
            ["C"], ["Lansjärv"], (66.6600, 22.2100)),
    company("overkalix-snickare", [OVERKALIX], "Kalix Älvdals Snickare", "Snickare med verkstad i Överkalix",
            ["C", "F"], ["Överkalix"], (66.3300, 22.8400)),
    company("norrbotten-akeri", [ARVIDSJAUR, OVERKALIX], "Norrbottens Åkeri", "Transporter i hela länet",
            ["H"], ["Arvidsjaur", "Överkalix"], None),
]


@pytest.fixture
def company_index():
    """The test index, registered with a provider that returns `provider_documents`."""
    provider_documents = list(DOCUMENTS)
    registry.register_index(COMPANIES, provider=lambda: list(provider_documents))
    yield provider_documents
    registry.unregister_index(COMPANIES.name)


@pytest.fixture(scope="session")
def osmem_process():
    """One osmem-server per test process (each pytest-xdist worker starts its own)."""
    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture
def search_server_url(osmem_process):
    """An empty copy-on-write clone of the server for one test, on its own port."""
    clone = osmem_process.clone()
    yield clone.url
    clone.close()


@pytest.fixture
def elasticsearch_backend(search_server_url):
    return ElasticsearchSearchBackend(search_server_url, compat_headers=False)


@pytest.fixture
def elasticsearch_configured(search_server_url):
    """Settings pointing the facade at the test server (plain JSON headers for osmem)."""
    registry._backend_for.cache_clear()
    with override_settings(ELASTICSEARCH_URL=search_server_url, ELASTICSEARCH_COMPAT_HEADERS=False):
        yield search_server_url
    registry._backend_for.cache_clear()

