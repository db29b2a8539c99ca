"""Milestone and indicator reminders: who gets what, when, once — planned, claimed, sent."""

from __future__ import annotations

import datetime
import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from reminders.models import ReminderOutbox
from reminders.selectors import LEASE, MAX_ATTEMPTS
from reminders.services import reminders_plan, reminders_send
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
)
from tests.reminders.helpers import (
    AS_OF,
    DAY,
    EXPECTED,
    MONDAY,
    Status,
    due_in,
    make_member,
    sent_to,
)

# --- Claims, leases, failures ----------------------------------------------------------------


def test_a_row_stuck_in_sending_past_the_lease_is_sent_once_a_fresh_one_is_not(cast, mailoutbox):
    due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    now = timezone.now()
    alice = ReminderOutbox.objects.get(recipient__startswith="alice")
    bob = ReminderOutbox.objects.get(recipient__startswith="bob")
    ReminderOutbox.objects.filter(pk=alice.pk).update(
        status=Status.SENDING, claimed_at=now - LEASE - datetime.timedelta(minutes=1), attempts=1
    )
    ReminderOutbox.objects.filter(pk=bob.pk).update(
        status=Status.SENDING, claimed_at=now - datetime.timedelta(minutes=1), attempts=1
    )

    reminders_send(as_of=AS_OF)
    reminders_send(as_of=AS_OF)

    by_recipient = sent_to(mailoutbox)
    assert len(by_recipient["alice@administration.gouv.fr"]) == 1
    assert "bob@administration.gouv.fr" not in by_recipient
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.status, alice.attempts, alice.sent_at is not None) == (Status.SENT, 2, True)
    assert (bob.status, bob.attempts) == (Status.SENDING, 1)


def test_a_row_abandoned_in_sending_after_the_last_attempt_is_given_up(cast, mailoutbox):
    due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    ReminderOutbox.objects.filter(recipient__startswith="alice").update(
        status=Status.SENDING,
        claimed_at=timezone.now() - 2 * LEASE,
        attempts=MAX_ATTEMPTS,
    )
    report = reminders_send(as_of=AS_OF)
    assert "alice@administration.gouv.fr" not in sent_to(mailoutbox)
    assert [m.recipient for m in report.failed] == ["alice@administration.gouv.fr"]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_smtp_failure_leaves_the_row_pending_and_the_next_run_sends_it(cast, mailoutbox):
    due_in(cast, 7)

    report = reminders_send(as_of=AS_OF, connection=FailingBackend())

    assert mailoutbox == []
    assert len(report.retrying) == len(EXPECTED) and report.messages == []
    rows = ReminderOutbox.objects.all()
    assert {(r.status, r.attempts) for r in rows} == {(Status.PENDING, 1)}
    assert all("SMTPServerDisconnected" in r.last_error for r in rows)

    report = reminders_send(as_of=AS_OF + DAY)  # the next day's run catches up

    assert set(sent_to(mailoutbox)) == EXPECTED
    assert {(r.status, r.attempts, r.last_error) for r in rows.all()} == {(Status.SENT, 2, "")}
    # The message still speaks of the date it was planned for.
    assert sent_to(mailoutbox)["alice@administration.gouv.fr"][0].subject.startswith(
        "[PGO] Jalon à échéance dans 7 jours"
    )


def test_after_the_last_attempt_a_failing_row_is_marked_failed(cast, mailoutbox):
    due_in(cast, 7)
    for _ in range(MAX_ATTEMPTS):
        report = reminders_send(as_of=AS_OF, connection=FailingBackend())
    assert len(report.failed) == len(EXPECTED)
    assert {(r.status, r.attempts) for r in ReminderOutbox.objects.all()} == {
        (Status.FAILED, MAX_ATTEMPTS)
    }
    reminders_send(as_of=AS_OF)
    assert mailoutbox == []


def test_an_unreachable_server_claims_nothing(cast):
    class Unreachable(BaseEmailBackend):
        def open(self):
            raise ConnectionRefusedError("SMTP server down")

    due_in(cast, 7)
    with pytest.raises(ConnectionRefusedError):
        reminders_send(as_of=AS_OF, connection=Unreachable())
    assert {(r.status, r.attempts) for r in ReminderOutbox.objects.all()} == {(Status.PENDING, 0)}


def test_a_reminder_planned_for_a_later_date_waits_for_it(cast, mailoutbox):
    due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    reminders_send(as_of=AS_OF - DAY)
    assert mailoutbox == []
    reminders_send(as_of=AS_OF)
    assert len(mailoutbox) == len(EXPECTED)


# --- Query counts ---------------------------------------------------------------------------


def make_commitments(plan, n: int) -> None:
    for i in range(n):
        lead = AdministrationFactory()
        co_owner = AdministrationFactory()
        c = CommitmentFactory(plan=plan, lead_administration=lead, contact_email=f"c{i}@x.fr")
        c.co_owners.add(co_owner)
        make_member(lead, f"lead{plan.pk}-{i}", language="en")
        make_member(co_owner, f"co{plan.pk}-{i}")
        MilestoneFactory(commitment=c, due_date=AS_OF + 7 * DAY)
        MilestoneFactory(commitment=c, due_date=AS_OF - 8 * DAY)
        MilestoneFactory(commitment=c, due_date=AS_OF - 9 * DAY)
        indicator = IndicatorFactory(commitment=c, update_period_days=30)
        MeasurementFactory(indicator=indicator, date=AS_OF - 45 * DAY)


@pytest.mark.parametrize("as_of", [AS_OF, MONDAY], ids=["friday", "monday"])
@pytest.mark.parametrize("size", [1, 6])
def test_planning_runs_a_fixed_number_of_queries(db, django_assert_num_queries, size, as_of):
    make_member(None, "coord", is_coordinator=True)
    plan = ActionPlanFactory()
    make_commitments(plan, size)
    # Milestones, indicators, co-owners, members, [coordinators,] existing keys, insert.
    with django_assert_num_queries(7 if as_of.weekday() == 0 else 6):
        planned = reminders_plan(as_of=as_of)
    assert planned > size * 3


# --- Two workers at once, for real ------------------------------------------------------------


class RecordingBackend(BaseEmailBackend):
    """Records the dedup key of every message sent, from any thread."""

    def __init__(self, sink: list, lock: threading.Lock, **kwargs):
        super().__init__(**kwargs)
        self.sink, self.lock = sink, lock

    def send_messages(self, messages):
        time.sleep(0.002)  # let the other worker interleave
        with self.lock:
            self.sink.extend(m.extra_headers["X-PGO-Reminder"] for m in messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(postgres, settings):
    settings.COORDINATION_EMAILS = ["coordination@pgo.gouv.fr"]
    make_commitments(ActionPlanFactory(), 8)  # 8 × 3 reminders × 3 recipients
    sent: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    reports = []

    def worker():
        try:
            barrier.wait()
            reports.append(reminders_send(as_of=AS_OF, connection=RecordingBackend(sent, lock)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    rows = ReminderOutbox.objects.all()
    assert len(sent) == len(set(sent)) == rows.count() == 8 * 3 * 3
    assert set(sent) == set(rows.values_list("dedup_key", flat=True))
    assert set(rows.values_list("status", "attempts")) == {(Status.SENT, 1)}
    assert sum(len(r.messages) for r in reports) == rows.count()
    assert mail.outbox == []


@pytest.mark.parametrize("size", [1, 6])
def test_sending_costs_two_queries_per_message_plus_a_fixed_few(db, mailoutbox, size):
    from django.db import connection as db_connection
    from django.test.utils import CaptureQueriesContext

    make_commitments(ActionPlanFactory(), size)
    reminders_plan(as_of=AS_OF)
    rows = ReminderOutbox.objects.count()
    with CaptureQueriesContext(db_connection) as queries:
        reminders_send(as_of=AS_OF)
    assert len(mailoutbox) == rows
    # Planning finds every row already there (5), then ready rows, milestones, indicators (3);
    # then a claim and a mark per message: rendering itself reads nothing.
    assert len(queries) == 5 + 3 + 2 * rows


@pytest.mark.django_db
def test_milestones_of_a_closed_plan_are_not_reminded():
    from commitments.models import ActionPlan
    from reminders.selectors import reminders_due

    m = MilestoneFactory(
        due_date=datetime.date(2016, 7, 8), commitment__contact_email="resp@ministere.gouv.fr"
    )
    as_of = datetime.date(2016, 7, 1)
    assert any(r.milestone_id == m.pk for r in reminders_due(as_of=as_of))
    ActionPlan.objects.filter(pk=m.commitment.plan_id).update(status="closed")
    assert not any(r.milestone_id == m.pk for r in reminders_due(as_of=as_of))
