"""Roll-ups of the stored commitment figures per plan, axis, administration (all plans) and
administration within a plan, in exact decimals.

The database sums (one GROUP BY per scope, bounded to the plans and administrations concerned
after a change); averages are taken here as sum / count in ``Decimal`` and every figure is
rounded half-up to two decimals once. When a roll-up's figures change, its plan's or
administration's ``figures_updated_at`` moves, so a client syncing with ``updated_since`` sees
it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection

from commitments import rules
from commitments.models import ActionPlan, Administration, Commitment, Rollup
from toolkit.sqlbulk import bulk_upsert_json, db_timestamp

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
    "progress_total",
    "progress_measured",
    "method_version",
)
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
    ("progress_total", "numeric"),
    ("progress_measured", "integer"),
    ("scored_on", "date"),
    ("method_version", "text"),
    ("updated_at", "timestamptz"),
]

_ROLLUP_SQL = """
SELECT {group}, COUNT(*), COUNT(c.progress), SUM(c.progress), SUM(c.points), SUM(c.max_points),
       SUM(c.penalty), SUM(c.late_milestones), SUM(c.milestones_counted),
       SUM(c.milestones_completed), SUM(c.milestones_completed_on_time), SUM(c.measurability)
FROM {table} c
WHERE {where}
GROUP BY {group}
"""

# scope, GROUP BY columns, which of (plan, axis, administration) each column is, filter, and
# what bounds it after a change ("plan" or "administration")
_SCOPES = (
    ("plan", "c.plan_id", ("plan",), "1 = 1", "plan"),
    ("axis", "c.plan_id, c.axis_id", ("plan", "axis"), "c.axis_id IS NOT NULL", "plan"),
    (
        "administration",
        "c.lead_administration_id",
        ("administration",),
        "c.lead_administration_id IS NOT NULL",
        "administration",
    ),
    (
        "plan_administration",
        "c.plan_id, c.lead_administration_id",
        ("plan", "administration"),
        "c.lead_administration_id IS NOT NULL",
        "plan",
    ),
)


def _exact(value: Any) -> Decimal:
    """A sum read from the database, snapped to the two-decimal grid it is exactly on (the
    stored figures have two decimals; SQLite sums them as floats)."""
    return rules.round2(rules.dec(value or 0))  # type: ignore[return-value]


def _in(column: str, ids: Iterable[int]) -> tuple[str, list[int]]:
    ids = sorted(set(ids))
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def rollups_compute(
    *, plan_ids: Iterable[int] | None = None, administration_ids: Iterable[int] | None = None
) -> dict[str, dict[str, Any]]:
    """Roll-ups from the stored commitment figures, one GROUP BY per scope; with ids, only the
    roll-ups of those plans (plan, axis, administration in the plan) and administrations."""
    result: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for scope, group, roles, where, bound in _SCOPES:
            params: list[int] = []
            ids = plan_ids if bound == "plan" else administration_ids
            if ids is not None and not ids:
                continue  # nothing of this scope is asked for
            if ids is not None:
                column = "c.plan_id" if bound == "plan" else "c.lead_administration_id"
                condition, params = _in(column, ids)
                where = f"{where} AND {condition}"
            cursor.execute(
                _ROLLUP_SQL.format(group=group, where=where, table=Commitment._meta.db_table),
                params,
            )
            for r in cursor.fetchall():
                idents, rest = r[: len(roles)], r[len(roles) :]
                (count, measured, progress, points, maximum, penalty, late, counted, done) = rest[
                    :9
                ]
                on_time, measurability = rest[9:]
                points, maximum = _exact(points), _exact(maximum)
                key = ":".join([scope, *map(str, idents)])
                named = dict(zip(roles, idents, strict=True))
                result[key] = {
                    "key": key,
                    "scope": scope,
                    "plan_id": named.get("plan"),
                    "axis_id": named.get("axis"),
                    "administration_id": named.get("administration"),
                    "commitments": int(count),
                    "progress": rules.round2(_exact(progress) / measured) if measured else None,
                    "points": points,
                    "max_points": maximum,
                    "penalty": _exact(penalty),
                    "score": rules.round2(rules.score_from_points(points, maximum)),
                    "late_milestones": int(late or 0),
                    "milestones_counted": int(counted or 0),
                    "milestones_completed": int(done or 0),
                    "milestones_completed_on_time": int(on_time or 0),
                    "measurability_mean": rules.round2(
                        rules.dec(int(measurability or 0)) / int(count)
                    ),
                    "progress_total": _exact(progress),
                    "progress_measured": int(measured),
                    "method_version": rules.METHOD_VERSION,
                }
    return result


def _stored_value(value: Any) -> Any:
    return rules.round2(rules.dec(value)) if isinstance(value, Decimal | float) else value


_PLAN_SCOPES = (Rollup.Scope.PLAN, Rollup.Scope.AXIS, Rollup.Scope.PLAN_ADMINISTRATION)


def _existing(qs) -> dict[str, dict[str, Any]]:
    return {
        r["key"]: {k: _stored_value(v) for k, v in r.items()}
        for r in qs.values(
            "key", "scope", "plan_id", "axis_id", "administration_id", *ROLLUP_FIELDS
        )
    }


def plan_chunk_size() -> int:
    return max(1, int(getattr(settings, "ROLLUPS_PLAN_CHUNK", 100)))


def _recompute_all(*, as_of: datetime.date, now: datetime.datetime) -> tuple[int, int]:
    """Every roll-up, a chunk of plans at a time and then the administrations' (one per
    administration), so that memory holds one chunk's roll-ups, not all of them."""
    written = deleted = 0
    plan_ids = list(ActionPlan.objects.order_by("pk").values_list("pk", flat=True))
    size = plan_chunk_size()
    for start in range(0, len(plan_ids), size):
        chunk = plan_ids[start : start + size]
        w, d = _write(
            rollups_compute(plan_ids=chunk, administration_ids=()),
            _existing(Rollup.objects.filter(scope__in=_PLAN_SCOPES, plan_id__in=chunk)),
            as_of=as_of,
            now=now,
        )
        written, deleted = written + w, deleted + d
    # plan-scoped roll-ups of a plan that no longer exists go with it (ON DELETE CASCADE)
    w, d = _write(
        rollups_compute(plan_ids=(), administration_ids=None),
        _existing(Rollup.objects.filter(scope=Rollup.Scope.ADMINISTRATION)),
        as_of=as_of,
        now=now,
    )
    return written + w, deleted + d


def rollups_recompute(
    *,
    as_of: datetime.date,
    plan_ids: Iterable[int] | None,
    now: datetime.datetime,
    administration_ids: Iterable[int] = (),
) -> tuple[int, int]:
    """Write the roll-ups that changed and delete those that no longer apply: all of them
    (``plan_ids`` None), or only those a change can move, which costs what changed, not the
    size of the database:

    * the plan, axis and administration-in-plan roll-ups of ``plan_ids`` (the plans of the
      recomputed commitments), read and summed over those plans only;
    * the all-plans roll-ups of ``administration_ids`` (the administrations leading the
      recomputed commitments now) and of every administration whose roll-up in one of those
      plans changed, appeared or disappeared (a commitment that changed hands: its former lead).
      An administration none of whose roll-ups in these plans moved keeps its all-plans figures,
      which are sums over the same commitments.

    The full recompute goes a chunk of ``ROLLUPS_PLAN_CHUNK`` plans at a time.

    Returns (written, deleted)."""
    if plan_ids is None:
        return _recompute_all(as_of=as_of, now=now)
    else:
        plan_ids = set(plan_ids)
        computed = rollups_compute(plan_ids=plan_ids, administration_ids=())
        existing = _existing(Rollup.objects.filter(scope__in=_PLAN_SCOPES, plan_id__in=plan_ids))
        moved = {
            row["administration_id"]
            for key in set(computed) | set(existing)
            if (row := computed.get(key) or existing[key])["scope"]
            == Rollup.Scope.PLAN_ADMINISTRATION
            and computed.get(key) != existing.get(key)
        }
        leads = moved | {int(i) for i in administration_ids}
        if leads:
            computed |= rollups_compute(plan_ids=(), administration_ids=leads)
            existing |= _existing(
                Rollup.objects.filter(
                    scope=Rollup.Scope.ADMINISTRATION, administration_id__in=leads
                )
            )
    return _write(computed, existing, as_of=as_of, now=now)


def _write(
    computed: dict[str, dict[str, Any]],
    existing: dict[str, dict[str, Any]],
    *,
    as_of: datetime.date,
    now: datetime.datetime,
) -> tuple[int, int]:
    """Upsert the computed roll-ups that differ from the stored ones, delete the stored ones
    no longer computed, and date the figures of their plans and administrations."""
    changed = [row for key, row in computed.items() if existing.get(key) != row]
    stamp = db_timestamp(now)
    written = bulk_upsert_json(
        table=Rollup._meta.db_table,
        conflict=("key",),
        columns=_ROLLUP_COLUMNS,
        rows=[
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}
            | {"scored_on": as_of.isoformat(), "updated_at": stamp}
            for row in changed
        ],
    )
    stale = sorted(set(existing) - set(computed))
    deleted = Rollup.objects.filter(key__in=stale).delete()[0] if stale else 0
    gone = [existing[key] for key in stale]
    plans = {r["plan_id"] for r in [*changed, *gone] if r["plan_id"]}
    administrations = {r["administration_id"] for r in [*changed, *gone] if r["administration_id"]}
    if plans:
        ActionPlan.objects.filter(pk__in=plans).update(figures_updated_at=now)
    if administrations:
        Administration.objects.filter(pk__in=administrations).update(figures_updated_at=now)
    return written, deleted
