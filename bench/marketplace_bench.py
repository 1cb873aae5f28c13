#!/usr/bin/env python
"""Marketplace: listing search at 50k listings, the public listing page through the page cache, message delivery.

    .venv/bin/python bench/marketplace_bench.py                          # PostgreSQL, 50k listings, 4-8 min
    .venv/bin/python bench/marketplace_bench.py --elasticsearch osmem    # also a local osmem-server
    .venv/bin/python bench/marketplace_bench.py --elasticsearch http://127.0.0.1:9200 --keep
    .venv/bin/python bench/marketplace_bench.py --reuse --skip-page       # time the search again, ~2 min
    .venv/bin/python bench/marketplace_bench.py --delivery-only --keep    # conversation delivery only, ~4 min
    .venv/bin/python bench/marketplace_bench.py --delivery-only --reuse --rate 5 --messages 300

The issue's three figures (issue 11) and their targets:

    listing search      p95 at 50k listings on PostgreSQL ≤ 100 ms, as a multiple of a primary-key
                        lookup of a Listing in the same run
    message delivery    p50/p99 with 500 open conversations on the Redis channel layer, p99 ≤ 300 ms
                        (`measure_delivery`: real websockets against uvicorn; `--delivery-only` for just this)
    listing page        the public listing page through the page cache, ≥ 0.8× nginx serving the same
                        bytes from a file (the approach of bench/profile_bench.py, its servers and wrk)

Steps (as bench/search_bench.py and bench/competence_bench.py): the parent makes a fresh PostgreSQL
database (default `marketplace_bench`; `test`, `postgres` and templates are refused), migrates it, runs
seed_demo (the three pilot municipalities on `<slug>.localhost:<app port>`), generate_companies in each pilot
(the listings' owners) and collectstatic. A child process with production settings (DEBUG off) then writes the
listings with bulk_create and indexes the live public ones in batches of 1000 through the search facade
(`search.registry.index_documents` with `marketplace.search.listing_document`, what generate_companies does
for companies); the parent runs VACUUM ANALYZE (what autovacuum does soon after a bulk load). Another child
times the searches: each round runs every kind of the mix once (variants in turn, order shuffled with a fixed
seed) through Django's test client on Arvidsjaur's host -- middleware, `ListingListView`, the search backend,
`selectors.listing_list_live_by_ids` and the template -- and the same search through `listing_search` alone;
after each search, the baseline `Listing.objects.filter(pk=...).exists()` (one indexed primary-key lookup
through the same ORM and connection, as in search_bench). With `--elasticsearch`, the live listings are loaded
into that server (`rebuild` of the Elasticsearch backend only) and the same mix is timed a second time.

Delivery (`measure_delivery`, after the page run; Redis at --delivery-redis-url, database 11 by default): a child
writes 500 conversations in Arvidsjaur in bulk (a live open call of one generated company, answered by another,
one new member user per company) and a database session per user (SessionStore.create with the keys
Client.force_login sets); the app runs under uvicorn (production settings, --delivery-workers 2,
DATABASE_POOL_MAX_SIZE 20 as docker/compose.yaml, REDIS_URL: the Redis pub/sub channel layer). This process opens
the 500 suppliers' sockets on `/ws/marknadsplats/konversation/<pk>/` (session cookie, Host, Origin, permessage-
deflate as browsers), then the 500 buyers', and sends --messages frames `{"type": "message", "body": ...}` at
--rate per second from the buyers' sockets, every conversation in turn: what conversation.js sends when a reply is
submitted on an open thread page. Each receiver answers `{"type": "read"}`, as the visible page does. One sample:
from just before the frame is sent to its arrival at the supplier's socket; a subscriber on the groups' Redis
channels splits it at the PUBLISH. Messages not arrived 15 s after the last send are lost.

Results: a Markdown report on stdout and a copy (.md and .json) in var/bench/.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import nginxlib  # noqa: E402
import profile_bench  # noqa: E402 - its uvicorn App, wrk settings and fetch helpers, reused as they are

TARGET_SEARCH_P95_MS = 100.0
TARGET_DELIVERY_P99_MS = 300.0
TARGET_PAGE_RATIO = 0.8
PILOTS = {"arvidsjaur": 0.5, "overkalix": 0.25, "asele": 0.25}  # share of the listings located there
COMPANIES = {"arvidsjaur": 2000, "overkalix": 800, "asele": 600}  # generate_companies per pilot: the owners
SEARCH_HOST_SLUG = "arvidsjaur"
KINDS = ("text", "text+facet", "facet", "paging", "empty")
COLD_KINDS = ("facet", "empty")  # without text: counts cached under the index version; also timed uncached


# Parent ------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", default="50k", help="listings over the three pilots (default 50k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40, help="search rounds; each runs every kind once")
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="stop timing a backend after this long (at least 10 rounds still run)")
    parser.add_argument("--cold-rounds", type=int, default=10)
    parser.add_argument("--elasticsearch", default="",
                        help="also time search on this Elasticsearch URL, or 'osmem' for a local osmem-server")
    parser.add_argument("--skip-delivery", action="store_true", help="skip the conversation delivery run")
    parser.add_argument("--delivery-only", action="store_true",
                        help="only the conversation delivery run: no listings, search or page runs (the data is "
                             "seed_demo and generate_companies in Arvidsjaur, ~1-2 min)")
    parser.add_argument("--conversations", type=int, default=500, help="open conversations of the delivery run")
    parser.add_argument("--messages", type=int, default=1000, help="messages posted in the delivery run")
    parser.add_argument("--rate", type=float, default=10.0, help="messages per second in the delivery run")
    parser.add_argument("--delivery-workers", type=int, default=2, help="uvicorn workers of the delivery run")
    parser.add_argument("--pool-size", type=int, default=20,
                        help="DATABASE_POOL_MAX_SIZE of the delivery run's app (docker/compose.yaml: 20; 0: a new "
                             "PostgreSQL connection per database call, the setting's default)")
    parser.add_argument("--connect-concurrency", type=int, default=50,
                        help="websocket handshakes in flight at once while connecting")
    parser.add_argument("--send-read", action=argparse.BooleanOptionalAction, default=True,
                        help="the receiver answers each message with {\"type\": \"read\"}, as conversation.js "
                             "does on a visible page")
    parser.add_argument("--delivery-redis-url", default="redis://127.0.0.1:6379/11",
                        help="REDIS_URL of the delivery run (cache and channel layer; nothing is flushed)")
    parser.add_argument("--skip-page", action="store_true", help="skip the page cache / nginx runs")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers and nginx worker_processes")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measured wrk run")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--app-port", type=int, default=8711)
    parser.add_argument("--nginx-port", type=int, default=8712)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8",
                        help="Redis of the app under the page cache (nothing is flushed)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--pg-database", default="marketplace_bench", help="dropped and created; never 'test'")
    parser.add_argument("--facet-statistics", action="store_true",
                        help="an experiment, not what the app's migrations do: before timing, give PostgreSQL "
                             "extended statistics (mcv, dependencies) on the facet table's (index_name, field, "
                             "value), so it estimates a facet filter's rows (docs/benchmarks.md, Marketplace); "
                             "they stay in a kept database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a kept database (no new data; implies --keep)")
    parser.add_argument("--child", choices=["generate", "search", "delivery-data"], help=argparse.SUPPRESS)
    parser.add_argument("--token", default="", help=argparse.SUPPRESS)
    parser.add_argument("--backend", choices=["database", "elasticsearch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.keep = args.keep or args.reuse
    if args.child == "generate":
        print(json.dumps(generate_listings(benchlib.parse_count(args.listings), seed=args.seed)))
        return
    if args.child == "search":
        print(json.dumps(measure_search(args)))
        return
    if args.child == "delivery-data":
        print(json.dumps(delivery_data(args.conversations, token=args.token)))
        return
    benchlib.require_django()
    if args.delivery_only:
        args.skip_page, args.skip_delivery = True, False
    if not args.skip_page:
        benchlib.require_tools("wrk", "nginx")
        for port in (args.app_port, args.nginx_port):
            if nginxlib.port_open(port):
                raise SystemExit(f"port {port} on 127.0.0.1 is in use; choose another with --app-port/--nginx-port")
    stack = benchlib.postgres_stack(host=args.pg_host, port=args.pg_port, user=args.pg_user,
                                    database=args.pg_database)
    problem = benchlib.check_postgres(stack)
    if problem:
        raise SystemExit(problem)
    benchlib.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    extra_env = {"DJANGO_STATIC_ROOT": str(benchlib.BENCH_DIR / "static")}
    started = time.perf_counter()
    result: dict = {"listings_arg": args.listings}
    try:
        result["data"] = prepare_database(stack, args, extra_env)
        if args.facet_statistics:
            facet_statistics(stack)
        result["facet_statistics"] = args.facet_statistics
        result["search"] = [] if args.delivery_only else [run_search_child(stack, args, extra_env, backend="database")]
        if args.elasticsearch and not args.delivery_only:
            try:
                result["search"].append(run_elasticsearch(stack, args, extra_env))
            except SystemExit as exc:  # optional: the required figures go on
                result["elasticsearch_error"] = str(exc)
        if not args.skip_page:
            result["page"] = measure_page(stack, args, extra_env)
        result["delivery"] = None if args.skip_delivery else measure_delivery(stack, args, extra_env)
        result["machine"] = benchlib.machine_description([stack])
    finally:
        if not args.keep:
            benchlib.drop_database(stack)
    result["total_s"] = time.perf_counter() - started
    report(result, args)


def prepare_database(stack: benchlib.Stack, args, extra_env: dict) -> dict:
    if args.reuse and benchlib.database_exists(stack):
        benchlib.log(f"reusing the kept database {stack.pg_database}: migrate only")
        benchlib.manage(stack, "migrate", "--noinput", "-v0", env_extra=extra_env)
        return {"reused": True}
    benchlib.log(f"fresh database {stack.pg_database}, migrate, seed_demo, generate_companies, collectstatic ...")
    benchlib.fresh_database(stack)
    benchlib.manage(stack, "migrate", "--noinput", "-v0", env_extra=extra_env)
    benchlib.manage(stack, "seed_demo", "-v0", "--this-is-a-demo-installation", "--port", str(args.app_port),
                    env_extra=extra_env)
    if args.delivery_only:  # the conversations' companies only: both sides of each are generated companies
        count = max(2 * args.conversations, 100)
        benchlib.manage(stack, "generate_companies", "--municipality", DELIVERY_SLUG, "--count", str(count),
                        "--seed", str(args.seed), env_extra=extra_env)
        benchlib.vacuum_analyze(stack)
        return {"delivery_only": True, "companies": count}
    for slug, count in COMPANIES.items():
        benchlib.manage(stack, "generate_companies", "--municipality", slug, "--count", str(count),
                        "--seed", str(args.seed), env_extra=extra_env)
    benchlib.manage(stack, "collectstatic", "--noinput", "-v0", env_extra=extra_env)
    benchlib.log(f"generating {args.listings} listings (bulk_create, then indexed in batches) ...")
    t0 = time.perf_counter()
    data = _child_json(stack, ["--child", "generate", "--listings", args.listings, "--seed", str(args.seed)],
                       extra_env, what="generating listings")
    data["generate_s"] = time.perf_counter() - t0
    benchlib.log(f"  {data['listings']} listings, {data['indexed']} indexed, in {data['generate_s']:.0f} s "
                 f"(rows {data['write_s']:.0f} s, index {data['index_s']:.0f} s)")
    benchlib.vacuum_analyze(stack)
    return data


def facet_statistics(stack: benchlib.Stack) -> None:
    """Multi-column statistics on the facet rows. Without them PostgreSQL multiplies the selectivities of
    index_name, field and value as if independent and expects ~460 rows for `open=1` where there are ~9,500;
    it then reads every entry of the index and sorts, instead of walking the entries in id order and stopping
    after a page."""
    import psycopg

    with psycopg.connect(host=stack.pg_host, port=stack.pg_port, user=stack.pg_user, dbname=stack.pg_database,
                         autocommit=True) as conn:
        conn.execute("CREATE STATISTICS IF NOT EXISTS bench_facet_values (mcv, dependencies) "
                     "ON index_name, field, value FROM search_searchfacetvalue")
        conn.execute("ANALYZE search_searchfacetvalue")
    benchlib.log("extended statistics on search_searchfacetvalue (index_name, field, value) created and analysed")


def _child_json(stack: benchlib.Stack, argv: list[str], env_extra: dict, *, what: str) -> dict:
    child = subprocess.run([sys.executable, __file__, *argv], cwd=benchlib.REPO, env=stack.env(**env_extra),
                           stdout=subprocess.PIPE, stderr=None, text=True)
    if child.returncode != 0:
        raise SystemExit(f"{what} failed (exit {child.returncode})")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _search_argv(args, backend: str) -> list[str]:
    return ["--child", "search", "--rounds", str(args.rounds), "--max-seconds", str(args.max_seconds),
            "--cold-rounds", str(args.cold_rounds), "--app-port", str(args.app_port), "--backend", backend]


def run_search_child(stack: benchlib.Stack, args, extra_env: dict, *, backend: str, env: dict | None = None) -> dict:
    benchlib.log(f"timing listing search ({backend}) ...")
    result = _child_json(stack, _search_argv(args, backend), {**extra_env, **(env or {})},
                         what=f"timing search ({backend})")
    benchlib.log(f"  view p50 {result['view']['all']['p50']:.1f} ms, p95 {result['view']['all']['p95']:.1f} ms; "
                 f"baseline p50 {result['baseline']['p50']:.2f} ms ({result['rounds']} rounds)")
    return result


def run_elasticsearch(stack: benchlib.Stack, args, extra_env: dict) -> dict:
    """The same mix answered by Elasticsearch (or a local osmem-server for `--elasticsearch osmem`)."""
    server = None
    url, compat = args.elasticsearch, "true"
    if url == "osmem":
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        url, compat = server.url, "false"  # osmem refuses the 8.x client's compatible-with media type
    try:
        env = {"ELASTICSEARCH_URL": url, "ELASTICSEARCH_COMPAT_HEADERS": compat,
               "ELASTICSEARCH_INDEX_PREFIX": f"{stack.pg_database}-"}
        result = run_search_child(stack, args, extra_env, backend="elasticsearch", env=env)
        result["server"] = "osmem-server (local, in-memory)" if server else "Elasticsearch at the given URL"
        return result
    finally:
        if server is not None:
            server.close()


# Child: the listings -------------------------------------------------------------------------------

def _setup_django() -> None:
    for path in (benchlib.REPO, benchlib.REPO / "platform"):  # as manage.py does
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()


# Word lists: (category, kinds it appears in, titles, description sentences, call items). "{place}" becomes the
# listing's locality. On Arvidsjaur's host at 50k the searches match: "snöröjning" 11 %, "grävmaskin" 11 %,
# "lokal" 30 % (the stem of "lokala", "lokaler", "lokalen" too: the mix's broad query), "lokal att hyra" 2 %.
TEMPLATES = [
    ("property", ["offer", "request", "call"], [
        "Snöröjning av gårdsplaner i {place}", "Snöröjning och sandning vintern 2026/27", "Takskottning och snöröjning",
        "Fastighetsskötsel för bostadsrättsförening", "Gräsklippning och trädgårdsskötsel", "Fönsterputs i {place}",
    ], [
        "Vi tar uppdrag med traktor och plog i {place} med omnejd.",
        "Snöröjning dygnet runt när det behövs, fast pris per säsong.",
        "Fastighetsskötsel för flerbostadshus och lokaler, jour på helger.",
        "Söker entreprenör för snöröjning av parkering och infart.",
    ], [("Snöröjning av serviceväg, 12 km", "81290", "90620000-9"), ("Sandning av gång- och cykelvägar", "81290",
        "90630000-2"), ("Fastighetsskötsel av skolor", "81100", "70332000-7")]),
    ("construction", ["offer", "request", "call"], [
        "Grävmaskin med förare", "Markarbeten och dränering", "Husgrund till fritidshus", "Altanbygge i {place}",
        "Renovering av badrum", "Ny bro över ån vid {place}",
    ], [
        "Grävmaskin 14 ton med rototilt och förare, även helger.",
        "Vi utför markarbeten, dränering och grundläggning i hela kommunen.",
        "Erfarna snickare för tillbyggnader och renoveringar.",
        "Söker entreprenör som kan ta hela jobbet från grund till tak.",
    ], [("Markarbeten vid ny förskola", "43120", "45112000-5"), ("Byggnation av förråd", "41200", "45213250-0"),
        ("Asfaltering av parkering", "42110", "45233222-1")]),
    ("transport", ["offer", "request", "resource", "call"], [
        "Timmertransporter i {place}", "Hjullastare att hyra", "Grävmaskin och lastbil för uppdrag",
        "Skolskjuts till {place}", "Budbil mellan byarna", "Kranbil med förare",
    ], [
        "Lastbil med kran och släp, körningar i hela länet.",
        "Maskintjänster med grävmaskin, hjullastare och dumper.",
        "Vi kör gods, timmer och grus; snöröjning vintertid.",
    ], [("Skolskjuts, linje 3", "49390", "60130000-8"), ("Transport av matlådor till byarna", "49410",
        "60100000-9")]),
    ("premises", ["offer", "request", "resource"], [
        "Lokal att hyra i centrala {place}", "Kontorslokal med fiber", "Verkstadslokal 200 kvm",
        "Söker lokal för café", "Möteslokal att boka", "Lagerlokal med port",
    ], [
        "Ljus lokal i markplan med egen entré och parkering.",
        "Lokalen passar kontor, butik eller verkstad.",
        "Vi söker lokaler för verksamhet med fem anställda.",
        "Samlingslokal för 40 personer med kök, boka per dag.",
    ], []),
    ("equipment", ["offer", "resource", "reuse"], [
        "Släpvagn att låna", "Byggställning att hyra", "Motorsåg och röjsåg", "Grävmaskin 3 ton uthyres",
        "Kompressor och spikpistol", "Snöslunga att låna ut",
    ], [
        "Finns att hämta i {place}, bokas per dag.",
        "Välskött utrustning, servad i år.",
        "Vi delar på maskinerna inom byalaget.",
    ], []),
    ("materials", ["reuse", "offer", "request"], [
        "Begagnade fönster att hämta", "Virke från rivning", "Tegel och takpannor", "Kontorsmöbler till skänks",
        "Överblivet isoleringsmaterial", "Pallar och emballage",
    ], [
        "Gratis mot hämtning i {place}, först till kvarn.",
        "Material från ombyggnad, i gott skick.",
        "Återbruk i stället för deponi; hör av dig.",
    ], []),
    ("food", ["offer", "request", "call", "event"], [
        "Catering till konferens", "Lokalproducerat kött i lådor", "Dagens lunch levereras", "Bröd till skolköket",
        "Julbord i {place}", "Matmarknad på torget",
    ], [
        "Vi lagar mat på lokala råvaror och levererar i {place}.",
        "Catering för 10–200 personer, även specialkost.",
        "Söker leverantör av lokalt bröd två dagar i veckan.",
    ], [("Livsmedel till skolkök", "10710", "15810000-9"), ("Catering vid kommunfullmäktige", "56210",
        "55520000-1")]),
    ("tourism", ["offer", "event", "resource"], [
        "Stuga att hyra vid sjön", "Skoterturer och norrsken", "Guidad fjällvandring", "Fiskecamp i {place}",
        "Vintermarknad i {place}", "Konferens med boende",
    ], [
        "Boende och upplevelser året runt i {place}.",
        "Guidade turer med lokala guider, även på engelska och tyska.",
        "Välkommen till en dag med hantverk, musik och mat.",
    ], []),
    ("energy", ["offer", "request", "call"], [
        "Solceller på ladugårdstak", "Laddboxar till företag", "Energikartläggning", "Ved och flis säljes",
        "Värmepump till lokal", "Vindkraft: leverantörsträff",
    ], [
        "Vi installerar solceller och laddboxar i hela länet.",
        "Energikartläggning för småföretag med stöd.",
        "Torr björkved, leverans i {place}.",
    ], [("Installation av laddplatser", "43210", "45315000-8"), ("Energikartläggning av kommunens lokaler",
        "71121", "71314300-5")]),
    ("digital", ["offer", "request", "call"], [
        "Webbplats till företaget", "IT-support för föreningar", "Bokningssystem sökes", "Fiber till byn",
    ], [
        "Vi bygger webbplatser och sköter IT åt småföretag.",
        "Söker leverantör av bokningssystem för lokaler.",
    ], [("Drift av skolans nätverk", "62030", "72510000-3")]),
    ("business", ["offer", "request"], [
        "Redovisning och löner", "Hjälp med anbud", "Juridisk rådgivning för företagare",
    ], [
        "Redovisningsbyrå med kontor i {place}.",
        "Vi hjälper småföretag att svara på offentliga upphandlingar.",
    ], []),
    ("skills", ["offer", "request", "event"], [
        "Kurs i upphandling för småföretag", "Truckkort i {place}", "Mentor sökes", "Frukostmöte för företagare",
    ], [
        "Halvdagskurs om hur man svarar på en upphandling.",
        "Träffa andra företagare i {place} över en frukost.",
    ], []),
    ("other", ["offer", "request", "reuse", "event"], [
        "Byalagets loppis", "Hjälp med flytt", "Barnvagn och cykel", "Föreningsstämma i {place}",
    ], [
        "Hör av dig om du undrar något.",
        "Allt ska bort, hämtas i {place}.",
    ], []),
]
KIND_WEIGHTS = {"offer": 35, "request": 18, "call": 10, "resource": 12, "reuse": 13, "event": 12}
STATUS_WEIGHTS = [("live", 80), ("expired", 8), ("pending", 5), ("draft", 2), ("withdrawn", 3), ("rejected", 2)]
HUBS = [
    ("Vindkraft Blaikens leverantörer", "vindkraft-blaikens-leverantorer", "platform", ["arvidsjaur", "asele"]),
    ("Kvinnliga företagare i Lappland", "kvinnliga-foretagare-i-lappland", "platform",
     ["arvidsjaur", "overkalix", "asele"]),
    ("Inlandets besöksnäring", "inlandets-besoksnaring", "company", ["arvidsjaur", "overkalix"]),
    ("Återbruk Norrbotten", "aterbruk-norrbotten", "platform", ["overkalix", "arvidsjaur"]),
    ("Åsele byggnätverk", "asele-byggnatverk", "company", ["asele"]),
    ("Skogsnätverket Kalixälven", "skogsnatverket-kalixalven", "company", ["overkalix"]),
]
ROW_BATCH = 2000
INDEX_BATCH = 1000


def generate_listings(count: int, *, seed: int) -> dict:
    """`count` invented listings over the three pilots by bulk_create; the live public ones indexed in batches."""
    _setup_django()
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from directory.models import Company
    from directory.services import localities_ensure
    from marketplace.models import Audience, CallItem, Hub, Listing, ListingStatus
    from marketplace.search import LISTING_INDEX, _document_queryset, is_indexable, listing_document
    from municipalities.models import Municipality, PlatformOwner
    from search.registry import index_documents

    rng = random.Random(f"marketplace:{seed}")
    now, today = timezone.now(), timezone.localdate()
    munis = {m.slug: m for m in Municipality.objects.filter(slug__in=PILOTS)}
    places = {slug: localities_ensure(municipality=m) for slug, m in munis.items()}
    companies = {slug: list(Company.objects.filter(municipality=m, status="published").values_list("pk", "legal_name"))
                 for slug, m in munis.items()}
    owner, _ = PlatformOwner.objects.get_or_create(name="Vindkraft Blaiken AB",
                                                   defaults={"kind": PlatformOwner.Kind.COMPANY})
    hubs_by_slug: dict[str, list] = {slug: [] for slug in munis}
    for name, hub_slug, owned_by, spans in HUBS:
        home = munis[spans[0]]
        hub = Hub.objects.create(
            municipality=home, name=name, slug=hub_slug, purpose=f"{name}: lokala leverantörer och samarbeten.",
            owner_platform=owner if owned_by == "platform" else None,
            owner_company_id=companies[spans[0]][0][0] if owned_by == "company" else None)
        hub.municipalities.set([munis[s] for s in spans])
        for s in spans:
            hubs_by_slug[s].append(hub)
    slugs, weights = list(PILOTS), list(PILOTS.values())
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    by_kind = {kind: [t for t in TEMPLATES if kind in t[1]] for kind in kinds}
    statuses, status_weights = [s for s, _w in STATUS_WEIGHTS], [w for _s, w in STATUS_WEIGHTS]
    counts = {"listings": 0, "indexed": 0, "call_items": 0, "hub_listings": 0, "members_only": 0}
    by_status: dict[str, int] = {}
    by_kind_count: dict[str, int] = {}
    write_s = index_s = 0.0
    for start in range(0, count, ROW_BATCH):
        t0 = time.perf_counter()
        rows, items_for = [], []
        for _i in range(start, min(count, start + ROW_BATCH)):
            slug = rng.choices(slugs, weights)[0]
            muni = munis[slug]
            kind = rng.choices(kinds, kind_weights)[0]
            category, _kinds, titles, sentences, call_items = rng.choice(by_kind[kind])
            locality = rng.choice(places[slug]) if rng.random() < 0.85 else None
            place = locality.name if locality else muni.name
            state = rng.choices(statuses, status_weights)[0]
            hub = rng.choice(hubs_by_slug[slug]) if hubs_by_slug[slug] and rng.random() < 0.06 else None
            company = None
            if rng.random() < (0.75 if hub is None else 0.6):
                company = rng.choice(companies[slug])
            published = now - timedelta(days=rng.randint(0, 150), minutes=rng.randint(0, 1440))
            listing = Listing(
                municipality=muni, kind=kind, category=category,
                title=rng.choice(titles).format(place=place)[:160],
                description=" ".join(s.format(place=place) for s in rng.sample(sentences, k=min(2, len(sentences)))),
                company_id=company[0] if company else None, hub=hub,
                audience=Audience.MEMBERS if hub is not None and rng.random() < 0.2 else Audience.PUBLIC,
                status={"live": ListingStatus.PUBLISHED, "expired": ListingStatus.PUBLISHED}.get(state, state),
                published_at=published if state in ("live", "expired", "withdrawn") else None,
                expires_on=(today - timedelta(days=rng.randint(1, 60)) if state == "expired"
                            else today + timedelta(days=rng.randint(1, 180))),
                locality=locality,
                contact_name=rng.choice(["Anna Lindqvist", "Erik Öhman", "Maria Nilsson", "Johan Burman", ""]),
                contact_email=f"kontakt{rng.randint(1, 9999)}@example.org",
            )
            if locality is not None and rng.random() < 0.3:
                listing.latitude = round(locality.latitude + rng.uniform(-0.02, 0.02), 5)
                listing.longitude = round(locality.longitude + rng.uniform(-0.04, 0.04), 5)
            if kind in ("offer", "resource", "reuse"):
                roll = rng.random()
                if roll < 0.5:
                    listing.price_amount = Decimal(rng.choice([0, 150, 450, 650, 950, 1200, 2500]))
                    listing.price_unit = rng.choice(["timme", "dygn", "st", "säsong"])
                elif roll < 0.8:
                    listing.price_on_request = True
            if kind == "call":
                listing.call_status = rng.choices(["open", "planned", "closed", "awarded"], [70, 10, 12, 8])[0]
                # Some open calls have a deadline that passed (the hourly job has not re-indexed them yet).
                listing.answer_deadline = now + timedelta(days=rng.randint(-10, 45), hours=rng.randint(0, 23))
                listing.delivery_place = f"{place}, enligt förfrågningsunderlaget"
                chosen = rng.sample(call_items, k=min(len(call_items), rng.randint(1, 3))) if call_items else []
                items_for.append((listing, chosen or [(listing.title, "", "")]))
            if kind == "event":
                listing.starts_at = now + timedelta(days=rng.randint(-5, 120), hours=rng.randint(8, 18))
                listing.ends_at = listing.starts_at + timedelta(hours=rng.choice([2, 3, 6, 8]))
                listing.venue = rng.choice(["Folkets hus", "Medborgarhuset", "Bygdegården", "Torget"]) + f", {place}"
            rows.append(listing)
            by_status[state] = by_status.get(state, 0) + 1
            by_kind_count[kind] = by_kind_count.get(kind, 0) + 1
            counts["hub_listings"] += hub is not None
            counts["members_only"] += listing.audience == Audience.MEMBERS
        with transaction.atomic():
            created = Listing.objects.bulk_create(rows)
            item_rows = [CallItem(listing=listing, description=f"{description} ({listing.delivery_place})"[:300],
                                  sni_code=sni, cpv_code=cpv, quantity=Decimal(rng.randint(1, 40)),
                                  unit=rng.choice(["st", "timmar", "km", "ton"]), sort_order=n)
                         for listing, chosen in items_for for n, (description, sni, cpv) in enumerate(chosen)]
            CallItem.objects.bulk_create(item_rows)
        counts["listings"] += len(created)
        counts["call_items"] += len(item_rows)
        t1 = time.perf_counter()
        # Indexed after commit, as the facade asks (bulk_create sends no signals: nothing is indexed twice).
        pks = [listing.pk for listing in created]
        for i in range(0, len(pks), INDEX_BATCH):
            fresh = _document_queryset().filter(pk__in=pks[i:i + INDEX_BATCH]).order_by("pk")
            docs = [listing_document(listing) for listing in fresh if is_indexable(listing)]
            if docs:
                index_documents(LISTING_INDEX.name, docs)
            counts["indexed"] += len(docs)
        write_s += t1 - t0
        index_s += time.perf_counter() - t1
        print(f"  {start + len(rows)}/{count} listings ({write_s + index_s:.0f} s)", file=sys.stderr, flush=True)
    return {**counts, "by_status": by_status, "by_kind": by_kind_count, "hubs": len(HUBS), "write_s": write_s,
            "index_s": index_s,
            "companies": sum(len(c) for c in companies.values())}


# Child: search timing ------------------------------------------------------------------------------

def _mix(localities: list[str]) -> dict[str, list[dict]]:
    """Query strings of the list page, by kind. `localities` are two of Arvidsjaur's places."""
    a, b = localities
    return {
        "text": [{"q": "snöröjning"}, {"q": "grävmaskin"}, {"q": "lokal"}, {"q": "lokal att hyra"}],
        "text+facet": [{"q": "snöröjning", "kind": "call"}, {"q": "grävmaskin", "locality": a},
                       {"q": "lokal", "category": "premises"}, {"q": "snöröjning", "open": "1"}],
        "facet": [{"kind": "call"}, {"open": "1"}, {"category": "property"}, {"locality": b},
                  {"kind": "call", "open": "1"}],
        "paging": [{"sida": "5"}, {"q": "lokal", "sida": "3"}, {"kind": "offer", "sida": "10"}],
        "empty": [{}],
    }


def _summary(samples_ms: list[float]) -> dict:
    return {"n": len(samples_ms), "p50": benchlib.percentile(samples_ms, 50),
            "p95": benchlib.percentile(samples_ms, 95), "max": max(samples_ms)}


def measure_search(args) -> dict:
    _setup_django()
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)  # a line per request otherwise
    from unittest import mock
    from urllib.parse import urlencode

    from django.conf import settings
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from marketplace.models import Listing
    from marketplace.search import LISTING_INDEX, listing_search, live_listing_documents, parse_search_params
    from municipalities.models import Municipality
    from search.backends import database
    from search.registry import get_elasticsearch_backend

    assert not settings.DEBUG, "benchmarks run with DEBUG off (no query logging)"
    backend = args.backend
    loaded_s = None
    if backend == "elasticsearch":
        t0 = time.perf_counter()
        get_elasticsearch_backend(maintenance=True).rebuild(LISTING_INDEX, live_listing_documents())
        loaded_s = time.perf_counter() - t0
        print(f"  Elasticsearch loaded in {loaded_s:.0f} s", file=sys.stderr, flush=True)
    municipality = Municipality.objects.get(slug=SEARCH_HOST_SLUG)
    host = f"{SEARCH_HOST_SLUG}.localhost:{args.app_port}"
    client = Client()
    queries = _mix(["Glommersträsk", "Moskosel"])
    pks = list(Listing.objects.values_list("pk", flat=True))
    rng = random.Random(1)

    def view(query: dict):
        path = "/marknadsplats/" + ("?" + urlencode(query) if query else "")
        response = client.get(path, HTTP_HOST=host, secure=True)
        assert response.status_code == 200, (path, response.status_code, response.get("Location"))
        return response

    def selector(query: dict):
        params = parse_search_params(QueryDict(urlencode(query)))
        return listing_search(params=params, municipality=municipality)

    hits = {}
    # A search Elasticsearch does not answer within its timeout (1 s) is answered by the database (the registry's
    # fallback): counted, not hidden; the times include the wait.
    fallbacks = {"warm-up": 0, "timed": 0}
    for kind, variants in queries.items():  # warm-up, hit counts, and the backend that answered
        for query in variants:
            view(query)
            result = selector(query)
            fallbacks["warm-up"] += result.backend != backend
            label = "&".join(f"{name}={value}" for name, value in query.items()) or "(none)"
            hits[f"{kind}: {label}"] = result.total
    samples_view: dict[str, list[float]] = {kind: [] for kind in queries}
    samples_sel: dict[str, list[float]] = {kind: [] for kind in queries}
    baseline: list[float] = []
    started, done = time.perf_counter(), 0
    for round_no in range(args.rounds):
        kinds = list(queries)
        rng.shuffle(kinds)
        for kind in kinds:
            query = queries[kind][round_no % len(queries[kind])]
            t0 = time.perf_counter_ns()
            view(query)
            samples_view[kind].append((time.perf_counter_ns() - t0) / 1e6)
            t0 = time.perf_counter_ns()
            answered = selector(query).backend
            samples_sel[kind].append((time.perf_counter_ns() - t0) / 1e6)
            fallbacks["timed"] += answered != backend
            for _ in range(2):
                pk = rng.choice(pks)
                t0 = time.perf_counter_ns()
                Listing.objects.filter(pk=pk).exists()
                baseline.append((time.perf_counter_ns() - t0) / 1e6)
        done = round_no + 1
        if time.perf_counter() - started > args.max_seconds and done >= 10:
            break
    elapsed = time.perf_counter() - started
    cold: dict[str, list[float]] = {}
    if backend == "database" and args.cold_rounds:
        with mock.patch.object(database, "_cache_get", return_value=None):
            for round_no in range(args.cold_rounds):
                for kind in COLD_KINDS:
                    query = queries[kind][round_no % len(queries[kind])]
                    t0 = time.perf_counter_ns()
                    view(query)
                    cold.setdefault(kind, []).append((time.perf_counter_ns() - t0) / 1e6)
    result = {
        "backend": backend, "rounds": done, "elapsed_s": elapsed, "hits": hits, "loaded_s": loaded_s,
        "fallbacks": fallbacks,
        "view": {**{k: _summary(s) for k, s in samples_view.items()},
                 "all": _summary([x for s in samples_view.values() for x in s])},
        "selector": {**{k: _summary(s) for k, s in samples_sel.items()},
                     "all": _summary([x for s in samples_sel.values() for x in s])},
        "cold": {k: _summary(s) for k, s in cold.items()},
        "baseline": _summary(baseline), "listings": len(pks), "vendor": connection.vendor,
    }
    return result


# The public listing page through the page cache ------------------------------------------------------

def measure_page(stack: benchlib.Stack, args, extra_env: dict) -> dict:
    """profile_bench.py's approach for one public listing page: the app (every request rendered), the app behind
    nginx with docker/nginx/snippets/page-cache.conf, and nginx serving the same bytes from a file."""
    pk = _page_listing(stack, extra_env)
    host = f"{SEARCH_HOST_SLUG}.localhost:{args.app_port}"
    path = f"/marknadsplats/{pk}/"
    headers = {"Host": host, "X-Forwarded-Proto": "https"}
    wrk = profile_bench.WrkSettings(args.threads, args.connections, args.duration, args.warmup)
    runs: list[tuple[str, dict]] = []
    if not benchlib.redis_ok(args.redis_url):
        raise SystemExit(f"Redis at {args.redis_url} does not answer PING (the page cache run needs it); "
                         "or run with --skip-page")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        tmpdir = Path(tmp)
        os.chmod(tmpdir, 0o755)
        with profile_bench.App(stack, args.app_port, args.workers, {**extra_env, "REDIS_URL": args.redis_url}):
            html = profile_bench._fetch(args.app_port, path, headers)
            (tmpdir / "listing.html").write_bytes(html)
            benchlib.log(f"listing page {path} on {host}: {len(html)} bytes; saved for nginx")
            runs.append(("app, REDIS_URL set (every request rendered)", wrk.run(args.app_port, path, headers)))
            cache = nginxlib.page_cache_proxy_location(args.app_port)
            with nginxlib.LoopbackNginx(tmpdir / "cache-proxy", args.nginx_port, cache, workers=args.workers):
                profile_bench._fetch(args.nginx_port, path, headers)
                status = profile_bench._cache_status(args.nginx_port, path, headers)
                if status != "HIT":
                    raise SystemExit(f"the page cache answered {status!r}, not HIT: is the listing page shareable?")
                cached_headers = profile_bench._response_headers(args.nginx_port, path, headers)
                runs.append(("app + page cache (nginx, docker/nginx/snippets/page-cache.conf)",
                             wrk.run(args.nginx_port, path, headers)))
        # The same response from a file: the body and the cached response's headers (CSP, Vary, caching).
        static = nginxlib.static_file_location(path, tmpdir, "listing.html", cached_headers)
        with nginxlib.LoopbackNginx(tmpdir / "static", args.nginx_port, static, workers=args.workers):
            served = profile_bench._fetch(args.nginx_port, path, headers)
            assert served == html, "nginx must serve exactly the app's HTML"
            own = nginxlib.own_headers_dropped
            assert own(profile_bench._response_headers(args.nginx_port, path, headers)) == own(cached_headers), \
                "nginx must send the cached response's headers too"
            runs.append(("nginx, same response (body and headers) from a file",
                         wrk.run(args.nginx_port, path, headers)))
    return {"path": path, "bytes": len(html), "runs": runs, "wrk": wrk.describe()}


def _page_listing(stack: benchlib.Stack, extra_env: dict) -> int:
    """A live public procurement call located in Arvidsjaur, open for answers, owned by a company, with items:
    the fullest listing page (owner link, items with SNI titles, delivery place, deadline)."""
    code = (
        "from datetime import timedelta; from django.utils import timezone; from django.db.models import Count; "
        "from marketplace.models import Listing; "
        "print(Listing.objects.filter(municipality__slug=%r, kind='call', call_status='open', status='published', "
        "audience='public', company__isnull=False, hub__isnull=True, expires_on__gte=timezone.localdate(), "
        "answer_deadline__gt=timezone.now() + timedelta(days=2)).annotate(n=Count('items'))"
        ".filter(n__gte=2).order_by('pk').values_list('pk', flat=True)[0])" % SEARCH_HOST_SLUG)
    result = subprocess.run([sys.executable, str(benchlib.MANAGE), "shell", "-v0", "-c", code], cwd=benchlib.REPO,
                            env=stack.env(**extra_env), capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


# Conversation message delivery ------------------------------------------------------------------------

DELIVERY_SLUG = "arvidsjaur"  # the conversations' municipality; its generated companies are both sides


def delivery_data(n: int, *, token: str) -> dict:
    """`n` conversations in Arvidsjaur, written in bulk: for each, a live open procurement call of one generated
    company (the buyer) answered by another (the supplier), the thread with the answer as its first message, one
    new member user per company, and a signed-in session for each of the 2n users (SessionStore.create, what
    Client.force_login does: the same session keys, auth hash and backend). Then the baseline: one primary-key
    lookup of a Listing through the ORM, as for search."""
    _setup_django()
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Company, CompanyMember
    from marketplace.models import Answer, Audience, CallItem, Conversation, Listing, ListingStatus, Message
    from municipalities.models import Municipality

    t0 = time.perf_counter()
    now, today = timezone.now(), timezone.localdate()
    muni = Municipality.objects.get(slug=DELIVERY_SLUG)
    companies = list(Company.objects.filter(municipality=muni, status="published").order_by("pk")
                     .values_list("pk", "legal_name")[: 2 * n])
    if len(companies) < 2 * n:
        raise SystemExit(f"{2 * n} published companies in {DELIVERY_SLUG} are needed, found {len(companies)}")
    buyers, suppliers = companies[:n], companies[n:]
    User = get_user_model()
    with transaction.atomic():
        users = []
        for side, group in (("kopare", buyers), ("leverantor", suppliers)):
            for i, _company in enumerate(group):
                user = User(email=f"bench-{token}-{side}-{i}@example.org")
                user.set_unusable_password()
                users.append(user)
        users = User.objects.bulk_create(users)
        buyer_users, supplier_users = users[:n], users[n:]
        CompanyMember.objects.bulk_create(
            [CompanyMember(company_id=c[0], user=u, role=CompanyMember.Role.MEMBER)
             for c, u in zip(companies, users, strict=True)])
        listings = Listing.objects.bulk_create([Listing(
            municipality=muni, kind="call", category="property", company_id=buyer[0],
            title=f"Snöröjning av gårdsplan {i + 1}", description="Vi söker entreprenör för snöröjning i vinter.",
            audience=Audience.PUBLIC, status=ListingStatus.PUBLISHED, published_at=now - timedelta(days=3),
            expires_on=today + timedelta(days=60), call_status="open", answer_deadline=now + timedelta(days=20),
            delivery_place="Arvidsjaur", contact_email="inkop@example.org") for i, buyer in enumerate(buyers)])
        CallItem.objects.bulk_create([CallItem(listing=listing, description="Snöröjning, hela säsongen",
                                               sni_code="81290", unit="st", quantity=1, sort_order=0)
                                      for listing in listings])
        Answer.objects.bulk_create([Answer(
            listing=listing, company_id=supplier[0], municipality=muni, text="Vi kan ta uppdraget med traktor.",
            submitted_by=user, status=Answer.Status.SUBMITTED)
            for listing, supplier, user in zip(listings, suppliers, supplier_users, strict=True)])
        conversations = Conversation.objects.bulk_create([Conversation(
            listing=listing, company_id=supplier[0], municipality=muni, last_message_at=now)
            for listing, supplier in zip(listings, suppliers, strict=True)])
        Message.objects.bulk_create([Message(conversation=c, author=u, body="Vi kan ta uppdraget med traktor.")
                                     for c, u in zip(conversations, supplier_users, strict=True)])
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]

    def session(user) -> str:
        store = store_class()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = user._meta.pk.value_to_string(user), backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    pairs = [{"conversation": c.pk, "receiver": session(s), "sender": session(b)}
             for c, s, b in zip(conversations, supplier_users, buyer_users, strict=True)]
    setup_s = time.perf_counter() - t0
    pks = list(Listing.objects.values_list("pk", flat=True))
    rng, baseline = random.Random(1), []
    for _ in range(400):
        pk = rng.choice(pks)
        t = time.perf_counter_ns()
        Listing.objects.filter(pk=pk).exists()
        baseline.append((time.perf_counter_ns() - t) / 1e6)
    return {"pairs": pairs, "setup_s": setup_s, "baseline": _summary(baseline[100:]),
            "session_engine": settings.SESSION_ENGINE, "municipality_id": muni.pk}


def measure_delivery(stack: benchlib.Stack, args, extra_env: dict) -> dict:
    """Message delivery with `--conversations` (500) open conversations on the Redis channel layer (target p99 ≤
    300 ms). Both sides of every conversation have the thread page open: the supplier's socket receives, the buyer's
    socket posts `{"type": "message", "body": …}`, which is what conversation.js sends when a reply is submitted on
    an open thread page (the plain form POST is only its fallback). The receiver answers each arrival with
    `{"type": "read"}`, as the page does when visible. The time from just before the buyer's frame is sent to the
    frame arriving at the supplier's socket is one sample; a subscriber on the groups' Redis channels timestamps
    each PUBLISH, splitting it into the app's work before the PUBLISH and the fan-out after it."""
    import asyncio

    if not benchlib.redis_ok(args.delivery_redis_url):
        raise SystemExit(f"Redis at {args.delivery_redis_url} does not answer PING (the delivery run needs it); "
                         "or run with --skip-delivery")
    import sot_bench

    nofile = sot_bench.raise_open_file_limit(4 * args.conversations + 512)
    token = f"{int(time.time())}"
    benchlib.log(f"delivery: {args.conversations} conversations, users and sessions (bulk) ...")
    data = _child_json(stack, ["--child", "delivery-data", "--conversations", str(args.conversations),
                               "--token", token], extra_env, what="writing the conversations")
    benchlib.log(f"  written in {data['setup_s']:.1f} s; baseline pk lookup p50 {data['baseline']['p50']:.2f} ms")
    app_env = {**extra_env, "REDIS_URL": args.delivery_redis_url, "DATABASE_POOL_MAX_SIZE": str(args.pool_size)}
    with profile_bench.App(stack, args.app_port, args.delivery_workers, app_env):
        result = asyncio.run(_deliver(args, data))
    result.update({"setup_s": data["setup_s"], "baseline": data["baseline"], "session_engine": data["session_engine"],
                   "workers": args.delivery_workers, "pool_size": args.pool_size, "open_files": nofile, "redis_url": args.delivery_redis_url})
    return result


async def _deliver(args, data: dict) -> dict:
    import asyncio
    import secrets

    import redis.asyncio as aioredis
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    host = f"{DELIVERY_SLUG}.localhost:{args.app_port}"
    origin = f"https://{host}"
    pairs = data["pairs"]
    gate = asyncio.Semaphore(args.connect_concurrency)
    marker = f"Mätning {secrets.token_hex(3)}"
    pattern = re.compile(re.escape(marker) + r" (\d+)/")
    arrived: dict[int, float] = {}  # message seq -> arrival at the receiver
    echoed: dict[int, float] = {}  # message seq -> its own echo at the sender's socket
    closed: dict[str, str] = {}
    errors: list[str] = []
    other = {"receiver": 0, "sender": 0}

    async def open_socket(pair: dict, side: str, times: list[float]):
        headers = {"Cookie": f"sessionid={pair[side]}", "X-Forwarded-Proto": "https"}
        async with gate:
            t = time.perf_counter()
            ws = await connect(f"ws://{host}/ws/marknadsplats/konversation/{pair['conversation']}/",
                               host="127.0.0.1", port=args.app_port, origin=origin, additional_headers=headers,
                               ping_interval=None, open_timeout=120, close_timeout=5, max_queue=None,
                               compression="deflate")
            times.append(time.perf_counter() - t)
            return ws

    async def open_all(side: str) -> tuple[list, list[float], float]:
        times: list[float] = []
        t = time.perf_counter()
        opened = await asyncio.gather(*(open_socket(p, side, times) for p in pairs), return_exceptions=True)
        total = time.perf_counter() - t
        failures = [repr(x) for x in opened if isinstance(x, BaseException)]
        if failures:
            for ws in opened:
                if not isinstance(ws, BaseException):
                    await ws.close()
            raise SystemExit(f"{len(failures)} of {len(pairs)} {side} sockets failed, e.g. {failures[0]}")
        return opened, times, total

    async def read(ws, side: str, key: str):
        try:
            async for raw in ws:
                t = time.perf_counter()
                message = json.loads(raw)
                match = pattern.match((message.get("message") or {}).get("body", ""))
                if message.get("type") != "message" or not match:
                    if message.get("type") == "error":
                        errors.append(f"{side}: {message}")
                    other[side] += 1
                    continue
                seq = int(match.group(1))
                if side == "receiver":
                    arrived.setdefault(seq, t)
                    if args.send_read:
                        await ws.send('{"type": "read"}')  # conversation.js on a visible page
                else:
                    echoed.setdefault(seq, t)
        except ConnectionClosed as exc:
            closed[key] = str(exc)
        else:
            closed[key] = "closed by the server"

    benchlib.log(f"  opening {len(pairs)} receiving sockets (the suppliers'; {args.connect_concurrency} handshakes "
                 "at a time) ...")
    receivers, receiver_s, receiver_total = await open_all("receiver")
    benchlib.log(f"  {len(pairs)} receivers open in {receiver_total:.1f} s; opening the {len(pairs)} senders ...")
    senders, sender_s, sender_total = await open_all("sender")
    benchlib.log(f"  senders open in {sender_total:.1f} s")
    readers = [asyncio.create_task(read(ws, "receiver", f"r{i}")) for i, ws in enumerate(receivers)]
    readers += [asyncio.create_task(read(ws, "sender", f"s{i}")) for i, ws in enumerate(senders)]
    await asyncio.sleep(2)
    if closed:
        raise SystemExit(f"{len(closed)} sockets were closed before any message: {next(iter(closed.values()))}")

    tap = aioredis.from_url(args.delivery_redis_url)
    pubsub = tap.pubsub()
    await pubsub.psubscribe("asgi__group__marketplace.conversation.*")
    published: dict[int, float] = {}

    async def listen():
        async for item in pubsub.listen():
            if item["type"] == "pmessage":
                match = re.search(re.escape(marker).encode() + rb" (\d+)/", item["data"])
                if match:
                    published.setdefault(int(match.group(1)), time.perf_counter())

    tapper = asyncio.create_task(listen())
    await asyncio.sleep(0.5)
    n_messages = args.messages
    rng = random.Random(2)
    order = []
    while len(order) < n_messages:  # every conversation in turn, each pass shuffled
        batch = list(range(len(pairs)))
        rng.shuffle(batch)
        order.extend(batch)
    order = order[:n_messages]
    sent: dict[int, float] = {}
    benchlib.log(f"  {n_messages} messages at {args.rate:g}/s, each from a buyer's socket ...")
    started = time.perf_counter()
    for seq, index in enumerate(order, start=1):
        due = started + (seq - 1) / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        body = f"{marker} {seq}/{n_messages}: vi kan börja på måndag, med traktor och plog."
        sent[seq] = time.perf_counter()
        await senders[index].send(json.dumps({"type": "message", "body": body}))
    send_s = time.perf_counter() - started
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(arrived) < n_messages:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    for task in [*readers, tapper]:
        task.cancel()
    await asyncio.gather(*readers, tapper, return_exceptions=True)
    await pubsub.aclose()
    await tap.aclose()
    await asyncio.gather(*(asyncio.wait_for(ws.close(), 10) for ws in [*receivers, *senders]),
                         return_exceptions=True)

    def ms(values: list[float]) -> dict | None:
        return _summary_full([v * 1000 for v in values]) if values else None

    latency = [arrived[s] - sent[s] for s in sent if s in arrived]
    before = [published[s] - sent[s] for s in sent if s in published]
    after = [arrived[s] - published[s] for s in sent if s in arrived and s in published]
    echo = [echoed[s] - sent[s] for s in sent if s in echoed]
    by_second: dict[int, list[float]] = {}
    for s in sent:
        if s in arrived:
            by_second.setdefault(int((sent[s] - started) // 10), []).append((arrived[s] - sent[s]) * 1000)
    result = {
        "conversations": len(pairs), "messages": n_messages, "rate": args.rate, "send_s": send_s,
        "connect": {"receivers_total_s": receiver_total, "receivers": ms(receiver_s),
                    "senders_total_s": sender_total, "senders": ms(sender_s),
                    "concurrency": args.connect_concurrency},
        "delivered": len(latency), "lost": n_messages - len(latency), "echoed": len(echo),
        "published": len(published), "latency": ms(latency), "to_publish": ms(before), "from_publish": ms(after),
        "echo": ms(echo), "errors": errors[:5], "n_errors": len(errors), "other_frames": other,
        "closed_early": len(closed), "send_read": args.send_read,
        "per_10s": {str(k * 10): _summary_full(v) for k, v in sorted(by_second.items())},
    }
    if latency:
        lat = result["latency"]
        benchlib.log(f"  delivered {len(latency)}/{n_messages}; p50 {lat['p50']:.0f} ms, p99 {lat['p99']:.0f} ms, "
                     f"max {lat['max']:.0f} ms")
    return result


def _summary_full(samples_ms: list[float]) -> dict:
    return {"n": len(samples_ms), "p50": benchlib.percentile(samples_ms, 50), "p95": benchlib.percentile(samples_ms, 95),
            "p99": benchlib.percentile(samples_ms, 99), "max": max(samples_ms)}


# Report -------------------------------------------------------------------------------------------

def _delivery_report(d: dict) -> list[str]:
    def row(label: str, x: dict | None) -> list:
        if not x:
            return [label, 0, "–", "–", "–", "–"]
        return [label, x["n"], f"{x['p50']:.1f}", f"{x['p95']:.1f}", f"{x['p99']:.1f}", f"{x['max']:.1f}"]

    c, base = d["connect"], d["baseline"]
    out = [f"Conversation delivery: {d['conversations']} open conversations in {DELIVERY_SLUG.capitalize()} (each a "
           "live open call of one generated company answered by another; one member user per company, signed in "
           f"by a session of `{d['session_engine']}`), uvicorn --workers {d['workers']} with production settings, "
           f"DATABASE_POOL_MAX_SIZE {d['pool_size']} and "
           f"REDIS_URL `{d['redis_url']}` (Redis pub/sub channel layer). Both sides have the thread page open: "
           f"{d['conversations']} receiving sockets (the suppliers') opened in {c['receivers_total_s']:.1f} s, then "
           f"{d['conversations']} sending sockets (the buyers') in {c['senders_total_s']:.1f} s ({c['concurrency']} "
           f"handshakes at a time). {d['messages']} messages at {d['rate']:g}/s (sent over {d['send_s']:.0f} s), each "
           "a `{\"type\": \"message\"}` frame on the buyer's socket (what conversation.js sends), every "
           "conversation in turn; the receiver answers each with `{\"type\": \"read\"}`"
           + ("" if d["send_read"] else " (not in this run: --no-send-read)")
           + ". Latency: from just before the frame is sent to its arrival at the supplier's socket, in the same "
           "client process; a subscriber on the groups' Redis channels splits it at the PUBLISH. Baseline "
           f"`Listing.objects.filter(pk=…).exists()`: p50 {base['p50']:.2f} ms, p95 {base['p95']:.2f} ms "
           f"(n={base['n']}). Data written in {d['setup_s']:.1f} s.", "",
           benchlib.markdown_table(["ms", "n", "p50", "p95", "p99", "max"], [
               row("**frame sent → arrival at the receiver**", d["latency"]),
               row("frame sent → Redis PUBLISH", d["to_publish"]),
               row("PUBLISH → arrival", d["from_publish"]),
               row("frame sent → echo at the sender's own socket", d["echo"]),
               row("receiving socket handshake", c["receivers"]),
               row("sending socket handshake", c["senders"])], align="lrrrrr"), "",
           "Per 10 s of sending (ms, frame sent → arrival): " + "; ".join(
               f"{k}–{int(k) + 10} s p50 {v['p50']:.0f} / p99 {v['p99']:.0f}" for k, v in d["per_10s"].items()) + ".",
           "",
           f"Delivered {d['delivered']}/{d['messages']} (**lost {d['lost']}**), published {d['published']}, echoed "
           f"{d['echoed']}; error frames {d['n_errors']}; sockets closed early {d['closed_early']}.", ""]
    p99 = d["latency"]["p99"] if d["latency"] else float("inf")
    ok = p99 <= TARGET_DELIVERY_P99_MS and d["lost"] == 0
    out.append(f"Target delivery p99 ≤ {TARGET_DELIVERY_P99_MS:.0f} ms with {d['conversations']} open conversations: "
               f"**{'yes' if ok else 'no'}** (p99 {p99:.0f} ms, {d['lost']} lost).")
    out.append("")
    return out


def report(result: dict, args) -> None:
    out = ["## Marketplace (`bench/marketplace_bench.py`)", ""]
    out.append(benchlib.markdown_table(["machine", ""], [list(r) for r in result["machine"]]))
    out.append("")
    data = result["data"]
    if data.get("reused"):
        out.append("Data: a kept database, reused (no new listings).")
    elif data.get("delivery_only"):
        out.append(f"Data (`--delivery-only`): seed_demo and {data['companies']:,} generated companies in "
                   f"{DELIVERY_SLUG.capitalize()}; no listings but the conversations' own.")
    else:
        out.append(
            f"Data: {data['listings']:,} listings over Arvidsjaur (50 %), Överkalix and Åsele (25 % each) by "
            f"{data['companies']:,} generated companies, the municipalities and {data['hubs']} hubs "
            f"({data['hub_listings']:,} hub listings, {data['members_only']:,} members only); kinds "
            + ", ".join(f"{k} {n:,}" for k, n in sorted(data["by_kind"].items())) + "; states "
            + ", ".join(f"{k} {n:,}" for k, n in sorted(data["by_status"].items()))
            + f"; {data['call_items']:,} call items. {data['indexed']:,} live public listings indexed. Generated in "
            f"{data['generate_s']:.0f} s (rows {data['write_s']:.0f} s, search index {data['index_s']:.0f} s).")
    out.append("")
    for s in result["search"]:
        base = s["baseline"]["p50"]
        label = "database backend (PostgreSQL)" if s["backend"] == "database" else f"Elasticsearch: {s['server']}"
        out.append(f"Listing search on Arvidsjaur's host, {label}: {s['rounds']} rounds in {s['elapsed_s']:.0f} s"
                   + (f" (index loaded in {s['loaded_s']:.0f} s)" if s.get("loaded_s") else "")
                   + (f"; {s['fallbacks']['timed']} of the timed and {s['fallbacks']['warm-up']} of the warm-up "
                      "`listing_search` calls fell back to the database (Elasticsearch's 1 s timeout)"
                      if s["backend"] != "database" else "")
                   + f". Baseline `Listing.objects.filter(pk=…).exists()`: p50 {base:.2f} ms, "
                   f"p95 {s['baseline']['p95']:.2f} ms (n={s['baseline']['n']}).")
        out.append("")
        rows = []
        for kind in (*KINDS, "all"):
            v, sel = s["view"][kind], s["selector"][kind]
            rows.append([kind, v["n"], f"{v['p50']:.1f}", f"{v['p95']:.1f}", f"{v['max']:.1f}",
                         f"{v['p95'] / base:.0f}×", f"{sel['p50']:.1f}", f"{sel['p95']:.1f}"])
        for kind, c in s.get("cold", {}).items():
            rows.append([f"{kind}, counts not cached (not in the mix)", c["n"], f"{c['p50']:.1f}", f"{c['p95']:.1f}",
                         f"{c['max']:.1f}", f"{c['p95'] / base:.0f}×", "", ""])
        out.append(benchlib.markdown_table(
            ["query kind", "n", "view p50 ms", "view p95 ms", "view max ms", "view p95 / baseline p50",
             "listing_search p50 ms", "listing_search p95 ms"], rows, align="lrrrrrrr"))
        out.append("")
        p95 = s["view"]["all"]["p95"]
        fell_back = s.get("fallbacks", {}).get("timed", 0)
        if fell_back > 0.1 * s["selector"]["all"]["n"]:
            out.append(f"Target p95 ≤ {TARGET_SEARCH_P95_MS:.0f} ms ({label}): **not measured**: {fell_back} of "
                       f"{s['selector']['all']['n']} searches were answered by the database after a timeout, so "
                       "these figures are mostly the database's.")
        else:
            out.append(f"Target p95 ≤ {TARGET_SEARCH_P95_MS:.0f} ms ({label}, whole view): "
                       f"**{'yes' if p95 <= TARGET_SEARCH_P95_MS else 'no'}** ({p95:.1f} ms).")
        out.append("")
    if result.get("elasticsearch_error"):
        out.append(f"Elasticsearch ({args.elasticsearch}) not measured: {result['elasticsearch_error']}")
        out.append("")
    if result.get("facet_statistics"):
        out.append("Run with `--facet-statistics`: PostgreSQL had extended statistics (mcv, dependencies) on "
                   "search_searchfacetvalue (index_name, field, value), which the app's migrations do not create.")
        out.append("")
    if result["search"]:
        first = result["search"][0]
        out.append(benchlib.markdown_table(["search", "matches on Arvidsjaur's host"],
                                           [[q, n] for q, n in first["hits"].items()], align="lr"))
        out.append("")
    page = result.get("page")
    if page:
        runs = page["runs"]
        nginx = next(r for label, r in runs if label.startswith("nginx"))
        out.append(f"Public listing page `{page['path']}` ({page['bytes']} bytes, a live call with items); uvicorn "
                   f"--workers {args.workers}, nginx worker_processes {args.workers}; {page['wrk']}. wrk, the servers "
                   "and the database share the same cores.")
        out.append("")
        out.append(benchlib.markdown_table(
            ["server", "req/s", "p50 ms", "p90 ms", "p99 ms", "÷ nginx req/s"],
            [[label, f"{r['rps']:.0f}", f"{r['p50']:.2f}", f"{r['p90']:.2f}", f"{r['p99']:.2f}",
              f"{r['rps'] / nginx['rps']:.3f}×"] for label, r in runs], align="lrrrrr"))
        out.append("")
        cached = next(r for label, r in runs if "page cache" in label)
        ratio = cached["rps"] / nginx["rps"]
        out.append(f"Target listing page through the page cache ≥ {TARGET_PAGE_RATIO}× nginx: "
                   f"**{'yes' if ratio >= TARGET_PAGE_RATIO else 'no'}** ({ratio:.3f}×).")
        out.append("")
    if result.get("delivery") is None:
        out.append(f"Message delivery (p99 ≤ {TARGET_DELIVERY_P99_MS:.0f} ms with 500 open conversations): "
                   "not measured (--skip-delivery).")
    else:
        out.extend(_delivery_report(result["delivery"]))
    out.append(f"Total run time {result['total_s'] / 60:.1f} min.")
    text = "\n".join(out)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (benchlib.BENCH_DIR / f"marketplace-{stamp}.md").write_text(text + "\n")
    (benchlib.BENCH_DIR / f"marketplace-{stamp}.json").write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
