"""WSGI entry point (management tools and plain WSGI hosts; production serves ASGI)."""
import os
import sys
from pathlib import Path

# The repo root holds the domain apps; platform/ is a source folder (not a package)
# holding the kernel apps. Both go on the path here, as in manage.py.
_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [p for p in (str(_ROOT), str(_ROOT / "platform")) if p not in sys.path]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
