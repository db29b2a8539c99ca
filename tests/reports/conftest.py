"""A fixture plan whose first year holds every case a report states: a milestone completed on
time, one late with a public explanation, one late without, a reschedule approved in time, a
retroactive one, measurements before and after the end of the period, and a cost changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from commitments.models import Profile
from milestones.models import Milestone
from tests.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    MilestoneRevisionFactory,
    UserFactory,
)

D = datetime.date
START, END = D(2015, 7, 16), D(2016, 7, 15)  # the plan's first year


@pytest.fixture(autouse=True)
def _clean_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="coordinatrice", email="coordination@modernisation.gouv.fr")
    Profile.objects.create(user=user, is_coordinator=True)
    return user


@pytest.fixture
def contributor(db):
    return UserFactory(username="contributeur")


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(slug="pan-2015-2017", title="Plan d'action national 2015-2017")
    first = CommitmentFactory(
        plan=plan,
        number=1,
        title="Ouvrir les données des marchés publics",
        cost_amount=Decimal("120000"),
        cost_staff_fte=Decimal("1.5"),
    )
    MilestoneFactory(
        commitment=first,
        reference="j1",
        title="Publier le schéma",
        due_date=D(2016, 3, 1),
        status=Milestone.Status.COMPLETED,
        completed_on=D(2016, 2, 20),
    )
    MilestoneFactory(
        commitment=first,
        reference="j2",
        title="Ouvrir l'API",
        due_date=D(2016, 5, 1),
        delay_explanation="Le marché du prestataire a été attribué en retard.",
        delay_explained_on=D(2016, 6, 1),
    )
    moved = MilestoneFactory(
        commitment=first, reference="j3", title="Former les acheteurs", due_date=D(2016, 6, 1)
    )
    MilestoneRevisionFactory(
        milestone=moved, new_due_date=D(2016, 12, 1), requested_on=D(2016, 5, 2)
    )
    moved.due_date = moved.reference_due_date = D(2016, 12, 1)
    moved.justification = "Le calendrier de la concertation a changé."
    moved.save()
    indicator = IndicatorFactory(commitment=first, reference="i1")
    MeasurementFactory(indicator=indicator, date=D(2016, 7, 1), value=Decimal(40))
    MeasurementFactory(indicator=indicator, date=D(2016, 9, 1), value=Decimal(90))  # after

    second = CommitmentFactory(plan=plan, number=2, title="Publier les avis de la CADA")
    late = MilestoneFactory(
        commitment=second, reference="j1", title="Mettre en ligne les avis", due_date=D(2016, 1, 15)
    )
    MilestoneRevisionFactory(  # asked after the deadline, approved: shown, never counted
        milestone=late,
        new_due_date=D(2016, 10, 1),
        requested_on=D(2016, 2, 1),
        reason="Le prestataire a pris du retard.",
    )
    late.due_date = D(2016, 10, 1)
    late.justification = "Le prestataire a pris du retard."
    late.save()
    CommitmentFactory(plan=plan, number=3, title="Consulter sur le budget")  # not measurable
    return plan


@pytest.fixture
def civil_society(plan):
    """Civil society on the fixture plan, with facts on both sides of the end date (2016-07-15):
    commitment 1 — self-assessed « limité » since March 2016; Transparence Citoyenne says
    « substantiel » in June (a disagreement), then « limité » in September (after the end);
    Regards Citoyens agrees in May; Ouvre-Boîte says « non commencé » only in August (after).
    Commitment 2 — questions confirmed on 1 May (unanswered), 1 April (answered only in
    August: unanswered on the end date), 1 April (answered in June), 20 June (25 days: not yet
    overdue), and one hidden by the moderation. Commitment 3: nothing."""
    from civilsociety.models import Assessment, Organisation, Question, SelfAssessment
    from commitments.models import Commitment

    first = Commitment.objects.get(plan=plan, number=1)
    second = Commitment.objects.get(plan=plan, number=2)
    SelfAssessment.objects.create(commitment=first, level="limited", set_on=D(2016, 3, 1))
    tc = Organisation.objects.create(name="Transparence Citoyenne", slug="tc")
    rc = Organisation.objects.create(name="Regards Citoyens", slug="rc")
    ob = Organisation.objects.create(name="Ouvre-Boîte", slug="ob")

    def assess(org, day, level, current=False):
        return Assessment.objects.create(
            commitment=first,
            organisation=org,
            assessed_on=day,
            level=level,
            text=f"Évaluation de {org.name} du {day}.",
            is_current=current,
        )

    assess(tc, D(2016, 6, 1), "substantial")
    assess(tc, D(2016, 9, 1), "limited", current=True)
    assess(rc, D(2016, 5, 1), "limited", current=True)
    assess(ob, D(2016, 8, 1), "not_started", current=True)

    def at(day):
        return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)

    def ask(day, text, answered=None, hidden=None):
        return Question.objects.create(
            commitment=second,
            display_name="Camille",
            text=text,
            confirmed_at=at(day),
            answered_at=at(answered) if answered else None,
            answer="Réponse." if answered else "",
            hidden_at=at(hidden) if hidden else None,
            hidden_reason="Propos injurieux." if hidden else "",
        )

    ask(D(2016, 5, 1), "Quand les avis de la CADA seront-ils en ligne ?")
    ask(D(2016, 4, 1), "Quel prestataire a été retenu pour la mise en ligne ?", D(2016, 8, 1))
    ask(D(2016, 4, 1), "Combien d'avis seront publiés chaque mois ?", D(2016, 6, 1))
    ask(D(2016, 6, 20), "Les avis anciens seront-ils aussi publiés ?")
    ask(D(2016, 3, 1), "Question masquée par la modération.", hidden=D(2016, 9, 1))
    return plan
