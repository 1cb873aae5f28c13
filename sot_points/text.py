"""The emergency text version: plain text for SMS and notice boards, at most 1 KB per point."""
from django.template.loader import render_to_string

MAX_BYTES = 1024
ELLIPSIS = "…"


def point_text(point, *, stale: bool) -> str:
    """Render; if too long, shorten the free-text message (the rest is short and structured)."""
    text = render_to_string("sot_points/point.txt", {"point": point, "stale": stale})
    message = point.status_message
    while len(text.encode()) > MAX_BYTES and message:
        overflow = len(text.encode()) - MAX_BYTES
        message = message[: max(0, len(message) - overflow - len(ELLIPSIS.encode()))]
        point.status_message = (message + ELLIPSIS) if message else ""
        text = render_to_string("sot_points/point.txt", {"point": point, "stale": stale})
    return text.encode()[:MAX_BYTES].decode(errors="ignore")
