"""E-mail reminders about milestones and indicators: what is due (selectors), planning it into the
outbox, and sending it (services).

``reminders_send`` plans (``reminders_plan``: idempotent inserts into ``ReminderOutbox``), then
for each ready row: *claims* it with a conditional update, renders it in the recipient's
language, sends it and marks it sent.

Delivery guarantee
------------------
Each reminder (one ``dedup_key``: kind, milestone or indicator, recipient, date) is planned once:
the key is unique and inserts ignore conflicts, so a rerun or two planners at once add nothing.
It is sent by whoever wins the claim (``UPDATE … WHERE status = old AND claimed_at = old``
changes one row for exactly one worker), so a rerun or two workers at once never send it twice.
A claimed row whose worker died stays in ``sending``; after ``LEASE`` another run takes it over,
so nothing is lost. The one unavoidable duplicate: a worker that dies (or loses the database)
*after* the SMTP server accepted the message and *before* the row is marked ``sent`` — the row
looks abandoned and is sent again once the lease has expired. Closing that window would need
the SMTP server to take part in the transaction; the lease makes it one resend at most per crash.
The lease must outlast the slowest single send: keep ``EMAIL_TIMEOUT`` well under ``LEASE``, or
a worker stuck on a dead SMTP socket could see its row taken over while it still sends.

The claim must be committed before the message leaves: call ``reminders_send`` outside any
``transaction.atomic`` block (Celery tasks and management commands run in autocommit).
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, OuterRef, Q, Subquery
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import Commitment, Membership
from commitments.models import supported_language as language_of
from indicators.models import Indicator, Measurement

from .models import Milestone, ReminderOutbox

logger = logging.getLogger(__name__)

Kind = ReminderOutbox.Kind
Status = ReminderOutbox.Status

LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
OPEN_STATUSES = (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS)
DUE_WINDOWS = {30: Kind.MILESTONE_DUE_30, 7: Kind.MILESTONE_DUE_7, 1: Kind.MILESTONE_DUE_1}
DEFAULT_LANGUAGE = "fr"
TEMPLATE_FAMILY: dict[str, str] = {
    Kind.MILESTONE_DUE_30: "milestone_due",
    Kind.MILESTONE_DUE_7: "milestone_due",
    Kind.MILESTONE_DUE_1: "milestone_due",
    Kind.MILESTONE_OVERDUE: "milestone_overdue",
    Kind.MILESTONE_OVERDUE_WEEKLY: "milestone_overdue",
    Kind.LATE_DIGEST: "late_digest",
    Kind.INDICATOR_STALE: "indicator_stale",
}


# --- Pure rules -------------------------------------------------------------------------------


# A closed plan is over: its late milestones are reported in the end-of-term review, not nagged.
REMINDED_PLAN_STATUSES = ("draft", "in_progress")


def milestone_reminder_kind(*, due_date: datetime.date, as_of: datetime.date) -> str | None:
    """The reminder an open milestone due on ``due_date`` gets on ``as_of``, if any: 30, 7 and 1
    days before, the day after, then every 7 days while it stays late (8, 15, 22… days after)."""
    days_left = (due_date - as_of).days
    if days_left in DUE_WINDOWS:
        return DUE_WINDOWS[days_left]
    days_late = -days_left
    if days_late == 1:
        return Kind.MILESTONE_OVERDUE
    if days_late > 1 and (days_late - 1) % 7 == 0:
        return Kind.MILESTONE_OVERDUE_WEEKLY
    return None


def indicator_reminder_date(
    *, last_date: datetime.date, period_days: int, as_of: datetime.date
) -> datetime.date | None:
    """The date of the stale-indicator reminder covering ``as_of``, or None if not stale.

    Stale means no value for longer than the period: from ``last_date + period + 1`` on. The
    reminder dates are that start plus whole periods, so every run inside one period plans the
    same row, and a run that missed the exact day still catches up."""
    if period_days <= 0:
        return None
    start = last_date + datetime.timedelta(days=period_days + 1)
    if as_of < start:
        return None
    periods = (as_of - start).days // period_days
    return start + datetime.timedelta(days=periods * period_days)


def milestone_update_url(milestone: Milestone) -> str:
    """Where a contributor updates the milestone: its page in the workspace."""
    return settings.SITE_URL + reverse("workspace:milestone", args=[milestone.pk])


def indicator_update_url(indicator: Indicator) -> str:
    """Where a contributor records a measurement: its page in the workspace."""
    return settings.SITE_URL + reverse("workspace:measurement", args=[indicator.pk])


# --- What is due (selectors) ------------------------------------------------------------------


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
    """Open milestones of published plans whose due date has passed, most overdue first."""
    return list(
        Milestone.objects.filter(
            status__in=OPEN_STATUSES,
            due_date__lt=as_of,
            commitment__plan__published=True,
            commitment__plan__status__in=REMINDED_PLAN_STATUSES,
        )
        .select_related("commitment__plan", "commitment__lead_administration")
        .order_by("due_date", "commitment__plan__period_start", "commitment__number", "id")
    )


def reminders_due(*, as_of: datetime.date) -> list[PlannedReminder]:
    """Every reminder due on ``as_of``, read in a fixed number of queries (four, five on
    Mondays) whatever the number of milestones and indicators. Writes nothing."""
    commitments: dict[int, tuple[int | None, str]] = {}
    targets: list[tuple[str, int, datetime.date, int | None, int | None]] = []
    any_late = False

    windows = [as_of + datetime.timedelta(days=d) for d in DUE_WINDOWS]
    milestones = (
        Milestone.objects.filter(
            status__in=OPEN_STATUSES,
            commitment__plan__published=True,
            commitment__plan__status__in=REMINDED_PLAN_STATUSES,
        )
        .filter(Q(due_date__in=windows) | Q(due_date__lt=as_of))
        .order_by("id")
        .values(
            "id",
            "due_date",
            "commitment_id",
            "commitment__lead_administration_id",
            "commitment__contact_email",
        )
    )
    for m in milestones:
        any_late = any_late or m["due_date"] < as_of
        kind = milestone_reminder_kind(due_date=m["due_date"], as_of=as_of)
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
    if as_of.weekday() == 0 and any_late:
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
        if m.status not in OPEN_STATUSES:
            return f"jalon {m.status}"
        if milestone_reminder_kind(due_date=m.due_date, as_of=row.for_date) != row.kind:
            return f"échéance modifiée ({m.due_date.isoformat()})"
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


# --- Rendering --------------------------------------------------------------------------------


def _localized(obj, field: str, language: str) -> str:
    english = getattr(obj, f"{field}_en", "") if language == "en" else ""
    return english or getattr(obj, field)


def _milestone_context(m: Milestone, *, for_date: datetime.date, language: str) -> dict:
    commitment = m.commitment
    lead = commitment.lead_administration
    return {
        "milestone": m,
        "commitment": commitment,
        "commitment_title": _localized(commitment, "title", language),
        "plan_title": _localized(commitment.plan, "title", language),
        "administration": str(lead) if lead else "",
        "due_date": m.due_date,
        "days_left": (m.due_date - for_date).days,
        "days_late": (for_date - m.due_date).days,
        "update_url": milestone_update_url(m),
    }


def reminder_context(
    row: ReminderOutbox, *, late_milestones: list[Milestone] | None = None
) -> dict:
    language = language_of(row.language)
    context: dict = {
        "kind": row.kind,
        "for_date": row.for_date,
        "site_url": settings.SITE_URL,
        "language": language,
    }
    if row.kind in ReminderOutbox.MILESTONE_KINDS:
        assert row.milestone is not None
        context.update(_milestone_context(row.milestone, for_date=row.for_date, language=language))
    elif row.kind == Kind.INDICATOR_STALE:
        indicator = row.indicator
        assert indicator is not None
        commitment = indicator.commitment
        last_measured = getattr(indicator, "last_measured", None)
        last_date = indicator_last_date(
            last_measured, indicator.baseline_date, indicator.created_at
        )
        lead = commitment.lead_administration
        context.update(
            indicator=indicator,
            commitment=commitment,
            commitment_title=_localized(commitment, "title", language),
            plan_title=_localized(commitment.plan, "title", language),
            administration=str(lead) if lead else "",
            has_measurement=last_measured is not None,
            last_date=last_date,
            days_since=(row.for_date - last_date).days,
            period_days=indicator.update_period_days,
            update_url=indicator_update_url(indicator),
        )
    elif row.kind == Kind.LATE_DIGEST:
        items = [
            _milestone_context(m, for_date=row.for_date, language=language)
            for m in late_milestones or []
        ]
        context.update(items=items, count=len(items))
    return context


def _render(family: str, part: str, language: str, context: dict) -> str:
    names = [f"emails/{family}/{part}".format(lang=language)]
    if language != DEFAULT_LANGUAGE:
        names.append(f"emails/{family}/{part}".format(lang=DEFAULT_LANGUAGE))
    return select_template(names).render(context)


def reminder_email(
    row: ReminderOutbox, *, late_milestones: list[Milestone] | None = None, connection=None
) -> EmailMultiAlternatives:
    """The multipart (text + HTML) message for ``row``, in the recipient's language.

    The wording lives in one template per kind family and language
    (``templates/emails/<family>/{subject,body}.<lang>.{txt,html}``); dates and numbers are
    formatted by Django inside ``translation.override``."""
    language = language_of(row.language)
    family = TEMPLATE_FAMILY[row.kind]
    with translation.override(language):
        context = reminder_context(row, late_milestones=late_milestones)
        subject = " ".join(_render(family, "subject.{lang}.txt", language, context).split())
        text = _render(family, "body.{lang}.txt", language, context)
        html = _render(family, "body.{lang}.html", language, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.recipient],
        headers={"Auto-Submitted": "auto-generated", "X-PGO-Reminder": row.dedup_key},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Services ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderMessage:
    recipient: str
    kind: str
    subject: str
    for_date: datetime.date
    dedup_key: str
    note: str = ""


@dataclass
class ReminderReport:
    """What a run did, or in a dry run what it would do."""

    as_of: datetime.date
    dry_run: bool = False
    planned: int = 0
    messages: list[ReminderMessage] = field(default_factory=list)  # sent (or would be)
    retrying: list[ReminderMessage] = field(default_factory=list)  # failed, left pending
    failed: list[ReminderMessage] = field(default_factory=list)  # gave up after MAX_ATTEMPTS
    skipped: list[ReminderMessage] = field(default_factory=list)  # no longer relevant

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(m.kind for m in self.messages).items()))

    @property
    def sent(self) -> list[ReminderMessage]:
        """The messages actually sent (none in a dry run)."""
        return [] if self.dry_run else self.messages


def reminders_plan(*, as_of: datetime.date) -> int:
    """Insert into the outbox every reminder due on ``as_of`` that is not there yet; return how
    many rows this call inserted (a planner running at the same moment may have inserted some
    of them first: the unique ``dedup_key`` and ``ignore_conflicts`` keep one row each).

    Six queries (seven on Mondays) whatever the number of milestones."""
    planned = {p.dedup_key: p for p in reminders_due(as_of=as_of)}
    if not planned:
        return 0
    existing = set(
        ReminderOutbox.objects.filter(dedup_key__in=list(planned)).values_list(
            "dedup_key", flat=True
        )
    )
    rows = [p.as_row() for key, p in planned.items() if key not in existing]
    if rows:
        ReminderOutbox.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _message(row: ReminderOutbox, subject: str = "", note: str = "") -> ReminderMessage:
    return ReminderMessage(row.recipient, row.kind, subject, row.for_date, row.dedup_key, note)


def _late_milestones_for(row: ReminderOutbox, cache: dict) -> list[Milestone] | None:
    if row.kind != Kind.LATE_DIGEST:
        return None
    if row.for_date not in cache:
        cache[row.for_date] = milestones_late(as_of=row.for_date)
    return cache[row.for_date]


def _reminders_preview(report: ReminderReport) -> ReminderReport:
    as_of = report.as_of
    planned = {p.dedup_key: p for p in reminders_due(as_of=as_of)}
    existing = set(
        ReminderOutbox.objects.filter(dedup_key__in=list(planned)).values_list(
            "dedup_key", flat=True
        )
    )
    rows = reminders_ready(as_of=as_of, now=timezone.now())
    rows += [p.as_row() for key, p in planned.items() if key not in existing]
    report.planned = len(planned) - len(existing)
    _attach_subjects(rows)
    cache: dict = {}
    for row in rows:
        late = _late_milestones_for(row, cache)
        verdict, note = _verdict(row, as_of=as_of, late=late)
        if verdict == Status.SKIPPED:
            report.skipped.append(_message(row, note=note))
        elif verdict == Status.FAILED:
            report.failed.append(_message(row, note=note))
        else:
            subject = str(reminder_email(row, late_milestones=late).subject)
            report.messages.append(_message(row, subject))
    return report


def _verdict(row: ReminderOutbox, *, as_of, late: list[Milestone] | None) -> tuple[str, str]:
    """What to do with a ready row: send it, skip it (with the reason) or give it up."""
    reason = reminder_obsolete_reason(row, as_of=as_of)
    if not reason and late is not None and not late:
        reason = "aucun jalon en retard"
    if reason:
        return Status.SKIPPED, reason
    if row.attempts >= MAX_ATTEMPTS:  # abandoned in ``sending`` by its last worker
        return Status.FAILED, f"abandonné en cours d'envoi après {row.attempts} tentatives"
    return Status.SENDING, ""


def _finish(row: ReminderOutbox, claimed_at, **values) -> int:
    """Update a row we claimed, unless another worker took it over after our lease expired."""
    return ReminderOutbox.objects.filter(
        pk=row.pk, status=Status.SENDING, claimed_at=claimed_at
    ).update(**values)


def _deliver(row: ReminderOutbox, *, as_of, mail, report: ReminderReport, cache: dict) -> None:
    unchanged = ReminderOutbox.objects.filter(
        pk=row.pk, status=row.status, claimed_at=row.claimed_at
    )
    late = _late_milestones_for(row, cache)
    verdict, note = _verdict(row, as_of=as_of, late=late)
    if verdict != Status.SENDING:
        if unchanged.update(status=verdict, last_error=note):
            bucket = report.skipped if verdict == Status.SKIPPED else report.failed
            bucket.append(_message(row, note=note))
        return

    claimed_at = timezone.now()
    if unchanged.update(status=Status.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1):
        attempts = row.attempts + 1
    else:
        return  # another worker has it
    subject = ""
    try:
        message = reminder_email(row, late_milestones=late, connection=mail)
        subject = str(message.subject)
        if message.send() != 1:
            raise RuntimeError("le serveur de courriel n'a accepté aucun message")
    except Exception as exc:  # SMTP, network, or rendering: retried, then given up
        error = f"{type(exc).__name__}: {exc}"[:2000]
        gave_up = attempts >= MAX_ATTEMPTS
        _finish(
            row,
            claimed_at,
            status=Status.FAILED if gave_up else Status.PENDING,
            last_error=error,
        )
        logger.warning("reminder %s: attempt %s failed: %s", row.dedup_key, attempts, error)
        (report.failed if gave_up else report.retrying).append(_message(row, subject, error))
        return
    _finish(row, claimed_at, status=Status.SENT, sent_at=timezone.now(), last_error="")
    report.messages.append(_message(row, subject))


def reminders_send(
    *, as_of: datetime.date, dry_run: bool = False, connection=None
) -> ReminderReport:
    """Plan the reminders due on ``as_of``, then send every ready row of the outbox (pending,
    or abandoned in ``sending`` for longer than ``LEASE``) whose date is not after ``as_of``.

    Each row is claimed before it is sent and marked after; a failure puts it back to pending
    (``failed`` after ``MAX_ATTEMPTS``). A reminder that no longer applies (milestone completed,
    cancelled or rescheduled, indicator measured since, no late milestone for a digest) is
    marked ``skipped``. See the module docstring for the delivery guarantee.

    ``dry_run``: plan nothing, send nothing, write nothing; the report says what would go out.
    ``connection``: an e-mail backend instance (default: ``get_connection()``).
    """
    report = ReminderReport(as_of=as_of, dry_run=dry_run)
    if dry_run:
        return _reminders_preview(report)
    report.planned = reminders_plan(as_of=as_of)
    rows = reminders_ready(as_of=as_of, now=timezone.now())
    if not rows:
        return report
    _attach_subjects(rows)
    mail = connection or get_connection()
    # Opening first means an unreachable server fails the run before any row is claimed.
    mail.open()
    try:
        cache: dict = {}
        for row in rows:
            _deliver(row, as_of=as_of, mail=mail, report=report, cache=cache)
    finally:
        if connection is None:
            mail.close()
    return report
