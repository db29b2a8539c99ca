"""Issue 13: the digest lists "published reports". A report published on a plan reaches the
plan's subscribers and the subscribers of each of its commitments, with its title and its link,
in their language, once; its drafts never do (they are not public)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from commitments.models import Profile
from reports.services import report_generate, report_publish
from subscriptions.models import DigestOutbox
from subscriptions.tasks import send_digests
from tests.factories import UserFactory

from .conftest import follow

pytestmark = pytest.mark.django_db


def next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="coordinatrice")
    Profile.objects.create(user=user, is_coordinator=True)
    return user


def test_a_published_report_reaches_plan_and_commitment_subscribers_once(
    world, coordinator, mailoutbox
):
    follow("plan@example.org", world.plan)
    follow("reader@example.org", world.commitment, language="en")
    follow("mef@example.org", world.lead)  # an administration: a report is not about it
    start, end = datetime.date(2015, 7, 16), datetime.date(2016, 7, 15)
    draft, _ = report_generate(
        plan=world.plan, start=start, end=end, actor=coordinator, source="form"
    )
    monday = next_monday()
    send_digests(monday.isoformat())
    assert mailoutbox == []  # a draft is not news: nothing to send yet
    DigestOutbox.objects.all().delete()  # the same week again, now with the publication

    report = report_publish(report=draft, actor=coordinator, source="form")
    result = send_digests(monday.isoformat())

    assert result["sent"] == 2 and result["skipped"] == 1
    link = f"https://pgo.example.gouv.fr/rapports/{report.pk}/"
    label = str(report)  # « Plan … — 16/07/2015–15/07/2016 (v1) »
    by_address = {m.to[0]: m for m in mailoutbox}
    french = by_address["plan@example.org"]
    assert f"Rapport au Parlement publié : {label}" in french.body
    assert link in french.body
    assert f'<a href="{link}"' in french.alternatives[0][0]
    english = by_address["reader@example.org"]
    assert f"Report to Parliament published: {label}" in english.body
    assert link in english.body and "Rapport au Parlement publié" not in english.body

    again = send_digests(monday.isoformat())
    assert again["sent"] == 0 and len(mailoutbox) == 2
