"""Set-wise recomputation of progress, points, score and measurability (method v1).

``scores_recompute`` reads every input it needs in one aggregate SQL query (milestones and
indicators are summed per commitment by the database, the latest measurement of each indicator
is picked by a correlated sub-query on its unique index), applies the pure rules of
``commitments.rules`` to those sums, then writes only what changed: one UPDATE of the changed
commitments, one upsert of their score snapshots, one upsert of the changed roll-ups. The number
of SQL statements does not depend on the number of commitments, and a rerun with nothing changed
writes nothing.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from commitments import rules
from commitments.models import (
    ActionPlan,
    Commitment,
    GlossaryTerm,
    Rollup,
    ScoreSnapshot,
    VagueVerb,
)
from commitments.vague_verbs import VagueVerb as VerbEntry
from commitments.vague_verbs import VagueVerbDetector
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from toolkit.cache import data_version_bump
from toolkit.sqlbulk import bulk_update_json, bulk_upsert_json, delete_except_json

log = logging.getLogger(__name__)

TWO = Decimal("0.01")
STORED_FIELDS = (
    "progress",
    "points",
    "max_points",
    "penalty",
    "score",
    "late_milestones",
    "milestones_counted",
    "milestones_completed",
    "milestones_completed_on_time",
    "measurability",
    "measurability_failures",
    "method_version",
)
ROLLUP_FIELDS = (
    "commitments",
    "progress",
    "points",
    "max_points",
    "penalty",
    "score",
    "late_milestones",
    "milestones_counted",
    "milestones_completed",
    "milestones_completed_on_time",
    "measurability_mean",
    "method_version",
)


def q2(value: Any) -> Decimal | None:
    """Round to the stored precision (two decimals), None stays None."""
    if value is None:
        return None
    if isinstance(value, float):
        value = round(value, 9)  # float noise must not decide a rounding at the half cent
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)


def _f(value: Any) -> float:
    return float(value) if value is not None else 0.0


_OPEN = "('planned', 'in_progress')"


def _tables() -> dict[str, str]:
    """The tables the queries read, named by their models (so the dependency is an import)."""
    return {
        "commitment": Commitment._meta.db_table,
        "plan": ActionPlan._meta.db_table,
        "milestone": Milestone._meta.db_table,
        "indicator": Indicator._meta.db_table,
        "measurement": Measurement._meta.db_table,
    }


_INPUTS_SQL = """
SELECT c.id, c.title, c.objective, c.summary, c.lead_administration_id, c.contact_name,
       c.cost_amount, c.cost_staff_fte, c.cost_funding_source, c.no_additional_cost,
       c.action_law, c.action_standard, c.action_tool, c.action_data, c.action_consultation,
       c.progress, c.points, c.max_points, c.penalty, c.score, c.late_milestones,
       c.milestones_counted, c.milestones_completed, c.milestones_completed_on_time,
       c.measurability, c.measurability_failures, c.method_version,
       m.w_total, m.w_done, m.pts, m.mx, m.pen, m.late, m.counted, m.completed, m.on_time,
       m.outside,
       i.n, i.w_total, i.wp, i.incomplete, i.quant_ok, i.not_reported
FROM {commitment} c
LEFT JOIN (
    SELECT ms.commitment_id,
        SUM(CASE WHEN ms.status <> 'cancelled' THEN ms.weight ELSE 0 END) AS w_total,
        SUM(CASE WHEN ms.status = 'completed' THEN ms.weight ELSE 0 END) AS w_done,
        SUM(CASE
            WHEN ms.status = 'completed' AND ms.completed_on <= %(as_of)s THEN
                CASE WHEN ms.completed_on <= ms.due_date THEN %(m)s * ms.weight
                     ELSE %(m)s * ms.weight * 0.5 END
            WHEN ms.status IN {open} AND ms.due_date < %(as_of)s THEN -%(m)s * ms.weight * 0.5
            ELSE 0 END) AS pts,
        SUM(CASE WHEN ms.status <> 'cancelled' THEN %(m)s * ms.weight ELSE 0 END) AS mx,
        SUM(CASE WHEN ms.status IN {open} AND ms.due_date < %(as_of)s
            THEN %(m)s * ms.weight * 0.5 ELSE 0 END) AS pen,
        SUM(CASE WHEN ms.status IN {open} AND ms.due_date < %(as_of)s THEN 1 ELSE 0 END) AS late,
        SUM(CASE WHEN ms.status <> 'cancelled' THEN 1 ELSE 0 END) AS counted,
        SUM(CASE WHEN ms.status = 'completed' THEN 1 ELSE 0 END) AS completed,
        SUM(CASE WHEN ms.status = 'completed' AND ms.completed_on <= ms.due_date
            THEN 1 ELSE 0 END) AS on_time,
        SUM(CASE WHEN ms.status <> 'cancelled'
            AND (ms.due_date < pp.period_start OR ms.due_date > pp.period_end)
            THEN 1 ELSE 0 END) AS outside
    FROM {milestone} ms
    JOIN {commitment} mc ON mc.id = ms.commitment_id
    JOIN {plan} pp ON pp.id = mc.plan_id
    WHERE {filter_mc}
    GROUP BY ms.commitment_id
) m ON m.commitment_id = c.id
LEFT JOIN (
    SELECT y.commitment_id,
        COUNT(*) AS n,
        SUM(y.weight) AS w_total,
        SUM(y.weight * CASE
            WHEN y.cur IS NULL OR y.b IS NULL OR y.t IS NULL THEN 0
            WHEN y.t = y.b THEN CASE WHEN y.cur = y.t THEN 1 ELSE 0 END
            WHEN (y.cur - y.b) * 1.0 / (y.t - y.b) < 0 THEN 0
            WHEN (y.cur - y.b) * 1.0 / (y.t - y.b) > 1 THEN 1
            ELSE (y.cur - y.b) * 1.0 / (y.t - y.b) END) AS wp,
        SUM(y.incomplete) AS incomplete,
        SUM(y.quant_ok) AS quant_ok,
        SUM(CASE WHEN y.cur IS NULL THEN 1 ELSE 0 END) AS not_reported
    FROM (
        SELECT ind.commitment_id, ind.weight,
            ind.baseline_value AS b, ind.target_value AS t,
            CASE WHEN ind.baseline_value IS NULL OR ind.target_value IS NULL
                OR ind.target_date IS NULL OR ind.data_source = '' THEN 1 ELSE 0 END AS incomplete,
            CASE WHEN ind.kind = 'quantitative' AND ind.baseline_value IS NOT NULL
                AND ind.target_value IS NOT NULL THEN 1 ELSE 0 END AS quant_ok,
            (SELECT me.value FROM {measurement} me
             WHERE me.indicator_id = ind.id AND me.date <= %(as_of)s
             ORDER BY me.date DESC LIMIT 1) AS cur
        FROM {indicator} ind
        JOIN {commitment} ic ON ic.id = ind.commitment_id
        WHERE {filter_ic}
    ) y
    GROUP BY y.commitment_id
) i ON i.commitment_id = c.id
WHERE {filter_c}
ORDER BY c.id
"""


def _filters(commitment_ids: list[int] | None, plan_ids: list[int] | None) -> tuple[dict, dict]:
    params: dict[str, Any] = {}
    if commitment_ids is None and plan_ids is None:
        return {"filter_mc": "1 = 1", "filter_ic": "1 = 1", "filter_c": "1 = 1"}, params
    conditions = []
    for name, values, column in (
        ("cid", commitment_ids, "id"),
        ("pid", plan_ids, "plan_id"),
    ):
        if values is None:
            continue
        if not values:
            conditions.append("1 = 0")
            continue
        names = []
        for n, value in enumerate(values):
            params[f"{name}{n}"] = value
            names.append(f"%({name}{n})s")
        conditions.append(f"{{alias}}.{column} IN ({', '.join(names)})")
    template = " AND ".join(conditions)
    return {
        "filter_mc": template.format(alias="mc"),
        "filter_ic": template.format(alias="ic"),
        "filter_c": template.format(alias="c"),
    }, params


@dataclass
class RecomputeReport:
    as_of: datetime.date
    commitments: int = 0
    commitments_changed: int = 0
    snapshots_written: int = 0
    rollups_changed: int = 0
    rollups_deleted: int = 0
    changed_ids: list[int] = field(default_factory=list)

    @property
    def wrote_anything(self) -> bool:
        return bool(self.commitments_changed or self.rollups_changed or self.rollups_deleted)


def text_checkers() -> tuple[VagueVerbDetector, list[rules.GlossaryEntry]]:
    """The active vague-verb list and the glossary, in two queries."""
    detector = VagueVerbDetector(
        [
            VerbEntry(
                infinitive=v.infinitive,
                suggestion=v.suggestion,
                extra_forms=tuple(f.strip() for f in v.extra_forms.split(",") if f.strip()),
            )
            for v in VagueVerb.objects.filter(active=True)
        ]
    )
    glossary = [
        rules.GlossaryEntry(
            term=g.term, explained=bool(g.definition.strip()), aliases=tuple(g.alias_list)
        )
        for g in GlossaryTerm.objects.all()
    ]
    return detector, glossary


def measurability_of(
    row: dict[str, Any],
    *,
    detector: VagueVerbDetector,
    glossary: list[rules.GlossaryEntry],
) -> list[rules.CriterionResult]:
    vague = tuple(
        dict.fromkeys(
            match.form.lower()
            for text in (row["title"], row["objective"])
            for match in detector.find(text or "")
        )
    )
    cost_stated = bool(
        row["no_additional_cost"]
        or row["cost_amount"] is not None
        or row["cost_staff_fte"] is not None
        or (row["cost_funding_source"] or "").strip()
    )
    summary = (row["summary"] or "").strip()
    facts = rules.MeasurabilityFacts(
        quantitative_indicators_with_baseline_and_target=int(row["quant_ok"] or 0),
        indicators=int(row["n"] or 0),
        indicators_incomplete=int(row["incomplete"] or 0),
        milestones_with_due_date=int(row["counted"] or 0),
        milestones_outside_period=int(row["outside"] or 0),
        cost_stated=cost_stated,
        lead_named=row["lead_administration_id"] is not None,
        contact_named=bool((row["contact_name"] or "").strip()),
        vague_verbs=vague,
        summary_present=bool(summary),
        unexplained_terms=rules.unexplained_terms(summary, glossary) if summary else (),
        action_type_explicit=any(
            bool(row[f])
            for f in (
                "action_law",
                "action_standard",
                "action_tool",
                "action_data",
                "action_consultation",
            )
        ),
    )
    return rules.measurability(facts)


def scores_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Apply the pure rules to one commitment's SQL sums."""
    m_total, i_total = _f(row["m_w_total"]), _f(row["i_w_total"])
    milestone_part = _f(row["w_done"]) / m_total if m_total > 0 else None
    indicator_part = _f(row["wp"]) / i_total if i_total > 0 else None
    points = _f(row["pts"]) + rules.INDICATOR_POINTS * _f(row["wp"])
    maximum = _f(row["mx"]) + rules.INDICATOR_POINTS * i_total
    return {
        "progress": q2(rules.progress_from_parts(milestone_part, indicator_part)),
        "points": q2(points),
        "max_points": q2(maximum),
        "penalty": q2(_f(row["pen"])),
        "score": q2(rules.score_from_points(points, maximum)),
        "late_milestones": int(row["late"] or 0),
        "milestones_counted": int(row["counted"] or 0),
        "milestones_completed": int(row["completed"] or 0),
        "milestones_completed_on_time": int(row["on_time"] or 0),
    }


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    failures = row["stored_measurability_failures"]
    if isinstance(failures, str):
        failures = json.loads(failures)
    return {
        "progress": q2(row["stored_progress"]),
        "points": q2(row["stored_points"]),
        "max_points": q2(row["stored_max_points"]),
        "penalty": q2(row["stored_penalty"]),
        "score": q2(row["stored_score"]),
        "late_milestones": row["stored_late_milestones"],
        "milestones_counted": row["stored_milestones_counted"],
        "milestones_completed": row["stored_milestones_completed"],
        "milestones_completed_on_time": row["stored_milestones_completed_on_time"],
        "measurability": row["stored_measurability"],
        "measurability_failures": failures,
        "method_version": row["stored_method_version"],
    }


_COLUMNS = [
    "id", "title", "objective", "summary", "lead_administration_id", "contact_name",
    "cost_amount", "cost_staff_fte", "cost_funding_source", "no_additional_cost",
    "action_law", "action_standard", "action_tool", "action_data", "action_consultation",
    "stored_progress", "stored_points", "stored_max_points", "stored_penalty", "stored_score",
    "stored_late_milestones", "stored_milestones_counted", "stored_milestones_completed",
    "stored_milestones_completed_on_time", "stored_measurability",
    "stored_measurability_failures", "stored_method_version",
    "m_w_total", "w_done", "pts", "mx", "pen", "late", "counted", "completed", "on_time",
    "outside",
    "n", "i_w_total", "wp", "incomplete", "quant_ok", "not_reported",
]  # fmt: skip


def _jsonable(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


_COMMITMENT_UPDATE_COLUMNS = [
    ("id", "bigint"),
    ("progress", "numeric"),
    ("points", "numeric"),
    ("max_points", "numeric"),
    ("penalty", "numeric"),
    ("score", "numeric"),
    ("late_milestones", "integer"),
    ("milestones_counted", "integer"),
    ("milestones_completed", "integer"),
    ("milestones_completed_on_time", "integer"),
    ("measurability", "integer"),
    ("measurability_failures", "jsonb"),
    ("method_version", "text"),
    ("scored_on", "date"),
]
_SNAPSHOT_COLUMNS = [
    ("commitment_id", "bigint"),
    ("date", "date"),
    ("progress", "numeric"),
    ("points", "numeric"),
    ("max_points", "numeric"),
    ("score", "numeric"),
    ("measurability", "integer"),
    ("method_version", "text"),
]
_ROLLUP_COLUMNS = [
    ("key", "text"),
    ("scope", "text"),
    ("plan_id", "bigint"),
    ("axis_id", "bigint"),
    ("administration_id", "bigint"),
    ("commitments", "integer"),
    ("progress", "numeric"),
    ("points", "numeric"),
    ("max_points", "numeric"),
    ("penalty", "numeric"),
    ("score", "numeric"),
    ("late_milestones", "integer"),
    ("milestones_counted", "integer"),
    ("milestones_completed", "integer"),
    ("milestones_completed_on_time", "integer"),
    ("measurability_mean", "numeric"),
    ("scored_on", "date"),
    ("method_version", "text"),
]


@transaction.atomic
def scores_recompute(
    *,
    as_of: datetime.date,
    commitment_ids: Iterable[int] | None = None,
    plan_ids: Iterable[int] | None = None,
) -> RecomputeReport:
    """Recompute stored scores of the given commitments (default: all) and every roll-up."""
    ids = sorted(set(commitment_ids)) if commitment_ids is not None else None
    plans = sorted(set(plan_ids)) if plan_ids is not None else None
    report = RecomputeReport(as_of=as_of)
    detector, glossary = text_checkers()
    filters, params = _filters(ids, plans)
    sql = _INPUTS_SQL.format(open=_OPEN, **filters, **_tables())
    params |= {"as_of": as_of, "m": Decimal(str(rules.MILESTONE_POINTS))}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(_COLUMNS, r, strict=True)) for r in cursor.fetchall()]
    report.commitments = len(rows)
    updates, snapshots = [], []
    for row in rows:
        new = scores_from_row(row)
        results = measurability_of(row, detector=detector, glossary=glossary)
        new["measurability"] = rules.measurability_count(results)
        new["measurability_failures"] = [
            {"code": r.code, "reason": r.reason} for r in results if not r.met
        ]
        new["method_version"] = rules.METHOD_VERSION
        if new == _stored(row):
            continue
        report.changed_ids.append(row["id"])
        updates.append(
            {"id": row["id"], "scored_on": as_of.isoformat()}
            | {k: _jsonable(v) for k, v in new.items()}
        )
        snapshots.append(
            {
                "commitment_id": row["id"],
                "date": as_of.isoformat(),
                "progress": _jsonable(new["progress"]),
                "points": _jsonable(new["points"]),
                "max_points": _jsonable(new["max_points"]),
                "score": _jsonable(new["score"]),
                "measurability": new["measurability"],
                "method_version": rules.METHOD_VERSION,
            }
        )
    if updates:
        now = timezone.now()
        report.commitments_changed = bulk_update_json(
            table=Commitment._meta.db_table,
            key="id",
            columns=_COMMITMENT_UPDATE_COLUMNS,
            rows=updates,
            extra_set=_updated_at_sql(now),
        )
        report.snapshots_written = bulk_upsert_json(
            table=ScoreSnapshot._meta.db_table,
            conflict=("commitment_id", "date"),
            columns=_SNAPSHOT_COLUMNS,
            rows=snapshots,
        )
    report.rollups_changed, report.rollups_deleted = rollups_recompute(as_of=as_of)
    if report.wrote_anything:  # cached public pages show these scores: refresh after commit
        transaction.on_commit(data_version_bump)
    log.info(
        "scores recomputed as of %s: %d commitments, %d changed, %d roll-ups changed",
        as_of,
        report.commitments,
        report.commitments_changed,
        report.rollups_changed,
    )
    return report


def _updated_at_sql(now: datetime.datetime) -> str:
    # A literal built from our own clock (not user input): ISO format, UTC.
    stamp = now.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if connection.vendor == "postgresql":
        return f"updated_at = TIMESTAMPTZ '{stamp}+00:00'"
    return f"updated_at = '{stamp}'"


_ROLLUP_SQL = """
SELECT {group}, COUNT(*), AVG(c.progress), SUM(c.points), SUM(c.max_points), SUM(c.penalty),
       SUM(c.late_milestones), SUM(c.milestones_counted), SUM(c.milestones_completed),
       SUM(c.milestones_completed_on_time), AVG(c.measurability)
FROM {commitment} c
WHERE {where}
GROUP BY {group}
"""

# scope, GROUP BY columns, which of (plan, axis, administration) each column is, filter
_SCOPES = (
    ("plan", "c.plan_id", ("plan",), "1 = 1"),
    ("axis", "c.plan_id, c.axis_id", ("plan", "axis"), "c.axis_id IS NOT NULL"),
    (
        "administration",
        "c.lead_administration_id",
        ("administration",),
        "c.lead_administration_id IS NOT NULL",
    ),
    (
        "plan_administration",
        "c.plan_id, c.lead_administration_id",
        ("plan", "administration"),
        "c.lead_administration_id IS NOT NULL",
    ),
)


def rollups_compute() -> dict[str, dict[str, Any]]:
    """Roll-ups from the stored commitment scores, one GROUP BY per scope."""
    result: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for scope, group, roles, where in _SCOPES:
            cursor.execute(_ROLLUP_SQL.format(group=group, where=where, **_tables()))
            for r in cursor.fetchall():
                idents, rest = r[: len(roles)], r[len(roles) :]
                ids = dict(zip(roles, idents, strict=True))
                key = ":".join([scope, *map(str, idents)])
                count, progress, points, maximum, penalty, late, counted, done, on_time, meas = rest
                result[key] = {
                    "key": key,
                    "scope": scope,
                    "plan_id": ids.get("plan"),
                    "axis_id": ids.get("axis"),
                    "administration_id": ids.get("administration"),
                    "commitments": int(count),
                    "progress": q2(progress),
                    "points": q2(points or 0),
                    "max_points": q2(maximum or 0),
                    "penalty": q2(penalty or 0),
                    "score": q2(rules.score_from_points(_f(points), _f(maximum))),
                    "late_milestones": int(late or 0),
                    "milestones_counted": int(counted or 0),
                    "milestones_completed": int(done or 0),
                    "milestones_completed_on_time": int(on_time or 0),
                    "measurability_mean": q2(meas),
                    "method_version": rules.METHOD_VERSION,
                }
    return result


def rollups_recompute(*, as_of: datetime.date) -> tuple[int, int]:
    computed = rollups_compute()
    existing = {
        r["key"]: {k: (q2(v) if isinstance(v, Decimal) else v) for k, v in r.items()}
        for r in Rollup.objects.values(
            "key", "scope", "plan_id", "axis_id", "administration_id", *ROLLUP_FIELDS
        )
    }
    changed = [
        row | {"scored_on": as_of.isoformat()}
        for key, row in computed.items()
        if existing.get(key) != row
    ]
    written = bulk_upsert_json(
        table=Rollup._meta.db_table,
        conflict=("key",),
        columns=_ROLLUP_COLUMNS,
        rows=[{k: _jsonable(v) for k, v in row.items()} for row in changed],
    )
    deleted = 0
    if set(existing) - set(computed):
        deleted = delete_except_json(table=Rollup._meta.db_table, key="key", keep=list(computed))
    return written, deleted
