"""The parts of one generated commitment: its milestones (on time, late, rescheduled,
cancelled), its indicators (rising, falling, flat, qualitative) and their measurements."""

from __future__ import annotations

import datetime
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from commitments.models import Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone, MilestoneRevision

from .vocabulary import (
    BATCH_SIZE,
    CANCEL_REASONS,
    DATA_SOURCES,
    EVIDENCE_SITES,
    FLAT_INDICATORS,
    MILESTONES,
    QUALITATIVE,
    QUANTITATIVE,
    RESCHEDULE_REASONS,
    Day,
)

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _dec(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def _unique_slug(base: str, taken: set[str]) -> str:
    base = base[:76].strip("-") or "x"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _insert(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """bulk_create; on a database that cannot return ids, read them back in one query."""
    if not objs:
        return 0
    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    if objs[0].pk is None:  # SQLite < 3.35: the ids are the last ones, in insertion order
        ids = list(model._default_manager.order_by("-pk").values_list("pk", flat=True)[: len(objs)])
        for obj, pk in zip(objs, reversed(ids), strict=True):
            obj.pk = pk
    return len(objs)


@dataclass(frozen=True)
class _Revision:
    kind: str
    new_due_date: datetime.date | None
    reason: str
    requested_on: datetime.date
    decided_on: datetime.date
    timely: bool
    reference: datetime.date  # the reference date once it is decided
    excludes: bool  # a cancellation approved in time

    def row(self, milestone_id: int, original: datetime.date) -> MilestoneRevision:
        def at(day: datetime.date) -> datetime.datetime:
            return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)

        return MilestoneRevision(
            milestone_id=milestone_id,
            kind=self.kind,
            new_due_date=self.new_due_date,
            reason=self.reason,
            requested_label="generate_world",
            requested_at=at(self.requested_on),
            requested_on=self.requested_on,
            reference_at_request=original,
            timely=self.timely,
            status=MilestoneRevision.Status.APPROVED,
            decided_label="generate_world",
            decided_at=at(self.decided_on),
            decided_on=self.decided_on,
            decision_reason="Validé par l'équipe de coordination (données illustratives).",
            source="command",
        )


class _Parts:
    """Milestones, indicators and measurements of one commitment (mixed into ``_World``)."""

    def milestones(self, commitment: Commitment) -> list[Milestone]:
        rng, as_of = self.rng, self.as_of
        n = 0 if rng.random() < 0.02 else rng.randint(5, 11)
        cs, ce = commitment.start_date, commitment.end_date
        assert cs is not None and ce is not None
        span = (ce - cs).days
        titles = sorted(rng.sample(range(len(MILESTONES)), min(n, len(MILESTONES))))
        result = []
        for j in range(n):
            due = cs + Day * round(span * (j + 1) / n)
            due = min(ce, max(cs, due + Day * rng.randint(-10, 10)))
            start = max(cs, due - Day * rng.randint(20, 150)) if rng.random() < 0.8 else None
            original = due
            status = Milestone.Status.PLANNED
            completed_on = None
            justification = ""
            revision: _Revision | None = None
            roll = rng.random()
            if roll < 0.06:
                status = Milestone.Status.CANCELLED
                justification = rng.choice(CANCEL_REASONS)
                revision = self.revision(Milestone.Status.CANCELLED, original, None, justification)
            else:
                if roll < 0.18:
                    due = original + Day * rng.randint(30, 270)
                    justification = rng.choice(RESCHEDULE_REASONS)
                    revision = self.revision("reschedule", original, due, justification)
                    if revision is None:  # not asked before as_of: the plan is unchanged
                        due, justification = original, ""
                # what counts for the score: the reference date
                reference = revision.reference if revision else original
                began = start or cs
                r = rng.random()
                if reference <= as_of:
                    if r < 0.62:  # on time
                        completed_on = max(began, reference - Day * rng.randint(0, 45))
                    elif r < 0.82:  # late
                        completed_on = min(as_of, reference + Day * rng.randint(1, 200))
                    else:  # still open: late
                        status = rng.choice(
                            (Milestone.Status.IN_PROGRESS,) * 2 + (Milestone.Status.PLANNED,)
                        )
                elif r < 0.08 and began <= as_of:  # done ahead of time
                    completed_on = max(began, as_of - Day * rng.randint(0, 60))
                elif began <= as_of:
                    status = Milestone.Status.IN_PROGRESS
                if completed_on is not None:
                    status = Milestone.Status.COMPLETED
            title, deliverable = MILESTONES[titles[j % len(titles)]]
            result.append(
                Milestone(
                    commitment_id=commitment.pk,
                    reference=f"j{j + 1}",
                    position=j + 1,
                    title=title,
                    deliverable=deliverable,
                    start_date=start,
                    due_date=due,
                    original_due_date=original,
                    status=status,
                    completed_on=completed_on,
                    evidence_url=rng.choice(EVIDENCE_SITES)
                    if completed_on is not None and rng.random() < 0.85
                    else "",
                    weight=Decimal(rng.choice((1, 1, 1, 1, 1, 2, 3))),
                    justification=justification,
                    is_illustrative=True,
                    reference_due_date=revision.reference if revision else original,
                    counts_in_score=not (revision and revision.excludes),
                )
            )
            result[-1]._world_revision = revision  # written once the milestone has an id
        return result

    def revision(
        self, kind: str, original: datetime.date, new_due: datetime.date | None, reason: str
    ) -> _Revision | None:
        """The request behind a move or a cancellation, approved by the coordination team:
        four in five asked in time (the reference date follows), the others after the due
        date had passed (recorded, the reference stays). None when nothing can have been asked
        by ``as_of``."""
        rng, as_of = self.rng, self.as_of
        kind = "cancellation" if kind == Milestone.Status.CANCELLED else "reschedule"
        late = rng.random() < 0.2 and original < as_of
        if late:
            requested = min(as_of, original + Day * rng.randint(1, 120))
        else:
            requested = min(as_of, original) - Day * rng.randint(3, 60)
        if requested > as_of:
            return None
        decided = min(as_of, requested + Day * rng.randint(0, 20))
        timely = requested <= original
        return _Revision(
            kind=kind,
            new_due_date=new_due,
            reason=reason,
            requested_on=requested,
            decided_on=decided,
            timely=timely,
            reference=new_due if timely and new_due else original,
            excludes=timely and kind == "cancellation",
        )

    # -- indicators and measurements -------------------------------------------------------

    def indicators(self, commitment: Commitment) -> list[tuple[Indicator, dict[str, Any]]]:
        rng = self.rng
        n = rng.choices((0, 1, 2, 3), weights=(4, 24, 44, 28))[0]
        cs, ce = commitment.start_date, commitment.end_date
        assert cs is not None and ce is not None
        result = []
        for k in range(1, n + 1):
            baseline_date = cs - Day * rng.randint(0, 180)
            common = {
                "commitment_id": commitment.pk,
                "reference": f"i{k}",
                "position": k,
                "baseline_date": baseline_date,
                "target_date": ce,
                "data_source": rng.choice(DATA_SOURCES) if rng.random() < 0.85 else "",
                "update_period_days": rng.choice((30, 90, 90, 180, 365, None)),
                "weight": Decimal(rng.choice((1, 1, 1, 1, 2))),
                "is_illustrative": True,
            }
            roll = rng.random()
            if roll < 0.15:
                name, levels = rng.choice(QUALITATIVE)
                indicator = Indicator(
                    name=name,
                    kind=Indicator.Kind.QUALITATIVE,
                    levels=list(levels),
                    baseline_value=Decimal(0),
                    target_value=Decimal(len(levels) - 1),
                    **common,
                )
                plan = {"kind": "qualitative", "last": len(levels) - 1}
            elif roll < 0.19:
                name, unit = rng.choice(FLAT_INDICATORS)
                value = rng.uniform(90, 99.5) if unit == "%" else float(rng.randint(2, 6))
                base = _dec(value, 1)
                indicator = Indicator(
                    name=name, unit=unit, baseline_value=base, target_value=base, **common
                )
                plan = {"kind": "flat", "baseline": float(base), "pct": unit == "%"}
            else:
                name, unit, scale, direction = rng.choice(QUANTITATIVE)
                pct = scale == "pct"
                if pct and direction == "up":
                    base = rng.uniform(0, 60)
                    target = rng.uniform(base + 10, 100)
                elif pct:
                    base = rng.uniform(30, 95)
                    target = rng.uniform(0, base * 0.7)
                else:
                    base = float(rng.randint(max(1, int(scale) // 20), int(scale)))
                    factor = rng.uniform(1.3, 4) if direction == "up" else rng.uniform(0.2, 0.8)
                    target = float(round(base * factor))
                places = 1 if pct or unit == "euros" else 0
                indicator = Indicator(
                    name=name,
                    unit=unit,
                    baseline_value=_dec(base, places),
                    target_value=_dec(target, places),
                    **common,
                )
                plan = {
                    "kind": "quantitative",
                    "baseline": float(_dec(base, places)),
                    "target": float(_dec(target, places)),
                    "pct": pct,
                    "places": places,
                }
            result.append((indicator, plan))
        return result

    def measurements(self, indicator: Indicator, plan: dict[str, Any]) -> list[Measurement]:
        rng = self.rng
        first = indicator.baseline_date
        assert first is not None and indicator.target_date is not None
        last = min(indicator.target_date, self.as_of)
        days = (last - first).days
        if days < 0:
            return []
        count = min(rng.randint(7, 13), days + 1)
        offsets = [0, *sorted(rng.sample(range(1, days + 1), count - 1))] if count > 1 else [0]
        total = max(1, (indicator.target_date - first).days)
        achievement = rng.uniform(-0.15, 1.2)
        final_level = rng.randint(0, plan.get("last", 0))
        source = indicator.data_source or "Tableau de suivi de l'administration (illustratif)"
        result = []
        for position, offset in enumerate(offsets):
            frac = offset / total
            kind = plan["kind"]
            if kind == "qualitative":
                value = Decimal(
                    min(final_level, math.floor(final_level * position / max(1, count - 1) + 0.3))
                    if position
                    else 0
                )
            elif kind == "flat":
                v = (
                    plan["baseline"] * (1 + rng.uniform(-0.04, 0.02))
                    if position
                    else plan["baseline"]
                )
                value = _dec(min(v, 100) if plan["pct"] else max(v, 0), 1)
            else:
                base, target = plan["baseline"], plan["target"]
                if position:
                    v = base + (target - base) * achievement * frac
                    v += abs(target - base) * rng.uniform(-0.05, 0.05)
                    v = max(v, 0.0)
                    if plan["pct"]:
                        v = min(v, 100.0)
                else:
                    v = base
                value = _dec(v, plan["places"])
            result.append(
                Measurement(
                    indicator_id=indicator.pk,
                    date=first + Day * offset,
                    value=value,
                    comment="Valeur provisoire, à confirmer." if rng.random() < 0.05 else "",
                    source=source,
                    is_illustrative=True,
                )
            )
        return result
