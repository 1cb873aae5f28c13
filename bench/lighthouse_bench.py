#!/usr/bin/env python
"""Lighthouse scores (accessibility, best practices, SEO) of the pages residents and buyers meet first.

    .venv/bin/python bench/lighthouse_bench.py            # the five pages, mobile emulation
    .venv/bin/python bench/lighthouse_bench.py --json var/bench/lighthouse.json

Needs what `make install-dev` installs: Debian's chromium and Lighthouse from npm (package.json;
never a downloaded browser). Steps: a fresh SQLite database, seed_demo --migrate, collectstatic,
then uvicorn with production settings as docker/Dockerfile runs it, behind nginx with the production
page-cache snippet, which (as the production nginx does after TLS) says `X-Forwarded-Proto: https`:
the app runs unchanged with DEBUG off, and Lighthouse sees the headers residents get.

Pages, on Arvidsjaur's site: home, the company directory, one company's profile, the SOT list and
the SOT lite page (the one meant for a weak connection). Performance is not scored here: the
throughput benchmarks measure speed as ratios to nginx (see docs/benchmarks.md).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import nginxlib  # noqa: E402
import profile_bench  # noqa: E402 - its uvicorn App and profile lookup, reused as they are

CATEGORIES = ("accessibility", "best-practices", "seo")
LIGHTHOUSE = benchlib.REPO / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8711, help="nginx, in front as in production")
    parser.add_argument("--app-port", type=int, default=8712, help="uvicorn, behind nginx")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--json", type=Path, help="also write every score and failing audit here")
    args = parser.parse_args()
    benchlib.require_django()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make install-dev` (npm ci)")
    if not Path(args.chromium).exists():
        raise SystemExit(f"no Chromium at {args.chromium}: apt-get install -y chromium")

    stack = benchlib.sqlite_stack("lighthouse")
    extra_env = {"DJANGO_STATIC_ROOT": str(benchlib.BENCH_DIR / "static"), "REDIS_URL": ""}
    benchlib.log("fresh database, seed_demo --migrate, collectstatic ...")
    benchlib.fresh_database(stack)
    benchlib.manage(stack, "seed_demo", "-v0", "--migrate", "--this-is-a-demo-installation",
                    "--port", str(args.port), env_extra=extra_env)
    benchlib.manage(stack, "collectstatic", "--noinput", "-v0", env_extra=extra_env)
    slug = profile_bench._profile_slug(stack, extra_env)
    base = f"http://{benchlib.PILOT}.localhost:{args.port}"
    pages = [("home", "/"), ("directory", "/foretag/"), ("company profile", f"/foretag/{slug}/"),
             ("SOT list", "/sot/"), ("SOT lite page", "/sot/lite/")]

    results = []
    with (profile_bench.App(stack, args.app_port, 1, extra_env),
          tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp,
          nginxlib.LoopbackNginx(Path(tmp), args.port,
                                nginxlib.page_cache_proxy_location(args.app_port, websockets=True))):
        for name, path in pages:
            started = time.perf_counter()
            report = run_lighthouse(base + path, args.chromium)
            results.append(summarise(name, path, report))
            benchlib.log(f"{name}: {results[-1]['scores']} ({time.perf_counter() - started:.0f} s)")
    benchlib.drop_database(stack)
    print_table(results, report["lighthouseVersion"], args.chromium)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


def run_lighthouse(url: str, chromium: str) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={chromium}",
               f"--chrome-flags={CHROME_FLAGS}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse {url} failed:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    errors = [f"{key}: {audit['errorMessage']}" for key, audit in report["audits"].items() if audit.get("errorMessage")]
    if report.get("runtimeError") or errors:
        raise SystemExit(f"lighthouse {url}: {report.get('runtimeError') or ''} {errors[:5]}")
    return report


def summarise(name: str, path: str, report: dict) -> dict:
    scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    failing = sorted(
        f"{audit_id}: {audit['title']} {_items(audit)}".strip()
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit := report["audits"][(audit_id := ref["id"])])["score"] is not None
        and audit["score"] < 1
    )
    return {"page": name, "path": path, "scores": scores, "failing": failing}


def _items(audit: dict) -> str:
    """What the audit found (e.g. the console's messages), briefly."""
    items = (audit.get("details") or {}).get("items") or []
    found = [str(item.get("description") or item.get("node", {}).get("snippet") or "")[:160] for item in items[:3]]
    return "; ".join(f for f in found if f)


def print_table(results: list[dict], version: str, chromium: str) -> None:
    browser = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\nLighthouse {version}, {browser}, mobile emulation, production settings on SQLite")
    for key, value in benchlib.machine_description():
        print(f"  {key}: {value}")
    print("\n| page | accessibility | best practices | SEO |\n|---|---|---|---|")
    for row in results:
        s = row["scores"]
        print(f"| {row['page']} (`{row['path']}`) | {s['accessibility']} | {s['best-practices']} | {s['seo']} |")
    for row in results:
        for audit in row["failing"]:
            print(f"  {row['page']}: {audit}")


if __name__ == "__main__":
    main()
