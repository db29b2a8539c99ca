"""Benchmark: the set-wise score recompute against a per-commitment loop, at 5,000 and 50,000.

Not a test. Run on PostgreSQL (it creates and drops its own database ``pgo_bench``):

    .venv/bin/python bench/scoring_bench.py [--sizes 5000 50000] [--loop-limit 50000]

For each size it prints, in one run: the full recompute's time and SQL statement count (first
run, which writes every row, and an unchanged rerun, which writes nothing) next to a
straightforward loop that reads each commitment's milestones, indicators and latest
measurements with the ORM, applies the same pure rules and saves the commitment.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "pgo_bench"
BASE_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{BASE_URL}/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pgo_portal.settings.local")
os.environ.pop("REDIS_URL", None)


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{BASE_URL}/postgres", "-q", "-c", sql], check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--loop-limit", type=int, default=50000, help="skip the loop above this")
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    psql(f"CREATE DATABASE {BENCH_DB}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from commitments.models import Commitment
    from sampledata.world import world_generate
    from scoring.recompute import scores_recompute

    call_command("migrate", verbosity=0)
    as_of = datetime.date(2026, 11, 23)
    have = 0
    print(f"PostgreSQL {connection.pg_version}, as_of {as_of}")
    header = f"{'commitments':>11} {'what':<32} {'seconds':>9} {'statements':>10}"
    print(header)
    print("-" * len(header))
    for size in sorted(args.sizes):
        world_generate(commitments=size - have, seed=size, as_of=as_of)
        have = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        Commitment.objects.update(method_version="")  # force the first run to write every row
        first = timed(size, "set-wise, first run", lambda: scores_recompute(as_of=as_of))
        timed(size, "set-wise, unchanged rerun", lambda: scores_recompute(as_of=as_of))
        if size <= args.loop_limit:
            loop = timed(size, "per-commitment loop", lambda: naive_loop(as_of))
            print(f"{size:>11} {'speed-up (loop / set-wise)':<32} {loop / first:>9.1f}×")
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def timed(size: int, label: str, fn) -> float:
    from django.db import connection

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
    print(f"{size:>11} {label:<32} {elapsed:>9.2f} {statements:>10}", flush=True)
    return elapsed


def naive_loop(as_of: datetime.date) -> None:
    """The obvious implementation: one commitment at a time, the same pure rules."""
    from django.db import transaction

    from commitments import rules
    from commitments.models import Commitment
    from scoring.recompute import q2, text_checkers

    detector, glossary = text_checkers()
    with transaction.atomic():
        for c in Commitment.objects.select_related("plan").iterator():
            milestones = list(c.milestones.all())
            indicators = []
            incomplete = quant = 0
            for i in c.indicators.all():
                latest = i.measurements.filter(date__lte=as_of).order_by("-date").first()
                indicators.append(
                    rules.IndicatorInput(
                        i.baseline_value,
                        i.target_value,
                        latest.value if latest else None,
                        i.kind,
                        len(i.levels) if i.kind == "qualitative" else None,
                        i.weight,
                    )
                )
                incomplete += (
                    i.baseline_value is None or i.target_value is None or not i.data_source
                )
                quant += i.kind == "quantitative" and i.baseline_value is not None
            s = rules.commitment_score(
                milestones=[
                    rules.MilestoneInput(m.status, m.due_date, m.completed_on, m.weight)
                    for m in milestones
                ],
                indicators=indicators,
                as_of=as_of,
            )
            counted = [m for m in milestones if m.status != "cancelled"]
            facts = rules.MeasurabilityFacts(
                quantitative_indicators_with_baseline_and_target=quant,
                indicators=len(indicators),
                indicators_incomplete=incomplete,
                milestones_with_due_date=len(counted),
                milestones_outside_period=sum(
                    not (c.plan.period_start <= m.due_date <= c.plan.period_end) for m in counted
                ),
                cost_stated=c.no_additional_cost or c.cost_amount is not None,
                lead_named=c.lead_administration_id is not None,
                contact_named=bool(c.contact_name),
                vague_verbs=tuple(m.form for m in detector.find(f"{c.title} {c.objective}")),
                summary_present=bool(c.summary),
                unexplained_terms=rules.unexplained_terms(c.summary, glossary),
                action_type_explicit=bool(c.action_types),
            )
            results = rules.measurability(facts)
            c.progress, c.points, c.max_points = q2(s.progress), q2(s.points), q2(s.maximum)
            c.score, c.penalty, c.late_milestones = q2(s.score), q2(s.penalty), s.late_milestones
            c.measurability = rules.measurability_count(results)
            c.save(
                update_fields=[
                    "progress", "points", "max_points", "score", "penalty",
                    "late_milestones", "measurability",
                ]
            )  # fmt: skip


if __name__ == "__main__":
    main()
