"""Subscribing, confirming, unsubscribing, erasing, and sending the digests exactly once.

Delivery guarantee (the reminders' outbox pattern, see ``reminders``): each digest (one
``dedup_key``: subscription, frequency, end of its period) is planned once — the key is unique
and inserts ignore conflicts — and sent by whoever wins the claim (a conditional ``UPDATE``),
so a rerun or two workers at once never send it twice. A row whose worker died in ``sending``
is taken over after ``LEASE``; the one unavoidable duplicate is a worker that dies after the
SMTP server accepted the message and before the row is marked sent. Call ``digests_send``
outside any ``transaction.atomic`` block, so the claim is committed before the message leaves.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.ratelimit import limit_check_and_hit

from . import periods
from .emails import confirmation_email, digest_email
from .models import DigestOutbox, Subscription
from .selectors import (
    MAX_ATTEMPTS,
    Status,
    change_feed,
    digests_ready,
    followable,
    subscriptions_due,
)

logger = logging.getLogger(__name__)

# Abuse limits: subscription requests per address of the visitor per hour, and confirmation
# e-mails per e-mail address per day (nobody can flood someone else's mailbox).
MAX_REQUESTS_PER_IP = 20
MAX_CONFIRMATIONS_PER_ADDRESS = 3
HOUR, DAY = 3600, 86400


class SubscriptionError(ValidationError):
    pass


def _over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more hit on ``key``, in the database so that a cache outage does not lift the
    limit (``resilience.ratelimit``); True when the limit was already reached."""
    return not limit_check_and_hit([(key, limit, window)])


def _hashed(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class SubscribeResult:
    subscription: Subscription | None
    confirmation_sent: bool


def subscribe(
    *,
    email: str,
    target: str,
    target_id: int,
    frequency: str = periods.WEEKLY,
    language: str = "fr",
    client: str = "unknown",
) -> SubscribeResult:
    """Record a pending subscription and e-mail its confirmation link (double opt-in).

    Says the same to the visitor whether the address was new, pending or already confirmed,
    so nobody learns who follows what. A confirmed subscription is left as it is."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise SubscriptionError(
            _("Saisissez une adresse électronique valide."), code="email"
        ) from None
    if frequency not in periods.FREQUENCIES:
        raise SubscriptionError(_("Fréquence inconnue."), code="frequency")
    try:
        followed = followable(target, int(target_id))
    except (TypeError, ValueError):
        followed = None
    if followed is None:
        raise SubscriptionError(_("Ce que vous voulez suivre n'existe pas ou n'est pas publié."))
    if _over_limit(f"subscribe:ip:{_hashed(client)}", MAX_REQUESTS_PER_IP, HOUR):
        raise SubscriptionError(
            _("Trop de demandes d'abonnement depuis votre connexion. Réessayez dans une heure."),
            code="too_many",
        )
    key = Subscription.make_target_key(target, followed.pk)
    fields = {"target": target, target: followed}
    subscription = Subscription.objects.filter(email=email, target_key=key).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, target_key=key, frequency=frequency, language=language, **fields
                )
        except IntegrityError:  # the same request twice at once
            subscription = Subscription.objects.get(email=email, target_key=key)
    if subscription.is_confirmed:
        return SubscribeResult(subscription, confirmation_sent=False)
    if _over_limit(f"subscribe:to:{_hashed(email)}", MAX_CONFIRMATIONS_PER_ADDRESS, DAY):
        return SubscribeResult(subscription, confirmation_sent=False)
    confirmation_email(subscription).send()
    return SubscribeResult(subscription, confirmation_sent=True)


def confirm(*, token: str, now: datetime.datetime | None = None) -> Subscription | None:
    """Activate the subscription of ``token``; None when the link is unknown (or erased)."""
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now or timezone.now()
        )
        subscription.refresh_from_db()
    return subscription


def unsubscribe(*, token: str) -> bool:
    """Erase the subscription of ``token`` at once, with its digests; False if already gone."""
    deleted, _detail = Subscription.objects.filter(token=token).delete()
    return deleted > 0


def purge_unconfirmed(*, now: datetime.datetime) -> int:
    """Erase the addresses never confirmed within seven days; return how many."""
    cutoff = periods.unconfirmed_cutoff(now)
    deleted = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    return deleted.delete()[1].get(Subscription._meta.label, 0)


@dataclass
class DigestReport:
    as_of: datetime.date
    planned: int = 0
    sent: list[str] = field(default_factory=list)  # dedup keys
    skipped: list[str] = field(default_factory=list)  # nothing changed
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digests_plan(*, as_of: datetime.date) -> int:
    """Insert a digest row for every subscription due on ``as_of`` that has none yet."""
    rows = []
    for subscription in subscriptions_due(as_of=as_of):
        start, end = periods.period(subscription.frequency, as_of)
        rows.append(
            DigestOutbox(
                subscription=subscription,
                for_date=as_of,
                period_start=start,
                period_end=end,
                dedup_key=periods.dedup_key(subscription.pk, subscription.frequency, end),
            )
        )
    if not rows:
        return 0
    existing = set(
        DigestOutbox.objects.filter(dedup_key__in=[r.dedup_key for r in rows]).values_list(
            "dedup_key", flat=True
        )
    )
    new = [r for r in rows if r.dedup_key not in existing]
    if new:
        DigestOutbox.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _finish(row: DigestOutbox, claimed_at, **values) -> int:
    """Update a row we claimed, unless another worker took it over after our lease expired."""
    return DigestOutbox.objects.filter(
        pk=row.pk, status=Status.SENDING, claimed_at=claimed_at
    ).update(**values)


def digests_send(*, as_of: datetime.date, connection=None) -> DigestReport:
    """Plan the digests due on ``as_of``, then send every ready row: claimed first, marked
    after; a digest with no change is marked ``skipped`` and nothing is sent."""
    report = DigestReport(as_of=as_of)
    report.planned = digests_plan(as_of=as_of)
    rows = digests_ready(as_of=as_of, now=timezone.now())
    if not rows:
        return report
    feed = change_feed(
        start=min(r.period_start for r in rows),
        end=max(r.period_end for r in rows),
        administration_ids={
            r.subscription.administration_id for r in rows if r.subscription.administration_id
        },
    )
    mail = connection or get_connection()
    opened = False
    try:
        for row in rows:
            unchanged = DigestOutbox.objects.filter(
                pk=row.pk, status=row.status, claimed_at=row.claimed_at
            )
            changes = feed.for_subscription(row.subscription, row.period_start, row.period_end)
            if not changes:
                if unchanged.update(status=Status.SKIPPED, items=0):
                    report.skipped.append(row.dedup_key)
                continue
            if row.attempts >= MAX_ATTEMPTS:
                if unchanged.update(status=Status.FAILED, last_error="abandonné en cours d'envoi"):
                    report.failed.append(row.dedup_key)
                continue
            claimed_at = timezone.now()
            if not unchanged.update(
                status=Status.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
            ):
                continue  # another worker has it
            if not opened:
                mail.open()
                opened = True
            try:
                if digest_email(row, changes, feed, connection=mail).send() != 1:
                    raise RuntimeError("le serveur de courriel n'a accepté aucun message")
            except Exception as exc:  # SMTP, network, rendering: retried, then given up
                error = f"{type(exc).__name__}: {exc}"[:2000]
                gave_up = row.attempts + 1 >= MAX_ATTEMPTS
                _finish(
                    row,
                    claimed_at,
                    status=Status.FAILED if gave_up else Status.PENDING,
                    last_error=error,
                )
                logger.warning("digest %s failed: %s", row.dedup_key, error)
                (report.failed if gave_up else report.retrying).append(row.dedup_key)
                continue
            _finish(
                row,
                claimed_at,
                status=Status.SENT,
                sent_at=timezone.now(),
                items=len(changes),
                last_error="",
            )
            report.sent.append(row.dedup_key)
    finally:
        if opened and connection is None:
            mail.close()
    return report
