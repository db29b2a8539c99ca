"""Benchmark: the score recompute's time and memory as the database grows (issue 14, item 3).

Not a test. On the worlds ``bench/page_scaling.py`` builds (``<prefix>5k``, ``<prefix>20k``, and
here also ``<prefix>50k``; ``--reuse`` keeps existing ones), for each size, each measure in a
fresh child process:

* **after one change**: one commitment's stored figures are made stale and that commitment
  alone is recomputed (what the coalesced task does after a write), ``--repeat`` times on
  different commitments: median and worst time, SQL statements;
* **full recompute**: every commitment's stored figures are made stale first (in another
  process), then everything is recomputed (every row rewritten, every roll-up compared): time,
  statements and the **peak resident memory** of the process (``ru_maxrss``, Django and the
  interpreter included).

    .venv/bin/python bench/recompute_bench.py [--sizes 5000 20000 50000] [--reuse]

Timings depend on the machine and its load (printed); memory does not.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_scaling import ROOT, build, child_env, db_name

AS_OF = "2026-11-23"


def child(mode: str, repeat: int) -> None:
    import datetime
    import resource

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    from commitments.models import Commitment
    from scoring.recompute import scores_recompute

    as_of = datetime.date.fromisoformat(AS_OF)
    if mode == "stale":
        Commitment.objects.update(method_version="")
        return
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    out: dict = {"commitments": Commitment.objects.count()}
    if mode == "one":
        ids = list(Commitment.objects.order_by("?").values_list("pk", flat=True)[:repeat])
        times = []
        for pk in ids:
            Commitment.objects.filter(pk=pk).update(method_version="")
            statements = 0
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                scores_recompute(as_of=as_of, commitment_ids=[pk])
                times.append(time.perf_counter() - started)
        out |= {
            "median": 1000 * statistics.median(times),
            "worst": 1000 * max(times),
            "statements": statements,
        }
    else:
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            report = scores_recompute(as_of=as_of)
            elapsed = time.perf_counter() - started
        out |= {
            "seconds": elapsed,
            "statements": statements,
            "changed": report.commitments_changed,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    print(json.dumps(out))


def run_child(size: int, prefix: str, mode: str, repeat: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        env=child_env(db_name(prefix, size)),
    )
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--prefix", default="pgo_bench_pages_")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="use the worlds of a last run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.repeat)

    sizes = sorted(args.sizes)
    if not args.reuse:
        build(args.prefix, sizes)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load} ({os.cpu_count()} CPUs)")
    header = (
        f"{'commitments':>11} | {'one change: median':>18} {'worst':>7} {'SQL':>4} |"
        f" {'full: seconds':>13} {'SQL':>5} {'changed':>8} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        one = run_child(size, args.prefix, "one", args.repeat)
        run_child(size, args.prefix, "stale", 0)
        full = run_child(size, args.prefix, "full", 0)
        print(
            f"{one['commitments']:>11} | {one['median']:>15.1f} ms {one['worst']:>7.1f}"
            f" {one['statements']:>4} | {full['seconds']:>13.2f} {full['statements']:>5}"
            f" {full['changed']:>8} {full['peak_mb']:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
