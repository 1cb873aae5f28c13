"""Registered indexes, the backend chosen from settings, and the facade domain apps call.

    register_index(spec, provider=all_documents)       # in the app's ready()
    search_documents(spec.name, SearchQuery(...))      # Elasticsearch, or the database on failure
    suggest(spec.name, "fjä", municipality_ids=[...])
    index_documents(spec.name, [doc]) / delete_documents(spec.name, [id])   # after commit

Writes always go to the database index (so the fallback is current) and also to Elasticsearch
when it is configured; an Elasticsearch failure is logged and noted (search.drift, reported by
/healthz), not raised, and `manage.py reconcile_search_index` (scheduled every 15 minutes,
settings.SCHEDULED_JOBS) repairs what it missed.
"""
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import drift
from .backends.base import SearchBackend, SearchBackendError
from .backends.database import DatabaseSearchBackend
from .backends.elasticsearch import MAINTENANCE_TIMEOUT_SECONDS, ElasticsearchSearchBackend
from .types import IndexSpec, SearchDocument, SearchQuery, SearchResult, prepare

logger = logging.getLogger(__name__)

Provider = Callable[[], Iterable[SearchDocument]]


@dataclass(frozen=True)
class RegisteredIndex:
    spec: IndexSpec
    provider: Provider | None  # every current document, for rebuild and reconcile


_indexes: dict[str, RegisteredIndex] = {}
_database = DatabaseSearchBackend()


def register_index(spec: IndexSpec, *, provider: Provider | None = None) -> None:
    """Make an index known; `provider()` must return all its documents (rebuild, reconcile)."""
    existing = _indexes.get(spec.name)
    if existing is not None and existing.spec != spec:
        raise ImproperlyConfigured(f"search index {spec.name} is registered twice with different specs")
    _indexes[spec.name] = RegisteredIndex(spec, provider or (existing.provider if existing else None))


def unregister_index(name: str) -> None:
    _indexes.pop(name, None)


def get_index(name: str) -> IndexSpec:
    try:
        return _indexes[name].spec
    except KeyError:
        raise LookupError(f"no search index named {name!r} is registered") from None


def registered_indexes() -> list[RegisteredIndex]:
    return sorted(_indexes.values(), key=lambda registered: registered.spec.name)


def get_registered(name: str) -> RegisteredIndex:
    get_index(name)
    return _indexes[name]


# Backends ------------------------------------------------------------------------------------

@cache
def _backend_for(url: str, compat_headers: bool = True, index_prefix: str = "") -> SearchBackend:
    if not url:
        return _database
    return ElasticsearchSearchBackend(url, compat_headers=compat_headers, index_prefix=index_prefix)


def _elasticsearch_settings() -> tuple[str, bool, str]:
    return (
        getattr(settings, "ELASTICSEARCH_URL", "") or "",
        bool(getattr(settings, "ELASTICSEARCH_COMPAT_HEADERS", True)),
        getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "") or "",
    )


def get_search_backend() -> SearchBackend:
    """The primary backend: Elasticsearch when ELASTICSEARCH_URL is set, else the database."""
    return _backend_for(*_elasticsearch_settings())


def get_database_backend() -> DatabaseSearchBackend:
    return _database


def get_elasticsearch_backend(*, maintenance: bool = False) -> ElasticsearchSearchBackend | None:
    """The configured Elasticsearch backend, or None. `maintenance=True` gives a separate
    instance with long timeouts for commands that move whole indexes."""
    url, compat_headers, index_prefix = _elasticsearch_settings()
    if not url:
        return None
    if maintenance:
        return ElasticsearchSearchBackend(url, compat_headers=compat_headers, index_prefix=index_prefix,
                                          request_timeout=MAINTENANCE_TIMEOUT_SECONDS)
    return _backend_for(url, compat_headers, index_prefix)


# Facade --------------------------------------------------------------------------------------

def search_documents(index_name: str, query: SearchQuery) -> SearchResult:
    """One page of results; answered by the database when Elasticsearch fails or is absent."""
    spec = get_index(index_name)
    spec.check_query(query)
    elasticsearch = get_elasticsearch_backend()
    if elasticsearch is not None:
        try:
            return elasticsearch.search(spec, query)
        except SearchBackendError as exc:
            logger.warning("search in %s fell back to the database: %s", index_name, exc)
    return _database.search(spec, query)


def suggest(index_name: str, prefix: str, *, municipality_ids: list[int], limit: int = 8) -> list[tuple[str, str]]:
    """(id, label) pairs for autocomplete, with the same fallback as search_documents."""
    spec = get_index(index_name)
    elasticsearch = get_elasticsearch_backend()
    if elasticsearch is not None:
        try:
            return elasticsearch.suggest(spec, prefix, municipality_ids, limit=limit)
        except SearchBackendError as exc:
            logger.warning("suggest in %s fell back to the database: %s", index_name, exc)
    return _database.suggest(spec, prefix, municipality_ids, limit=limit)


def index_documents(index_name: str, docs: Iterable[SearchDocument]) -> None:
    """Add or replace documents. Call it after commit (transaction.on_commit)."""
    spec = get_index(index_name)
    docs = list(docs)
    for doc in docs:
        prepare(spec, doc)  # a malformed document fails here, before anything is written
    _database.index_documents(spec, docs)
    elasticsearch = get_elasticsearch_backend()
    if elasticsearch is not None:
        try:
            elasticsearch.index_documents(spec, docs)
        except SearchBackendError as exc:
            logger.warning("indexing %d documents into Elasticsearch %s failed (reconcile repairs): %s",
                           len(docs), index_name, exc)
            drift.note_missed_writes(index_name, elasticsearch.name, [doc.id for doc in docs])


def delete_documents(index_name: str, ids: Iterable[str]) -> None:
    spec = get_index(index_name)
    ids = list(ids)
    _database.delete_documents(spec, ids)
    elasticsearch = get_elasticsearch_backend()
    if elasticsearch is not None:
        try:
            elasticsearch.delete_documents(spec, ids)
        except SearchBackendError as exc:
            logger.warning("deleting %d documents from Elasticsearch %s failed (reconcile repairs): %s",
                           len(ids), index_name, exc)
            drift.note_missed_writes(index_name, elasticsearch.name, ids)


# Maintenance (the management commands) -------------------------------------------------------

@dataclass
class ReconcileCounts:
    missing: int = 0
    stale: int = 0
    extra: int = 0
    ids: dict[str, list[str]] = field(default_factory=dict, repr=False)


def _backends_for_maintenance() -> list[SearchBackend]:
    elasticsearch = get_elasticsearch_backend(maintenance=True)
    return [_database, *([elasticsearch] if elasticsearch else [])]


def _provider(name: str) -> Provider:
    registered = get_registered(name)
    if registered.provider is None:
        raise ImproperlyConfigured(f"search index {name} was registered without a provider")
    return registered.provider


def rebuild_index(name: str) -> dict[str, int]:
    """Reload every backend from the provider; Elasticsearch through a new index and an alias swap."""
    spec, provider = get_index(name), _provider(name)
    return {backend.name: backend.rebuild(spec, provider()) for backend in _backends_for_maintenance()}


def reconcile_index(name: str) -> dict[str, ReconcileCounts]:
    """Index documents missing or stale in a backend and delete those the provider no longer has."""
    spec, provider = get_index(name), _provider(name)
    noted_up_to = drift.last_noted(name)  # before the provider is read: these misses it will see
    current: dict[str, tuple[SearchDocument, str]] = {}
    for doc in provider():
        current[doc.id] = (doc, prepare(spec, doc).content_hash)
    report = {}
    backends = _backends_for_maintenance()
    drift.forget_unconfigured(name, [backend.name for backend in backends], noted_up_to=noted_up_to)
    for backend in backends:
        backend.ensure_index(spec)
        stored = backend.document_hashes(spec)
        missing = sorted(i for i in current if i not in stored)
        stale = sorted(i for i in current if i in stored and stored[i] != current[i][1])
        extra = sorted(i for i in stored if i not in current)
        if missing or stale:
            backend.index_documents(spec, [current[i][0] for i in missing + stale])
        if extra:
            backend.delete_documents(spec, extra)
        report[backend.name] = ReconcileCounts(len(missing), len(stale), len(extra),
                                               ids={"missing": missing, "stale": stale, "extra": extra})
        drift.record_reconcile(name, backend.name, noted_up_to=noted_up_to, missing=len(missing),
                               stale=len(stale), extra=len(extra))
    return report
