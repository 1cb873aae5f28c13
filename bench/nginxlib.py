"""nginx on loopback for the benchmarks: tests/support/nginx.py (shared with the tests that check
the production nginx snippets) and what only the benchmarks need, one URL answered from a file."""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))  # for tests.support; after bench/, so the scripts keep their own modules first

from tests.support.nginx import (  # noqa: E402,F401  (re-exported for the benchmark scripts)
    SNIPPETS,
    LoopbackNginx,
    NginxError,
    free_port,
    page_cache_proxy_location,
    port_open,
    snapshot_location,
    stop_process_group,
)

# Headers nginx writes itself for a file (or per connection): never copied from the app's response.
_OWN_HEADERS = {"server", "date", "content-length", "content-type", "connection", "keep-alive",
                "transfer-encoding", "etag", "last-modified", "accept-ranges"}


def own_headers_dropped(headers) -> list[tuple[str, str]]:
    return sorted((name.lower(), value) for name, value in headers if name.lower() not in _OWN_HEADERS)


def static_file_location(path: str, root: Path, filename: str, response_headers=()) -> str:
    """One URL answered from one file (the benchmarks' 'same bytes from a file'). With `response_headers` (name,
    value pairs, e.g. what the page cache answered) nginx sends those too, so both sides put the same bytes
    on the wire: a cached page carries its CSP, Vary and cache headers, a bare file would not."""
    added = "".join(
        f'\n            add_header "{name}" "{value.replace(chr(34), chr(92) + chr(34))}" always;'
        for name, value in response_headers if name.lower() not in _OWN_HEADERS)
    return f"""
        location = {path} {{
            root {root};
            default_type "text/html; charset=utf-8";
            try_files /{filename} =404;{added}
        }}"""
