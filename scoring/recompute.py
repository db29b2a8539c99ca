"""The stored figures of method v2, recomputed set-wise and in batches.

``scores_recompute`` reads the inputs of a batch of commitments in a few queries
(``scoring.inputs``), applies the pure rules of ``commitments.rules`` to each (the very same
functions the methodology page and the tests use, in exact decimals), then writes only what
changed: one UPDATE of the changed commitments and one upsert of their score snapshots per
batch. Batches of ``SCORES_BATCH_SIZE`` commitments keep memory flat whatever the size of the
database; after a change only the changed commitments are read, and only the roll-ups of their
plans and administrations are recomputed (``scoring.rollups``). A rerun with nothing changed
writes nothing.

``scores_compute`` gives the same figures on any date without writing them (a report as of the
end of a period).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commitments import rules
from commitments.models import Commitment, ScoreSnapshot
from toolkit.cache import data_version_bump
from toolkit.sqlbulk import bulk_update_json, bulk_upsert_json, db_timestamp, timestamp_sql

from .inputs import STORED_FIELDS, CommitmentInputs, measurability_of, read_inputs, text_checkers
from .rollups import rollups_recompute

log = logging.getLogger(__name__)

TWO = Decimal("0.01")


def q2(value: Any) -> Decimal | None:
    """Round to the stored precision (two decimals, half-up), None stays None."""
    if value is None:
        return None
    return rules.round2(rules.dec(value))


def batch_size() -> int:
    return max(1, int(getattr(settings, "SCORES_BATCH_SIZE", 1000)))


@dataclass(frozen=True)
class ComputedFigures:
    """A commitment's figures on a date, as the method computes them (rounded, as stored)."""

    commitment_id: int
    plan_id: int
    axis_id: int | None
    lead_administration_id: int | None
    score: rules.CommitmentScore
    measurability: list[rules.CriterionResult]

    def stored_values(self) -> dict[str, Any]:
        s = self.score
        failed = [r for r in self.measurability if not r.met]
        return {
            "progress": s.progress,
            "points": s.points,
            "max_points": s.maximum,
            "penalty": s.penalty,
            "score": s.score,
            "status": s.status,
            "late_milestones": s.late_milestones,
            "milestones_counted": s.milestones_counted,
            "milestones_completed": s.milestones_completed,
            "milestones_completed_on_time": s.milestones_completed_on_time,
            "measurability": rules.measurability_count(self.measurability),
            "measurability_failures": [{"code": r.code, "reason": r.reason} for r in failed],
            "method_version": rules.METHOD_VERSION,
        }


def _figures(inputs: CommitmentInputs, *, as_of: datetime.date, checkers) -> ComputedFigures:
    score = rules.commitment_score(
        milestones=inputs.milestones, indicators=inputs.indicators, as_of=as_of
    )
    row = inputs.row
    return ComputedFigures(
        commitment_id=row["id"],
        plan_id=row["plan_id"],
        axis_id=row["axis_id"],
        lead_administration_id=row["lead_administration_id"],
        score=score,
        measurability=measurability_of(
            inputs, checkers=checkers, milestones_counted=score.milestones_counted
        ),
    )


def _batches(
    commitment_ids: Iterable[int] | None, plan_ids: Iterable[int] | None
) -> Iterator[list[int]]:
    """Commitment ids in batches, by id; without a list, every commitment (of the plans)."""
    size = batch_size()
    if commitment_ids is not None:
        ids = sorted(set(commitment_ids))
        for start in range(0, len(ids), size):
            yield ids[start : start + size]
        return
    qs = Commitment.objects.order_by("pk")
    if plan_ids is not None:
        qs = qs.filter(plan_id__in=list(plan_ids))
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def scores_compute(
    *, as_of: datetime.date, commitment_ids: Iterable[int] | None = None
) -> Iterator[ComputedFigures]:
    """The figures of the given commitments (all when None) on ``as_of``, written nowhere:
    facts dated after ``as_of`` are ignored, so a past date gives what was true then."""
    checkers = text_checkers()
    for ids in _batches(commitment_ids, None):
        for inputs in read_inputs(ids, as_of=as_of).values():
            yield _figures(inputs, as_of=as_of, checkers=checkers)


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (q2(row[name]) if isinstance(row[name], Decimal | float) else row[name])
        for name in STORED_FIELDS
    }


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


_COMMITMENT_UPDATE_COLUMNS = [
    ("id", "bigint"),
    ("progress", "numeric"),
    ("points", "numeric"),
    ("max_points", "numeric"),
    ("penalty", "numeric"),
    ("score", "numeric"),
    ("status", "text"),
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
    ("status", "text"),
    ("method_version", "text"),
    ("updated_at", "timestamptz"),
]


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


@transaction.atomic
def scores_recompute(
    *,
    as_of: datetime.date,
    commitment_ids: Iterable[int] | None = None,
    plan_ids: Iterable[int] | None = None,
    bump_pages: bool = True,
) -> RecomputeReport:
    """Recompute the stored figures of the given commitments (default: all, or those of
    ``plan_ids``), then the roll-ups they take part in (all roll-ups for a full recompute)."""
    report = RecomputeReport(as_of=as_of)
    checkers = text_checkers()
    now = timezone.now()
    plans_touched: set[int] = set()
    leads_touched: set[int] = set()
    for ids in _batches(commitment_ids, plan_ids):
        updates, snapshots = [], []
        for inputs in read_inputs(ids, as_of=as_of).values():
            report.commitments += 1
            plans_touched.add(inputs.row["plan_id"])
            if inputs.row["lead_administration_id"] is not None:
                leads_touched.add(inputs.row["lead_administration_id"])
            new = _figures(inputs, as_of=as_of, checkers=checkers).stored_values()
            if new == _stored(inputs.row):
                continue
            cid = inputs.row["id"]
            report.changed_ids.append(cid)
            updates.append(
                {"id": cid, "scored_on": as_of.isoformat()}
                | {k: _jsonable(v) for k, v in new.items()}
            )
            snapshots.append(
                {
                    "commitment_id": cid,
                    "date": as_of.isoformat(),
                    "updated_at": db_timestamp(now),
                }
                | {
                    k: _jsonable(new[k])
                    for k in (
                        "progress",
                        "points",
                        "max_points",
                        "score",
                        "measurability",
                        "status",
                        "method_version",
                    )
                }
            )
        if updates:
            report.commitments_changed += bulk_update_json(
                table=Commitment._meta.db_table,
                key="id",
                columns=_COMMITMENT_UPDATE_COLUMNS,
                rows=updates,
                extra_set=timestamp_sql("updated_at", now),
            )
            report.snapshots_written += bulk_upsert_json(
                table=ScoreSnapshot._meta.db_table,
                conflict=("commitment_id", "date", "method_version"),
                columns=_SNAPSHOT_COLUMNS,
                rows=snapshots,
            )
    full = commitment_ids is None and plan_ids is None
    report.rollups_changed, report.rollups_deleted = rollups_recompute(
        as_of=as_of,
        plan_ids=None if full else plans_touched,
        administration_ids=() if full else leads_touched,
        now=now,
    )
    # cached public pages show these scores: refresh after commit (every page, unless the caller
    # bumps the scopes it knows it changed: ``bump_pages=False``)
    if report.wrote_anything and bump_pages:
        transaction.on_commit(data_version_bump)
    log.info(
        "scores recomputed as of %s: %d commitments, %d changed, %d roll-ups changed",
        as_of,
        report.commitments,
        report.commitments_changed,
        report.rollups_changed,
    )
    return report
