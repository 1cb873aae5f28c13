"""The web log is not flooded by the Elasticsearch client: its line per request (logger
"elastic_transport.transport", at INFO) is kept out by the logging settings, its warnings are not."""
import logging

import pytest

from search import registry
from search.types import SearchQuery
from tests.search.conftest import (  # noqa: F401 - the search server fixtures, used as they are
    ALL_THREE,
    COMPANIES,
    DOCUMENTS,
    company_index,
    elasticsearch_configured,
    osmem_process,
    search_server_url,
)

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
CLIENT_REQUESTS = "elastic_transport.transport"


def request_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name == CLIENT_REQUESTS and record.levelno == logging.INFO]


def search_twice():
    registry.index_documents(COMPANIES.name, DOCUMENTS)
    registry.search_documents(COMPANIES.name, SearchQuery(text="snickare", municipality_ids=ALL_THREE))


class SearchClientLogTests:
    def test_searches_through_elasticsearch_write_no_line_per_request(
            self, company_index, elasticsearch_configured, caplog):  # noqa: F811
        search_twice()
        assert request_lines(caplog) == []
        assert logging.getLogger(CLIENT_REQUESTS).isEnabledFor(logging.WARNING)

    def test_the_client_would_write_them_at_info(self, company_index, elasticsearch_configured, caplog):  # noqa: F811
        """Shows the test above can fail: the client does log each request at INFO."""
        logger = logging.getLogger(CLIENT_REQUESTS)
        level = logger.level
        logger.setLevel(logging.INFO)
        try:
            search_twice()
        finally:
            logger.setLevel(level)
        assert any("POST" in line or "PUT" in line for line in request_lines(caplog))
