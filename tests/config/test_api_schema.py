"""The read API keeps to its own OpenAPI document, whatever a client sends.

schemathesis reads /api/v1/openapi.json from the Django application itself (in-process WSGI, no
server) and generates requests for every operation, valid and invalid. Each answer must not be a
server error, must use a status code the document lists, and must match the documented schema and
content type. The municipality has a published company, so searches have something to find.
"""
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.api import api
from municipalities.models import Locality
from tests.factories.directory import ORG_NUMBERS, make_company

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
SCHEMA_URL = "/api/v1/openapi.json"

# The document is built here, at collection, because schemathesis's fixture-based loader does not
# run under pytest 9; a test below checks that the served document is this one.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# In-process WSGI in the test's thread: the requests see the test's transaction.
schema.app = WSGIHandler()


@pytest.fixture
def connection_kept_open():
    """Django's WSGI handler closes the database connection when a request starts and ends, as under a
    server; here that connection holds the test's transaction (the test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published_company(asele, django_capture_on_commit_callbacks, connection_kept_open):
    centre = Locality.objects.create(municipality=asele, name="Åsele", latitude=64.1667, longitude=17.3333)
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        return make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[centre],
                            description="Vi är två snickare som bygger kök och altaner.")


class ApiSchemaTests:
    def test_the_fuzzed_document_is_the_one_the_api_serves(self, client, asele):
        assert client.get(SCHEMA_URL, HTTP_HOST=ASELE).json() == schema.raw_schema

    def test_a_host_that_is_no_municipalitys_site_gets_a_documented_not_found(self, connection_kept_open):
        case = schema["/api/v1/foretag"]["GET"].Case()
        response = case.call_and_validate(headers={"Host": "localhost"})
        assert response.status_code == 404

    @schema.parametrize()
    # No example database: it would be written into the checkout; a failure report shows how to reproduce.
    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    def test_every_answer_is_documented_and_none_is_a_server_error(self, case, published_company):
        case.call_and_validate(headers={"Host": ASELE})
