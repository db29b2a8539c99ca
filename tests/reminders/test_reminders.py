"""Milestone and indicator reminders: who gets what, when, once — planned, claimed, sent."""

from __future__ import annotations

import datetime
import smtplib
import threading
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone, translation

from commitments.models import Membership, Profile
from milestones.models import Milestone
from reminders.emails import milestone_update_url
from reminders.models import ReminderOutbox
from reminders.schedule import milestone_reminder_kind
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

AS_OF = datetime.date(2016, 6, 24)  # a Friday
MONDAY = datetime.date(2016, 6, 27)
DAY = datetime.timedelta(days=1)
Kind = ReminderOutbox.Kind
Status = ReminderOutbox.Status


def make_member(administration, username, *, language=None, email=None, is_active=True, **kw):
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@administration.gouv.fr" if email is None else email,
        is_active=is_active,
    )
    if language is not None or kw:
        Profile.objects.create(user=user, language=language or "fr", **kw)
    if administration is not None:
        Membership.objects.create(user=user, administration=administration)
    return user


@pytest.fixture
def cast(db, settings):
    """A published plan; commitment 12 led by the MEF (Alice in French, Bob in English, Carol
    inactive) and co-owned by Etalab (Dave without a profile, one member without e-mail);
    a named contact; and an outsider administration with its own member."""
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    settings.COORDINATION_EMAILS = ["coordination@pgo.gouv.fr"]
    plan = ActionPlanFactory(
        title="Plan d'action national 2015-2017", title_en="National action plan 2015-2017"
    )
    lead = AdministrationFactory(name="Ministère de l'Économie", acronym="MEF")
    co_owner = AdministrationFactory(name="Etalab")
    outsider = AdministrationFactory(name="Ministère de la Culture")
    commitment = CommitmentFactory(
        plan=plan,
        number=12,
        title="Ouvrir les données de la commande publique",
        title_en="Open public procurement data",
        lead_administration=lead,
        contact_name="Claire Responsable",
        contact_email="responsable@economie.gouv.fr",
    )
    commitment.co_owners.add(co_owner)
    return SimpleNamespace(
        plan=plan,
        lead=lead,
        co_owner=co_owner,
        commitment=commitment,
        alice=make_member(lead, "alice", language="fr"),
        bob=make_member(lead, "bob", language="en"),
        carol=make_member(lead, "carol", is_active=False),
        dave=make_member(co_owner, "dave"),
        no_email=make_member(co_owner, "sans-courriel", email=""),
        outsider=make_member(outsider, "olivier"),
    )


EXPECTED = {
    "alice@administration.gouv.fr",
    "bob@administration.gouv.fr",
    "dave@administration.gouv.fr",
    "responsable@economie.gouv.fr",
}


def due_in(cast, days: int, **kw) -> Milestone:
    due = AS_OF + datetime.timedelta(days=days)
    kw.setdefault("title", "Publier le rapport d'étape")
    return MilestoneFactory(commitment=cast.commitment, due_date=due, **kw)


def sent_to(outbox) -> dict[str, list]:
    result: dict[str, list] = {}
    for message in outbox:
        (recipient,) = message.to
        result.setdefault(recipient, []).append(message)
    return result


# --- Windows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_until_due", "kind"),
    [
        (30, Kind.MILESTONE_DUE_30),
        (7, Kind.MILESTONE_DUE_7),
        (1, Kind.MILESTONE_DUE_1),
        (-1, Kind.MILESTONE_OVERDUE),
        (-8, Kind.MILESTONE_OVERDUE_WEEKLY),
        (-15, Kind.MILESTONE_OVERDUE_WEEKLY),
        (-365, Kind.MILESTONE_OVERDUE_WEEKLY),  # 1 + 7 × 52: still reminded, a year on
    ],
)
def test_each_window_sends_once_to_each_recipient(cast, mailoutbox, days_until_due, kind):
    milestone = due_in(cast, days_until_due)

    first = reminders_send(as_of=AS_OF)
    again = reminders_send(as_of=AS_OF)

    assert set(sent_to(mailoutbox)) == EXPECTED
    assert all(len(messages) == 1 for messages in sent_to(mailoutbox).values())
    assert first.counts == {kind: len(EXPECTED)} and len(first.sent) == len(EXPECTED)
    assert again.messages == [] and again.planned == 0
    rows = ReminderOutbox.objects.filter(milestone=milestone)
    assert {(r.kind, r.status, r.attempts, r.for_date) for r in rows} == {
        (kind, Status.SENT, 1, AS_OF)
    }


@pytest.mark.parametrize("days_until_due", [31, 29, 8, 6, 2, 0, -2, -7, -9, -14, -16])
def test_no_reminder_outside_the_windows(cast, mailoutbox, days_until_due):
    due_in(cast, days_until_due)
    report = reminders_send(as_of=AS_OF)
    assert mailoutbox == []
    assert report.planned == 0
    assert not ReminderOutbox.objects.exists()


def test_the_windows_follow_the_rule_day_by_day():
    due = datetime.date(2016, 7, 1)
    kinds = {
        (due - day).days: kind
        for day in (due + datetime.timedelta(days=n) for n in range(-40, 40))
        if (kind := milestone_reminder_kind(due_date=due, as_of=day))
    }
    assert kinds == {
        30: Kind.MILESTONE_DUE_30,
        7: Kind.MILESTONE_DUE_7,
        1: Kind.MILESTONE_DUE_1,
        -1: Kind.MILESTONE_OVERDUE,
        -8: Kind.MILESTONE_OVERDUE_WEEKLY,
        -15: Kind.MILESTONE_OVERDUE_WEEKLY,
        -22: Kind.MILESTONE_OVERDUE_WEEKLY,
        -29: Kind.MILESTONE_OVERDUE_WEEKLY,
        -36: Kind.MILESTONE_OVERDUE_WEEKLY,
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Milestone.Status.COMPLETED, "completed_on": AS_OF - 3 * DAY},
        {"status": Milestone.Status.CANCELLED, "justification": "Remplacé par le jalon j4."},
    ],
)
@pytest.mark.parametrize("days_until_due", [7, -1, -8])
def test_completed_or_cancelled_milestones_get_nothing(cast, mailoutbox, fields, days_until_due):
    due_in(cast, days_until_due, **fields)
    reminders_send(as_of=AS_OF)
    assert mailoutbox == []
    assert not ReminderOutbox.objects.exists()


def test_milestones_of_an_unpublished_plan_get_nothing(cast, mailoutbox):
    cast.plan.published = False
    cast.plan.save()
    due_in(cast, 7)
    reminders_send(as_of=AS_OF)
    assert mailoutbox == []


def test_a_milestone_completed_after_planning_is_skipped_not_sent(cast, mailoutbox):
    milestone = due_in(cast, -1)
    assert reminders_plan(as_of=AS_OF) == len(EXPECTED)
    Milestone.objects.filter(pk=milestone.pk).update(status="completed", completed_on=AS_OF)

    report = reminders_send(as_of=AS_OF)

    assert mailoutbox == []
    assert len(report.skipped) == len(EXPECTED)
    assert set(ReminderOutbox.objects.values_list("status", flat=True)) == {Status.SKIPPED}


def test_a_rescheduled_milestone_drops_the_reminder_planned_for_its_old_date(cast, mailoutbox):
    milestone = due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    milestone.due_date = AS_OF + 20 * DAY
    milestone.justification = "Report validé en comité de pilotage."
    milestone.save()

    reminders_send(as_of=AS_OF)

    assert mailoutbox == []
    assert {r.last_error[:17] for r in ReminderOutbox.objects.all()} == {"échéance modifiée"}


# --- Recipients and language ----------------------------------------------------------------


def test_recipients_are_active_members_of_lead_and_co_owners_plus_the_contact(cast, mailoutbox):
    # The contact is also a member, spelled differently: one message only, in her language.
    cast.commitment.contact_email = "Bob@Administration.gouv.fr"
    cast.commitment.save()
    due_in(cast, 7)

    reminders_send(as_of=AS_OF)

    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == [
        "alice@administration.gouv.fr",
        "bob@administration.gouv.fr",
        "dave@administration.gouv.fr",
    ]
    bob = ReminderOutbox.objects.get(recipient__iexact="bob@administration.gouv.fr")
    assert bob.language == "en"


def test_a_member_of_two_owning_administrations_gets_one_message(cast, mailoutbox):
    Membership.objects.create(user=cast.alice, administration=cast.co_owner)
    due_in(cast, 7)
    reminders_send(as_of=AS_OF)
    assert len(sent_to(mailoutbox)["alice@administration.gouv.fr"]) == 1
    assert len(mailoutbox) == len(EXPECTED)


def test_each_recipient_reads_the_reminder_in_their_language(cast, mailoutbox):
    milestone = due_in(cast, 7)  # due on 1 July 2016
    language_before = translation.get_language()

    reminders_send(as_of=AS_OF)

    by_recipient = sent_to(mailoutbox)
    (english,) = by_recipient["bob@administration.gouv.fr"]
    assert english.subject == (
        "[OGP] Milestone due in 7 days: Publier le rapport d'étape (commitment 12)"
    )
    assert "July 1, 2016" in english.body
    assert "Open public procurement data" in english.body
    assert "National action plan 2015-2017" in english.body
    (french,) = by_recipient["alice@administration.gouv.fr"]
    assert french.subject == (
        "[PGO] Jalon à échéance dans 7 jours : Publier le rapport d'étape (engagement 12)"
    )
    assert "1 juillet 2016" in french.body
    assert "Ouvrir les données de la commande publique" in french.body
    assert "Ministère de l'Économie (MEF)" in french.body
    # No profile: French; the named contact: French.
    assert by_recipient["dave@administration.gouv.fr"][0].subject.startswith("[PGO]")
    assert by_recipient["responsable@economie.gouv.fr"][0].subject.startswith("[PGO]")
    # Rendering in English left the job's own language alone.
    assert translation.get_language() == language_before
    url = f"https://pgo.example.gouv.fr/espace/jalons/{milestone.pk}/"
    assert milestone_update_url(milestone) == url
    for message in mailoutbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert url in message.body and f'href="{url}"' in html
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize(
    ("days_until_due", "english", "french"),
    [
        (1, "[OGP] Milestone due tomorrow:", "[PGO] Jalon à échéance demain :"),
        (30, "[OGP] Milestone due in 30 days:", "[PGO] Jalon à échéance dans 30 jours :"),
        (-1, "[OGP] Milestone 1 day late:", "[PGO] Jalon en retard de 1 jour :"),
        (-15, "[OGP] Milestone 15 days late:", "[PGO] Jalon en retard de 15 jours :"),
    ],
)
def test_subjects_say_the_days_left_or_late(cast, mailoutbox, days_until_due, english, french):
    due_in(cast, days_until_due)
    reminders_send(as_of=AS_OF)
    by_recipient = sent_to(mailoutbox)
    assert by_recipient["bob@administration.gouv.fr"][0].subject.startswith(english)
    assert by_recipient["alice@administration.gouv.fr"][0].subject.startswith(french)


def test_user_text_is_escaped_in_the_html_part(cast, mailoutbox):
    cast.commitment.title = 'Données <b>"ouvertes"</b> & publiques'
    cast.commitment.save()
    due_in(cast, 7, title="<script>alert('jalon')</script>")

    reminders_send(as_of=AS_OF)

    message = sent_to(mailoutbox)["alice@administration.gouv.fr"][0]
    html = message.alternatives[0][0]
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;jalon&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;&quot;ouvertes&quot;&lt;/b&gt; &amp; publiques" in html
    # The plain-text part and the subject are not HTML: they keep the text as typed.
    assert "« <script>alert('jalon')</script> »" in message.body
    assert "<script>alert('jalon')</script>" in message.subject
    assert "\n" not in message.subject


# --- Weekly digest to the coordination team --------------------------------------------------


def test_the_digest_goes_on_mondays_to_the_coordination_team_only(cast, mailoutbox, settings):
    settings.COORDINATION_EMAILS = ["coordination@pgo.gouv.fr", "Claire@PGO.gouv.fr"]
    make_member(None, "claire", email="claire@pgo.gouv.fr", language="en", is_coordinator=True)
    make_member(None, "paul", email="paul@pgo.gouv.fr", is_coordinator=True, is_active=False)
    late = MilestoneFactory(
        commitment=cast.commitment, due_date=MONDAY - 10 * DAY, title="Ouvrir l'API des marchés"
    )
    other = MilestoneFactory(
        commitment=CommitmentFactory(plan=cast.plan, number=3, lead_administration=None),
        due_date=MONDAY - 40 * DAY,
        title="Former les acheteurs",
    )
    due_in(cast, 30)  # not late: not in the digest

    report = reminders_send(as_of=MONDAY)

    team = {"claire@pgo.gouv.fr", "coordination@pgo.gouv.fr"}
    digests = [m for m in mailoutbox if m.to[0] in team]
    assert report.counts == {Kind.LATE_DIGEST: 2}
    assert len(mailoutbox) == 2
    assert sorted(m.to[0] for m in digests) == ["claire@pgo.gouv.fr", "coordination@pgo.gouv.fr"]
    french = next(m for m in digests if m.to == ["coordination@pgo.gouv.fr"])
    english = next(m for m in digests if m.to == ["claire@pgo.gouv.fr"])
    assert french.subject == "[PGO] Synthèse hebdomadaire : 2 jalons en retard au 27 juin 2016"
    assert english.subject == "[OGP] Weekly digest: 2 late milestones on June 27, 2016"
    assert "Ministère de l'Économie (MEF)" in french.body
    assert "Jalon « Ouvrir l'API des marchés » : 10 jours de retard" in french.body
    assert "Jalon « Former les acheteurs » : 40 jours de retard" in french.body
    assert "Administration porteuse : non renseignée" in french.body
    assert french.body.index("Former les acheteurs") < french.body.index("Ouvrir l'API")
    html = french.alternatives[0][0]
    assert milestone_update_url(late) in html and milestone_update_url(other) in html
    assert "Ouvrir l&#x27;API des marchés" in html
    # Digest rows are about no milestone in particular; members never get one.
    assert set(
        ReminderOutbox.objects.filter(kind=Kind.LATE_DIGEST).values_list("milestone", "recipient")
    ) == {(None, "claire@pgo.gouv.fr"), (None, "coordination@pgo.gouv.fr")}


def test_no_digest_on_other_days(cast, mailoutbox):
    due_in(cast, -10)
    for day in range(1, 7):
        reminders_send(as_of=MONDAY + day * DAY)
    assert not ReminderOutbox.objects.filter(kind=Kind.LATE_DIGEST).exists()
    assert all(m.to != ["coordination@pgo.gouv.fr"] for m in mailoutbox)


def test_no_digest_when_nothing_is_late(cast, mailoutbox):
    due_in(cast, 10)
    reminders_send(as_of=MONDAY)
    assert not ReminderOutbox.objects.filter(kind=Kind.LATE_DIGEST).exists()


# --- Stale indicators -----------------------------------------------------------------------


def test_an_indicator_without_a_measurement_for_longer_than_its_period_is_reminded(
    cast, mailoutbox
):
    indicator = IndicatorFactory(
        commitment=cast.commitment, name="Nombre de marchés publiés", update_period_days=30
    )
    MeasurementFactory(indicator=indicator, date=AS_OF - 31 * DAY)

    report = reminders_send(as_of=AS_OF)

    assert report.counts == {Kind.INDICATOR_STALE: len(EXPECTED)}
    assert set(sent_to(mailoutbox)) == EXPECTED
    english = sent_to(mailoutbox)["bob@administration.gouv.fr"][0]
    assert english.subject == (
        "[OGP] Indicator to update: Nombre de marchés publiés (commitment 12)"
    )
    assert "last measured on May 24, 2016" in english.body
    assert f"/espace/indicateurs/{indicator.pk}/mesure/" in english.body
    assert set(ReminderOutbox.objects.values_list("indicator", "for_date")) == {
        (indicator.pk, AS_OF)
    }

    # Every later run inside the same period plans nothing new; the next period does.
    mailoutbox.clear()
    for day in range(1, 30):
        reminders_send(as_of=AS_OF + day * DAY)
    assert mailoutbox == []
    reminders_send(as_of=AS_OF + 30 * DAY)
    assert len(mailoutbox) == len(EXPECTED)
    assert "61 days" in sent_to(mailoutbox)["bob@administration.gouv.fr"][0].body


def test_an_indicator_measured_within_its_period_is_not_reminded(cast, mailoutbox):
    indicator = IndicatorFactory(commitment=cast.commitment, update_period_days=30)
    MeasurementFactory(indicator=indicator, date=AS_OF - 40 * DAY)
    MeasurementFactory(indicator=indicator, date=AS_OF - 30 * DAY)
    IndicatorFactory(commitment=cast.commitment, update_period_days=None)  # no period: never
    reminders_send(as_of=AS_OF)
    assert mailoutbox == []


def test_an_indicator_never_measured_counts_from_its_baseline_and_catches_up(cast, mailoutbox):
    # Stale from 2016-01-01 (baseline 2015-12-01 + 31 days); reminders every 30 days from
    # there: the one covering 24 June is dated 30 May (1 January + 5 × 30 days).
    IndicatorFactory(
        commitment=cast.commitment,
        update_period_days=30,
        baseline_date=datetime.date(2015, 12, 1),
    )
    reminders_send(as_of=AS_OF)
    assert set(ReminderOutbox.objects.values_list("for_date", flat=True)) == {
        datetime.date(2016, 5, 30)
    }
    assert "no measurement yet" in sent_to(mailoutbox)["bob@administration.gouv.fr"][0].body


def test_a_stale_reminder_is_skipped_when_a_measurement_arrives_before_it_is_sent(cast, mailoutbox):
    indicator = IndicatorFactory(commitment=cast.commitment, update_period_days=30)
    MeasurementFactory(indicator=indicator, date=AS_OF - 31 * DAY)
    reminders_plan(as_of=AS_OF)
    MeasurementFactory(indicator=indicator, date=AS_OF)
    reminders_send(as_of=AS_OF)
    assert mailoutbox == []
    assert set(ReminderOutbox.objects.values_list("status", flat=True)) == {Status.SKIPPED}


# --- Dry run --------------------------------------------------------------------------------


def test_a_dry_run_sends_nothing_writes_nothing_and_says_who_would_get_what(cast, mailoutbox):
    due_in(cast, 7)
    due_in(cast, -10)

    report = reminders_send(as_of=MONDAY - 3 * DAY, dry_run=True)  # a Friday
    monday = reminders_send(as_of=MONDAY, dry_run=True)

    assert mailoutbox == []
    assert not ReminderOutbox.objects.exists()
    assert report.dry_run and report.planned == len(EXPECTED) and report.sent == []
    assert {(m.recipient, m.kind) for m in report.messages} == {
        (r, Kind.MILESTONE_DUE_7) for r in EXPECTED
    }
    bob = next(m for m in report.messages if m.recipient.startswith("bob"))
    assert bob.subject.startswith("[OGP] Milestone due in 7 days")
    assert monday.counts == {Kind.LATE_DIGEST: 1}


def test_a_dry_run_also_lists_what_is_pending_from_an_earlier_run(cast, mailoutbox):
    due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    report = reminders_send(as_of=AS_OF, dry_run=True)
    assert report.planned == 0
    assert len(report.messages) == len(EXPECTED)
    assert set(ReminderOutbox.objects.values_list("status", flat=True)) == {Status.PENDING}


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
