"""Shared helpers of the bench/ scripts: the stack a child process runs on, fresh databases,
manage.py steps, percentiles and the machine description printed with every result.

Benchmarks run the app with production settings (DEBUG off, no query logging) and a throw-away
secret; the database is chosen per run through the same environment variables production uses
(config/env.py), so nothing here reaches into settings.
"""
from __future__ import annotations

import datetime as dt
import os
import platform as std_platform  # the standard library's; the repo's platform/ is not on sys.path here
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / "var" / "bench"
MANAGE = REPO / "manage.py"
PILOT = "arvidsjaur"  # generated companies go here; searches and the profile page are on its host

# Names a benchmark must never drop: the CI's and the machine's own databases.
PROTECTED_DATABASES = {"test", "postgres", "root", "template0", "template1"}


@dataclass(frozen=True)
class Stack:
    """Where a child process keeps its data: SQLite (embedded) or PostgreSQL."""

    name: str  # "sqlite" | "postgres"
    sqlite_path: Path | None = None
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = "postgres"
    pg_database: str = "bench"

    @property
    def database_url(self) -> str:
        if self.name == "sqlite":
            return ""
        return f"postgres://{self.pg_user}@{self.pg_host}:{self.pg_port}/{self.pg_database}"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a child process on this stack (production settings, DEBUG off)."""
        env = dict(os.environ)
        env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "0123456789" * 4,
            "DJANGO_ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
            # Set to empty rather than removed: config.env also reads a developer's .env, and
            # empty values mean "embedded default" without letting that file fill them in.
            "DATABASE_URL": self.database_url,
            "REDIS_URL": "",
            "ELASTICSEARCH_URL": "",
            "EMAIL_URL": "",
            "SQLITE_PATH": str(self.sqlite_path) if self.sqlite_path else "",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(extra)
        return env

    def label(self) -> str:
        return "SQLite (embedded)" if self.name == "sqlite" else "PostgreSQL"


def sqlite_stack(name: str) -> Stack:
    return Stack("sqlite", sqlite_path=BENCH_DIR / f"{name}.sqlite3")


def postgres_stack(*, host: str, port: int, user: str, database: str) -> Stack:
    if database in PROTECTED_DATABASES or database.startswith("template"):
        raise SystemExit(f"refusing to use PostgreSQL database {database!r}: benchmarks drop their database")
    return Stack("postgres", pg_host=host, pg_port=port, pg_user=user, pg_database=database)


def _pg_admin(stack: Stack):
    import psycopg

    return psycopg.connect(host=stack.pg_host, port=stack.pg_port, user=stack.pg_user, dbname="postgres",
                           autocommit=True, connect_timeout=5)


def fresh_database(stack: Stack) -> None:
    """Drop and create the stack's database (an empty file for SQLite)."""
    if stack.name == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        drop_database(stack)
        return
    with _pg_admin(stack) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{stack.pg_database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{stack.pg_database}"')


def drop_database(stack: Stack) -> None:
    if stack.name == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{stack.sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    with _pg_admin(stack) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{stack.pg_database}" WITH (FORCE)')


def check_postgres(stack: Stack) -> str | None:
    """None when the server answers, else a sentence saying what to do."""
    try:
        with _pg_admin(stack) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable", reported as such
        return (f"PostgreSQL at {stack.pg_host}:{stack.pg_port} (user {stack.pg_user}, trust auth) is not "
                f"reachable: {exc}".strip())
    return None


def vacuum_analyze(stack: Stack) -> None:
    """What autovacuum does shortly after a bulk load; measuring before it would measure a transient."""
    import psycopg

    with psycopg.connect(host=stack.pg_host, port=stack.pg_port, user=stack.pg_user, dbname=stack.pg_database,
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def manage(stack: Stack, *args: str, env_extra: dict | None = None, quiet: bool = True) -> float:
    """Run a manage.py command on the stack; return its wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(MANAGE), *args], cwd=REPO, env=stack.env(**(env_extra or {})),
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed on {stack.label()} (exit {result.returncode})")
    if not quiet:
        sys.stderr.write(result.stdout)
    return time.perf_counter() - started


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100), at least 1
    return ordered[int(rank) - 1]


def parse_count(text: str) -> int:
    """'1k' -> 1000, '100k' -> 100000, '1m' -> 1000000, '2500' -> 2500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def human_count(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def require_tools(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"missing: {', '.join(missing)}. Install the Debian packages with:\n"
            f"    apt-get update && apt-get install -y {' '.join(missing)}\n"
            "(nginx is only started by the benchmark itself, as the current user; no system service is needed)")


def require_django() -> None:
    try:
        import django  # noqa: F401
    except ImportError:
        raise SystemExit(f"Django is not importable from {sys.executable}; run with .venv/bin/python") from None


def machine_description(stacks: list[Stack] = ()) -> list[tuple[str, str]]:
    """(what, value) rows for the results: CPU, cores, memory, versions, date."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = [
        ("date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("code", code_state()),
        ("load average (1, 5, 15 min) at the end", f"{load} (other processes share these cores)"),
        ("CPU", f"{cpu} ({os.cpu_count()} cores visible)"),
        ("memory", mem),
        ("OS", f"{std_platform.system()} {std_platform.release()}"),
        ("Python", std_platform.python_version()),
    ]
    try:
        import sqlite3

        import django
        import wagtail

        rows += [("Django / Wagtail", f"{django.get_version()} / {wagtail.__version__}"),
                 ("SQLite", sqlite3.sqlite_version)]
    except ImportError:
        pass
    for stack in stacks:
        if stack.name == "postgres" and check_postgres(stack) is None:
            with _pg_admin(stack) as conn:
                version = conn.execute("SHOW server_version").fetchone()[0]
                settings = {name: conn.execute(f"SHOW {name}").fetchone()[0]
                            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit")}
            rows.append(("PostgreSQL", f"{version} ({', '.join(f'{k}={v}' for k, v in settings.items())}; "
                                       f"same machine, loopback TCP)"))
            break
    return rows


def code_state() -> str:
    """The commit measured, and whether the search layer or the directory had uncommitted changes."""
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    import hashlib

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    own = {"directory/management/commands/generate_companies.py"}  # the benchmark's own data generator
    digest, dirty = hashlib.sha1(), []
    for path in ("platform/search", "directory"):
        diff = git("diff", "HEAD", "--", path)
        untracked = [f for f in git("ls-files", "--others", "--exclude-standard", "--", path).splitlines()
                     if f not in own]
        if diff or untracked:
            dirty.append(path)
            digest.update(diff.encode())
            for name in sorted(untracked):
                digest.update(name.encode() + (REPO / name).read_bytes())
    if not dirty:
        return f"commit {head}"
    return f"commit {head} + uncommitted changes in {', '.join(dirty)} (sha1 {digest.hexdigest()[:8]})"


def markdown_table(header: list[str], rows: list[list], align: str = "") -> str:
    align = align or "l" * len(header)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def database_exists(stack: Stack) -> bool:
    """Whether the stack's database is there to reuse (a kept run's)."""
    if stack.name == "sqlite":
        return stack.sqlite_path is not None and stack.sqlite_path.exists()
    with _pg_admin(stack) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [stack.pg_database]).fetchone() is not None


def redis_ok(url: str) -> bool:
    """Whether a Redis answers PING at a redis:// URL (without needing a client library)."""
    match = re.match(r"redis://([^:/]+)(?::(\d+))?", url)
    if not match:
        return False
    try:
        with socket.create_connection((match.group(1), int(match.group(2) or 6379)), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def log(message: str) -> None:
    """Progress goes to stderr; the report is stdout."""
    print(message, file=sys.stderr, flush=True)
