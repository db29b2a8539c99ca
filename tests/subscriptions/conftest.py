"""Data shared by the tests of subscriptions: a published plan, a commitment led by the MEF and
co-owned by Etalab, a milestone and an indicator; helpers to make confirmed subscriptions and
audit records dated where a test wants them."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from commitments.audit import audit_record
from commitments.models import AuditRecord
from subscriptions.models import Subscription
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    IndicatorFactory,
    MilestoneFactory,
)

MONDAY = datetime.date(2016, 7, 4)
DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def follow(email: str, followed, *, frequency="weekly", language="fr", confirmed=True):
    target = {"commitment": "commitment", "administration": "administration"}.get(
        followed._meta.model_name, "plan"
    )
    return Subscription.objects.create(
        email=email,
        target=target,
        target_key=Subscription.make_target_key(target, followed.pk),
        frequency=frequency,
        language=language,
        confirmed_at=at(MONDAY - 30 * DAY) if confirmed else None,
        **{target: followed},
    )


def audited(instance, *, when: datetime.datetime, action="update", changes=None) -> AuditRecord:
    record = audit_record(
        instance=instance, action=action, source="form", changes=changes or {}, actor_label="t"
    )
    AuditRecord.objects.filter(pk=record.pk).update(created_at=when)
    return record


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db, settings):
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    plan = ActionPlanFactory(
        title="Plan d'action national 2015-2017", title_en="National action plan 2015-2017"
    )
    lead = AdministrationFactory(name="Ministère de l'Économie", acronym="MEF")
    co_owner = AdministrationFactory(name="Etalab")
    commitment = CommitmentFactory(
        plan=plan,
        number=12,
        title="Ouvrir les données de la commande publique",
        title_en="Open public procurement data",
        lead_administration=lead,
    )
    commitment.co_owners.add(co_owner)
    other = CommitmentFactory(plan=plan, number=13, title="Autre engagement")
    milestone = MilestoneFactory(
        commitment=commitment, title="Publier le jeu de données", due_date=MONDAY + 60 * DAY
    )
    indicator = IndicatorFactory(commitment=commitment, name="Jeux publiés")
    return SimpleNamespace(
        plan=plan,
        lead=lead,
        co_owner=co_owner,
        commitment=commitment,
        other=other,
        milestone=milestone,
        indicator=indicator,
    )
