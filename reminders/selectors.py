"""What is due on a date: reminders to plan, rows ready to send, whether a planned reminder
still applies. A fixed number of queries whatever the number of milestones and indicators."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone

from commitments.models import Commitment, Membership
from commitments.models import supported_language as language_of
from indicators.models import Indicator, Measurement
from milestones.filters import milestone_late_q
from milestones.models import Milestone

from .digest import digest_sections
from .models import ReminderOutbox
from .schedule import (
    DUE_WINDOWS,
    REMINDED_PLAN_STATUSES,
    indicator_reminder_date,
    milestone_reminder_kind,
)

logger = logging.getLogger(__name__)

Kind = ReminderOutbox.Kind
Status = ReminderOutbox.Status

LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
OPEN_STATUSES = (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS)
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class PlannedReminder:
    kind: str
    recipient: Recipient
    for_date: datetime.date
    milestone_id: int | None = None
    indicator_id: int | None = None

    @property
    def dedup_key(self) -> str:
        return ReminderOutbox.make_dedup_key(
            kind=self.kind,
            milestone_id=self.milestone_id,
            indicator_id=self.indicator_id,
            recipient=self.recipient.email,
            for_date=self.for_date,
        )

    def as_row(self) -> ReminderOutbox:
        return ReminderOutbox(
            kind=self.kind,
            milestone_id=self.milestone_id,
            indicator_id=self.indicator_id,
            recipient=self.recipient.email,
            language=self.recipient.language,
            for_date=self.for_date,
            dedup_key=self.dedup_key,
        )


def _unique_recipients(recipients: Iterable[Recipient]) -> list[Recipient]:
    """First occurrence wins, compared case-insensitively."""
    seen: set[str] = set()
    result = []
    for r in recipients:
        key = r.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(Recipient(r.email.strip(), r.language))
    return result


def commitment_recipients(
    *, commitments: dict[int, tuple[int | None, str]]
) -> dict[int, list[Recipient]]:
    """For each commitment id → (lead administration id, contact e-mail): the active members of
    the lead and co-owner administrations, then the named contact, without duplicates.
    Two queries, whatever the number of commitments."""
    if not commitments:
        return {}
    administrations: dict[int, list[int]] = {
        cid: [lead] if lead else [] for cid, (lead, _contact) in commitments.items()
    }
    co_owners = Commitment.co_owners.through.objects.filter(commitment_id__in=list(commitments))
    for cid, aid in co_owners.values_list("commitment_id", "administration_id").order_by("pk"):
        administrations[cid].append(aid)
    members: dict[int, list[Recipient]] = defaultdict(list)
    all_ids = {aid for aids in administrations.values() for aid in aids}
    if all_ids:
        rows = (
            Membership.objects.filter(administration_id__in=all_ids, user__is_active=True)
            .exclude(user__email="")
            .order_by("user_id")
            .values_list("administration_id", "user__email", "user__profile__language")
        )
        for aid, email, language in rows:
            members[aid].append(Recipient(email, language_of(language)))
    return {
        cid: _unique_recipients(
            [r for aid in administrations[cid] for r in members[aid]]
            + ([Recipient(contact, DEFAULT_LANGUAGE)] if contact else [])
        )
        for cid, (_lead, contact) in commitments.items()
    }


def coordination_recipients() -> list[Recipient]:
    """Coordinators (active users flagged in their profile), then ``COORDINATION_EMAILS``."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__is_coordinator=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "profile__language")
    )
    return _unique_recipients(
        [Recipient(email, language_of(language)) for email, language in users]
        + [Recipient(email, DEFAULT_LANGUAGE) for email in settings.COORDINATION_EMAILS]
    )


def _last_measured() -> Subquery:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date")
    return Subquery(latest.values("date")[:1])


def indicator_last_date(
    last_measured: datetime.date | None,
    baseline_date: datetime.date | None,
    created_at: datetime.datetime,
) -> datetime.date:
    """The date an indicator's freshness counts from: its latest measurement, else its
    baseline date, else the day it was created."""
    return last_measured or baseline_date or timezone.localdate(created_at)


def milestones_late(*, as_of: datetime.date) -> list[Milestone]:
    """Late milestones of published plans (method v2: counted, not completed, past their
    reference date): those without a public explanation of the delay first, then the others,
    most overdue first in each group."""
    return list(
        Milestone.objects.filter(
            milestone_late_q(as_of),
            commitment__plan__published=True,
            commitment__plan__status__in=REMINDED_PLAN_STATUSES,
        )
        .select_related("commitment__plan", "commitment__lead_administration")
        .annotate(explained=ExpressionWrapper(~Q(delay_explanation=""), BooleanField()))
        .order_by(
            "explained",
            "reference_due_date",
            "commitment__plan__period_start",
            "commitment__number",
            "id",
        )
    )


def reminders_due(*, as_of: datetime.date) -> list[PlannedReminder]:
    """Every reminder due on ``as_of``, read in a fixed number of queries (four, five on
    Mondays) whatever the number of milestones and indicators. Writes nothing."""
    commitments: dict[int, tuple[int | None, str]] = {}
    targets: list[tuple[str, int, datetime.date, int | None, int | None]] = []
    any_late = False

    windows = [as_of + datetime.timedelta(days=d) for d in DUE_WINDOWS]
    # judged against the reference date (method v2): a cancellation not approved in time is
    # still due, and late
    milestones = (
        Milestone.objects.filter(
            counts_in_score=True,
            commitment__plan__published=True,
            commitment__plan__status__in=REMINDED_PLAN_STATUSES,
        )
        .exclude(status=Milestone.Status.COMPLETED)
        .filter(Q(reference_due_date__in=windows) | Q(reference_due_date__lt=as_of))
        .order_by("id")
        .values(
            "id",
            "reference_due_date",
            "commitment_id",
            "commitment__lead_administration_id",
            "commitment__contact_email",
        )
    )
    for m in milestones:
        if m["reference_due_date"] is None:  # « échéance à préciser »: nothing to remind yet
            continue
        any_late = any_late or m["reference_due_date"] < as_of
        kind = milestone_reminder_kind(due_date=m["reference_due_date"], as_of=as_of)
        if kind is None:
            continue
        cid = m["commitment_id"]
        commitments[cid] = (m["commitment__lead_administration_id"], m["commitment__contact_email"])
        targets.append((kind, cid, as_of, m["id"], None))

    indicators = (
        Indicator.objects.filter(
            update_period_days__gt=0,
            commitment__plan__published=True,
            commitment__plan__status__in=REMINDED_PLAN_STATUSES,
        )
        .annotate(last_measured=_last_measured())
        .order_by("id")
        .values(
            "id",
            "update_period_days",
            "last_measured",
            "baseline_date",
            "created_at",
            "commitment_id",
            "commitment__lead_administration_id",
            "commitment__contact_email",
        )
    )
    for i in indicators:
        last = indicator_last_date(i["last_measured"], i["baseline_date"], i["created_at"])
        for_date = indicator_reminder_date(
            last_date=last, period_days=i["update_period_days"] or 0, as_of=as_of
        )
        if for_date is None:
            continue
        cid = i["commitment_id"]
        commitments[cid] = (i["commitment__lead_administration_id"], i["commitment__contact_email"])
        targets.append((Kind.INDICATOR_STALE, cid, for_date, None, i["id"]))

    recipients = commitment_recipients(commitments=commitments)
    planned = [
        PlannedReminder(kind, r, for_date, milestone_id, indicator_id)
        for kind, cid, for_date, milestone_id, indicator_id in targets
        for r in recipients[cid]
    ]
    if as_of.weekday() == 0 and (any_late or digest_sections(as_of)):
        planned += [PlannedReminder(Kind.LATE_DIGEST, r, as_of) for r in coordination_recipients()]
    return planned


def reminders_ready(*, as_of: datetime.date, now: datetime.datetime) -> list[ReminderOutbox]:
    """Rows to send on ``as_of``: pending ones, and ones stuck in ``sending`` past the lease."""
    return list(
        ReminderOutbox.objects.filter(
            Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - LEASE),
            for_date__lte=as_of,
        ).order_by("id")
    )


def _attach_subjects(rows: list[ReminderOutbox]) -> None:
    """Load the milestones and indicators of ``rows`` in two queries."""
    milestone_ids = {r.milestone_id for r in rows if r.milestone_id}
    indicator_ids = {r.indicator_id for r in rows if r.indicator_id}
    related = ("commitment__plan", "commitment__lead_administration")
    milestones = (
        Milestone.objects.select_related(*related).in_bulk(milestone_ids) if milestone_ids else {}
    )
    indicators = {}
    if indicator_ids:
        indicators = (
            Indicator.objects.select_related(*related)
            .annotate(last_measured=_last_measured())
            .in_bulk(indicator_ids)
        )
    for r in rows:
        if r.milestone_id:
            r.milestone = milestones.get(r.milestone_id)
        if r.indicator_id:
            r.indicator = indicators.get(r.indicator_id)


def reminder_obsolete_reason(row: ReminderOutbox, *, as_of: datetime.date) -> str:
    """Why a planned reminder should no longer go out ("" if it should)."""
    if row.kind in ReminderOutbox.MILESTONE_KINDS:
        m = row.milestone
        if m is None:
            return "jalon supprimé"
        if m.status == Milestone.Status.COMPLETED or not m.counts_in_score:
            return f"jalon {m.status}"
        reference = m.reference_due_date
        if reference is None:
            return "échéance à préciser"
        if milestone_reminder_kind(due_date=reference, as_of=row.for_date) != row.kind:
            return f"échéance modifiée ({reference.isoformat()})"
    elif row.kind == Kind.INDICATOR_STALE:
        i = row.indicator
        if i is None:
            return "indicateur supprimé"
        if not i.update_period_days:
            return "plus de fréquence de mise à jour attendue"
        last = indicator_last_date(getattr(i, "last_measured", None), i.baseline_date, i.created_at)
        current = indicator_reminder_date(
            last_date=last, period_days=i.update_period_days, as_of=as_of
        )
        if current is None:
            return f"mesure enregistrée le {last.isoformat()}"
        if current != row.for_date:
            return f"remplacé par le rappel du {current.isoformat()}"
    return ""
