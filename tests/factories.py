"""factory_boy factories: one per model, realistic French values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from commitments.models import ActionPlan, Administration, Axis, Commitment, Partner
from indicators.models import Indicator, Measurement
from milestones.models import Milestone


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
