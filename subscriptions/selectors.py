"""Reads of the subscriptions: who is due a digest, and what changed for them.

The change feed is read from the audit trail (``commitments.models.AuditRecord``): every app
that records its changes there (milestones, indicators, and the ones added later such as
assessments, answers or reports) appears in the digests without being imported here.
Late milestones are derived, never recorded: they are read from the milestones.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q
from django.utils import timezone

from commitments.models import ActionPlan, Administration, AuditRecord, Commitment
from milestones.filters import milestone_late_q
from milestones.models import Milestone

from . import periods
from .models import DigestOutbox, Subscription

LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
Status = DigestOutbox.Status
TARGETS = frozenset(t.value for t in Subscription.Target)

# What a change is, for the digest's wording.
MILESTONE_COMPLETED = "milestone_completed"
MILESTONE_MOVED = "milestone_moved"
MILESTONE_LATE = "milestone_late"
MEASUREMENT_NEW = "measurement_new"
REPORT_PUBLISHED = "report_published"
OTHER = "other"
MOVED_FIELDS = ("due_date", "reference_due_date")


@dataclass(frozen=True)
class Change:
    """One line of a digest."""

    kind: str
    at: datetime.datetime | datetime.date
    object_type: str
    label: str
    action: str = ""
    commitment_id: int | None = None
    plan_id: int | None = None
    old: Any = None
    new: Any = None
    object_id: int | None = None


@dataclass
class ChangeFeed:
    """Every public change of a window, ready to be filtered per subscription in memory."""

    changes: list[Change] = field(default_factory=list)
    commitments_of_administration: dict[int, set[int]] = field(default_factory=dict)
    commitments: dict[int, Mapping[str, Any]] = field(default_factory=dict)

    def for_subscription(
        self, subscription: Subscription, start: datetime.date, end: datetime.date
    ) -> list[Change]:
        begin, finish = day_start(start), day_start(end)
        match: set[int | None]
        if subscription.target == Subscription.Target.COMMITMENT:
            match = {subscription.commitment_id}
            # a report to Parliament covers every commitment of its plan
            plan_id = subscription.commitment.plan_id if subscription.commitment else None

            def wanted(c: Change) -> bool:
                return c.commitment_id in match or (
                    c.kind == REPORT_PUBLISHED and c.plan_id == plan_id
                )

        elif subscription.target == Subscription.Target.ADMINISTRATION:
            match = set(
                self.commitments_of_administration.get(subscription.administration_id or 0, ())
            )

            def wanted(c: Change) -> bool:
                return c.commitment_id in match

        else:

            def wanted(c: Change) -> bool:
                return c.plan_id == subscription.plan_id

        def in_period(c: Change) -> bool:
            if isinstance(c.at, datetime.datetime):
                return begin <= c.at < finish
            return start <= c.at < end

        return [c for c in self.changes if wanted(c) and in_period(c)]


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight, Paris time, at the start of ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _kind_of(record: Mapping[str, Any]) -> tuple[str, Any, Any] | None:
    """What an audited change is for the digest; None when it is not public news (a report's
    draft being generated, regenerated or deleted: only its publication is public)."""
    changes = record["changes"] or {}
    if record["object_type"] == "report":
        status = changes.get("status")
        if isinstance(status, list) and len(status) == 2 and status[1] == "published":
            return REPORT_PUBLISHED, None, None
        return None
    if record["object_type"] == "milestone" and record["action"] == "update":
        status = changes.get("status")
        if isinstance(status, list) and len(status) == 2 and status[1] == "completed":
            return MILESTONE_COMPLETED, None, None
        for name in MOVED_FIELDS:
            moved = changes.get(name)
            if isinstance(moved, list) and len(moved) == 2:
                return MILESTONE_MOVED, moved[0], moved[1]
    if record["object_type"] == "measurement" and record["action"] == "create":
        return MEASUREMENT_NEW, None, None
    return OTHER, None, None


def change_feed(*, start: datetime.date, end: datetime.date, administration_ids=()) -> ChangeFeed:
    """The public changes of ``[start, end)`` in published plans: audited changes, and milestones
    that became late, and the commitments they concern. Three queries, five with
    administrations, whatever the number of changes."""
    records = (
        AuditRecord.objects.filter(
            created_at__gte=day_start(start), created_at__lt=day_start(end), plan__published=True
        )
        .order_by("created_at", "id")
        .values(
            "created_at",
            "object_type",
            "object_repr",
            "action",
            "changes",
            "commitment_id",
            "plan_id",
            "object_id",
        )
    )
    changes: list[Change] = []
    for record in records:
        kinds = _kind_of(record)
        if kinds is None:
            continue
        kind, old, new = kinds
        changes.append(
            Change(
                kind=kind,
                at=record["created_at"],
                object_type=record["object_type"],
                label=record["object_repr"],
                action=record["action"],
                commitment_id=record["commitment_id"],
                plan_id=record["plan_id"],
                old=old,
                new=new,
                object_id=record["object_id"],
            )
        )
    one_day = datetime.timedelta(days=1)
    # late by the site's one rule (milestones.filters), become so during the period; an undated
    # milestone ("échéance à préciser") is never late
    late = Milestone.objects.filter(
        milestone_late_q(end - one_day),
        reference_due_date__gte=start - one_day,
        commitment__plan__published=True,
    ).values("title", "reference_due_date", "commitment_id", "commitment__plan_id")
    for m in late.order_by("reference_due_date", "id"):
        due = cast(datetime.date, m["reference_due_date"])  # the filter leaves undated ones out
        changes.append(
            Change(
                kind=MILESTONE_LATE,
                at=due + one_day,
                object_type="milestone",
                label=m["title"],
                commitment_id=m["commitment_id"],
                plan_id=m["commitment__plan_id"],
                old=m["reference_due_date"],
            )
        )
    feed = ChangeFeed(changes=changes)
    ids_seen = {c.commitment_id for c in changes if c.commitment_id}
    if ids_seen:
        feed.commitments = {
            row["id"]: row
            for row in Commitment.objects.filter(pk__in=ids_seen).values(
                "id", "number", "title", "title_en", "plan__slug"
            )
        }
    ids = set(administration_ids)
    if ids:
        led = Commitment.objects.filter(lead_administration_id__in=ids).values_list(
            "lead_administration_id", "id"
        )
        co = Commitment.co_owners.through.objects.filter(administration_id__in=ids).values_list(
            "administration_id", "commitment_id"
        )
        mapping: dict[int, set[int]] = defaultdict(set)
        for administration_id, commitment_id in [*led, *co]:
            mapping[administration_id].add(commitment_id)
        feed.commitments_of_administration = dict(mapping)
    return feed


def subscriptions_due(*, as_of: datetime.date) -> list[Subscription]:
    """Confirmed subscriptions whose digest goes out on ``as_of``."""
    frequencies = [f for f in periods.FREQUENCIES if periods.is_due(f, as_of)]
    return list(
        Subscription.objects.filter(
            confirmed_at__isnull=False,
            confirmed_at__lt=day_start(as_of),
            frequency__in=frequencies,
        ).order_by("id")
    )


def digests_ready(*, as_of: datetime.date, now: datetime.datetime) -> list[DigestOutbox]:
    """Rows to send on ``as_of``: pending ones, and ones stuck in ``sending`` past the lease."""
    return list(
        DigestOutbox.objects.filter(
            Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - LEASE),
            for_date__lte=as_of,
        )
        .select_related(
            "subscription__commitment__plan",
            "subscription__administration",
            "subscription__plan",
        )
        .order_by("id")
    )


def subscription_by_token(token: str) -> Subscription | None:
    return (
        Subscription.objects.select_related("commitment__plan", "administration", "plan")
        .filter(token=token)
        .first()
    )


def followable(target: str, pk: int) -> Commitment | Administration | ActionPlan | None:
    """The published thing a visitor may follow, or None."""
    if target == Subscription.Target.COMMITMENT:
        return Commitment.objects.select_related("plan").filter(pk=pk, plan__published=True).first()
    if target == Subscription.Target.ADMINISTRATION:
        return Administration.objects.filter(pk=pk).first()
    if target == Subscription.Target.PLAN:
        return ActionPlan.objects.filter(pk=pk, published=True).first()
    return None
