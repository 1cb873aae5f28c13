"""Follow-up dashboard render time with 100k needs over 3 municipalities on PostgreSQL, and the streamed
CSV/XLSX export of individual needs: time and peak Python memory (tracemalloc) at 10k/50k/100k rows.

    .venv/bin/python bench/competence_bench.py [--needs 100000] [--renders 30] [--database wt_followup_bench]
        [--redis-url redis://127.0.0.1:6379/0] [--freshness-rounds 5] [--export-sizes ""]

Dashboard renders, each view measured four ways (competence/followup_cache.py):
- never computed: the filter's entry deleted before each render, so the request computes the figures;
- right after a write: a conversation saved before each render (a real write: signals, version bump,
  the defaults' refresh queued on commit), no worker running: the previous figures are served;
- cached: repeated renders of an unchanged database;
- write → fresh: with `manage.py db_worker --backend embeddings` running as a separate process (started
  by this script), the seconds from a write's commit until the view's stored figures are under the
  current version and count the write (polled every 50 ms; the one-year view is rendered once right after
  the write, which is what queues its refresh; each write waits for an empty queue, so the figure is
  one write's, not a backlog's); and the recompute alone, the task run inline.
The figures are kept in Redis (`--redis-url`; the worker must share them): without it the worker part is
skipped and the other renders use the process's local memory cache.

The parent makes a fresh PostgreSQL database (never `test`) and migrates it; a child process with the
production settings (DEBUG off) bulk-creates the data and measures in-process through Django's test
client (middleware, session, template, the whole view). Figures are also given as ratios to a baseline
measured in the same run: one primary-key lookup of a need (`CompetenceNeed.objects.get(pk=...)`).

Not measured here: ranking one need against 5,000 offers and the AI suggestion for one need text belong to
the matching part (competence/matching.py is not on main yet) and bench/competence_suggest_bench.py.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench")]

import benchlib  # noqa: E402
from benchlib import log, machine_description, markdown_table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--export-sizes", default="10000,50000,100000")
    parser.add_argument("--database", default="wt_followup_bench")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0",
                        help="the cache shared with the worker; empty: local memory, no worker")
    parser.add_argument("--freshness-rounds", type=int, default=5)
    args = parser.parse_args()
    stack = benchlib.postgres_stack(host=args.pg_host, port=args.pg_port, user=args.pg_user, database=args.database)
    if args.child:
        print(json.dumps(child(args)))
        return
    problem = benchlib.check_postgres(stack)
    if problem:
        raise SystemExit(problem)
    log(f"fresh database {args.database}; migrating")
    benchlib.fresh_database(stack)
    try:
        benchlib.manage(stack, "migrate", "--noinput", "-v0")
        benchlib.manage(stack, "collectstatic", "--noinput", "-v0")  # production settings use the manifest
        log("generating data and measuring in a child process")
        out = subprocess.run([sys.executable, __file__, "--child", *sys.argv[1:]],
                             env=stack.env(REDIS_URL=args.redis_url), cwd=REPO, check=True, stdout=subprocess.PIPE,
                             text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if not args.keep:
            benchlib.drop_database(stack)
    report(result, stack)


def report(r: dict, stack) -> None:
    base = r["baseline_ms"]
    print("## Competence follow-up (bench/competence_bench.py)\n")
    print(markdown_table(["what", "value"], [list(x) for x in machine_description([stack])]))
    print()
    print(f"Data: {r['needs']:,} needs of {r['companies']:,} companies in 3 municipalities, "
          f"{r['matches']:,} matches, {r['conversations']:,} conversations, {r['assessments']:,} maturity "
          f"assessments. Baseline: one primary-key lookup of a need, median {base:.3f} ms "
          f"({r.get('baseline_ms_end', base):.3f} ms at the end).\n")
    rows = []
    for name, d in r["dashboard"].items():
        rows.append([name, f"{d['p50']:.0f}", f"{d['p95']:.0f}", f"{d['p95'] / base:,.0f}×",
                     "yes" if d["p95"] <= 300 else "no"])
    print(markdown_table(["dashboard render (owner of 3 municipalities)", "p50 ms", "p95 ms", "p95 / baseline",
                          "≤ 300 ms"], rows, "lrrrl"))
    print()
    if r.get("freshness"):
        rows = [[name, f"{d['inline_p50']:.0f}", f"{d['fresh_p50']:.1f}", f"{d['fresh_max']:.1f}"]
                for name, d in r["freshness"].items()]
        print(markdown_table(["view", "recompute inline, p50 ms", "write → fresh with worker, p50 s",
                              "max s"], rows, "lrrr"))
        print()
    if not r["exports"]:
        return
    rows = []
    for e in r["exports"]:
        rows.append([e["format"], f"{e['rows']:,}", f"{e['seconds']:.2f}", f"{e['rows'] / e['seconds']:,.0f}",
                     f"{e['seconds'] * 1000 / base:,.0f}×", f"{e['peak_mib']:.1f}"])
    print(markdown_table(["export", "rows", "seconds", "rows/s", "time / baseline", "peak traced MiB"], rows,
                         "lrrrrr"))


# --- The child: data and measurements -------------------------------------------------------------

def child(args) -> dict:
    import django

    sys.path[:0] = [str(REPO / "platform"), str(REPO)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    django.setup()
    counts = generate(args.needs)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does shortly after a bulk load
        cursor.execute("VACUUM ANALYZE")
    result = {**counts, "baseline_ms": baseline_ms()}
    result["dashboard"] = {}
    for mode in ("never computed", "right after a write", "cached"):
        result["dashboard"].update({f"{k}, {mode}": v for k, v in measure_dashboard(args.renders, mode).items()})
    result["freshness"] = measure_freshness(args.freshness_rounds) if os.environ.get("REDIS_URL") else {}
    result["exports"] = measure_exports([int(n) for n in args.export_sizes.split(",") if n])
    result["baseline_ms_end"] = baseline_ms()
    return result


def generate(n_needs: int) -> dict:
    import datetime as dt
    import random

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from competence.models import (
        CompanyPeerOffer,
        CompetenceNeed,
        CompetenceNeedStatusChange,
        MaturityAssessment,
        MaturityDimension,
        NeedMatch,
        NeedsConversation,
    )
    from directory.models import Company
    from municipalities.models import Locality, PlatformOwner
    from tests.factories.accounts import make_superuser, make_user
    from tests.factories.competence_followup import org_number
    from tests.factories.municipalities import make_municipality

    rng = random.Random(42)
    municipalities = [make_municipality("2505"), make_municipality("2513", preset="alv"),
                      make_municipality("2463", preset="skog")]
    owner = make_user("region.norrbotten@example.org")
    TOTP.activate(owner, generate_totp_secret())
    region = PlatformOwner.objects.create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION)
    region.municipalities.set(municipalities)
    region.members.add(owner)
    admin = make_superuser()
    TOTP.activate(admin, generate_totp_secret())
    ssyk = ["2512", "5120", "7231", "2511", "3313", "7411", "8332", "5223", "2421", "7125", "3512", "4222"]
    skills = [{"id": f"s{i}", "label": label} for i, label in enumerate(
        ["E-handel", "Kassasystem", "Svetsning", "Bokföring", "CNC", "Excel", "Truckkort", "AI-verktyg",
         "IoT", "VR", "Projektledning", "Kundservice"])]
    forms = ["peer", "network", "short_course", "vocational", "university", "internship"]
    companies = []
    seed = 1
    for m in municipalities:
        localities = [Locality.objects.create(municipality=m, name=f"{m.name} ort {i}", latitude=65, longitude=19)
                      for i in range(3)]
        batch = [Company(municipality=m, legal_name=f"Bench {m.slug} {i} AB", slug=f"bench-{i}",
                         org_number=org_number(seed + i, prefix="55601"), primary_sni=rng.choice(
                             ["62010", "56100", "43320", "25620", "47111", "49410"]), phone="070-174 06 50",
                         size_class=rng.choice(["micro", "micro", "small", "medium", "large"]),
                         woman_led=rng.random() < 0.35, status="published") for i in range(1000)]
        seed += 1000
        created = Company.objects.bulk_create(batch)
        Company.localities.through.objects.bulk_create(
            [Company.localities.through(company_id=c.pk, locality_id=rng.choice(localities).pk) for c in created])
        companies.extend(created)
    now = timezone.now()
    statuses = ["registered"] * 4 + ["matched", "in_progress"] + ["met"] * 3 + ["dropped"]
    needs = []
    for i in range(n_needs):
        company = rng.choice(companies)
        needs.append(CompetenceNeed(
            municipality_id=company.municipality_id, company=company, description=f"Behov {i}: vi behöver hjälp",
            ssyk_code=rng.choice(ssyk), kind="upskill", horizon="now", status=rng.choice(statuses),
            skills=rng.sample(skills, rng.randint(1, 3)), preferred_forms=rng.sample(forms, rng.randint(1, 2))))
    needs = CompetenceNeed.objects.bulk_create(needs, batch_size=5000)
    changes = [CompetenceNeedStatusChange(municipality_id=n.municipality_id, need_id=n.pk, to_status="registered")
               for n in needs]
    changes += [CompetenceNeedStatusChange(municipality_id=n.municipality_id, need_id=n.pk, from_status="matched",
                                           to_status="met") for n in needs if n.status == "met"]
    CompetenceNeedStatusChange.objects.bulk_create(changes, batch_size=5000)
    offers = CompanyPeerOffer.objects.bulk_create([
        CompanyPeerOffer(municipality_id=c.municipality_id, company=c, kind="mentoring", title="Mentor",
                         description="Vi delar") for c in rng.sample(companies, 300)])
    matched = [n for n in needs if n.status in ("matched", "in_progress", "met")]
    match_rows = []
    for n in matched:
        offer = rng.choice(offers)
        if offer.company_id != n.company_id:
            match_rows.append(NeedMatch(municipality_id=n.municipality_id, need_id=n.pk, peer_offer=offer,
                                        reason="samma yrke", owner=region))
    NeedMatch.objects.bulk_create(match_rows, batch_size=5000)
    from django.db import connection

    # created_at is auto_now_add: spread registrations over two years, then date what followed them.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE competence_competenceneed SET created_at = now() - random() * interval '730 days'")
        cursor.execute("UPDATE competence_competenceneedstatuschange c SET created_at = n.created_at "
                       "+ CASE WHEN c.to_status = 'met' THEN (5 + random() * 115) * interval '1 day' "
                       "ELSE interval '0' END FROM competence_competenceneed n WHERE c.need_id = n.id")
        cursor.execute("UPDATE competence_needmatch m SET created_at = n.created_at + (1 + random() * 30) "
                       "* interval '1 day' FROM competence_competenceneed n WHERE m.need_id = n.id")
    conversations = NeedsConversation.objects.bulk_create([
        NeedsConversation(municipality_id=c.municipality_id, company=c, owner=region, participants="VD",
                          held_on=(now - dt.timedelta(days=rng.randint(0, 700))).date())
        for c in rng.choices(companies, k=5000)], batch_size=5000)
    assessed = rng.sample(companies, 1000)
    assessments = [MaturityAssessment(municipality_id=c.municipality_id, company=c, round=r, questionnaire="v1",
                                      scores={d: rng.randint(10, 90) for d in MaturityDimension.values}, overall=50)
                   for c in assessed for r in ((0, 1) if rng.random() < 0.5 else (0,))]
    MaturityAssessment.objects.bulk_create(assessments, batch_size=5000)
    return {"needs": len(needs), "companies": len(companies), "matches": len(match_rows),
            "conversations": len(conversations), "assessments": len(assessments)}


def _timed(fn) -> float:
    import time

    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def baseline_ms() -> float:
    import statistics

    from competence.models import CompetenceNeed

    ids = list(CompetenceNeed.objects.values_list("pk", flat=True)[:200])
    samples = [_timed(lambda pk=pk: CompetenceNeed.objects.get(pk=pk)) for pk in ids]
    return statistics.median(samples)


def _views() -> dict[str, str]:
    from municipalities.models import Municipality

    one = Municipality.objects.get(slug="overkalix").pk
    return {"all 3 municipalities": "/uppfoljning/",
            "one municipality, one year": f"/uppfoljning/?kommun={one}&fran=2026-01&till=2026-12"}


def _owner():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="region.norrbotten@example.org")


def _spec(path: str) -> dict:
    from urllib.parse import parse_qsl, urlsplit

    from django.utils import translation

    from competence import followup_cache
    from competence import followup_selectors as selectors

    with translation.override("sv"):
        filters = selectors.filters_from_query(_owner(), dict(parse_qsl(urlsplit(path).query)))
        return followup_cache.spec_for(filters)


def _write() -> None:
    """One write behind the figures, through the ORM (signals): a conversation held today in Överkalix."""
    import datetime as dt

    from competence.models import NeedsConversation
    from directory.models import Company
    from municipalities.models import PlatformOwner

    company = Company.objects.filter(municipality__slug="overkalix").order_by("pk").first()
    NeedsConversation.objects.create(municipality_id=company.municipality_id, company=company,
                                     owner=PlatformOwner.objects.get(name="Region Norrbotten"),
                                     participants="VD", held_on=dt.date.today())


def measure_dashboard(renders: int, mode: str) -> dict:
    """mode: "never computed" (the entry deleted before each render), "right after a write" (a write
    before each render, no worker: the previous figures are served), "cached" (nothing changes)."""
    from django.core.cache import cache
    from django.test import Client

    from competence import followup_cache

    client = Client()
    client.force_login(_owner())
    result = {}
    for name, path in _views().items():
        spec = _spec(path)
        key = followup_cache._entry_key(spec)
        if mode == "cached":  # a write in the previous mode left the figures stale: bring them up to date
            followup_cache.refresh(spec)
        response = client.get(path, HTTP_HOST="localhost", secure=True)
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        samples = []
        for _ in range(renders):
            if mode == "never computed":
                cache.delete(key)
            elif mode == "right after a write":
                _write()
            samples.append(_timed(lambda: client.get(path, HTTP_HOST="localhost", secure=True)))
        if mode == "right after a write":  # the last render served the previous figures
            assert b"Nya siffror r" in client.get(path, HTTP_HOST="localhost", secure=True).content
        samples.sort()
        result[name] = {"p50": benchlib.percentile(samples, 50), "p95": benchlib.percentile(samples, 95)}
        log(f"{name}, {mode}: p50 {result[name]['p50']:.0f} ms, p95 {result[name]['p95']:.0f} ms")
    return result


def _conversations(entry) -> int:
    board, _relations = entry["value"]
    return next(row for row in board.headline.rows if row.key == "conversations").cells[0].value


def _wait_for_idle_queue(limit: float = 600) -> None:
    import time

    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    start = time.perf_counter()
    while DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
        if time.perf_counter() - start > limit:
            raise RuntimeError("the worker did not empty the queue")
        time.sleep(0.1)


def measure_freshness(rounds: int) -> dict:
    """Seconds from a write's commit until each view's stored figures count it, with the worker running;
    and the recompute alone (the task's body, inline) for comparison."""
    import statistics
    import time

    from django.core.cache import cache
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from competence import followup_cache
    from competence.tasks import refresh_followup_figures
    from core import cache_versions

    views = _views()
    specs = {name: _spec(path) for name, path in views.items()}
    client = Client()
    client.force_login(_owner())

    inline = {name: [] for name in views}
    for _ in range(max(1, rounds // 2)):
        _write()
        for name, spec in specs.items():
            inline[name].append(_timed(lambda spec=spec: refresh_followup_figures.call(spec)))

    # Start from an empty queue: what the renders above queued is not part of this measurement.
    DBTaskResult.objects.all().delete()
    for spec in [*specs.values(), *followup_cache.default_specs()]:
        cache.delete(followup_cache._pending_key(spec))
    cache.delete(followup_cache._defaults_pending_key())
    worker = subprocess.Popen([sys.executable, str(REPO / "manage.py"), "db_worker", "--backend", "embeddings",
                               "--interval", "0.05", "--no-startup-delay", "--no-reload"],
                              cwd=REPO, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fresh = {name: [] for name in views}
    try:
        time.sleep(5)  # the worker's Django setup
        for _ in range(rounds):
            _wait_for_idle_queue()  # each write measured alone: the previous round's refreshes done
            before = {name: _conversations(cache.get(followup_cache._entry_key(spec))) for name, spec in specs.items()}
            _write()
            start = time.perf_counter()
            client.get(views["one municipality, one year"], HTTP_HOST="localhost", secure=True)
            waiting = dict(specs)
            while waiting and time.perf_counter() - start < 600:
                version = cache_versions.current_version(followup_cache.VERSION_KEY)
                for name, spec in list(waiting.items()):
                    entry = cache.get(followup_cache._entry_key(spec))
                    if entry and entry["version"] == version and _conversations(entry) > before[name]:
                        fresh[name].append(time.perf_counter() - start)
                        del waiting[name]
                time.sleep(0.05)
            if waiting:
                raise RuntimeError(f"not fresh after 600 s: {sorted(waiting)}")
            log(f"write → fresh: {', '.join(f'{n} {fresh[n][-1]:.1f} s' for n in views)}")
    finally:
        worker.terminate()
        worker.wait(30)
    return {name: {"inline_p50": statistics.median(inline[name]), "fresh_p50": statistics.median(fresh[name]),
                   "fresh_max": max(fresh[name])} for name in views}


def measure_exports(sizes: list[int]) -> list[dict]:
    import itertools
    import time
    import tracemalloc

    from django.contrib.auth import get_user_model

    from competence import followup_selectors as selectors
    from reporting.export import csv_lines, write_xlsx

    admin = get_user_model().objects.get(email="admin@example.org")
    filters = selectors.filters_from_query(admin, {})
    header = selectors.individual_header()

    def run(fmt, n):
        rows = itertools.islice(selectors.individual_rows(admin, filters), n)
        if fmt == "CSV":
            sink = 0
            for line in csv_lines(header, rows):
                sink += len(line.encode("utf-8"))  # what the response streams, block by block
        else:
            import tempfile

            with tempfile.TemporaryFile() as tmp:
                write_xlsx(tmp, [("Behov", header, rows)])
    out = []
    for fmt in ("CSV", "XLSX"):
        for n in sizes:
            start = time.perf_counter()
            run(fmt, n)
            seconds = time.perf_counter() - start
            tracemalloc.start()
            run(fmt, n)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            out.append({"format": fmt, "rows": n, "seconds": seconds, "peak_mib": peak / 2**20})
            log(f"{fmt} {n}: {seconds:.2f} s, peak {peak / 2**20:.1f} MiB")
    return out


if __name__ == "__main__":
    main()
