"""Benchmark: the UNCACHED time of every public page at two database sizes (issue 14, item 3).

Not a test. It builds (or reuses, ``--reuse``) two PostgreSQL databases with ``generate_world``:
``<prefix>5k`` (5,000 commitments) and ``<prefix>20k`` (the same world plus 15,000 more), scores
them, then, for each, times every public page in-process through the whole middleware stack
(Django's test client, no network) with the page cache emptied before every request:

    .venv/bin/python bench/page_scaling.py [--sizes 5000 20000] [--rounds 3] [--repeat 5] [--reuse]
    .venv/bin/python bench/page_scaling.py --reuse --sql     # + the slowest statements per page

Each size runs in its own child process (one database each); the sizes take turns for
``--rounds`` rounds so that load from elsewhere hits both. It prints, per page, the median and
the best time in ms, the SQL statements, and the ratio of the largest size to the smallest, of
the medians and of the best times (goal: at most 1.2). The pages are picked in the smallest
world (the newest published plan, its first commitment with milestones and indicators, the
administration leading most commitments) and the same addresses are measured in the larger
ones, which contain it: the same page, a bigger database. Timings depend on the machine and on what else runs on it: the load average is
printed with them; rerun on a quiet machine before drawing conclusions from small differences.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
AS_OF = "2026-11-23"


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(["psql", f"{BASE_URL}/{db}", "-q", "-c", sql], check=True, capture_output=True)


def db_name(prefix: str, size: int) -> str:
    return f"{prefix}{size // 1000}k"


def child_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{BASE_URL}/{db}",
        DJANGO_SETTINGS_MODULE="pgo_portal.settings.local",
        DJANGO_DEBUG="false",
        API_THROTTLE_ANON="100000000/minute",
        DJANGO_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
    )
    env.pop("REDIS_URL", None)  # in-process locmem cache, emptied before every request
    return env


def build(prefix: str, sizes: list[int]) -> None:
    """The smallest world, then each larger one as a copy of the previous plus more."""
    previous = None
    for size in sorted(sizes):
        db = db_name(prefix, size)
        psql(f"DROP DATABASE IF EXISTS {db}")
        psql(f"CREATE DATABASE {db}" + (f" TEMPLATE {previous[0]}" if previous else ""))
        have = previous[1] if previous else 0
        subprocess.run(
            [sys.executable, __file__, "--child-build", str(size - have), "--seed", str(size)],
            check=True,
            env=child_env(db),
        )
        previous = (db, size)


def child_build(count: int, seed: int) -> None:
    import datetime

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sampledata.world import world_generate
    from scoring.recompute import scores_recompute

    call_command("migrate", verbosity=0)
    as_of = datetime.date.fromisoformat(AS_OF)
    world_generate(commitments=count, seed=seed, as_of=as_of)
    scores_recompute(as_of=as_of)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done by then


def page_urls() -> dict[str, str]:
    from django.db.models import Count

    from commitments.models import ActionPlan, Administration, Commitment

    plan = ActionPlan.objects.filter(published=True).order_by("-period_start", "slug").first()
    commitment = (
        Commitment.objects.filter(plan=plan, milestones__isnull=False, indicators__isnull=False)
        .order_by("number")
        .first()
    )
    administration = (
        Administration.objects.annotate(n=Count("led_commitments")).order_by("-n", "id").first()
    )
    assert plan and commitment and administration
    c = f"/plans/{plan.slug}/engagements/{commitment.number}/"
    a = f"/administrations/{administration.slug}/"
    return {
        "home": "/",
        "plans": "/plans/",
        "plan dashboard": f"/plans/{plan.slug}/",
        "commitments": "/engagements/",
        "commitments p.40": "/engagements/?page=40",
        "commitments of plan": f"/engagements/?plan={plan.slug}",
        "commitment": c,
        "league": "/administrations/",
        "league of plan": f"/administrations/?plan={plan.slug}",
        "administration": a,
        "methode": "/methode/",
        "glossaire": "/glossaire/",
        "open data": "/donnees-ouvertes/",
        "plan feed": f"/plans/{plan.slug}/flux.atom",
        "commitment feed": f"{c}flux.atom",
        "administration feed": f"{a}flux.atom",
        "api commitments": "/api/v1/commitments/?page_size=100",
    }


def child_measure(repeat: int, sql: bool) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from commitments.models import Commitment

    client = Client()
    # the pages the smallest world picked (the larger worlds contain it): the same plan,
    # commitment and administration at every size, so only the size of the database differs
    urls = (
        json.loads(os.environ["BENCH_PAGE_URLS"])
        if "BENCH_PAGE_URLS" in os.environ
        else page_urls()
    )
    out: dict = {"commitments": Commitment.objects.count(), "pages": {}}
    for name, url in urls.items():
        times, statements = [], 0
        slow: dict[str, float] = {}
        for i in range(repeat + 1):
            cache.clear()
            seen = []

            def wrap(execute, sql_text, params, many, context, seen=seen):
                started = time.perf_counter()
                try:
                    return execute(sql_text, params, many, context)
                finally:
                    seen.append((time.perf_counter() - started, sql_text))

            with connection.execute_wrapper(wrap):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if i == 0:
                continue  # warm-up: connection, templates, translations
            times.append(elapsed * 1000)
            statements = len(seen)
            for duration, text in seen:
                slow[text] = max(slow.get(text, 0.0), duration * 1000)
        out["pages"][name] = {
            "url": url,
            "times": times,
            "statements": statements,
            "slowest": sorted(((ms, s[:300]) for s, ms in slow.items()), reverse=True)[:3]
            if sql
            else [],
        }
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=5, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the sizes in turn")
    parser.add_argument("--prefix", default="pgo_bench_pages_")
    parser.add_argument("--reuse", action="store_true", help="keep the databases of a last run")
    parser.add_argument("--sql", action="store_true", help="print the slowest statements")
    parser.add_argument("--child-build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        return child_build(args.child_build, args.seed)
    if args.child_measure:
        return child_measure(args.repeat, args.sql)

    sizes = sorted(args.sizes)
    if not args.reuse:
        build(args.prefix, sizes)
    # the sizes take turns, round after round, so a burst of load from elsewhere on the
    # machine hits both instead of biasing the ratio
    results: dict[int, dict] = {}
    urls: dict[str, str] | None = None
    for _round in range(args.rounds):
        for size in sizes:
            env = child_env(db_name(args.prefix, size))
            if urls is not None:
                env["BENCH_PAGE_URLS"] = json.dumps(urls)
            run = subprocess.run(
                [sys.executable, __file__, "--child-measure", "--repeat", str(args.repeat)]
                + (["--sql"] if args.sql else []),
                check=True,
                capture_output=True,
                text=True,
                env=env,
            )
            got = json.loads(run.stdout.strip().splitlines()[-1])
            if urls is None:
                urls = {name: page["url"] for name, page in got["pages"].items()}
            if size not in results:
                results[size] = got
                continue
            for name, page in got["pages"].items():
                results[size]["pages"][name]["times"] += page["times"]
    for size in sizes:
        for page in results[size]["pages"].values():
            page["median"] = statistics.median(page["times"])
            page["best"] = min(page["times"])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load} ({os.cpu_count()} CPUs); {args.rounds} rounds of {args.repeat}")
    small, large = sizes[0], sizes[-1]
    header = f"{'page':<22}" + "".join(
        f" {str(results[s]['commitments']) + ' ms':>12} {'best':>7} {'SQL':>4}" for s in sizes
    )
    print(header + f" {'ratio':>6} {'best':>5}")
    print("-" * (len(header) + 13))
    for name in results[small]["pages"]:
        line = f"{name:<22}"
        for s in sizes:
            p = results[s]["pages"][name]
            line += f" {p['median']:>12.1f} {p['best']:>7.1f} {p['statements']:>4}"
        big, base = results[large]["pages"][name], results[small]["pages"][name]
        print(line + f" {big['median'] / base['median']:>6.2f} {big['best'] / base['best']:>5.2f}")
        if args.sql:
            for s in sizes:
                for ms, text in results[s]["pages"][name]["slowest"]:
                    print(f"    {s:>6} {ms:7.1f} ms  {text}")
    if not args.reuse:
        print(f"(databases {', '.join(db_name(args.prefix, s) for s in sizes)} kept; --reuse)")


if __name__ == "__main__":
    main()
