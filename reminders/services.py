"""Planning reminders into the outbox and sending them, each exactly once (see the package
docstring for the delivery guarantee)."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from milestones.models import Milestone

from .digest import digest_sections
from .emails import reminder_email
from .models import ReminderOutbox
from .selectors import (
    MAX_ATTEMPTS,
    Kind,
    Status,
    _attach_subjects,
    milestones_late,
    reminder_obsolete_reason,
    reminders_due,
    reminders_ready,
)

logger = logging.getLogger(__name__)


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
    if not reason and late is not None and not late and not digest_sections(row.for_date):
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
