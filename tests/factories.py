"""factory_boy factories: one per model, realistic French values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from commitments.models import ActionPlan, Administration, Axis, Commitment, Partner
from indicators.models import Indicator, Measurement
from milestones.models import Milestone, MilestoneRevision


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@administration.gouv.fr")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    slug = factory.Sequence(lambda n: f"pan-{2015 + 2 * n}-{2017 + 2 * n}")
    title = factory.LazyAttribute(lambda p: f"Plan d'action national {p.slug[4:]}")
    period_start = datetime.date(2015, 7, 16)
    period_end = datetime.date(2017, 7, 15)
    status = ActionPlan.Status.IN_PROGRESS
    published = True


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n + 1}")
    slug = factory.Sequence(lambda n: f"axe-{n + 1}")


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    name = factory.Sequence(lambda n: f"Ministère numéro {n}")
    slug = factory.Sequence(lambda n: f"ministere-{n}")
    kind = Administration.Kind.MINISTRY


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Publier le jeu de données numéro {n}")
    lead_administration = factory.SubFactory(AdministrationFactory)
    start_date = factory.LazyAttribute(lambda c: c.plan.period_start)
    end_date = factory.LazyAttribute(lambda c: c.plan.period_end)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    commitment = factory.SubFactory(CommitmentFactory)
    reference = factory.Sequence(lambda n: f"i{n}")
    name = "Nombre de jeux de données publiés"
    kind = Indicator.Kind.QUANTITATIVE
    baseline_value = Decimal(0)
    baseline_date = datetime.date(2015, 7, 16)
    target_value = Decimal(100)
    target_date = datetime.date(2017, 7, 15)
    data_source = "data.gouv.fr"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = datetime.date(2016, 7, 1)
    value = Decimal(50)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    reference = factory.Sequence(lambda n: f"j{n}")
    title = "Publier le rapport d'étape"
    due_date = datetime.date(2016, 7, 1)
    original_due_date = factory.LazyAttribute(lambda m: m.due_date)
    status = Milestone.Status.PLANNED


class MilestoneRevisionFactory(factory.django.DjangoModelFactory):
    """A revision as the services record it; ``decided_on`` only for a decided one."""

    class Meta:
        model = MilestoneRevision

    milestone = factory.SubFactory(MilestoneFactory)
    kind = MilestoneRevision.Kind.RESCHEDULE
    new_due_date = factory.LazyAttribute(
        lambda r: (
            r.milestone.reference_due_date + datetime.timedelta(days=90)
            if r.kind == MilestoneRevision.Kind.RESCHEDULE
            else None
        )
    )
    reason = "Le calendrier de la concertation a changé."
    requested_on = factory.LazyAttribute(
        lambda r: r.milestone.reference_due_date - datetime.timedelta(days=30)
    )
    requested_at = factory.LazyAttribute(
        lambda r: datetime.datetime.combine(r.requested_on, datetime.time(10), tzinfo=datetime.UTC)
    )
    reference_at_request = factory.LazyAttribute(lambda r: r.milestone.reference_due_date)
    timely = factory.LazyAttribute(lambda r: r.requested_on <= r.reference_at_request)
    status = MilestoneRevision.Status.APPROVED
    decided_on = factory.LazyAttribute(
        lambda r: (
            None
            if r.status == MilestoneRevision.Status.PENDING
            else r.requested_on + datetime.timedelta(days=7)
        )
    )
    decided_at = factory.LazyAttribute(
        lambda r: (
            None
            if r.decided_on is None
            else datetime.datetime.combine(r.decided_on, datetime.time(10), tzinfo=datetime.UTC)
        )
    )


def cast_of_users(commitment):
    """The people of the permission matrix, for one commitment."""
    from django.contrib.auth.models import AnonymousUser

    from commitments.models import Membership, Profile

    owner = UserFactory(username="contributrice-porteuse")
    Membership.objects.create(user=owner, administration=commitment.lead_administration)
    co_admin = AdministrationFactory()
    commitment.co_owners.add(co_admin)
    co_owner = UserFactory(username="contributeur-coporteur")
    Membership.objects.create(user=co_owner, administration=co_admin)
    outsider = UserFactory(username="contributeur-exterieur")
    Membership.objects.create(user=outsider, administration=AdministrationFactory())
    coordinator = UserFactory(username="coordinatrice")
    Profile.objects.create(user=coordinator, is_coordinator=True)
    return {
        "anonymous": AnonymousUser(),
        "owner": owner,
        "co_owner": co_owner,
        "outsider": outsider,
        "coordinator": coordinator,
    }
