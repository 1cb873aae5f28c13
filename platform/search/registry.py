"""Picks the search backend from settings, once per process."""
from functools import cache

from django.conf import settings

from .backends.base import SearchBackend
from .backends.database import DatabaseSearchBackend
from .backends.elasticsearch import ElasticsearchSearchBackend


@cache
def _backend_for(url: str) -> SearchBackend:
    return ElasticsearchSearchBackend(url) if url else DatabaseSearchBackend()


def get_search_backend() -> SearchBackend:
    return _backend_for(getattr(settings, "ELASTICSEARCH_URL", ""))
