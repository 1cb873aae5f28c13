"""A tiny HTTP server on 127.0.0.1 answering like Nominatim's /search, so the geocoder is tested
without the internet."""
import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

STORGATAN = [{"place_id": 1, "lat": "65.5912", "lon": "19.1801", "display_name": "Storgatan 1, Arvidsjaur",
              "type": "house"}]


class FakeNominatim(BaseHTTPRequestHandler):
    # Each server gets its own subclass: its answer, the queries it saw, and whether it stalls
    # (stall set) until the server is stopped.
    answer: bytes = b"[]"
    queries: list[dict]
    stall: threading.Event
    stopped: threading.Event

    def do_GET(self):
        url = urlparse(self.path)
        self.queries.append({"path": url.path, **{k: v[0] for k, v in parse_qs(url.query).items()}})
        if self.stall.is_set():
            self.stopped.wait(5)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def fake_nominatim(answer=None):
    """Yields (handler class, base URL); set `handler.answer` bytes or `handler.stall` to change it."""
    handler = type("Handler", (FakeNominatim,), {"answer": json.dumps(answer or []).encode(), "queries": [],
                                                 "stall": threading.Event(), "stopped": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_port}"
    finally:
        handler.stopped.set()
        server.shutdown()
        server.server_close()
