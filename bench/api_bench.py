"""Benchmark: the API's 100-item pages next to a minimal Django JSON view, on PostgreSQL.

Not a test. It creates and drops its own database ``pgo_api_bench``:

    .venv/bin/python bench/api_bench.py [--commitments 5000] [--pages 20] [--repeat 3]

It generates a world of 5,000 commitments (``generate_world``: ~80 plans, ~40,000 milestones),
recomputes the scores, then times in-process, through the whole middleware stack with Django's
test client (no network), for ``--pages`` pages spread over each whole list, ``--repeat`` times:

* ``/api/v1/commitments/?page_size=100&page=N`` and ``/api/v1/milestones/?page_size=100&page=N``
  (JSON, and CSV);
* next to each, a **minimal Django JSON view** of the same 100 rows: the same filter, order
  and page, the model's own columns with ``.values()``, returned by ``JsonResponse`` (no
  links, no nesting, no count, no conditional request, no throttling);
* and, for scale, the floor cost of a request: ``JsonResponse({"status": "ok"})``.

The API keeps the ordered keys of each list for the current data version
(``toolkit.api.pagination``): the pages after the first one of a list read their keys and
count from the cache. The line "first page of a list" times the same pages with a new data
version before each request, so each one reads every key of its list from the database.

It prints the median and the 90th percentile in milliseconds, the SQL queries per request and
the ratio of each API median to its minimal view's. Goal (issue 5): each 100-item page under
15 ms median and under 25 times the minimal view. Timings depend on the machine and on what
else runs on it: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "pgo_api_bench"
BASE_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{BASE_URL}/{BENCH_DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "pgo_portal.settings.local"
os.environ["DJANGO_DEBUG"] = "false"  # DEBUG keeps every SQL query in memory: not production
os.environ["API_THROTTLE_ANON"] = "100000000/minute"
os.environ.pop("REDIS_URL", None)


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{BASE_URL}/postgres", "-q", "-c", sql], check=True, capture_output=True
    )


def floor(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})


def minimal_view(queryset_factory):
    """A minimal JSON view of one page of 100 rows of the same list, as simple as Django gets."""

    def view(request):
        from django.http import JsonResponse

        queryset = queryset_factory()
        offset = 100 * (int(request.GET.get("page", 1)) - 1)
        columns = [f.attname for f in queryset.model._meta.concrete_fields]
        rows = list(queryset.values(*columns)[offset : offset + 100])
        return JsonResponse({"results": rows})

    return view


def public_commitments():
    from commitments.models import Commitment

    return Commitment.objects.filter(plan__published=True).order_by(
        "-plan__period_start", "plan__slug", "number", "id"
    )


def public_milestones():
    from milestones.models import Milestone

    return Milestone.objects.filter(commitment__plan__published=True).order_by("id")


def install_bench_urls() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path("bench/floor/", floor),
        path("bench/commitments/", minimal_view(public_commitments)),
        path("bench/milestones/", minimal_view(public_milestones)),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def measure(client, urls: list[str], repeat: int, before=None) -> tuple[list[float], int]:
    """Times each URL ``repeat`` times (after one warm-up pass); ``before`` runs untimed before
    each request."""
    from django.db import connection

    timings: list[float] = []
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for url in urls:  # warm-up: imports, URL resolution caches, PostgreSQL plans
        assert client.get(url).status_code == 200, url
    with connection.execute_wrapper(count):
        for _ in range(repeat):
            for url in urls:
                if before:
                    before()
                started = time.perf_counter()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    return timings, round(queries / (repeat * len(urls)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commitments", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=20, help="pages sampled per list")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="time again on the database kept by --keep"
    )
    args = parser.parse_args()

    if not args.reuse:
        psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        psql(f"CREATE DATABASE {BENCH_DB}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from commitments.models import ActionPlan, Commitment
    from milestones.models import Milestone
    from sampledata.world import world_generate
    from scoring.recompute import scores_recompute
    from toolkit.cache import data_version_bump

    as_of = timezone.localdate()
    started = time.perf_counter()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        world_generate(commitments=args.commitments, seed=args.commitments, as_of=as_of)
        scores_recompute(as_of=as_of)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done by then
    setup = time.perf_counter() - started
    install_bench_urls()
    client = Client(HTTP_HOST="localhost")

    published = ActionPlan.objects.filter(published=True).count()
    n_commitments = Commitment.objects.filter(plan__published=True).count()
    n_milestones = Milestone.objects.filter(commitment__plan__published=True).count()
    print(
        f"PostgreSQL {connection.pg_version}, {os.cpu_count()} CPU(s), load average "
        f"{os.getloadavg()[0]:.1f}; world of {args.commitments} commitments ready in "
        f"{setup:.0f} s; "
        f"public: {published} plans, {n_commitments} commitments, {n_milestones} milestones"
    )

    def pages(total: int) -> list[int]:
        last = max(1, -(-total // 100))
        count = min(args.pages, last)
        return sorted({1 + (last - 1) * k // max(1, count - 1) for k in range(count)})

    lists = [("commitments", n_commitments), ("milestones", n_milestones)]
    header = f"{'what':<44} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'× minimal':>10}"
    print(header)
    print("-" * len(header))

    def line(label: str, urls: list[str], reference: float | None, before=None) -> float:
        timings, queries = measure(client, urls, args.repeat, before)
        median = statistics.median(timings)
        p90 = statistics.quantiles(timings, n=10)[-1] if len(timings) > 1 else median
        ratio = f"{median / reference:>9.1f}×" if reference else f"{'':>10}"
        print(f"{label:<44} {median:>10.2f} {p90:>8.2f} {queries:>8} {ratio}", flush=True)
        return median

    line("floor: JsonResponse({'status': 'ok'})", ["/bench/floor/"] * args.pages, None)
    for name, total in lists:
        numbers = pages(total)
        reference = line(
            f"minimal JSON view, {name}, 100 rows",
            [f"/bench/{name}/?page={p}" for p in numbers],
            None,
        )
        for fmt in ("json", "csv"):
            line(
                f"API {name}, 100/page ({fmt.upper()})",
                [f"/api/v1/{name}/?page_size=100&page={p}&format={fmt}" for p in numbers],
                reference,
            )
        line(
            "  the same, first page of a list (JSON)",
            [f"/api/v1/{name}/?page_size=100&page={p}" for p in numbers],
            reference,
            before=data_version_bump,  # a new data version: the list's keys are read again
        )
    connection.close()
    if not args.keep:
        psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
