"""The cache version of the banner's alert lists: every import that writes bumps it.

The cache is a convenience: when it is away, callers fall back to the database.
"""
import logging
import uuid

from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "alerts:version"
# Bounds staleness where an import cannot reach the web process's cache (the embedded stack's
# per-process local-memory cache while the import runs as a separate command).
ACTIVE_ALERTS_TIMEOUT = 60


def current_version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("alerts cache unavailable: %s", exc)
        return None


def bump_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception as exc:  # noqa: BLE001
        logger.warning("alerts cache unavailable, banner lists refresh within %ss: %s", ACTIVE_ALERTS_TIMEOUT, exc)


def active_alerts_key(version: str, municipality_code: str) -> str:
    return f"alerts:active:{version}:{municipality_code}"
