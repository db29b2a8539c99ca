"""The digests: what they say (per language, per thing followed), nothing when nothing changed,
exactly once under reruns and concurrent runs, the unsubscribe headers, the query budget."""

from __future__ import annotations

import threading
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from milestones.models import Milestone
from subscriptions.models import DigestOutbox, Subscription
from subscriptions.services import digests_send
from tests.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

from .conftest import DAY, MONDAY, at, audited, follow

Status = DigestOutbox.Status
pytestmark = pytest.mark.django_db


def completed(world, when):
    return audited(world.milestone, when=when, changes={"status": ["in_progress", "completed"]})


def test_a_weekly_digest_lists_the_weeks_changes_in_french(world, mailoutbox):
    follow("citoyenne@example.org", world.commitment)
    completed(world, at(MONDAY - 2 * DAY))
    audited(
        world.milestone,
        when=at(MONDAY - 3 * DAY),
        changes={"due_date": ["2016-09-02", "2016-10-14"]},
    )
    audited(world.indicator, when=at(MONDAY - 4 * DAY), action="create")
    measurement = world.indicator.measurements.create(date=MONDAY - 5 * DAY, value=3, comment="")
    audited(measurement, when=at(MONDAY - 5 * DAY), action="create")
    audited(world.other, when=at(MONDAY - 2 * DAY))  # another commitment: not followed
    completed(world, at(MONDAY - 9 * DAY))  # the week before: not in this digest
    completed(world, at(MONDAY))  # the day it is sent: in the next digest

    report = digests_send(as_of=MONDAY)

    assert len(report.sent) == 1 and len(mailoutbox) == 1
    message = mailoutbox[0]
    body = message.body
    assert message.to == ["citoyenne@example.org"]
    assert "l'engagement 12 « Ouvrir les données de la commande publique »" in message.subject
    assert "du 27 juin 2016 au 3 juillet 2016" in body
    assert "Engagement 12 : Ouvrir les données de la commande publique" in body
    assert "https://pgo.example.gouv.fr/plans/" in body
    assert body.count("Jalon réalisé : Publier le jeu de données") == 1
    assert "Jalon déplacé : Publier le jeu de données (échéance du 2 septembre 2016 au " in body
    assert "Nouvelle mesure : Jeux publiés" in body
    assert "Indicateur (création) : Jeux publiés" in body  # any audited change, generically
    assert "Autre engagement" not in body
    html = message.alternatives[0][0]
    assert "<li>Jalon réalisé : Publier le jeu de données</li>" in html
    assert DigestOutbox.objects.get().items == 4


def test_the_digest_speaks_the_subscribers_language(world, mailoutbox):
    follow("reader@example.org", world.commitment, language="en")
    completed(world, at(MONDAY - 2 * DAY))
    digests_send(as_of=MONDAY)
    body = mailoutbox[0].body
    assert "What changed for commitment 12 “Open public procurement data”" in body
    assert "Milestone completed: Publier le jeu de données" in body
    assert "from 27 June 2016 to 3 July 2016" in body or "from June 27, 2016" in body
    assert "Unsubscribe in one click:" in body


def test_late_milestones_appear_the_day_after_their_due_date(world, mailoutbox):
    follow("citoyenne@example.org", world.commitment, frequency="daily")
    day = MONDAY + 2 * DAY
    Milestone.objects.filter(pk=world.milestone.pk).update(
        due_date=day - 2 * DAY, reference_due_date=day - 2 * DAY, original_due_date=day - 2 * DAY
    )
    digests_send(as_of=day)
    assert "Jalon en retard : Publier le jeu de données (échéance du 4 juillet 2016)" in (
        mailoutbox[0].body
    )
    digests_send(as_of=day + DAY)  # still late, but not newly late: nothing to say
    assert len(mailoutbox) == 1


def test_a_generic_change_from_another_app_appears_by_its_model_name(world, mailoutbox):
    """Apps added later (assessments, answers, reports) audit their changes; the digest names
    them by their model's verbose name without importing them."""
    follow("citoyenne@example.org", world.plan)
    audited(world.plan, when=at(MONDAY - DAY), changes={"title": ["a", "b"]})
    digests_send(as_of=MONDAY)
    assert "Plan d'action national (modification) : " in mailoutbox[0].body


def test_nothing_is_sent_when_nothing_changed(world, mailoutbox):
    subscription = follow("citoyenne@example.org", world.commitment)
    audited(world.other, when=at(MONDAY - DAY))
    report = digests_send(as_of=MONDAY)
    assert mailoutbox == [] and report.sent == []
    row = DigestOutbox.objects.get(subscription=subscription)
    assert (row.status, row.items) == (Status.SKIPPED, 0)


def test_weekly_digests_go_out_on_mondays_and_daily_ones_every_day(world, mailoutbox):
    follow("weekly@example.org", world.commitment)
    follow("daily@example.org", world.commitment, frequency="daily")
    completed(world, at(MONDAY + DAY))
    digests_send(as_of=MONDAY + 2 * DAY)  # a Wednesday
    assert [m.to for m in mailoutbox] == [["daily@example.org"]]
    digests_send(as_of=MONDAY + 7 * DAY)
    assert [m.to for m in mailoutbox][1:] == [["weekly@example.org"]]


def test_an_administration_is_followed_through_the_commitments_it_leads_or_co_owns(
    world, mailoutbox
):
    follow("etalab-watch@example.org", world.co_owner)
    completed(world, at(MONDAY - DAY))
    audited(world.other, when=at(MONDAY - DAY))
    digests_send(as_of=MONDAY)
    body = mailoutbox[0].body
    assert "l'administration « Etalab »" in body
    assert "Jalon réalisé" in body and "Autre engagement" not in body


def test_unconfirmed_subscriptions_get_no_digest(world, mailoutbox):
    follow("pending@example.org", world.commitment, confirmed=False)
    completed(world, at(MONDAY - DAY))
    assert digests_send(as_of=MONDAY).planned == 0
    assert mailoutbox == []


def test_a_rerun_sends_nothing_twice(world, mailoutbox):
    follow("a@example.org", world.commitment)
    follow("b@example.org", world.plan)
    completed(world, at(MONDAY - DAY))
    first = digests_send(as_of=MONDAY)
    second = digests_send(as_of=MONDAY)
    assert len(first.sent) == 2 and second.sent == [] and second.planned == 0
    assert len(mailoutbox) == 2
    assert set(DigestOutbox.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_the_digest_carries_the_rfc_8058_one_click_unsubscribe(world, mailoutbox, client):
    subscription = follow("citoyenne@example.org", world.commitment)
    completed(world, at(MONDAY - DAY))
    digests_send(as_of=MONDAY)
    message = mailoutbox[0]
    url = f"https://pgo.example.gouv.fr/suivre/desabonner/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in message.alternatives[0][0]
    path = url.removeprefix("https://pgo.example.gouv.fr")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not DigestOutbox.objects.exists()


class FailingBackend:
    def __init__(self):
        self.calls = 0

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        self.calls += 1
        raise OSError("connexion refusée")


def test_an_smtp_failure_leaves_the_digest_pending_and_the_next_run_sends_it(world, mailoutbox):
    follow("citoyenne@example.org", world.commitment)
    completed(world, at(MONDAY - DAY))
    report = digests_send(as_of=MONDAY, connection=FailingBackend())
    assert len(report.retrying) == 1 and mailoutbox == []
    row = DigestOutbox.objects.get()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "connexion refusée" in row.last_error
    assert len(digests_send(as_of=MONDAY).sent) == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("size", [1, 6])
def test_sending_costs_two_queries_per_digest_plus_a_fixed_few(db, size, settings):
    from django.test.utils import CaptureQueriesContext

    plan = ActionPlanFactory()
    for n in range(size):
        commitment = CommitmentFactory(plan=plan)
        milestone = MilestoneFactory(commitment=commitment)
        audited(milestone, when=at(MONDAY - DAY), changes={"status": ["planned", "completed"]})
        follow(f"c{n}@example.org", commitment)
        follow(f"a{n}@example.org", commitment.lead_administration)
    with CaptureQueriesContext(connection) as queries:
        report = digests_send(as_of=MONDAY)
    assert len(report.sent) == 2 * size
    # plan: due, existing, insert; ready rows; feed: records, late, administrations (2),
    # commitments; then a claim and a mark per digest.
    assert len(queries) == 3 + 1 + 5 + 2 * 2 * size


def test_the_command_erases_expired_addresses_and_sends(world, mailoutbox):
    follow("citoyenne@example.org", world.commitment)
    completed(world, at(MONDAY - DAY))
    out = StringIO()
    call_command("send_digests", "--as-of", MONDAY.isoformat(), stdout=out)
    assert "Synthèses envoyées : 1" in out.getvalue()
    out = StringIO()
    call_command("send_digests", "--as-of", MONDAY.isoformat(), stdout=out)
    assert "Synthèses envoyées : 0" in out.getvalue()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("value", ["2016-02-30", "04/07/2016", "lundi"])
def test_the_command_refuses_a_bad_date_in_french(world, mailoutbox, value):
    follow("citoyenne@example.org", world.commitment)
    with pytest.raises(CommandError, match=r"Date invalide .*AAAA-MM-JJ"):
        call_command("send_digests", "--as-of", value, stdout=StringIO())
    assert not DigestOutbox.objects.exists() and mailoutbox == []


class RecordingBackend:
    def __init__(self, sink, lock):
        self.sink, self.lock = sink, lock

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        time.sleep(0.002)  # let the other worker interleave
        with self.lock:
            self.sink.extend(m.extra_headers["X-PGO-Digest"] for m in messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_digest_once(postgres, settings):
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    plan = ActionPlanFactory()
    for n in range(10):
        commitment = CommitmentFactory(plan=plan)
        milestone = MilestoneFactory(commitment=commitment)
        audited(milestone, when=at(MONDAY - DAY), changes={"status": ["planned", "completed"]})
        follow(f"c{n}@example.org", commitment)
        follow(f"d{n}@example.org", commitment, frequency="daily")
    sent: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            digests_send(as_of=MONDAY, connection=RecordingBackend(sent, lock))
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
    rows = DigestOutbox.objects.all()
    assert len(sent) == len(set(sent)) == rows.count() == 20
    assert set(sent) == set(rows.values_list("dedup_key", flat=True))
    assert set(rows.values_list("status", "attempts")) == {(Status.SENT, 1)}
    assert mail.outbox == []


def test_a_milestone_cancelled_too_late_is_late_in_the_digest_as_on_the_site(world, mailoutbox):
    """A cancellation not approved in time leaves the milestone counted, and late: the digest
    used its own rule (only planned or in progress) and said nothing the site did not."""
    follow("citoyenne@example.org", world.commitment, frequency="daily")
    day = MONDAY + 2 * DAY
    Milestone.objects.filter(pk=world.milestone.pk).update(
        due_date=day - 2 * DAY,
        reference_due_date=day - 2 * DAY,
        original_due_date=day - 2 * DAY,
        status=Milestone.Status.CANCELLED,
        justification="Demande d'abandon faite après l'échéance.",
        counts_in_score=True,
    )
    digests_send(as_of=day)
    assert "Jalon en retard : Publier le jeu de données (échéance du 4 juillet 2016)" in (
        mailoutbox[0].body
    )
