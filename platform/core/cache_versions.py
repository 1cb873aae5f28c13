"""Versioned cache entries: readers store under the current version, a change moves to a new one.

A reader that computed its value from data older than a change stores it under a version nobody
asks for any more, so nothing stale is served after a change, and nothing is deleted (which a
shared Redis with other users' keys would make risky). The cache is a convenience: when it is
unavailable these return None / False and callers use the database.
"""
import logging
import uuid

from django.core.cache import cache

logger = logging.getLogger("core.cache_versions")


def current_version(key: str) -> str | None:
    """The version stored at `key`, created on first use; None when the cache is unavailable."""
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
        return version
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, reading %s uncached: %s", key, exc)
        return None


def bump_version(key: str) -> bool:
    """Move `key` to a new version; False when the cache is unavailable."""
    try:
        cache.set(key, uuid.uuid4().hex, None)
        return True
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable, %s not bumped: %s", key, exc)
        return False
