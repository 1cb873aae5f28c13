#!/usr/bin/env python
"""What the database search index costs to write and store, for one code state.

    .venv/bin/python bench/search_index_cost.py                          # this checkout, 10k, both stacks
    .venv/bin/python bench/search_index_cost.py --repo /work/main --label before

For each stack: a fresh database (SQLite in var/bench/, or PostgreSQL `--pg-database` on
127.0.0.1:5432 as user postgres, dropped and created), migrate, seed_demo, generate_companies N in
Arvidsjaur. Then, in a child process of the checkout named by --repo (so the same script measures
the code before and after a change): the directory's documents are loaded once, every document is
deleted from the database index (timed), written again in one `index_documents` call (timed:
the write path of a save, in batches of 500), and the size of each search table with its indexes
is read (PostgreSQL: pg_total_relation_size after VACUUM; SQLite: the dbstat pages of the tables
and their indexes). A primary-key lookup timed in the same process is the baseline of the ratios.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

CHILD = r'''
import json, time
from django.db import connection
from directory.search import COMPANY_INDEX, published_company_documents
from directory.models import Company
from search.backends.database import DatabaseSearchBackend

def baseline_ms():
    pk = Company.objects.values_list("pk", flat=True).first()
    samples = []
    for _ in range(200):
        started = time.perf_counter()
        Company.objects.filter(pk=pk).exists()
        samples.append((time.perf_counter() - started) * 1000)
    return sorted(samples)[len(samples) // 2]

backend = DatabaseSearchBackend()
docs = list(published_company_documents())
base = baseline_ms()
started = time.perf_counter()
backend.delete_documents(COMPANY_INDEX, [d.id for d in docs])
delete_s = time.perf_counter() - started
started = time.perf_counter()
backend.index_documents(COMPANY_INDEX, docs)
write_s = time.perf_counter() - started
tables = [t for t in connection.introspection.table_names() if t.startswith("search_")]
sizes = {}
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes[table] = cursor.fetchone()[0]
    else:
        cursor.execute("VACUUM")
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE tbl_name LIKE 'search_%'")
        owners = dict((name, tbl) for tbl, name in cursor.fetchall())
        cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
        for name, size in cursor.fetchall():
            if name in owners:
                sizes[owners[name]] = sizes.get(owners[name], 0) + size
print(json.dumps({"documents": len(docs), "delete_s": delete_s, "write_s": write_s, "baseline_ms": base,
                  "sizes": sizes}))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="10k")
    parser.add_argument("--stacks", default="sqlite,postgres")
    parser.add_argument("--repo", default=str(benchlib.REPO), help="the checkout to measure (default: this one)")
    parser.add_argument("--label", default="", help="names the run in the table (e.g. before / after)")
    parser.add_argument("--pg-database", default="bench_index_cost")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    repo, size = Path(args.repo).resolve(), benchlib.parse_count(args.size)
    results = []
    for name in [s.strip() for s in args.stacks.split(",") if s.strip()]:
        if name == "sqlite":
            stack = benchlib.sqlite_stack(f"index-cost-{args.label or 'run'}")
        else:
            stack = benchlib.postgres_stack(host="127.0.0.1", port=5432, user="postgres", database=args.pg_database)
        benchlib.fresh_database(stack)
        env = stack.env()
        env["PYTHONPATH"] = f"{repo / 'platform'}{os.pathsep}{repo}"
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "-v0", "--this-is-a-demo-installation"],
                        ["generate_companies", "--municipality", benchlib.PILOT, "--count", str(size),
                         "--seed", str(args.seed)]):
            benchlib.log(f"[{name} {args.label}] manage.py {command[0]} ...")
            subprocess.run([sys.executable, "manage.py", *command], cwd=repo, env=env, check=True,
                           capture_output=True, text=True)
        benchlib.log(f"[{name} {args.label}] timing the index write ...")
        child = subprocess.run([sys.executable, "manage.py", "shell", "-c", CHILD], cwd=repo, env=env,
                               check=True, capture_output=True, text=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result.update(stack=name, label=args.label)
        results.append(result)
        if name == "postgres":
            benchlib.drop_database(stack)
    report(results, size)


def report(results: list[dict], size: int) -> None:
    rows = []
    for r in results:
        total = sum(r["sizes"].values())
        rows.append([r["label"], "SQLite" if r["stack"] == "sqlite" else "PostgreSQL", r["documents"],
                     f"{r['write_s']:.1f}", f"{r['documents'] / r['write_s']:.0f}",
                     f"{r['write_s'] * 1000 / r['baseline_ms']:.0f}", f"{r['delete_s']:.1f}",
                     f"{total / 2**20:.1f}",
                     f"{r['sizes'].get('search_searchterm', 0) / 2**20:.1f}"])
    text = benchlib.markdown_table(
        ["code", "stack", "documents", "write s", "docs/s", "write / baseline p50", "delete s",
         "search tables MiB", "of which vocabulary MiB"], rows, align="llrrrrrrr")
    print(text)
    print(json.dumps(results))
    benchlib.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (benchlib.BENCH_DIR / f"index-cost-{stamp}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
