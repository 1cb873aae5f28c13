"""ASGI entry point: HTTP through Django, websockets through Channels."""
import gc
import os
import sys
from pathlib import Path

# The repo root holds the domain apps; platform/ is a source folder (not a package)
# holding the kernel apps. Both go on the path here, as in manage.py.
_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [p for p in (str(_ROOT), str(_ROOT / "platform")) if p not in sys.path]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Competence suggestions need the embedding model and its reference embeddings (minutes to compute
# on a new machine, moments from the disk cache after): prepared in a daemon thread, so no request
# waits for them (competence.suggestions).
from django.conf import settings  # noqa: E402

if settings.SEMANTIC_PREPARE_AT_START:
    from competence.suggestions import prepare_in_background  # noqa: E402

    prepare_in_background()

# One process holds a thousand open websockets during a disruption; a full garbage collection
# walks all their objects and stalls every socket (bench/sot_bench.py, status fan-out to 1,000
# clients: p99 836 ms before, ~480 ms after). Objects made at start-up are never garbage, so they
# leave the collector's view, and young collections run every 20,000 allocations instead of 700,
# which makes the full collections rare.
gc.freeze()
gc.set_threshold(20_000, 10, 10)
