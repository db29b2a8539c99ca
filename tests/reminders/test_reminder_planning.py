"""Milestone and indicator reminders: who gets what, when, once — planned, claimed, sent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from commitments.models import Membership
from milestones.models import Milestone
from reminders.emails import milestone_update_url
from reminders.models import ReminderOutbox
from reminders.schedule import milestone_reminder_kind
from reminders.services import reminders_plan, reminders_send
from tests.factories import (
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
    Kind,
    Status,
    due_in,
    make_member,
    sent_to,
)

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
        {
            "status": Milestone.Status.CANCELLED,
            "justification": "Remplacé par le jalon j4.",
            "counts_in_score": False,  # cancelled by a request approved in time
        },
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


def test_a_cancellation_not_approved_in_time_is_still_reminded(cast, mailoutbox):
    """Method v2: it still counts, as not completed."""
    due_in(
        cast,
        -1,
        status=Milestone.Status.CANCELLED,
        justification="Abandonné après l'échéance.",
    )
    reminders_send(as_of=AS_OF)
    assert {r.kind for r in ReminderOutbox.objects.all()} == {Kind.MILESTONE_OVERDUE}
    assert mailoutbox


def test_a_rescheduled_milestone_drops_the_reminder_planned_for_its_old_date(cast, mailoutbox):
    milestone = due_in(cast, 7)
    reminders_plan(as_of=AS_OF)
    # moved by a request approved in time: the reference date follows
    milestone.due_date = milestone.reference_due_date = AS_OF + 20 * DAY
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


def test_the_digest_lists_late_milestones_without_explanation_first(cast, mailoutbox):
    MilestoneFactory(
        commitment=cast.commitment,
        due_date=MONDAY - 40 * DAY,
        title="Expliqué",
        delay_explanation="Attente du décret.",
        delay_explained_on=MONDAY - 5 * DAY,
    )
    MilestoneFactory(commitment=cast.commitment, due_date=MONDAY - 10 * DAY, title="Muet")
    reminders_send(as_of=MONDAY)
    digest = next(m for m in mailoutbox if m.to == ["coordination@pgo.gouv.fr"])
    body = digest.body
    assert body.index("Muet") < body.index("Expliqué")  # although less late
    assert "Aucune explication donnée." in body
    assert "Explication : Attente du décret." in body


def test_an_overdue_reminder_asks_for_a_public_explanation(cast, mailoutbox):
    milestone = due_in(cast, -1)
    reminders_send(as_of=AS_OF)
    alice = next(m for m in mailoutbox if m.to == ["alice@administration.gouv.fr"])
    assert "Expliquez publiquement ce retard" in alice.body
    assert f"/espace/jalons/{milestone.pk}/retard/" in alice.body
    milestone.delay_explanation = "Attente du décret."
    milestone.save()
    mailoutbox.clear()
    reminders_send(as_of=AS_OF + 7 * DAY)  # the weekly reminder
    alice = next(m for m in mailoutbox if m.to == ["alice@administration.gouv.fr"])
    assert "« Attente du décret. »" in alice.body


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
