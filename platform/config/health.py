"""Health probes for each backing service. Each returns (ok, detail)."""
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache, caches
from django.db import connection

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


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
}
# Without the database nothing works; the others degrade the service (search falls
# back to the database, live updates fall back to page loads).
CRITICAL = {"database"}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # a probe must report, never raise
            logger.warning("health check %s failed: %s", name, exc)
            ok, detail = False, exc.__class__.__name__
        results[name] = {"ok": ok, "backend": detail}
    return results
