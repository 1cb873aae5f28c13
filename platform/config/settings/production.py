"""Production: every secret and service comes from the environment (see .env.example)."""
from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

DEBUG = False
# Read by code that must behave differently on a real installation whatever the settings module is
# called (a staging module importing this one inherits it): seed_demo refuses to run without being
# told the installation is a demo.
PLATFORM_IS_PRODUCTION = True

if not env.SECRET_KEY or len(env.SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 random characters.")
SECRET_KEY = env.SECRET_KEY
if not env.ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the platform's host names.")
if env.INSECURE_DEV_SKIP_STAFF_MFA:
    raise ImproperlyConfigured(
        "INSECURE_DEV_SKIP_STAFF_MFA is a development-only setting; staff must use MFA in production."
    )
INSECURE_DEV_SKIP_STAFF_MFA = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{h.lstrip('.')}" if not h.startswith(".") else f"https://*{h}" for h in env.ALLOWED_HOSTS]
WAGTAILADMIN_BASE_URL = f"https://{PLATFORM_BASE_DOMAIN}"  # noqa: F405
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Whitenoise serves static files; the snapshot and media directories are served by nginx.
