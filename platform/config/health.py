"""Health probes for each backing service. Each returns (ok, detail) or (ok, detail, more fields)."""
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache, caches
from django.db import connection

from search.drift import drift_summary
from search.registry import get_search_backend

logger = logging.getLogger(__name__)


def check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def check_cache() -> tuple[bool, str]:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return ok, caches["default"].__class__.__name__


def check_channel_layer() -> tuple[bool, str]:
    layer = get_channel_layer()

    async def roundtrip() -> bool:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz.ping"})
        message = await layer.receive(channel)
        return message.get("type") == "healthz.ping"

    return async_to_sync(roundtrip)(), layer.__class__.__name__


def check_search() -> tuple[bool, str]:
    backend = get_search_backend()
    return backend.ping(), backend.name


def check_search_index() -> tuple[bool, str, dict]:
    """Documents the search server is behind the database on (writes it missed while away, noted
    by search.registry) and the last reconcile per index and backend. Read from the database
    only, so the probe stays cheap and never waits for the search server. Not ok while any write
    is unrepaired: the scheduled reconcile_search_index (every 15 minutes) clears it."""
    summary = drift_summary()
    behind = sum(n for backends in summary["drift"].values() for n in backends.values())
    return behind == 0, get_search_backend().name, {"documents_behind": behind, **summary}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
    "search_index": check_search_index,
}
# Without the database nothing works; the others degrade the service (search falls
# back to the database, live updates fall back to page loads, a search index that drifted
# answers with older documents until the scheduled reconcile repairs it).
CRITICAL = {"database"}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            ok, detail, *more = check()
        except Exception as exc:  # a probe must report, never raise
            logger.warning("health check %s failed: %s", name, exc)
            ok, detail, more = False, exc.__class__.__name__, []
        results[name] = {"ok": ok, "backend": detail, **(more[0] if more else {})}
    return results
