"""The outbox as the coordination team and the operators see it: the command and the admin."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from commitments.models import Membership, Profile
from reminders.models import ReminderOutbox
from reminders.services import reminders_plan
from tests.factories import AdministrationFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2016, 6, 24)


@pytest.fixture
def milestone_due_in_7_days(db):
    administration = AdministrationFactory()
    user = get_user_model().objects.create_user("alice", email="alice@economie.gouv.fr")
    Profile.objects.create(user=user, language="en")
    Membership.objects.create(user=user, administration=administration)
    commitment = CommitmentFactory(
        lead_administration=administration, contact_email="contact@economie.gouv.fr"
    )
    return MilestoneFactory(commitment=commitment, due_date=AS_OF + datetime.timedelta(days=7))


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_sends_and_reports(milestone_due_in_7_days, mailoutbox):
    output = run("--as-of", "2016-06-24")
    assert len(mailoutbox) == 2
    assert "Courriels envoyés : 2" in output
    assert "milestone_due_7 : 2" in output
    assert "alice@economie.gouv.fr [milestone_due_7] [OGP] Milestone due in 7 days" in output
    assert run("--as-of", "2016-06-24").count("Courriels envoyés : 0") == 1
    assert len(mailoutbox) == 2


def test_the_command_dry_run_prints_who_would_get_what_and_writes_nothing(
    milestone_due_in_7_days, mailoutbox
):
    output = run("--as-of", "2016-06-24", "--dry-run")
    assert "Simulation au 2016-06-24" in output
    assert "contact@economie.gouv.fr [milestone_due_7] [PGO] Jalon à échéance" in output
    assert mailoutbox == []
    assert not ReminderOutbox.objects.exists()


@pytest.mark.parametrize("value", ["2016-02-30", "24/06/2016", "20160624", "demain", ""])
def test_a_bad_date_is_a_clear_french_error_and_changes_nothing(
    milestone_due_in_7_days, mailoutbox, value
):
    with pytest.raises(CommandError, match=r"Date invalide .*format AAAA-MM-JJ"):
        run("--as-of", value)
    assert mailoutbox == []
    assert not ReminderOutbox.objects.exists()


def test_the_command_defaults_to_today_in_paris(milestone_due_in_7_days, mailoutbox, monkeypatch):
    from reminders.management.commands import send_reminders

    monkeypatch.setattr(send_reminders.timezone, "localdate", lambda: AS_OF)
    assert "Rappels au 2016-06-24" in run()
    assert len(mailoutbox) == 2


def test_the_same_reminder_cannot_be_stored_twice_whatever_the_case(milestone_due_in_7_days):
    reminders_plan(as_of=AS_OF)
    row = ReminderOutbox.objects.get(recipient="alice@economie.gouv.fr")
    fields = {
        "kind": row.kind,
        "milestone_id": row.milestone_id,
        "indicator_id": None,
        "recipient": "Alice@Economie.gouv.fr",
        "for_date": row.for_date,
    }
    assert ReminderOutbox.make_dedup_key(**fields) == row.dedup_key
    with pytest.raises(IntegrityError):
        ReminderOutbox.objects.create(dedup_key=ReminderOutbox.make_dedup_key(**fields), **fields)


def test_a_milestone_reminder_must_name_its_milestone(db):
    with pytest.raises(IntegrityError):
        ReminderOutbox.objects.create(
            kind=ReminderOutbox.Kind.MILESTONE_DUE_7,
            recipient="a@b.fr",
            for_date=AS_OF,
            dedup_key="x",
        )


@pytest.fixture
def admin_client_(client):
    user = get_user_model().objects.create_superuser("coord", "coord@pgo.gouv.fr", "pw")
    client.force_login(user)
    return client


def test_the_outbox_is_visible_and_read_only_in_the_admin(milestone_due_in_7_days, admin_client_):
    reminders_plan(as_of=AS_OF)
    row = ReminderOutbox.objects.get(recipient="alice@economie.gouv.fr")

    listing = admin_client_.get("/admin/reminders/reminderoutbox/", {"status": "pending"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    assert "alice@economie.gouv.fr" in listing.content.decode()

    assert admin_client_.get("/admin/reminders/reminderoutbox/add/").status_code == 403
    url = f"/admin/reminders/reminderoutbox/{row.pk}/change/"
    assert admin_client_.get(url).status_code == 200
    assert admin_client_.post(url, {"status": "sent"}).status_code == 403
    delete = f"/admin/reminders/reminderoutbox/{row.pk}/delete/"
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert row.status == ReminderOutbox.Status.PENDING
