"""Benchmark: reads under load, with and without a concurrent writer (issue 14, item 7).

Not a test. It serves the portal the way production does and measures it over HTTP:

    .venv/bin/python bench/load_bench.py [--template pgo_bench_pages_5k] [--commitments 5000]
        [--seconds 15] [--concurrency 8] [--writes-per-second 10] [--workers 2]

* a database of its own, ``pgo_bench_load``: a copy of ``--template`` when given (a world
  ``bench/page_scaling.py`` built), or a new world of ``--commitments`` commitments;
* production settings (``pgo_portal.settings.production``, a random secret key) on
  PostgreSQL and Redis (``BENCH_REDIS``, default ``redis://127.0.0.1:6379/9``, emptied first),
  static files collected (into ``var/staticfiles``), **gunicorn** with ``--workers`` sync workers, and one **Celery
  worker** so that the recomputes the writes ask for really run;
* for each page (home, the commitment list, a commitment page, an API page of 100
  commitments): ``--concurrency`` clients read it in a loop for ``--seconds`` seconds, then
  again while a writer records a measurement of one commitment of the same plan through the
  write API ``--writes-per-second`` times a second (each write changes the value: an audit
  record, a recompute, stale cached pages).

It prints requests per second, p50 and p99 latencies in ms for each phase, the ratio of the
throughput with writes to without, and what the writer achieved (writes/s, p50/p99, errors).
The load generator runs on the same machine as the server (threads of one Python process):
figures are for comparing the two phases of one run, not absolute capacities. The load
average is printed before and after.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
DB = "pgo_bench_load"
BIN = Path(sys.executable).parent


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{BASE_URL}/postgres", "-q", "-c", sql], check=True, capture_output=True
    )


def env_for(settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=f"{BASE_URL}/{DB}",
        REDIS_URL=REDIS,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        API_THROTTLE_ANON="100000000/minute",
        API_THROTTLE_USER="100000000/minute",
        PYTHONPATH=str(ROOT),
    )
    return env


# --- setup, in a child process with Django ---------------------------------------------------


def child_setup(commitments: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from commitments.models import ActionPlan, Commitment, Membership
    from sampledata.world import world_generate
    from scoring.recompute import scores_recompute

    call_command("migrate", verbosity=0)
    if commitments:
        world_generate(commitments=commitments, seed=commitments)
        scores_recompute(as_of=datetime.date.today())
    plan = ActionPlan.objects.filter(published=True).order_by("-period_start", "slug").first()
    assert plan is not None, "no published plan"
    candidates = list(
        Commitment.objects.filter(plan=plan, lead_administration__isnull=False)
        .annotate(n=Count("indicators"))
        .filter(n__gt=0)
        .order_by("number")[:2]
    )
    read, written = candidates[0], candidates[-1]
    user, _ = get_user_model().objects.get_or_create(username="bench-writer")
    Membership.objects.get_or_create(user=user, administration=written.lead_administration)
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    print(
        json.dumps(
            {
                "plan": plan.slug,
                "read": f"/plans/{plan.slug}/engagements/{read.number}/",
                "written": f"/plans/{plan.slug}/engagements/{written.number}/",
                "indicator": written.indicators.order_by("id").first().pk,
                "token": token.key,
                "commitments": Commitment.objects.count(),
            }
        )
    )


# --- load --------------------------------------------------------------------------------------


class Client:
    """One HTTP/1.1 connection, reopened when the server closes it (gunicorn's sync workers
    close after each response)."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cache = ""  # the last response's X-Cache header ("hit", "miss" or "")

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> int:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            response.read()
            self.cache = response.getheader("X-Cache") or ""
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return 599
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status


def read_phase(port: int, path: str, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = misses = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run() -> None:
        nonlocal errors, misses
        client = Client(port)
        mine, bad, missed = [], 0, 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            status = client.request("GET", path, headers={"Accept-Language": "fr"})
            mine.append(time.perf_counter() - started)
            bad += status != 200
            missed += client.cache != "hit"
        with lock:
            latencies.extend(mine)
            errors += bad
            misses += missed

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = summary(latencies, time.monotonic() - began, errors)
    result["misses"] = misses  # responses not served from the page cache
    return result


def summary(latencies: list[float], elapsed: float, errors: int) -> dict:
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50": 1000 * statistics.median(ordered),
        "p99": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "errors": errors,
    }


class Writer:
    """Records a measurement ``rate`` times a second, on a fixed schedule (open loop: a slow
    write does not lower the rate, up to ``lanes`` writes in flight), each one a new value on
    the same date: a correction, which changes the commitment's data. Until stopped."""

    def __init__(self, port: int, indicator: int, token: str, rate: float, lanes: int = 10):
        self.port = port
        self.path = f"/api/v1/indicators/{indicator}/measurements/"
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.rate = rate
        self.halt = threading.Event()
        self.latencies: list[float] = []
        self.errors = 0
        self.elapsed = 0.0
        self.lock = threading.Lock()
        self.next_slot = 0
        self.threads = [threading.Thread(target=self.lane) for _ in range(lanes)]

    def start(self) -> None:
        # the day's measurement exists before the lanes start, so every write is a correction:
        # two first recordings of one day in parallel collide on the unique (indicator, date)
        day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        body = json.dumps({"date": day, "value": "1", "source": "bench"}).encode()
        Client(self.port).request("POST", self.path, body, self.headers)
        self.began = time.monotonic()
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join()
        self.elapsed = time.monotonic() - self.began

    def lane(self) -> None:
        client = Client(self.port)
        day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        while not self.halt.is_set():
            with self.lock:
                n = self.next_slot = self.next_slot + 1
            wait = self.began + (n - 1) / self.rate - time.monotonic()
            if wait > 0 and self.halt.wait(wait):
                return
            body = json.dumps({"date": day, "value": str(40 + n % 50), "source": "bench"})
            started = time.perf_counter()
            status = client.request("POST", self.path, body.encode(), self.headers)
            with self.lock:
                self.latencies.append(time.perf_counter() - started)
                self.errors += status not in (200, 201)


# --- orchestration -------------------------------------------------------------------------------


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Client(port).request("GET", "/healthz") == 200:
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--template", help="copy this database instead of generating a world")
    parser.add_argument("--commitments", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--writes-per-second", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (deploy/start-web.sh's default)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--child-setup", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_setup is not None:
        return child_setup(args.child_setup)

    logs = tempfile.mkdtemp(prefix="pgo-bench-load-")
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}" + (f" TEMPLATE {args.template}" if args.template else ""))
    env = env_for("pgo_portal.settings.production")
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    setup = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child-setup",
            "0" if args.template else str(args.commitments),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env_for("pgo_portal.settings.local"),
    )
    world = json.loads(setup.stdout.strip().splitlines()[-1])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        check=True,
        cwd=ROOT,
        env=env,
    )
    log = open(Path(logs) / "servers.log", "w")  # noqa: SIM115 - closed at the end
    started = []
    try:
        started.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "pgo_portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        started.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "pgo_portal",
                    "worker",
                    "--concurrency=1",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_healthy(args.port)
        run(args, world)
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        print(f"(gunicorn and Celery output: {logs}/servers.log)")
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


def run(args, world: dict) -> None:
    pages = {
        "home": "/",
        "commitment list": "/engagements/",
        "commitment page": world["read"],
        "API, 100 commitments": "/api/v1/commitments/?page_size=100",
    }
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{world['commitments']} commitments; gunicorn {args.workers} workers × {args.threads} "
        "threads, 1 Celery worker; "
        f"{args.concurrency} clients, {args.seconds:g} s per phase; writer "
        f"{args.writes_per_second:g}/s to {world['written']} (same plan as the pages)"
    )
    print(f"load average before: {load} ({os.cpu_count()} CPUs)")
    header = (
        f"{'page':<22} {'req/s':>7} {'p50':>7} {'p99':>7} | {'req/s':>7} {'p50':>7} {'p99':>7}"
        f" | {'ratio':>5}  writes/s  w-p50  w-p99 w-err  misses"
    )
    print(f"{'':<22} {'without writes':^23} | {'with writes':^23} |")
    print(header)
    print("-" * len(header))
    for name, path in pages.items():
        read_phase(args.port, path, 2, args.concurrency)  # warm up
        quiet = read_phase(args.port, path, args.seconds, args.concurrency)
        writer = Writer(args.port, world["indicator"], world["token"], args.writes_per_second)
        writer.start()
        busy = read_phase(args.port, path, args.seconds, args.concurrency)
        writer.halt.set()
        writer.join()  # (the writes in flight finish: a few late ones count in the rate)
        w = summary(writer.latencies, writer.elapsed, writer.errors)
        ratio = busy["per_second"] / quiet["per_second"] if quiet["per_second"] else 0
        errors = quiet["errors"] + busy["errors"]
        print(
            f"{name:<22} {quiet['per_second']:>7.1f} {quiet['p50']:>7.1f} {quiet['p99']:>7.1f}"
            f" | {busy['per_second']:>7.1f} {busy['p50']:>7.1f} {busy['p99']:>7.1f}"
            f" | {ratio:>5.2f} {w['per_second']:>9.1f} {w['p50']:>6.0f} {w['p99']:>6.0f}"
            f" {w['errors']:>5}  {quiet['misses']}/{busy['misses']}"
            + (f"  ({errors} failed reads)" if errors else ""),
            flush=True,
        )
        time.sleep(3)  # let the recomputes the writes asked for finish
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average after: {load}; latencies in ms")


if __name__ == "__main__":
    main()
