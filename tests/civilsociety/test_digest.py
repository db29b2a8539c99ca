"""The coordinators' weekly digest when civil society has something to say: its subject says
what it holds (late milestones and/or overdue questions), with the right plurals, in French and
in English."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from civilsociety.models import Question
from commitments.models import Profile
from reminders.services import reminders_send
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


def _overdue_question(world, *, days: int, n: int) -> Question:
    when = timezone.now() - datetime.timedelta(days=days)
    return Question.objects.create(
        commitment=world["commitment"],
        display_name=f"Camille {n}",
        email=f"camille{n}@example.org",
        text="Quand le décret d'application sera-t-il publié ?",
        confirmed_at=when,
    )


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


@pytest.fixture
def team(world, settings):
    settings.COORDINATION_EMAILS = ["coordination@pgo.gouv.fr"]
    english = UserFactory(username="claire", email="claire@pgo.gouv.fr")
    Profile.objects.create(user=english, is_coordinator=True, language="en")


def _digests(mailoutbox):
    french = next(m for m in mailoutbox if m.to == ["coordination@pgo.gouv.fr"])
    english = next(m for m in mailoutbox if m.to == ["claire@pgo.gouv.fr"])
    return french, english


def test_a_digest_with_only_overdue_questions_does_not_announce_zero_late_milestones(
    world, team, monday, mailoutbox
):
    _overdue_question(world, days=40 + (timezone.localdate() - monday).days, n=1)
    reminders_send(as_of=monday)
    french, english = _digests(mailoutbox)
    assert french.subject.startswith("[PGO] Synthèse hebdomadaire : 1 question sans réponse au ")
    assert "jalon" not in french.subject
    assert english.subject.startswith("[OGP] Weekly digest: 1 unanswered question on ")
    assert "milestone" not in english.subject
    # the body does not say "0 jalon … est en retard" either
    assert "0 jalon" not in french.body and "Aucun jalon des plans publiés" in french.body
    assert "0 milestone" not in english.body and "No milestone of the published" in english.body
    assert "0 jalon" not in french.alternatives[0][0]


def test_a_digest_with_both_counts_each_with_its_plural(world, team, monday, mailoutbox):
    back = (timezone.localdate() - monday).days
    _overdue_question(world, days=40 + back, n=1)
    _overdue_question(world, days=31 + back, n=2)
    MilestoneFactory(commitment=world["commitment"], due_date=monday - datetime.timedelta(days=3))
    reminders_send(as_of=monday)
    french, english = _digests(mailoutbox)
    assert french.subject.startswith(
        "[PGO] Synthèse hebdomadaire : 1 jalon en retard, 2 questions sans réponse au "
    )
    assert english.subject.startswith(
        "[OGP] Weekly digest: 1 late milestone, 2 unanswered questions on "
    )
