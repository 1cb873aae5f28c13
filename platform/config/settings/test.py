"""Test settings: embedded stack unless DATABASE_URL / REDIS_URL are set (make test runs both)."""
from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-use-0123456789abcdef"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "core.sms.LocmemBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSECURE_DEV_SKIP_STAFF_MFA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Static files straight from the apps (no collectstatic), also for the ASGI server some browser tests start.
WHITENOISE_USE_FINDERS = True
DIRECTORY_IMPORTS_INLINE = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}  # noqa: F405

import uuid  # noqa: E402

# One name per test process, for what several processes on one Redis would otherwise share (runs of
# the suite side by side, or pytest-xdist workers, whose databases are separate but whose ids repeat).
_PROCESS = f"test-{uuid.uuid4().hex[:8]}"
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    # Rate-limit counters (allauth keeps them in the cache) must not carry over between processes.
    CACHES["default"]["KEY_PREFIX"] = _PROCESS  # noqa: F405
if CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis"):  # noqa: F405
    # Redis pub/sub ignores the database number: without a prefix of its own, a broadcast to
    # "sot_points.status.1" in one process reaches the websockets of point 1 in every other.
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _PROCESS  # noqa: F405

# The SOT snapshot of this test process goes to a temporary directory, never into var/.
import tempfile  # noqa: E402

SOT_SNAPSHOT_ROOT = tempfile.mkdtemp(prefix="test-sot-snapshot-")
# Written at once, inside the test's transaction: a background writer's own connection would not
# see the test's uncommitted data (tests/sot_points/test_snapshot.py covers the background writer).
SOT_SNAPSHOT_DELAY_SECONDS = None

# Browser tests start the ASGI app; only the tests that use the suggestions prepare them.
SEMANTIC_PREPARE_AT_START = False
