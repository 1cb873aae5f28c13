"""nginx on loopback, started as the current user from a config in a temporary directory.

Used by the tests that check the production nginx snippets (docker/nginx/snippets/) for real, and
by the benchmarks (bench/nginxlib.py adds what only they need): no system service, no root needed
(when run as root the workers stay root, so they can read the temporary directory).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

SNIPPETS = Path(__file__).resolve().parents[2] / "docker" / "nginx" / "snippets"


class NginxError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_process_group(process: subprocess.Popen | None) -> None:
    """SIGTERM to the process group a script started (a server's workers with it), then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def page_cache_proxy_location(app_port: int, *, websockets: bool = False) -> str:
    """Everything proxied to the app through the production page cache snippet. With `websockets`
    the upgrade is passed on as docker/nginx/platform.conf does (the SOT pages' live updates)."""
    connection = 'Upgrade $http_upgrade;\n            proxy_set_header Connection $http_connection' if websockets \
        else 'Connection ""'
    return f"""
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_http_version 1.1;
            proxy_set_header {connection};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            include {SNIPPETS / 'page-cache.conf'};
        }}"""


class LoopbackNginx:
    """`with LoopbackNginx(prefix, port, locations) as nginx:` serves until the block ends.

    `locations` is the text of the server block's locations. A cache zone named "pages" (what the
    production page-cache snippet expects) is always declared, under `prefix`.
    """

    def __init__(self, prefix: Path, port: int, locations: str, *, workers: int = 1):
        self.prefix, self.port, self.locations, self.workers = Path(prefix), port, locations, workers
        self.process: subprocess.Popen | None = None

    def config(self) -> str:
        p = self.prefix
        user = "user root root;" if os.geteuid() == 0 else ""
        return f"""
{user}
worker_processes {self.workers};
pid {p / 'nginx.pid'};
error_log {p / 'error.log'} warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type application/octet-stream;
    types {{ text/html html; text/plain txt; application/json json; application/geo+json geojson;
             text/css css; application/javascript js; }}
    client_body_temp_path {p / 'client_body'};
    proxy_temp_path {p / 'proxy'};
    fastcgi_temp_path {p / 'fastcgi'};
    uwsgi_temp_path {p / 'uwsgi'};
    scgi_temp_path {p / 'scgi'};
    proxy_cache_path {p / 'cache'} levels=1:2 keys_zone=pages:10m max_size=100m inactive=10m use_temp_path=off;
    server {{
        listen 127.0.0.1:{self.port};
        server_name _;{self.locations}
    }}
}}
"""

    def __enter__(self) -> "LoopbackNginx":
        if shutil.which("nginx") is None:
            raise NginxError("nginx is not installed (make install-dev installs Debian's nginx-light)")
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.config())
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.prefix), "-e", str(self.prefix / "error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not port_open(self.port):
            if self.process.poll() is not None:
                raise NginxError(f"nginx exited with {self.process.returncode}: {self.error_log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise NginxError(f"nginx did not start: {self.error_log()}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        stop_process_group(self.process)

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text()[-2000:] if log.exists() else ""


def snapshot_location(snapshot_parent: Path) -> str:
    """/sot-snapshot/ from disk through the production snippet; `snapshot_parent` holds sot-snapshot/."""
    return f"""
        location /sot-snapshot/ {{
            root {snapshot_parent};
            include {SNIPPETS / 'sot-snapshot.conf'};
        }}"""
