"""Search in Elasticsearch 8 (used when ELASTICSEARCH_URL is set)."""
from functools import cached_property

from .base import SearchBackend

# Pages must fall back to database search quickly when the cluster is away.
REQUEST_TIMEOUT_SECONDS = 1.0


class ElasticsearchSearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str):
        self.url = url

    @cached_property
    def client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch(self.url, request_timeout=REQUEST_TIMEOUT_SECONDS, max_retries=0)

    def ping(self) -> bool:
        return bool(self.client.ping())
