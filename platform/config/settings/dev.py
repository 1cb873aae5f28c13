"""Local development: the embedded stack unless the environment names services."""
from config import env

from .base import *  # noqa: F403

DEBUG = True
# The demo can be explored without an authenticator app. Production settings
# refuse to start when this is on (see production.py); set it to false here to
# try the real MFA flow locally.
INSECURE_DEV_SKIP_STAFF_MFA = True if env.INSECURE_DEV_SKIP_STAFF_MFA is None else env.INSECURE_DEV_SKIP_STAFF_MFA
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic
