"""The one place that reads the process environment.

Every setting that may differ between the embedded stack and production is read
here and nowhere else, so `.env.example` can list them all. Empty values mean
"use the embedded default".
"""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

_env = environ.Env()
# A local .env (not committed) may hold developer overrides.
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY: str = _env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = _env.list("DJANGO_ALLOWED_HOSTS", default=[])
DATABASE_URL: str = _env.str("DATABASE_URL", default="")
# PostgreSQL connections each app process may hold at once (0: no pool, one per request in flight).
DATABASE_POOL_MAX_SIZE: int = _env.int("DATABASE_POOL_MAX_SIZE", default=0)
REDIS_URL: str = _env.str("REDIS_URL", default="")
ELASTICSEARCH_URL: str = _env.str("ELASTICSEARCH_URL", default="")
# False for OpenSearch-compatible servers (e.g. osmem-server in tests) that refuse the 8.x client's
# "compatible-with=8" media type; real Elasticsearch 8 keeps True. See platform/search/README.md.
ELASTICSEARCH_COMPAT_HEADERS: bool = _env.bool("ELASTICSEARCH_COMPAT_HEADERS", default=True)
# Prefix for index names, so several installations can share one cluster.
ELASTICSEARCH_INDEX_PREFIX: str = _env.str("ELASTICSEARCH_INDEX_PREFIX", default="")
EMAIL_URL: str = _env.str("EMAIL_URL", default="")
DEFAULT_FROM_EMAIL: str = _env.str("DEFAULT_FROM_EMAIL", default="")
# Where vulnerabilities are reported (published in /.well-known/security.txt, RFC 9116).
SECURITY_CONTACT_EMAIL: str = _env.str("SECURITY_CONTACT_EMAIL", default="")
# The domain under which each municipality gets a subdomain, e.g. "foretag.example.se"
# gives arvidsjaur.foretag.example.se; "localhost" locally.
PLATFORM_BASE_DOMAIN: str = _env.str("PLATFORM_BASE_DOMAIN", default="localhost")
# How many reverse proxies in front of the app append to X-Forwarded-For; the
# client IP used for rate limiting is taken that many hops from the right.
TRUSTED_PROXY_COUNT: int = _env.int("TRUSTED_PROXY_COUNT", default=0)
# Development only: lets staff reach the admin without a TOTP device.
# Production settings refuse to start when it is on.
INSECURE_DEV_SKIP_STAFF_MFA: bool | None = _env.bool("INSECURE_DEV_SKIP_STAFF_MFA", default=None)
STATIC_ROOT: str = _env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
MEDIA_ROOT: str = _env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
SQLITE_PATH: str = _env.str("SQLITE_PATH", default=str(BASE_DIR / "var" / "db.sqlite3"))
# Where the static SOT snapshot is written; nginx serves it at /sot-snapshot/ without the app.
SOT_SNAPSHOT_ROOT: str = _env.str("SOT_SNAPSHOT_ROOT", default=str(BASE_DIR / "var" / "sot-snapshot"))
# Reference embeddings of the competence suggestions (minutes to compute, kept between starts).
SEMANTIC_CACHE_DIR: str = _env.str("SEMANTIC_CACHE_DIR", default=str(BASE_DIR / "var" / "semantic"))
# During a disruption, a SOT point's status older than this is shown as "not confirmed since".
SOT_STATUS_STALE_AFTER_MINUTES: int = _env.int("SOT_STATUS_STALE_AFTER_MINUTES", default=60)
# The snapshot is rewritten this long after a change, in the background, once per burst of changes.
SOT_SNAPSHOT_DELAY_SECONDS: float = _env.float("SOT_SNAPSHOT_DELAY_SECONDS", default=1.0)
# Text messages (core.sms): the backend's dotted path (console on the embedded stack; in production
# "core.sms.ElksBackend" with 46elks' API username and password), and the sender shown on the phone.
SMS_BACKEND: str = _env.str("SMS_BACKEND", default="core.sms.ConsoleBackend")
SMS_SENDER: str = _env.str("SMS_SENDER", default="Kommunen")
SMS_ELKS_USERNAME: str = _env.str("SMS_ELKS_USERNAME", default="")
SMS_ELKS_PASSWORD: str = _env.str("SMS_ELKS_PASSWORD", default="")
# Geocoding (core.geocoding): the backend's dotted path (locality centres on the embedded stack; in
# production "core.geocoding.NominatimGeocoder" with a self-hosted Nominatim's base URL), and how long a
# form submit may wait for it before the locality's centre is used instead.
GEOCODER_BACKEND: str = _env.str("GEOCODER_BACKEND", default="core.geocoding.LocalityCentroidGeocoder")
NOMINATIM_URL: str = _env.str("NOMINATIM_URL", default="")
GEOCODER_TIMEOUT_SECONDS: float = _env.float("GEOCODER_TIMEOUT_SECONDS", default=2.0)
# CAP 1.2 feeds of official warnings (VMA, SMHI), read by `manage.py import_cap_alerts`.
CAP_FEED_URLS: list[str] = _env.list("CAP_FEED_URLS", default=[])


def ensure_parent_dir(path: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)


def database_config(url: str, *, pool_max_size: int = 0) -> dict:
    config = environ.Env.db_url_config(url)
    # Persistent connections are off: under ASGI each request may run in another thread, and
    # Django's docs advise CONN_MAX_AGE=0 there (connections would pile up per worker).
    config["CONN_MAX_AGE"] = 0
    config["CONN_HEALTH_CHECKS"] = True
    if pool_max_size:
        # Without a bound, a burst of uncached requests (say 200 during a storm) opens a connection
        # each and the server refuses the rest: the app answers 500. With it, they wait their turn.
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": pool_max_size, "timeout": 30}
    return config


def email_config(url: str) -> dict:
    return environ.Env.email_url_config(url)
