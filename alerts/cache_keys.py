"""The cache version of the banner's alert lists: every import that writes bumps it.

The cache is a convenience: when it is away, callers fall back to the database.
"""
import logging

from core import cache_versions

logger = logging.getLogger(__name__)

VERSION_KEY = "alerts:version"
# Bounds staleness where an import cannot reach the web process's cache (the embedded stack's
# per-process local-memory cache while the import runs as a separate command).
ACTIVE_ALERTS_TIMEOUT = 60


def current_version() -> str | None:
    return cache_versions.current_version(VERSION_KEY)


def bump_version() -> None:
    if not cache_versions.bump_version(VERSION_KEY):
        logger.warning("alerts cache unavailable, banner lists refresh within %ss", ACTIVE_ALERTS_TIMEOUT)


def active_alerts_key(version: str, municipality_code: str) -> str:
    return f"alerts:active:{version}:{municipality_code}"
