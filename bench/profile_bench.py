#!/usr/bin/env python
"""Company profile page throughput, as a ratio to nginx serving the same HTML from a file.

    .venv/bin/python bench/profile_bench.py                    # PostgreSQL, 2 uvicorn workers
    .venv/bin/python bench/profile_bench.py --stack sqlite --duration 10

Needs wrk and nginx (Debian packages: apt-get update && apt-get install -y nginx wrk); nginx is
started by this script as the current user with a config in a temporary directory, never as a
system service. PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; the database `bench` is
dropped and created) and, for the cache run, Redis on 127.0.0.1:6379.

Steps: a fresh database, migrate, seed_demo, generate_companies (so the page is served from a
directory of realistic size), collectstatic; then the ASGI app config.asgi:application under
uvicorn with production settings and the flags of docker/Dockerfile. Production settings
redirect plain HTTP to HTTPS; here, as behind the production nginx, every request carries
`X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER), so the app runs unchanged with DEBUG off.
wrk requests one published profile page with the municipality's Host header:

    app, no cache          REDIS_URL empty: local-memory cache (each worker its own), every
                           request rendered by the app
    app, REDIS_URL set     the production cache backend; still every request rendered
    app + page cache       the production page cache: nginx with docker/nginx/snippets/page-cache.conf
                           in front of the app (REDIS_URL set). The app marks anonymous profile pages
                           `Cache-Control: public, max-age=30` (core.caching); nginx keeps them. This
                           is the "cached profile page" of the target.
    nginx, static file     the HTML the app just served, saved to a file, same URL, same wrk settings
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import nginxlib  # noqa: E402

TARGET_RATIO = 0.3  # cached profile page >= 0.3 x nginx (the target)
HEALTH_HEADERS = {"Host": "localhost", "X-Forwarded-Proto": "https"}  # no redirect to HTTPS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stack", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--companies", type=int, default=1000, help="generated companies besides the demo ones")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers and nginx worker_processes")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measured wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of wrk before each measured run")
    parser.add_argument("--app-port", type=int, default=8701)
    parser.add_argument("--nginx-port", type=int, default=8702)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9",
                        help="Redis for the cache run (a database number of its own; nothing is flushed)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--pg-database", default="bench", help="dropped and created; never 'test'")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    benchlib.require_django()
    benchlib.require_tools("wrk", "nginx")
    for port in (args.app_port, args.nginx_port):
        if nginxlib.port_open(port):
            raise SystemExit(f"port {port} on 127.0.0.1 is in use; choose another with --app-port/--nginx-port")

    if args.stack == "postgres":
        stack = benchlib.postgres_stack(host=args.pg_host, port=args.pg_port, user=args.pg_user,
                                        database=args.pg_database)
        problem = benchlib.check_postgres(stack)
        if problem:
            raise SystemExit(problem + "\n(or run with --stack sqlite)")
    else:
        stack = benchlib.sqlite_stack("profile")
    static_root = benchlib.BENCH_DIR / "static"
    extra_env = {"DJANGO_STATIC_ROOT": str(static_root)}

    started = time.perf_counter()
    benchlib.log("fresh database, migrate, seed_demo, generate_companies, collectstatic ...")
    benchlib.fresh_database(stack)
    benchlib.manage(stack, "migrate", "--noinput", "-v0", env_extra=extra_env)
    benchlib.manage(stack, "seed_demo", "-v0", "--this-is-a-demo-installation", "--port", str(args.app_port),
                    env_extra=extra_env)
    benchlib.manage(stack, "generate_companies", "--municipality", benchlib.PILOT, "--count", str(args.companies),
                    env_extra=extra_env)
    benchlib.manage(stack, "collectstatic", "--noinput", "-v0", env_extra=extra_env)
    if stack.name == "postgres":
        benchlib.vacuum_analyze(stack)
    slug = _profile_slug(stack, extra_env)
    host = f"{benchlib.PILOT}.localhost:{args.app_port}"
    path = f"/foretag/{slug}/"
    headers = {"Host": host, "X-Forwarded-Proto": "https"}
    wrk = WrkSettings(args.threads, args.connections, args.duration, args.warmup)

    runs: list[tuple[str, dict]] = []
    redis_env = {**extra_env, "REDIS_URL": args.redis_url}
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        tmpdir = Path(tmp)
        os.chmod(tmpdir, 0o755)
        with App(stack, args.app_port, args.workers, {**extra_env, "REDIS_URL": ""}):
            html = _fetch(args.app_port, path, headers)
            (tmpdir / "profile.html").write_bytes(html)
            benchlib.log(f"profile page {path} on {host}: {len(html)} bytes; saved for nginx")
            runs.append(("app, no cache (local memory)", wrk.run(args.app_port, path, headers)))
        if benchlib.redis_ok(args.redis_url):
            with App(stack, args.app_port, args.workers, redis_env):
                _fetch(args.app_port, path, headers)
                runs.append(("app, REDIS_URL set (every request rendered)", wrk.run(args.app_port, path, headers)))
                cache = nginxlib.page_cache_proxy_location(args.app_port)
                with nginxlib.LoopbackNginx(tmpdir / "cache-proxy", args.nginx_port, cache, workers=args.workers):
                    _fetch(args.nginx_port, path, headers)
                    status = _cache_status(args.nginx_port, path, headers)
                    if status != "HIT":
                        raise SystemExit(f"the page cache answered {status!r}, not HIT: is the page shareable?")
                    runs.append(("app + page cache (nginx, docker/nginx/snippets/page-cache.conf)",
                                 wrk.run(args.nginx_port, path, headers)))
        else:
            benchlib.log(f"Redis at {args.redis_url} does not answer PING: the cache runs are skipped")
        static = nginxlib.static_file_location(path, tmpdir, "profile.html")
        with nginxlib.LoopbackNginx(tmpdir / "static", args.nginx_port, static, workers=args.workers):
            served = _fetch(args.nginx_port, path, headers)
            assert served == html, "nginx must serve exactly the app's HTML"
            runs.append(("nginx, same HTML from a file", wrk.run(args.nginx_port, path, headers)))
    if not args.keep:
        benchlib.drop_database(stack)
    report(runs, stack, args, path, len(html), time.perf_counter() - started)


# wrk ----------------------------------------------------------------------------------------------

class WrkSettings:
    def __init__(self, threads: int, connections: int, duration: int, warmup: int):
        self.threads, self.connections, self.duration, self.warmup = threads, connections, duration, warmup

    def describe(self) -> str:
        return (f"wrk -t{self.threads} -c{self.connections} -d{self.duration}s --latency "
                f"(after a {self.warmup} s warm-up run)")

    def run(self, port: int, path: str, headers: dict) -> dict:
        command = ["wrk", f"-t{self.threads}", f"-c{self.connections}", "--latency", "--timeout", "10s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        url = f"http://127.0.0.1:{port}{path}"
        if self.warmup:
            subprocess.run(command + [f"-d{self.warmup}s", url], capture_output=True, text=True, check=True)
        out = subprocess.run(command + [f"-d{self.duration}s", url], capture_output=True, text=True, check=True).stdout
        result = parse_wrk(out)
        benchlib.log(f"  :{port} {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms")
        if result["errors"]:
            raise SystemExit(f"wrk saw {result['errors']} failed or non-2xx/3xx responses:\n{out}")
        return result


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(out: str) -> dict:
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "requests": int(re.search(r"(\d+) requests in", out).group(1)), "errors": 0}
    for pct in ("50", "75", "90", "99"):
        result[f"p{pct}"] = _ms(re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(x) for x in socket_errors.groups()) if socket_errors else 0)
    return result


# The servers --------------------------------------------------------------------------------------

class App:
    """uvicorn serving config.asgi:application with production settings, as docker/Dockerfile does."""

    def __init__(self, stack: benchlib.Stack, port: int, workers: int, env_extra: dict):
        self.stack, self.port, self.workers, self.env_extra = stack, port, workers, env_extra
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--app-dir", "platform",
                   "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
                   "--ws", "websockets-sansio", "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1",
                   "--lifespan", "off", "--no-access-log", "--no-server-header"]
        self.log = open(benchlib.BENCH_DIR / "uvicorn.log", "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(command, cwd=benchlib.REPO, env=self.stack.env(**self.env_extra),
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(lambda: _status(self.port, "/healthz", HEALTH_HEADERS) in (200, 503), self.process,
                  what="uvicorn (see var/bench/uvicorn.log)")
        return self

    def __exit__(self, *exc):
        nginxlib.stop_process_group(self.process)
        self.log.close()


def _wait_for(ready, process: subprocess.Popen, *, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    nginxlib.stop_process_group(process)
    raise SystemExit(f"{what} did not start within {timeout:.0f} s")


def _status(port: int, path: str, headers: dict) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def _cache_status(port: int, path: str, headers: dict) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.getheader("X-Cache-Status", "")
    finally:
        conn.close()


def _response_headers(port: int, path: str, headers: dict) -> list[tuple[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.getheaders()
    finally:
        conn.close()


def _fetch(port: int, path: str, headers: dict) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} on :{port} answered {response.status}, not 200")
    return body


def _profile_slug(stack: benchlib.Stack, extra_env: dict) -> str:
    """The first published company of the pilot: a demo profile with text, localities and JSON-LD."""
    code = ("from directory.models import Company; print(Company.objects.filter(municipality__slug=%r, "
            "status='published').order_by('pk').values_list('slug', flat=True)[0])" % benchlib.PILOT)
    result = subprocess.run([sys.executable, str(benchlib.MANAGE), "shell", "-v0", "-c", code], cwd=benchlib.REPO,
                            env=stack.env(**extra_env), capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


# Report -------------------------------------------------------------------------------------------

def report(runs: list[tuple[str, dict]], stack: benchlib.Stack, args, path: str, size: int, total_s: float) -> None:
    nginx = next(result for label, result in runs if label.startswith("nginx"))
    out = ["## Company profile page (`bench/profile_bench.py`)", ""]
    out.append(benchlib.markdown_table(["machine", ""], [list(r) for r in benchlib.machine_description([stack])]))
    out.append("")
    out.append(f"Page `{path}` ({size} bytes) on {stack.label()}, {args.companies} generated companies; "
               f"uvicorn --workers {args.workers}, nginx worker_processes {args.workers}; "
               f"{WrkSettings(args.threads, args.connections, args.duration, args.warmup).describe()}. "
               "wrk, the servers and the database share the same cores.")
    out.append("")
    rows = [[label, f"{r['rps']:.0f}", f"{r['p50']:.2f}", f"{r['p90']:.2f}", f"{r['p99']:.2f}",
             f"{r['rps'] / nginx['rps']:.3f}×"] for label, r in runs]
    out.append(benchlib.markdown_table(["server", "req/s", "p50 ms", "p90 ms", "p99 ms", "÷ nginx req/s"], rows,
                                       align="lrrrrr"))
    out.append("")
    cached = next((r for label, r in runs if "page cache" in label), None)
    if cached:
        ratio = cached["rps"] / nginx["rps"]
        verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
        out.append(f"Target cached profile ≥ {TARGET_RATIO}× nginx: **{verdict}** ({ratio:.3f}×), through the "
                   "production page cache (nginx in front of the app, anonymous page marked public).")
    out.append(f"Total run time {total_s / 60:.1f} min.")
    text = "\n".join(out)
    print(text)
    (benchlib.BENCH_DIR / f"profile-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
