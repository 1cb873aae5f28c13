#!/usr/bin/env python
"""SOT pages: page sizes, lite page throughput as a ratio to nginx, websocket status fan-out.

    .venv/bin/python bench/sot_bench.py                          # everything, ~3 min
    .venv/bin/python bench/sot_bench.py --parts sizes,throughput
    .venv/bin/python bench/sot_bench.py --parts fanout --clients 1000 --changes 20 --keep
    .venv/bin/python bench/sot_bench.py --reuse --parts fanout   # on the database a --keep run left

Needs wrk and nginx (Debian packages; nginx is started by this script as the current user with a
config in a temporary directory), PostgreSQL on 127.0.0.1:5432 (trust auth; the superuser
`postgres` creates a role `bench_sot` with CONNECTION LIMIT 40, which owns the database
`bench_sot`, dropped and created; both are dropped afterwards unless --keep) and Redis on
127.0.0.1:6379 (database 11 for the cache by default; nothing is flushed. The channel layer's
pub/sub channels are not per database). The role of its own is there because the app alone under
200 concurrent requests opens a PostgreSQL connection per request in flight: as the superuser,
which no connection limit binds, it took every connection of the shared server.

Setup, as bench/profile_bench.py: a fresh database, migrate, `seed_demo --port <app port>`,
collectstatic into var/bench/sot-static; then the SOT data of a municipality in a disruption
(Överkalix: its 3 demo points plus generated ones up to --points, a declared power cut, a status
with a message on every point but one, all through sot_points.services). The app is
config.asgi:application under uvicorn with production settings and the flags of docker/Dockerfile
(profile_bench.App), REDIS_URL set (Redis cache and the Redis pub/sub channel layer); requests
carry `X-Forwarded-Proto: https` as behind the production nginx. The parts:

    sizes       /sot/lite/ and /sot/ on overkalix.localhost:<port>: raw and gzip bytes, the full
                page with the same-origin subresources it loads, third-party requests counted
                from the parsed HTML (and the CSS it loads)
    throughput  wrk -t2 -c200 on /sot/lite/: the app alone (uvicorn --workers 2; and with only
                --app-connections 30), the app behind the production nginx page cache, nginx
                serving the same bytes from a file
    fanout      one uvicorn process (--workers 1), 1,000 websocket clients on /ws/sot/ in this
                process (asyncio, the `websockets` package), N status changes POSTed by the demo
                host through the real form (/sot/handlarn-i-lansjarv/lage/, signed in through
                /konto/login/); the time from just before each POST to each client's receipt,
                split at the PUBLISH by a subscriber on the group's Redis channel

Writes a Markdown report to stdout and var/bench/sot-<time>.md, with the figures as JSON beside it.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import html.parser
import http.client
import http.cookies
import json
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import nginxlib  # noqa: E402
from profile_bench import App, parse_wrk  # noqa: E402 - the same uvicorn flags and wrk parsing

PARTS = ("sizes", "throughput", "fanout")
MUNICIPALITY = "overkalix"
HOST_POINT = "handlarn-i-lansjarv"  # the example point; its demo host changes the status
HOST_EMAIL = "vard.lansjarv@example.org"
# seed_demo gives a production-settings install random passwords; SOT_DATA sets this one for the host.
HOST_PASSWORD = "bench-host-password-not-a-secret"  # nosec B105 # a throwaway bench database on loopback
GZIP_LEVEL = 6  # the figure checked against the targets (production nginx: gzip_comp_level 5)
NGINX_GZIP_LEVEL = 5  # docker/nginx/platform.conf
TARGET_LITE_BYTES = 14 * 1024
TARGET_FULL_BYTES = 30 * 1024
TARGET_CACHED_RATIO = 0.5
TARGET_FANOUT_P99_S = 1.0
# Long enough that the app alone, ~20-80 req/s here for 200 connections, answers rather than times out.
WRK_TIMEOUT_S = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--points", type=int, default=15, help="SOT points in Överkalix (3 demo + generated)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers and nginx worker_processes "
                                                                "for the throughput part")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=200, help="wrk connections")
    parser.add_argument("--app-connections", type=int, default=30,
                        help="an extra run of the app alone with this many wrk connections, fewer than the "
                             "role's connection limit: what the app serves without running out of database "
                             "connections (0: skip)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measured wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of wrk before each measured run")
    parser.add_argument("--clients", type=int, default=1000, help="websocket clients of the fan-out")
    parser.add_argument("--changes", type=int, default=20, help="status changes of the fan-out")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between status changes")
    parser.add_argument("--no-deflate", action="store_true",
                        help="clients do not offer permessage-deflate (browsers do)")
    parser.add_argument("--connect-concurrency", type=int, default=50,
                        help="websocket handshakes in flight at once while connecting")
    parser.add_argument("--app-port", type=int, default=8711)
    parser.add_argument("--nginx-port", type=int, default=8712)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11",
                        help="REDIS_URL of the app (cache database; nothing is flushed)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="bench_sot",
                        help="the role the app and the setup use: created (LOGIN CREATEDB, not a superuser) "
                             "with --pg-connection-limit, dropped afterwards unless --keep")
    parser.add_argument("--pg-admin-user", default="postgres", help="creates the role (trust auth)")
    parser.add_argument("--pg-connection-limit", type=int, default=40,
                        help="CONNECTION LIMIT of the role: the app alone opens one connection per request in "
                             "flight, and the PostgreSQL server is shared (0: no role, use --pg-user as it is)")
    parser.add_argument("--pg-database", default="bench_sot", help="dropped and created; never 'test'")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database a --keep run left (skip setup)")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown or not parts:
        raise SystemExit(f"--parts takes {', '.join(PARTS)}; got {args.parts!r}")
    if args.pg_database in ("bench", "bench_search"):
        raise SystemExit(f"{args.pg_database!r} belongs to another benchmark; use bench_sot or another name")
    benchlib.require_django()
    benchlib.require_tools("wrk", "nginx")
    for port in (args.app_port, args.nginx_port):
        if nginxlib.port_open(port):
            raise SystemExit(f"port {port} on 127.0.0.1 is in use; choose another with --app-port/--nginx-port")
    if not benchlib.redis_ok(args.redis_url):
        raise SystemExit(f"Redis at {args.redis_url} does not answer PING; the SOT benchmark needs it")
    stack = benchlib.postgres_stack(host=args.pg_host, port=args.pg_port, user=args.pg_user,
                                    database=args.pg_database)
    if args.pg_connection_limit:
        ensure_role(args)
    problem = benchlib.check_postgres(stack)
    if problem:
        raise SystemExit(problem)
    if "fanout" in parts:
        nofile = raise_open_file_limit(args.clients + 512)
    else:
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)

    benchlib.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = {"DJANGO_STATIC_ROOT": str(benchlib.BENCH_DIR / "sot-static"),
           "SOT_SNAPSHOT_ROOT": str(benchlib.BENCH_DIR / "sot-snapshot")}
    app_env = {**env, "REDIS_URL": args.redis_url}
    host = f"{MUNICIPALITY}.localhost:{args.app_port}"
    headers = {"Host": host, "X-Forwarded-Proto": "https"}
    started = time.perf_counter()
    results: dict = {"parts": parts, "host": host, "open_files": nofile}

    try:
        if args.reuse:
            if not benchlib.database_exists(stack):
                raise SystemExit(f"--reuse: database {stack.pg_database!r} does not exist (run once with --keep)")
            benchlib.log(f"reusing database {stack.pg_database}")
            results["setup"] = json.loads(_shell(stack, env, DESCRIBE_DATA))
        else:
            benchlib.log("fresh database, migrate, seed_demo, collectstatic, SOT data ...")
            fresh_database(args, stack)
            benchlib.manage(stack, "migrate", "--noinput", "-v0", env_extra=env)
            benchlib.manage(stack, "seed_demo", "-v0", "--this-is-a-demo-installation", "--port", str(args.app_port),
                            env_extra=env)
            benchlib.manage(stack, "collectstatic", "--noinput", "-v0", env_extra=env)
            results["setup"] = json.loads(_shell(stack, env, SOT_DATA.replace("__POINTS__", str(args.points))
                                                .replace("__HOST_EMAIL__", HOST_EMAIL)
                                                .replace("__HOST_PASSWORD__", HOST_PASSWORD)))
            benchlib.vacuum_analyze(stack)
            results["setup_s"] = time.perf_counter() - started
            benchlib.log(f"  {results['setup']['points']} points, {results['setup']['with_status']} with a status, "
                 f"disruption: {results['setup']['disruption']!r} ({results['setup_s']:.0f} s)")

        with tempfile.TemporaryDirectory(prefix="bench-sot-") as tmp:
            tmpdir = Path(tmp)
            os.chmod(tmpdir, 0o755)
            if "sizes" in parts or "throughput" in parts:
                with App(stack, args.app_port, args.workers, app_env):
                    if "sizes" in parts:
                        results["sizes"] = measure_sizes(args.app_port, headers, results["setup"]["points"])
                    if "throughput" in parts:
                        results["throughput"] = measure_throughput(args, headers, tmpdir)
            if "fanout" in parts:
                with App(stack, args.app_port, 1, app_env):
                    results["fanout"] = asyncio.run(measure_fanout(args, host, results["setup"]["municipality_id"]))
    finally:
        if not args.keep:
            if args.pg_connection_limit:
                drop_database_and_role(args)
            else:
                benchlib.drop_database(stack)
    results["total_s"] = time.perf_counter() - started
    report(results, args)


# The database role ---------------------------------------------------------------------------------

def _pg_admin(args):
    import psycopg

    return psycopg.connect(host=args.pg_host, port=args.pg_port, user=args.pg_admin_user, dbname="postgres",
                           autocommit=True, connect_timeout=5)


def ensure_role(args) -> None:
    """A role of the benchmark's own with a connection limit. The app under 200 concurrent requests opens
    one PostgreSQL connection per request in flight (Django runs each ASGI request's sync code on a thread
    of its own); as the superuser, which no limit binds, it took every connection of the shared server."""
    from psycopg import sql

    if args.pg_user in benchlib.PROTECTED_DATABASES or args.pg_user == args.pg_admin_user:
        raise SystemExit(f"--pg-user {args.pg_user!r}: the benchmark needs a role of its own to limit its "
                         "connections (or --pg-connection-limit 0 to run without one)")
    role, limit = sql.Identifier(args.pg_user), sql.Literal(args.pg_connection_limit)
    with _pg_admin(args) as conn:
        row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [args.pg_user]).fetchone()
        if row is None:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB NOSUPERUSER CONNECTION LIMIT {}").format(role, limit))
        elif row[0]:
            raise SystemExit(f"role {args.pg_user!r} is a superuser: connection limits do not bind it")
        else:
            conn.execute(sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(role, limit))


def fresh_database(args, stack: benchlib.Stack) -> None:
    """Drop and create the database, owned by the benchmark's role (an earlier run may have left it
    owned by another)."""
    if not args.pg_connection_limit:
        benchlib.fresh_database(stack)
        return
    from psycopg import sql

    with _pg_admin(args) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stack.pg_database)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(stack.pg_database),
                                                                   sql.Identifier(args.pg_user)))


def drop_database_and_role(args) -> None:
    from psycopg import sql

    try:
        with _pg_admin(args) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(args.pg_database)))
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(args.pg_user)))
    except Exception as exc:  # noqa: BLE001 - leaving a role behind is reported, not fatal
        benchlib.log(f"could not drop database {args.pg_database!r} or role {args.pg_user!r}: {exc}")


# Benchmark data -----------------------------------------------------------------------------------

# Run in `manage.py shell -c` after seed_demo: Överkalix in a power cut, with its demo points and
# generated ones (invented; phones from PTS's fiction range 070-174 06 05 – 99), every point but
# one with a fresh status and a message, all through the services a host or the office would use.
SOT_DATA = r'''
import json, random
from datetime import time
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from municipalities.models import Locality, Municipality
from sot_points import services
from sot_points.models import Capability as C, Disruption, OpeningHours, SotPoint

TOTAL = __POINTS__
m = Municipality.objects.get(slug="overkalix")
office = get_user_model().objects.get(email="redaktor.overkalix@example.org")
host = get_user_model().objects.get(email="__HOST_EMAIL__")
host.set_password("__HOST_PASSWORD__")
host.save(update_fields=["password"])
localities = {loc.name: loc for loc in Locality.objects.filter(municipality=m)}
HALL = [C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.WATER, C.WARM_ROOM, C.WARM_FOOD, C.TOILETS, C.INTERNET,
        C.CRISIS_SUPPORT, C.RELATIVES]
VILLAGE = [C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.WARM_ROOM, C.WATER, C.TOILETS]
GENERATED = [
    ("Överkalix brandstation", "Räddningstjänsten Överkalix", "Överkalix", "Brandstationsvägen 1",
     [C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.RAKEL, C.WATER, C.FIRST_AID, C.DEFIBRILLATOR], 60, 72, None),
    ("Överkalix församlingshem", "Svenska kyrkan i Överkalix", "Överkalix", "Kyrkvägen 4",
     [C.INFORMATION, C.WARM_ROOM, C.WARM_FOOD, C.TOILETS, C.CRISIS_SUPPORT, C.RELATIVES], None, None, 40),
    ("Tallviks bystuga", "Tallviks byaförening", "Tallvik", "Byvägen 7", VILLAGE, 15, 24, 20),
    ("Linafallets bygdegård", "Linafallets intresseförening", "Linafallet", "Älvvägen 21", VILLAGE, 20, 24, 25),
    ("Lansjärvs skola", "Överkalix kommun", "Lansjärv", "Skolvägen 5", HALL, 60, 48, 45),
    ("Överkalix hälsocentral", "Region Norrbotten", "Överkalix", "Vårdvägen 2",
     [C.INFORMATION, C.RESERVE_POWER, C.FIRST_AID, C.DEFIBRILLATOR, C.CRISIS_SUPPORT, C.RAKEL], 120, 96, None),
    ("Svartbyns bensinstation", "Svartby Bränsle AB", "Svartbyn", "Riksvägen 80",
     [C.INFORMATION, C.RESERVE_POWER, C.FUEL, C.FOOD_SALES, C.CHARGING, C.TOILETS], 30, 36, None),
    ("Överkalix bibliotek", "Överkalix kommun", "Överkalix", "Storgatan 18",
     [C.INFORMATION, C.CHARGING, C.INTERNET, C.WARM_ROOM, C.TOILETS, C.RELATIVES], None, None, 30),
    ("Överkalix sporthall", "Överkalix kommun", "Överkalix", "Idrottsvägen 3", HALL, 150, 72, 120),
    ("Tallviks camping", "Tallviks Camping & Stugby", "Tallvik", "Campingvägen 1",
     [C.INFORMATION, C.WATER, C.TOILETS, C.CHARGING, C.FOOD_SALES], 10, 12, None),
    ("Lansjärvs bygdegård", "Lansjärvs byaförening", "Lansjärv", "Bygdegårdsvägen 9", VILLAGE, 20, 30, 35),
    ("Svartbyns skola", "Överkalix kommun", "Svartbyn", "Skolvägen 1", HALL, 40, 48, 40),
]
for n, (name, host, loc, street, caps, kva, hours, places) in enumerate(GENERATED[:max(0, TOTAL - 3)]):
    locality = localities.get(loc)
    point, created = SotPoint.objects.get_or_create(
        municipality=m, slug=slugify(name),
        defaults=dict(name=name, host_name=host, locality=locality, street_address=street,
                      postal_code="956 9%d" % (n % 10), postal_town=loc,
                      latitude=locality.latitude + 0.004 * (n % 5), longitude=locality.longitude - 0.006 * (n % 4),
                      phone="070-174 06 %d" % (60 + n), capabilities=list(caps), generator_kva=kva,
                      fuel_hours=hours, warm_room_places=places))
    if created:
        for weekday in range(7):
            if weekday == 6 and n % 3 == 0:
                continue  # closed on Sundays
            OpeningHours.objects.create(point=point, kind="normal", weekday=weekday, opens=time(8 + n % 3),
                                        closes=time(18 if weekday < 5 else 15))
            OpeningHours.objects.create(point=point, kind="disruption", weekday=weekday, opens=time(7),
                                        closes=time(22))
if not Disruption.objects.filter(municipality=m, ended_at__isnull=True).exists():
    services.disruption_declare(
        actor=office, municipality=m, kind="power", title="Strömavbrott i stora delar av kommunen",
        message="Stormen har fällt träd över ledningarna. Vattenfall räknar med att strömmen är tillbaka "
                "tidigast i morgon kväll. SOT-punkterna nedan har reservkraft: där kan du ladda telefonen, "
                "hämta vatten, värma dig och få hjälp att nå 112. Ring 112 vid fara för liv.")
MESSAGES = [
    "Kaffe och laddning finns, ta med egen sladd.",
    "Reservkraften är igång. Värmestugan är öppen hela natten, filtar finns.",
    "Vatten delas ut vid lastkajen, ta med egen dunk.",
    "Bara laddning och information just nu, värmestugan öppnar kl. 18.",
    "Varm soppa serveras 12–14 och 17–19.",
    "Rakel-radio bemannad dygnet runt, här når du 112 om telefonen inte fungerar.",
    "",
]
CLOSED = "Stängt i väntan på bränsle till reservkraftverket. Närmaste öppna punkt: Folkets hus."
rng = random.Random(2513)
points = list(SotPoint.objects.filter(municipality=m).order_by("pk"))
with_status = 0
for i, point in enumerate(points):
    if point.slug == "svartbyns-bygdegard":
        continue  # one point whose host has not confirmed anything: "Läget är inte bekräftat"
    status = "closed" if i % 7 == 5 else ("limited" if i % 4 == 3 else "open")
    caps = [c for c in point.capabilities if rng.random() < 0.8]
    places = rng.randint(0, point.warm_room_places) if point.warm_room_places and C.WARM_ROOM in caps else None
    message = CLOSED if status == "closed" else MESSAGES[i % len(MESSAGES)]
    services.point_status_update(actor=office, point=point, status=status, available_now=caps, places_free=places,
                                 message=message)
    with_status += 1
print(json.dumps({"points": len(points), "with_status": with_status, "municipality_id": m.pk,
                  "disruption": str(Disruption.objects.filter(municipality=m, ended_at__isnull=True).first())}))
'''

DESCRIBE_DATA = r'''
import json
from municipalities.models import Municipality
from sot_points.models import Disruption, SotPoint
points = SotPoint.objects.filter(municipality__slug="overkalix", is_published=True)
print(json.dumps({"points": points.count(), "with_status": points.exclude(status="unknown").count(),
                  "municipality_id": Municipality.objects.get(slug="overkalix").pk,
                  "disruption": str(Disruption.objects.filter(municipality__slug="overkalix",
                                                              ended_at__isnull=True).first())}))
'''


def _shell(stack: benchlib.Stack, env: dict, code: str) -> str:
    result = subprocess.run([sys.executable, str(benchlib.MANAGE), "shell", "-v0", "-c", code], cwd=benchlib.REPO,
                            env=stack.env(**env), capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit("manage.py shell -c failed (SOT benchmark data)")
    return result.stdout.strip().splitlines()[-1]


# Sizes --------------------------------------------------------------------------------------------

class _Links(html.parser.HTMLParser):
    """What the browser loads by itself (src of any element, href of <link>) and plain links."""

    def __init__(self):
        super().__init__()
        self.loads: list[tuple[str, str]] = []  # (what, url)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.loads.append((f"<{tag} {name}>", attrs[name].split()[0]))
        if tag == "link" and attrs.get("href"):
            self.loads.append((f"<link rel={attrs.get('rel', '')}>", attrs["href"]))
        elif attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def _same_origin(url: str) -> bool:
    parsed = urllib.parse.urlsplit(url)
    return not parsed.scheme and not parsed.netloc  # relative or root-relative; "//host" has a netloc


def _gz(data: bytes, level: int) -> int:
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def measure_sizes(port: int, headers: dict, points: int) -> dict:
    plain = {**headers, "Accept-Encoding": "identity"}
    rows = []
    lite_status, lite_headers, lite = _request(port, "GET", "/sot/lite/", plain)
    full_status, full_headers, full = _request(port, "GET", "/sot/", plain)
    if lite_status != 200 or full_status != 200:
        raise SystemExit(f"/sot/lite/ answered {lite_status}, /sot/ answered {full_status}")
    lite_points = lite.count(b'<li class="p"')
    full_points = full.count(b"data-sot-point=")
    if lite_points != points or full_points != points:
        raise SystemExit(f"the pages list {lite_points} (lite) and {full_points} (full) points, not all {points}")
    for label, body in (("/sot/lite/ (HTML, inline CSS)", lite), ("/sot/ (HTML)", full)):
        rows.append({"what": label, "raw": len(body), "gzip": _gz(body, GZIP_LEVEL),
                     "gzip_nginx": _gz(body, NGINX_GZIP_LEVEL), "served_gz": None})

    parser = _Links()
    parser.feed(full.decode())
    third_party = [url for _, url in parser.loads if not _same_origin(url)]
    external_links = [url for url in parser.links
                      if not _same_origin(url) and not url.startswith(("tel:", "mailto:", "#"))]
    sub_rows, css_urls = [], []
    for what, url in parser.loads:
        if url in third_party:
            continue
        status, _, body = _request(port, "GET", url, plain)
        if status != 200:
            raise SystemExit(f"{url} (loaded by /sot/) answered {status}")
        _, got_headers, served = _request(port, "GET", url, {**headers, "Accept-Encoding": "gzip"})
        served_gz = len(served) if got_headers.get("content-encoding") == "gzip" else None
        sub_rows.append({"what": f"{url} ({what})", "raw": len(body), "gzip": _gz(body, GZIP_LEVEL),
                         "gzip_nginx": _gz(body, NGINX_GZIP_LEVEL), "served_gz": served_gz})
        if url.endswith(".css"):
            css_urls += re.findall(rb"url\(\s*['\"]?([^'\")]+)", body) + re.findall(rb"@import\s+['\"]([^'\"]+)", body)
    css_third_party = [u.decode() for u in css_urls if not _same_origin(u.decode()) and not u.startswith(b"data:")]
    third_party += css_third_party

    # After the first view, live.js registers the service worker, which stores four SOT pages.
    later = []
    sw_status, _, sw = _request(port, "GET", "/sot/sw.js", plain)
    if sw_status == 200:
        later.append({"what": "/sot/sw.js (registered by live.js after load)", "raw": len(sw),
                      "gzip": _gz(sw, GZIP_LEVEL)})
        match = re.search(rb"const PAGES = (\[[^\]]*\])", sw)
        for url in json.loads(match.group(1)) if match else []:
            status, _, body = _request(port, "GET", url, plain)
            later.append({"what": f"{url} (stored by the service worker)", "raw": len(body),
                          "gzip": _gz(body, GZIP_LEVEL), "status": status})

    snapshot = benchlib.BENCH_DIR / "sot-snapshot" / MUNICIPALITY / "index.html"
    snapshot_row = None
    if snapshot.exists():
        data = snapshot.read_bytes()
        snapshot_row = {"what": f"/sot-snapshot/{MUNICIPALITY}/ (static snapshot, served by nginx)", "raw": len(data),
                        "gzip": _gz(data, GZIP_LEVEL), "gzip_nginx": _gz(data, NGINX_GZIP_LEVEL), "served_gz": None}
    full_total = {"raw": rows[1]["raw"] + sum(r["raw"] for r in sub_rows),
                  "gzip": rows[1]["gzip"] + sum(r["gzip"] for r in sub_rows),
                  "gzip_nginx": rows[1]["gzip_nginx"] + sum(r["served_gz"] or r["gzip_nginx"] for r in sub_rows)}
    csp = full_headers.get("content-security-policy", "")
    benchlib.log(f"sizes: lite {rows[0]['raw']} B raw / {rows[0]['gzip']} B gzip; full page with subresources "
         f"{full_total['raw']} B raw / {full_total['gzip']} B gzip; third-party requests {len(third_party)}")
    return {"pages": rows, "subresources": sub_rows, "full_total": full_total, "later": later,
            "snapshot": snapshot_row, "third_party": third_party, "external_links": external_links,
            "loads": [url for _, url in parser.loads], "csp": csp, "points_listed": lite_points,
            "lite_cache_control": lite_headers.get("cache-control", ""),
            "full_cache_control": full_headers.get("cache-control", "")}


# Throughput ---------------------------------------------------------------------------------------

def run_wrk(args, port: int, path: str, headers: dict, connections: int | None = None) -> dict:
    connections = connections or args.connections
    command = ["wrk", f"-t{args.threads}", f"-c{connections}", "--latency", "--timeout", f"{WRK_TIMEOUT_S}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    url = f"http://127.0.0.1:{port}{path}"
    if args.warmup:
        subprocess.run(command + [f"-d{args.warmup}s", url], capture_output=True, text=True, check=True)
        _drain(port, path, headers)
    out = subprocess.run(command + [f"-d{args.duration}s", url], capture_output=True, text=True, check=True).stdout
    result = parse_wrk(out)
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors: .* timeout (\d+)", out)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    result["timeouts"] = int(timeouts.group(1)) if timeouts else 0
    # What residents got: answers that were not errors, per second (wrk's req/s counts 5xx too).
    result["ok_rps"] = (result["requests"] - result["non_2xx"]) / seconds
    result["connections"] = connections
    benchlib.log(f"  :{port} {result['ok_rps']:.0f} req/s answered 200, p50 {result['p50']:.1f} ms, "
         f"p99 {result['p99']:.1f} ms" + (f"; {result['non_2xx']} non-2xx, {result['timeouts']} timeouts, "
                                          f"{result['rps']:.0f} req/s in all" if result["errors"] else ""))
    return result


def _drain(port: int, path: str, headers: dict, timeout: float = 60) -> None:
    """Wait until the requests the warm-up left in flight are answered (the app keeps working on them
    after wrk has gone), so the measured run starts from an idle server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        _request(port, "GET", path, headers)
        if time.monotonic() - started < 1.0:
            return
    benchlib.log(f"  :{port} still slow {timeout:.0f} s after the warm-up")


def measure_throughput(args, headers: dict, tmpdir: Path) -> dict:
    path = "/sot/lite/"
    runs = {}
    status, got, html_bytes = _request(args.app_port, "GET", path, headers)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    (tmpdir / "lite.html").write_bytes(html_bytes)
    benchlib.log(f"throughput: {path} ({len(html_bytes)} bytes, Cache-Control {got.get('cache-control')!r}), "
         f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s")
    runs["app"] = run_wrk(args, args.app_port, path, headers)
    if args.app_connections:
        runs["app_low"] = run_wrk(args, args.app_port, path, headers, connections=args.app_connections)
    cache = nginxlib.page_cache_proxy_location(args.app_port)
    with nginxlib.LoopbackNginx(tmpdir / "cache-proxy", args.nginx_port, cache, workers=args.workers):
        seen = []
        for _ in range(20):
            _, got, _ = _request(args.nginx_port, "GET", path, headers)
            seen.append(got.get("x-cache-status", ""))
            if seen[-1] == "HIT":
                break
            time.sleep(0.2)
        if seen[-1] != "HIT":
            raise SystemExit(f"the page cache never answered HIT for {path} (saw {seen}): is the page shareable? "
                             f"Cache-Control from the app: {got.get('cache-control')!r}")
        runs["cache"] = run_wrk(args, args.nginx_port, path, headers)
        runs["cache"]["cache_statuses_before"] = seen
        _, got, _ = _request(args.nginx_port, "GET", path, headers)
        runs["cache"]["cache_status_after"] = got.get("x-cache-status", "")
    static = nginxlib.static_file_location(path, tmpdir, "lite.html")
    with nginxlib.LoopbackNginx(tmpdir / "static", args.nginx_port, static, workers=args.workers):
        _, _, served = _request(args.nginx_port, "GET", path, headers)
        if served != html_bytes:
            raise SystemExit("nginx must serve exactly the app's HTML")
        runs["nginx"] = run_wrk(args, args.nginx_port, path, headers)
    return {"path": path, "bytes": len(html_bytes), "runs": runs}


# Fan-out ------------------------------------------------------------------------------------------

def raise_open_file_limit(needed: int) -> tuple[int, int]:
    """Raise this process's soft RLIMIT_NOFILE (inherited by uvicorn) to `needed` if it is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise SystemExit(f"the open-file limit is {soft} (hard {hard}); {needed} are needed for the clients. "
                             f"Raise the hard limit (ulimit -Hn) or use fewer --clients")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
        benchlib.log(f"open-file limit raised from {soft} to {needed} (hard {hard})")
    return resource.getrlimit(resource.RLIMIT_NOFILE)


class HostSession:
    """The demo host in a browser: cookies kept by hand (they are Secure; this is plain HTTP behind
    what the app takes for the TLS proxy), CSRF token and Origin as a browser sends them."""

    def __init__(self, port: int, host: str):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, dict, bytes]:
        headers = {"Host": self.host, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{self.host}",
                            "Referer": f"https://{self.host}{path}"})
        status, got, data, cookies = _request(self.port, method, path, headers, body=body, with_cookies=True)
        self.cookies.update(cookies)
        return status, got, data

    def csrf_token(self, path: str) -> str:
        status, _, data = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data)
        if status != 200 or not match:
            raise SystemExit(f"GET {path} as the host answered {status} without a CSRF token")
        return match.group(1).decode()

    def log_in(self, email: str, password: str) -> None:
        token = self.csrf_token("/konto/login/")
        status, got, _ = self.request("POST", "/konto/login/", [("csrfmiddlewaretoken", token), ("login", email),
                                                                  ("password", password)])
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"logging in as {email} answered {status} (Location {got.get('location')!r})")


def _changes(n: int, marker: str) -> list[list[tuple[str, str]]]:
    """The host's form posts: the status alternates, the free places count down, the message numbered."""
    available = ["information", "reserve_power", "charging", "water", "warm_room", "food_sales"]
    forms = []
    for seq in range(n):
        status = "open" if seq % 3 else "limited"
        places = str(30 - seq % 31)
        message = f"{marker} {seq + 1}/{n}: kaffe och laddning finns, ta med egen sladd."
        forms.append([("status", status), *[("available_now", c) for c in available],
                      ("places_free", places), ("message", message)])
    return forms


async def measure_fanout(args, host: str, municipality_id: int) -> dict:
    import redis.asyncio as aioredis
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    port, n_clients = args.app_port, args.clients
    uri, origin = f"ws://{host}/ws/sot/", f"https://{host}"
    received: list[list[tuple[float, str]]] = [[] for _ in range(n_clients)]
    closed: dict[int, str] = {}
    gate = asyncio.Semaphore(args.connect_concurrency)
    connect_s: list[float] = []

    async def open_one():
        async with gate:
            t = time.perf_counter()
            # Like a browser: no client pings, permessage-deflate offered (uvicorn's default accepts it).
            ws = await connect(uri, host="127.0.0.1", port=port, origin=origin, ping_interval=None,
                               open_timeout=60, close_timeout=5, max_queue=None,
                               compression=None if args.no_deflate else "deflate")
            connect_s.append(time.perf_counter() - t)
            return ws

    async def read(i: int, ws):
        try:
            async for message in ws:
                received[i].append((time.time(), message))
        except ConnectionClosed as exc:
            closed[i] = str(exc)
        else:
            closed[i] = "closed by the server"

    benchlib.log(f"fan-out: connecting {n_clients} websocket clients to {uri} (Origin {origin}) ...")
    t_connect = time.perf_counter()
    opened = await asyncio.gather(*(open_one() for _ in range(n_clients)), return_exceptions=True)
    failures = [repr(x) for x in opened if isinstance(x, BaseException)]
    if failures:
        for ws in opened:
            if not isinstance(ws, BaseException):
                await ws.close()
        raise SystemExit(f"{len(failures)} of {n_clients} websocket connections failed, e.g. {failures[0]}")
    connect_total = time.perf_counter() - t_connect
    readers = [asyncio.create_task(read(i, ws)) for i, ws in enumerate(opened)]
    benchlib.log(f"  connected in {connect_total:.1f} s; waiting 2 s for every consumer to join its group")
    await asyncio.sleep(2)
    if closed:
        raise SystemExit(f"{len(closed)} clients were closed before any change: {next(iter(closed.values()))}")

    # A tap on the group's Redis channel (channels_redis.pubsub names it asgi__group__<group>): when
    # each change left the app for Redis, which splits the latency into before and after the PUBLISH.
    tap = aioredis.from_url(args.redis_url)
    pubsub = tap.pubsub()
    await pubsub.subscribe(f"asgi__group__sot_points.status.{municipality_id}")
    published: list[tuple[float, bytes]] = []

    async def listen():
        async for item in pubsub.listen():
            if item["type"] == "message":
                published.append((time.time(), item["data"]))

    tapper = asyncio.create_task(listen())
    marker = f"Mätning {secrets.token_hex(3)}"
    forms = _changes(args.changes, marker)
    session = HostSession(port, host)
    form_path = f"/sot/{HOST_POINT}/lage/"
    posts: list[dict] = []

    def trigger():
        session.log_in(HOST_EMAIL, HOST_PASSWORD)
        token = session.csrf_token(form_path)
        for form in forms:
            started = time.monotonic()
            t0 = time.time()
            status, got, _ = session.request("POST", form_path, [("csrfmiddlewaretoken", token), *form])
            posts.append({"sent": t0, "response_s": time.time() - t0, "status": status,
                          "location": got.get("location", "")})
            if status != 302:
                return
            time.sleep(max(0.0, args.interval - (time.monotonic() - started)))

    benchlib.log(f"  {args.changes} status changes of {HOST_POINT}, POSTed by {HOST_EMAIL} every {args.interval:g} s ...")
    await asyncio.to_thread(trigger)
    bad = [p for p in posts if p["status"] != 302]
    if bad:
        raise SystemExit(f"a status POST answered {bad[0]['status']}, not 302: {bad[0]}")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(len(r) < args.changes for r in received):
        await asyncio.sleep(0.1)
    for task in [*readers, tapper]:
        task.cancel()
    await asyncio.gather(*readers, tapper, return_exceptions=True)
    await pubsub.aclose()
    await tap.aclose()
    published_at = [None] * len(forms)
    for t, data in published:
        match = re.search(re.escape(marker).encode() + rb" (\d+)/", data)
        if match and published_at[int(match.group(1)) - 1] is None:
            published_at[int(match.group(1)) - 1] = t
    await asyncio.gather(*(asyncio.wait_for(ws.close(), 10) for ws in opened), return_exceptions=True)

    # Match every receipt to its change by the numbered message; anything else is not ours.
    latencies, from_changed, from_published, per_change = [], [], [], [[] for _ in forms]
    changed_at = [None] * len(forms)
    foreign = states = 0
    for client in received:
        for t, raw in client:
            data = json.loads(raw)
            if data.get("type") == "state":  # sent to each client on connecting (live_state)
                states += 1
                continue
            message = (data.get("point") or {}).get("message", "")
            match = re.match(re.escape(marker) + r" (\d+)/", message)
            if data.get("type") != "point" or not match:
                foreign += 1
                continue
            seq = int(match.group(1)) - 1
            per_change[seq].append(t)
            stamp = dt.datetime.fromisoformat(data["point"]["changed_at"]).timestamp()
            changed_at[seq] = stamp
            latencies.append(t - posts[seq]["sent"])
            from_changed.append(t - stamp)
            if published_at[seq] is not None:
                from_published.append(t - published_at[seq])
    complete = sum(1 for client_seqs in per_change if len(client_seqs) == n_clients)
    changes = []
    for seq, times in enumerate(per_change):
        sent = posts[seq]["sent"]
        changes.append({"seq": seq + 1, "deliveries": len(times), "response_s": posts[seq]["response_s"],
                        "first_s": min(times) - sent if times else None, "last_s": max(times) - sent if times else None,
                        "changed_at_after_s": changed_at[seq] - sent if changed_at[seq] else None,
                        "published_after_s": published_at[seq] - sent if published_at[seq] else None})
    result = {"clients": n_clients, "changes": args.changes, "interval": args.interval,
              "connect_total_s": connect_total, "connect_p50_s": benchlib.percentile(connect_s, 50),
              "connect_p99_s": benchlib.percentile(connect_s, 99), "deliveries": len(latencies),
              "expected": n_clients * args.changes, "complete_changes": complete, "foreign_messages": foreign,
              "state_messages": states,
              "closed_early": len(closed), "per_change": changes,
              "post_p50_s": benchlib.percentile([p["response_s"] for p in posts], 50),
              "post_max_s": max(p["response_s"] for p in posts)}
    if latencies:
        result.update({"p50_s": benchlib.percentile(latencies, 50), "p99_s": benchlib.percentile(latencies, 99),
                       "max_s": max(latencies), "from_changed_p50_s": benchlib.percentile(from_changed, 50),
                       "from_changed_p99_s": benchlib.percentile(from_changed, 99)})
        publish = [c["published_after_s"] for c in changes if c["published_after_s"] is not None]
        if publish:
            result.update({"to_publish_p50_s": benchlib.percentile(publish, 50),
                           "to_publish_max_s": max(publish),
                           "from_published_p50_s": benchlib.percentile(from_published, 50),
                           "from_published_p99_s": benchlib.percentile(from_published, 99)})
        benchlib.log(f"  {len(latencies)}/{result['expected']} deliveries; p50 {result['p50_s'] * 1000:.0f} ms, "
             f"p99 {result['p99_s'] * 1000:.0f} ms, max {result['max_s'] * 1000:.0f} ms")
    return result


# HTTP ---------------------------------------------------------------------------------------------

def _request(port: int, method: str, path: str, headers: dict, *, body: bytes | None = None,
             with_cookies: bool = False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        got = {name.lower(): value for name, value in response.getheaders()}
        cookies = {}
        for header in response.msg.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
    finally:
        conn.close()
    if with_cookies:
        return response.status, got, data, cookies
    return response.status, got, data


def _code_state() -> str:
    """The commit measured, and whether the SOT app or the layers under it had uncommitted changes."""
    def git(*a: str) -> str:
        r = subprocess.run(["git", *a], cwd=benchlib.REPO, capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""

    paths = ["sot_points", "platform/realtime", "platform/core", "platform/config", "municipalities", "themes"]
    dirty = [p for p in paths if git("status", "--porcelain", "--", p)]
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"commit {head}" + (f" + uncommitted changes in {', '.join(dirty)}" if dirty else "")


# Report -------------------------------------------------------------------------------------------

def _kb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1024:.1f} KB ({n})"


def _ratio(x: float) -> str:
    return f"{x:.2f}" if x >= 0.1 else f"{x:.4f}" if x >= 0.0001 else f"{x:.1e}"


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**MISS**"


def report(results: dict, args) -> None:
    # The server's version and settings, read as the admin role (the benchmark's own is gone by now).
    admin = benchlib.Stack("postgres", pg_host=args.pg_host, pg_port=args.pg_port, pg_user=args.pg_admin_user,
                           pg_database=args.pg_database)
    machine = [[what, _code_state() if what == "code" else value]
               for what, value in benchlib.machine_description([admin])]
    machine.append(["open-file limit (soft, hard)", f"{results['open_files'][0]}, {results['open_files'][1]}"])
    setup = results["setup"]
    out = ["## SOT pages (`bench/sot_bench.py`)", "",
           benchlib.markdown_table(["machine", ""], machine), "",
           f"Host `{results['host']}` (Överkalix): {setup['points']} published SOT points, {setup['with_status']} "
           f"with a status (most with a message), active disruption: {setup['disruption']}. uvicorn with production "
           f"settings, REDIS_URL `{args.redis_url}` (Redis cache, Redis pub/sub channel layer). PostgreSQL "
           f"database `{args.pg_database}` as role `{args.pg_user}`"
           + (f" (CONNECTION LIMIT {args.pg_connection_limit}: the server is shared)" if args.pg_connection_limit
              else "") + ". KB = 1024 bytes.", ""]
    verdicts = []
    sizes = results.get("sizes")
    if sizes:
        rows = [[r["what"], _kb(r["raw"]), _kb(r["gzip"]), _kb(r["gzip_nginx"]),
                 _kb(r["served_gz"]) if r["served_gz"] else "–"] for r in sizes["pages"] + sizes["subresources"]]
        total = sizes["full_total"]
        rows.append(["**/sot/ first view: HTML + everything it loads**", _kb(total["raw"]), _kb(total["gzip"]),
                     _kb(total["gzip_nginx"]), ""])
        if sizes["snapshot"]:
            s = sizes["snapshot"]
            rows.append([s["what"], _kb(s["raw"]), _kb(s["gzip"]), _kb(s["gzip_nginx"]), "–"])
        out += ["### Sizes", "",
                f"gzip at level {GZIP_LEVEL} (Python's zlib, `gzip.compress(…, {GZIP_LEVEL})`) is the figure "
                f"checked; production nginx compresses HTML at `gzip_comp_level {NGINX_GZIP_LEVEL}` "
                "(docker/nginx/platform.conf) and sends whitenoise's precompressed `.gz` of static files "
                "(`gzip_static`, last column; the first-view total at nginx's level uses them).", "",
                benchlib.markdown_table(["resource", "raw", f"gzip -{GZIP_LEVEL}", f"gzip -{NGINX_GZIP_LEVEL} (nginx)",
                                         "whitenoise .gz"], rows, align="lrrrr"), ""]
        if sizes["later"]:
            later = [[r["what"], _kb(r["raw"]), _kb(r["gzip"])] for r in sizes["later"]]
            out += ["After the first view (not counted above): the service worker and the pages it stores.", "",
                    benchlib.markdown_table(["resource", "raw", f"gzip -{GZIP_LEVEL}"], later, align="lrr"), ""]
        lite_ok = sizes["pages"][0]["gzip"] <= TARGET_LITE_BYTES
        full_ok = total["gzip"] <= TARGET_FULL_BYTES and not sizes["third_party"]
        out.append(f"Requests /sot/ makes by itself (src of any element, href of `<link>`, url()/@import in its "
                   f"CSS): {', '.join(sizes['loads'])}. **Third-party requests: {len(sizes['third_party'])}**"
                   + (f" ({', '.join(sizes['third_party'])})" if sizes["third_party"] else "")
                   + f"; links to other sites: {len(sizes['external_links'])}. The page's CSP: "
                   f"`{sizes['csp']}`.")
        out.append("")
        verdicts.append(f"Lite page ≤ 14 KB compressed: {_verdict(lite_ok)} ({_kb(sizes['pages'][0]['gzip'])} "
                        f"at gzip -{GZIP_LEVEL}).")
        verdicts.append(f"Full SOT list page ≤ 30 KB compressed, no third-party requests: {_verdict(full_ok)} "
                        f"({_kb(total['gzip'])} with its CSS, JS and icon; {len(sizes['third_party'])} third-party).")
    tp = results.get("throughput")
    if tp:
        runs = tp["runs"]
        nginx = runs["nginx"]
        labels = {"app": f"(a) app alone (uvicorn --workers {args.workers})",
                  "app_low": f"(a′) app alone, only {args.app_connections} wrk connections",
                  "cache": "(b) app behind the nginx page cache (docker/nginx/snippets/page-cache.conf)",
                  "nginx": "(c) nginx, same bytes from a file"}
        rows = [[labels[k], f"{r['ok_rps']:.0f}", f"{r['p50']:.2f}", f"{r['p99']:.2f}",
                 f"{r['non_2xx']} / {r['timeouts']}", f"{_ratio(r['ok_rps'] / nginx['ok_rps'])}×",
                 f"{r['p99'] / nginx['p99']:.1f}×"] for k, r in runs.items()]
        out += ["### Lite page throughput", "",
                f"`{tp['path']}` ({tp['bytes']} bytes), `wrk -t{args.threads} -c{args.connections} "
                f"-d{args.duration}s --latency --timeout {WRK_TIMEOUT_S}s` after a {args.warmup} s warm-up; nginx "
                f"worker_processes {args.workers}. The page cache answered "
                f"{' → '.join(runs['cache']['cache_statuses_before'])} before its run and "
                f"{runs['cache']['cache_status_after']} after (the app marks the page "
                f"`{sizes['lite_cache_control'] if sizes else 'public, max-age=10'}`).", "",
                benchlib.markdown_table(["server", "req/s (200 OK)", "p50 ms", "p99 ms", "non-2xx / timeouts",
                                         "÷ (c) req/s", "p99 ÷ (c) p99"], rows, align="lrrrrrr"), "",
                "req/s counts answers with status 200 only; wrk's latency percentiles include every answer "
                "(errors too) but not timeouts.", ""]
        ratio = runs["cache"]["ok_rps"] / nginx["ok_rps"]
        verdicts.append(f"Lite page through the app's cache ≥ {TARGET_CACHED_RATIO}× nginx: "
                        f"{_verdict(ratio >= TARGET_CACHED_RATIO)} ({ratio:.2f}×; the app alone "
                        f"{_ratio(runs['app']['ok_rps'] / nginx['ok_rps'])}×). The static snapshot is served by nginx "
                        "from a file: 1× by construction.")
    fo = results.get("fanout")
    if fo:
        def ms(value) -> str:
            return "–" if value is None else f"{value * 1000:.0f}"

        rows = [[c["seq"], c["deliveries"], ms(c["changed_at_after_s"]), ms(c["published_after_s"]), ms(c["first_s"]),
                 ms(c["last_s"]), ms(c["response_s"])] for c in fo["per_change"]]
        summary = [[fo["deliveries"], fo["expected"], f"{fo['complete_changes']}/{fo['changes']}", ms(fo.get("p50_s")),
                    ms(fo.get("p99_s")), ms(fo.get("max_s")),
                    f"{ms(fo.get('to_publish_p50_s'))} / {ms(fo.get('to_publish_max_s'))}",
                    f"{ms(fo.get('from_published_p50_s'))} / {ms(fo.get('from_published_p99_s'))}",
                    f"{ms(fo['post_p50_s'])} / {ms(fo['post_max_s'])}"]]
        out += ["### Status fan-out", "",
                f"One uvicorn process (`--workers 1`), {fo['clients']} websocket clients in one asyncio process "
                f"(`websockets`, no client pings, "
                f"{'no permessage-deflate' if args.no_deflate else 'permessage-deflate as browsers offer it'}), "
                f"connected in {fo['connect_total_s']:.1f} s ({args.connect_concurrency} handshakes at a time; "
                f"handshake p50 {ms(fo['connect_p50_s'])} ms, p99 {ms(fo['connect_p99_s'])} ms). {fo['changes']} "
                f"status changes of `{HOST_POINT}`, each a POST of the status form by the demo host "
                f"(signed in through /konto/login/) every {fo['interval']:g} s: view → "
                "`services.point_status_update` → commit → snapshot rewrite → channel layer (Redis PUBLISH) → "
                "consumer → socket. Latency runs from the wall-clock time just before the POST is sent to the "
                "moment a client's read loop gets the message (the clients' own event loop is part of it). A "
                "subscriber on the group's Redis channel timestamps each PUBLISH, splitting the latency into "
                "the app's work before the PUBLISH and the fan-out after it.", "",
                benchlib.markdown_table(["deliveries", "expected", "complete changes", "p50 ms", "p99 ms", "max ms",
                                         "POST → PUBLISH p50 / max ms", "PUBLISH → client p50 / p99 ms",
                                         "POST response p50 / max ms"], summary, align="rrrrrrrrr"), "",
                "Per change, ms after the POST was sent: `changed_at` (the server's stamp inside the "
                "transaction), the PUBLISH, the first and the last of the deliveries, the POST's response.", "",
                benchlib.markdown_table(["change", "deliveries", "changed_at", "PUBLISH", "first", "last",
                                         "POST response"], rows, align="rrrrrrr"), ""]
        every = fo["deliveries"] == fo["expected"] and fo["complete_changes"] == fo["changes"]
        out.append(f"Every client got every message: {'yes' if every else 'NO'}"
                   f" ({fo['deliveries']}/{fo['expected']}; clients closed early: {fo['closed_early']}; "
                   f"messages not from this run: {fo['foreign_messages']}).")
        out.append("")
        ok = every and fo.get("p99_s", 99) <= TARGET_FANOUT_P99_S
        verdicts.append(f"Fan-out to {fo['clients']} clients p99 ≤ 1 s: {_verdict(ok)} "
                        f"(p50 {ms(fo.get('p50_s'))} ms, p99 {ms(fo.get('p99_s'))} ms"
                        + ("" if every else ", NOT every client got every message") + ").")
    out += ["### Targets", ""] + [f"- {v}" for v in verdicts] + ["",
            f"Total run time {results['total_s'] / 60:.1f} min"
            + (f" (setup {results['setup_s']:.0f} s)." if "setup_s" in results else " (reused database).")]
    text = "\n".join(out)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (benchlib.BENCH_DIR / f"sot-{stamp}.md").write_text(text + "\n")
    (benchlib.BENCH_DIR / f"sot-{stamp}.json").write_text(json.dumps(results, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
