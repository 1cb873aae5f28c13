#!/usr/bin/env python
"""Swedish search relevance (issue 12): nDCG@10, recall@10 and empty-stays-empty per query class,
on SQLite, PostgreSQL and Elasticsearch (a local osmem-server).

    .venv/bin/python bench/relevance_bench.py                        # all three backends, 10k companies
    .venv/bin/python bench/relevance_bench.py --backends sqlite --companies 2000 --json var/bench/rel.json

Per backend: a fresh database (var/bench/relevance*.sqlite3, or the PostgreSQL database `relevance`),
migrate, seed_demo; then a child process writes the generated directory of bench/relevancelib.py as
published companies (the bulk path of `generate_companies`) and indexes them through the search
facade with the directory's own document (`directory.search.company_document`), so whatever the
layer or the document does is measured. Every query of bench/relevance/queries.json then runs
through `search.registry.search_documents` on the directory index, scoped to its municipality.
For "elasticsearch" the database is SQLite and ELASTICSEARCH_URL points at an osmem-server; the
index is rebuilt from the provider first and every answer must come from Elasticsearch.
Judgments and metrics: bench/relevancelib.py.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import relevancelib  # noqa: E402

BACKENDS = ("sqlite", "postgres", "elasticsearch")
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL", "elasticsearch": "Elasticsearch (osmem-server)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite, postgres, elasticsearch")
    parser.add_argument("--companies", default=str(relevancelib.DEFAULT_COMPANIES),
                        help="generated companies, e.g. 2000 or 10k (judgments are derived for any size)")
    parser.add_argument("--seed", type=int, default=relevancelib.DEFAULT_SEED)
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--pg-database", default="relevance", help="dropped and created; never 'test'")
    parser.add_argument("--json", help="also write every figure and every query's top 10 to this file")
    parser.add_argument("--keep", action="store_true", help="keep the databases instead of dropping them")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    count = benchlib.parse_count(args.companies)
    if args.child:
        print(json.dumps(child(count, args.seed)))
        return
    benchlib.require_django()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        raise SystemExit(f"unknown backend(s) {sorted(unknown)}: use {', '.join(BACKENDS)}")

    started = time.perf_counter()
    queries = relevancelib.load_queries()
    companies = relevancelib.generate(count, args.seed)
    judged = {q.id: relevancelib.judgments(q, companies) for q in queries}
    runs, stacks = {}, []
    for backend in backends:
        stack = _stack(backend, args)
        stacks.append(stack)
        answers = run_backend(backend, stack, count, args)
        runs[backend] = {"scores": relevancelib.score(queries, answers, judged), "answers": answers}
    report(runs, queries, judged, count, stacks, time.perf_counter() - started, args.json)


def _stack(backend: str, args) -> benchlib.Stack:
    if backend == "postgres":
        stack = benchlib.postgres_stack(host=args.pg_host, port=args.pg_port, user=args.pg_user,
                                        database=args.pg_database)
        problem = benchlib.check_postgres(stack)
        if problem:
            raise SystemExit(problem + "\n(or leave postgres out of --backends)")
        return stack
    return benchlib.sqlite_stack("relevance" if backend == "sqlite" else "relevance-es")


def run_backend(backend: str, stack: benchlib.Stack, count: int, args) -> dict:
    """Fresh database, migrate, seed_demo and the child's generation and queries; its answers."""
    server, env = None, {}
    if backend == "elasticsearch":
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        # osmem refuses the 8.x client's compatible-with media type, hence no compat headers.
        env = {"ELASTICSEARCH_URL": server.url, "ELASTICSEARCH_COMPAT_HEADERS": "false",
               "ELASTICSEARCH_INDEX_PREFIX": "relevance-"}
    try:
        benchlib.log(f"[{backend}] fresh database, migrate, seed_demo ...")
        benchlib.fresh_database(stack)
        benchlib.manage(stack, "migrate", "--noinput", "-v0", env_extra=env)
        benchlib.manage(stack, "seed_demo", "-v0", "--this-is-a-demo-installation", env_extra=env)
        benchlib.log(f"[{backend}] {count} companies, indexing and {len(relevancelib.load_queries())} queries ...")
        command = [sys.executable, __file__, "--child", "--companies", str(count), "--seed", str(args.seed)]
        child_run = subprocess.run(command, cwd=benchlib.REPO, env=stack.env(**env), capture_output=True, text=True)
        if child_run.returncode != 0:
            sys.stderr.write(child_run.stderr[-6000:])
            raise SystemExit(f"the relevance run failed on {backend}")
        return json.loads(child_run.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.close()
        if not args.keep:
            benchlib.drop_database(stack)


# Child: Django in-process ------------------------------------------------------------------------

def child(count: int, seed: int) -> dict:
    """Write the generated directory, then answer every query: {id: {top, total, backend, did_you_mean}}."""
    for path in (benchlib.REPO, benchlib.REPO / "platform"):  # as manage.py does
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import django

    django.setup()
    from directory.models import Company
    from directory.search import COMPANY_INDEX
    from municipalities.models import Municipality
    from search import registry
    from search.types import SearchQuery

    write_companies(relevancelib.generate(count, seed))
    if registry.get_elasticsearch_backend() is not None:
        registry.rebuild_index(COMPANY_INDEX.name)  # whatever seed_demo's on-commit writes missed
    keys = {}
    for pk, org_number, legal_name in Company.objects.values_list("pk", "org_number", "legal_name"):
        keys[str(pk)] = _generated_keys.get(org_number) or relevancelib.demo_key(legal_name)
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))
    answers = {}
    for query in relevancelib.load_queries():
        code = relevancelib.MUNICIPALITIES[query.municipality]
        result = registry.search_documents(COMPANY_INDEX.name, SearchQuery(
            text=query.text, municipality_ids=[municipality_ids[code]], page_size=relevancelib.K))
        if registry.get_elasticsearch_backend() is not None and result.backend != "elasticsearch":
            raise SystemExit(f"{query.text!r} was answered by {result.backend}, not Elasticsearch")
        answers[query.id] = {"top": [keys[i] for i in result.ids], "total": result.total, "backend": result.backend,
                             "did_you_mean": getattr(result, "did_you_mean", "")}
    return answers


_generated_keys: dict[str, str] = {}  # org number -> generated key, filled by write_companies


def write_companies(companies: list[relevancelib.GeneratedCompany]) -> None:
    """Published companies through generate_companies' bulk path (bulk_create, then the search facade)."""
    from django.utils import timezone

    from directory.management.commands.generate_companies import (
        BATCH_SIZE,
        Command,
        Draft,
        SlugAllocator,
        org_number_for,
    )
    from directory.models import Company, TurnoverBand
    from directory.services import localities_ensure, size_class_for
    from municipalities.models import Municipality

    now = timezone.now()
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=relevancelib.MUNICIPALITIES.values())}
    places = {code: {loc.name: loc for loc in localities_ensure(municipality=m)} for code, m in municipalities.items()}
    slugs = {code: SlugAllocator(Company.objects.filter(municipality=m).values_list("slug", flat=True))
             for code, m in municipalities.items()}
    writer = Command()
    for code, municipality in municipalities.items():
        drafts = []
        slot = 90 + list(relevancelib.MUNICIPALITIES.values()).index(code)  # away from generate_companies' slots
        for generated in (c for c in companies if c.municipality_code == code):
            localities = [places[code][name] for name in generated.localities]
            org_number = org_number_for(slot, generated.serial)
            _generated_keys[org_number] = generated.key
            drafts.append(Draft(Company(
                municipality=municipality, org_number=org_number, legal_name=generated.legal_name,
                legal_form=generated.legal_form, primary_sni=generated.primary_sni,
                secondary_sni=generated.secondary_sni, employees=1, turnover_band=TurnoverBand.UP_TO_2M,
                size_class=size_class_for(1, TurnoverBand.UP_TO_2M), postal_town=localities[0].name,
                latitude=localities[0].latitude, longitude=localities[0].longitude,
                phone="070-174 06 99", description=generated.description, products_services=generated.products,
                languages=["sv"], status=Company.Status.PUBLISHED, published_at=now, confirmed_at=now,
            ), localities, email=False, website=False))
        for start in range(0, len(drafts), BATCH_SIZE):
            writer._write_batch(drafts[start:start + BATCH_SIZE], slugs[code])


# Report ------------------------------------------------------------------------------------------

def report(runs: dict, queries, judged: dict, count: int, stacks, total_s: float, json_path: str | None) -> None:
    classes = [*relevancelib.CLASSES, "overall"]
    out = [f"## Swedish search relevance (`bench/relevance_bench.py`, {benchlib.human_count(count)} generated "
           f"companies + demo, {len(queries)} queries)", ""]
    out.append(benchlib.markdown_table(["machine", ""], [list(r) for r in benchlib.machine_description(stacks)]))
    out.append("")
    header = ["class", "queries"]
    for backend in runs:
        header += [f"{LABELS[backend]} nDCG@10", "recall@10", "nothing found"]
    rows = []
    for cls in classes:
        n = next(iter(runs.values()))["scores"][cls]["n"]
        row = [cls.replace("_", " "), n]
        for run in runs.values():
            s = run["scores"][cls]
            row += [_fig(s.get("ndcg")), _fig(s.get("recall")), _fig(s.get("empty", s.get("no_answer")))]
        rows.append(row)
    out.append(benchlib.markdown_table(header, rows, align="lr" + "rrr" * len(runs)))
    out.append("")
    out.append("nDCG@10: gain 2^grade − 1. recall@10: relevant (grade ≥ 2) companies in the top 10 / min(10, "
               "relevant). nothing found: share of the queries answered with nothing — the goal (1.00) for the "
               "empty class, a failure elsewhere. overall: the answerable queries (nDCG, recall, nothing found).")
    out.append(f"Total run time {total_s / 60:.1f} min.")
    text = "\n".join(out)
    print(text)
    for backend, run in runs.items():  # the misses, for whoever improves the layer
        misses = {cls: [q.text for q in queries if q.cls == cls and relevancelib.recall_at_k(
            run["answers"][q.id]["top"], judged[q.id]) < 1.0] for cls in relevancelib.CLASSES if cls != "empty"}
        benchlib.log(f"[{backend}] below full recall@10 -- " + "; ".join(
            f"{cls}: {', '.join(texts)}" for cls, texts in misses.items() if texts))
    if json_path:
        data = {"companies": count, "machine": dict(benchlib.machine_description(stacks)),
                "runs": {b: {"scores": r["scores"], "answers": r["answers"]} for b, r in runs.items()},
                "relevant": {qid: len([g for g in grades.values() if g >= 2]) for qid, grades in judged.items()}}
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(data, indent=1, ensure_ascii=False))


def _fig(value) -> str:
    return "–" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
