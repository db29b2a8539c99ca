"""A small public world for the API tests, with one object of each kind that a filter or a
status must tell apart, plus a draft plan whose data must never leak."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from commitments.audit import audit_record
from commitments.models import ActionPlan, Administration, AuditRecord, Commitment
from indicators.models import Indicator
from milestones.models import Milestone
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    AxisFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    MilestoneRevisionFactory,
    PartnerFactory,
)

D = datetime.date
HIGH_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture(autouse=True)
def _fresh_cache_and_high_limits(settings, tmp_path):
    """Throttling state lives in the cache: every test starts clean, with limits no test reaches
    unless it lowers them. Bulk files go to a temporary directory."""
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": HIGH_RATES}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SITE_HOST]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as behind the proxy
    yield
    cache.clear()


# The API is asked at the site's address: its links come from the request (toolkit.middleware).
SITE_HOST = "pgo.example.gouv.fr"
AT_SITE = {"HTTP_HOST": SITE_HOST, "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def api():
    return APIClient(**AT_SITE)


@pytest.fixture
def client():
    return Client(**AT_SITE)


@dataclass
class World:
    today: datetime.date
    plan: ActionPlan
    plan2: ActionPlan
    draft: ActionPlan
    dinum: Administration
    hatvp: Administration
    cour: Administration
    done: Commitment  # completed: every milestone completed, indicator at target
    late: Commitment  # a milestone past due, co-owned by DINUM
    not_started: Commitment  # one milestone not yet due
    on_track: Commitment  # plan 2, one milestone done, one rescheduled and not yet due
    hidden: Commitment  # in the draft plan


def build_world() -> World:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=60)
    plan = ActionPlanFactory(
        slug="pan-2015-2017", period_start=D(2015, 7, 16), period_end=D(2017, 7, 15)
    )
    plan2 = ActionPlanFactory(
        slug="pan-2024-2026",
        period_start=today - datetime.timedelta(days=400),
        period_end=today + datetime.timedelta(days=400),
    )
    draft = ActionPlanFactory(slug="pan-brouillon", published=False, status=ActionPlan.Status.DRAFT)
    transparence = AxisFactory(plan=plan, number=1, slug="transparence", title="Transparence")
    participation = AxisFactory(plan=plan, number=2, slug="participation", title="Participation")
    transparence2 = AxisFactory(plan=plan2, number=1, slug="transparence", title="Transparence")
    dinum = AdministrationFactory(
        slug="dinum",
        name="Direction interministérielle du numérique",
        acronym="DINUM",
        kind=Administration.Kind.AGENCY,
    )
    hatvp = AdministrationFactory(
        slug="hatvp",
        name="Haute Autorité pour la transparence de la vie publique",
        acronym="HATVP",
        kind=Administration.Kind.INDEPENDENT_AUTHORITY,
    )
    cour = AdministrationFactory(
        slug="cour-des-comptes", name="Cour des comptes", kind=Administration.Kind.JURISDICTION
    )
    AdministrationFactory(slug="sans-engagement", name="Administration sans engagement")

    done = CommitmentFactory(
        plan=plan,
        number=1,
        ogp_id="FR0001",
        axis=transparence,
        lead_administration=dinum,
        title="Publier les données des marchés publics",
        summary="Les contrats publics en données ouvertes.",
        objective="Toutes les données essentielles publiées",
        cost_amount=Decimal("150000.00"),
        cost_is_illustrative=True,
        action_data=True,
        value_access_to_information=True,
        contact_name="Jeanne Martin",
        contact_email="jeanne.martin@numerique.gouv.fr",
    )
    done.partners.add(PartnerFactory(slug="regards-citoyens", name="Regards Citoyens"))
    for k, due in enumerate((D(2016, 1, 15), D(2016, 12, 15))):
        MilestoneFactory(
            commitment=done,
            reference=f"j{k + 1}",
            due_date=due,
            status=Milestone.Status.COMPLETED,
            completed_on=due - datetime.timedelta(days=3),
            evidence_url="https://www.data.gouv.fr/",
            is_illustrative=True,
        )
    contracts = IndicatorFactory(
        commitment=done, reference="i1", name="Contrats publiés (%)", is_illustrative=True
    )
    MeasurementFactory(indicator=contracts, date=D(2016, 1, 1), value=Decimal(40))
    MeasurementFactory(indicator=contracts, date=D(2017, 1, 1), value=Decimal(100))

    late = CommitmentFactory(
        plan=plan,
        number=2,
        ogp_id="FR0002",
        axis=transparence,
        lead_administration=hatvp,
        title="Renforcer la transparence des représentants d'intérêts",
        objective="Un répertoire complet",
    )
    late.co_owners.add(dinum)
    MilestoneFactory(commitment=late, reference="j1", due_date=D(2016, 7, 1))
    MilestoneFactory(
        commitment=late,
        reference="j2",
        due_date=D(2016, 3, 1),
        status=Milestone.Status.COMPLETED,
        completed_on=D(2016, 4, 1),
        evidence_url="https://www.hatvp.fr/",
    )
    cancelled = MilestoneFactory(
        commitment=late,
        reference="j3",
        due_date=D(2017, 3, 1),
        status=Milestone.Status.CANCELLED,
        counts_in_score=False,  # cancelled in time, approved (method v2)
        justification="Remplacé par une loi",
    )
    MilestoneRevisionFactory(
        milestone=cancelled, kind="cancellation", reason="Remplacé par une loi"
    )
    scale = IndicatorFactory(
        commitment=late,
        reference="i1",
        name="Niveau de publication du répertoire",
        kind=Indicator.Kind.QUALITATIVE,
        levels=["Aucun", "Partiel", "Complet"],
        baseline_value=Decimal(0),
        target_value=Decimal(2),
        unit="",
    )
    MeasurementFactory(indicator=scale, date=D(2016, 6, 1), value=Decimal(1))

    not_started = CommitmentFactory(
        plan=plan,
        number=3,
        ogp_id="FR0003",
        axis=participation,
        lead_administration=cour,
        title="Ouvrir les rapports de la Cour à la consultation",
        summary="Consultation du public sur les rapports.",
        end_date=D(2017, 7, 15),
    )
    MilestoneFactory(commitment=not_started, reference="j1", due_date=soon)

    on_track = CommitmentFactory(
        plan=plan2,
        number=1,
        ogp_id="FR0100",
        axis=transparence2,
        lead_administration=dinum,
        title="Ouvrir le code source des algorithmes publics",
        end_date=plan2.period_end,
    )
    on_track.co_owners.add(cour)
    MilestoneFactory(
        commitment=on_track,
        reference="j1",
        due_date=today - datetime.timedelta(days=30),
        status=Milestone.Status.COMPLETED,
        completed_on=today - datetime.timedelta(days=40),
        evidence_url="https://code.gouv.fr/",
    )
    moved = MilestoneFactory(
        commitment=on_track,
        reference="j2",
        original_due_date=today - datetime.timedelta(days=10),
        due_date=soon,
        reference_due_date=soon,  # moved in time, approved (method v2)
        justification="Attente d'un arbitrage interministériel",
    )
    MilestoneRevisionFactory(
        milestone=moved,
        new_due_date=soon,
        reason="Attente d'un arbitrage interministériel",
        requested_on=today - datetime.timedelta(days=40),
        reference_at_request=today - datetime.timedelta(days=10),
        decided_on=today - datetime.timedelta(days=35),
    )
    IndicatorFactory(commitment=on_track, reference="i1", name="Algorithmes publiés")

    hidden = CommitmentFactory(
        plan=draft, number=1, lead_administration=dinum, title="Engagement en préparation"
    )
    MilestoneFactory(commitment=hidden, reference="j1", due_date=D(2016, 7, 1))
    secret = IndicatorFactory(commitment=hidden, reference="i1")
    MeasurementFactory(indicator=secret, date=D(2016, 1, 1))

    scores_recompute(as_of=today)
    for obj in (done, late, hidden):
        audit_record(
            instance=obj,
            action=AuditRecord.Action.UPDATE,
            source=AuditRecord.Source.FORM,
            actor_label="jeanne.martin@numerique.gouv.fr",
            changes={"title": ["Ancien titre", obj.title], "contact_email": ["", "x@y.fr"]},
            justification="Correction",
        )
    audit_record(
        instance=dinum,
        action=AuditRecord.Action.UPDATE,
        source=AuditRecord.Source.ADMIN,
        actor_label="admin",
        changes={"website": ["", "https://numerique.gouv.fr"]},
    )
    for obj in (done, late, not_started, on_track, hidden):
        obj.refresh_from_db()
    return World(
        today, plan, plan2, draft, dinum, hatvp, cour, done, late, not_started, on_track, hidden
    )


@pytest.fixture
def world(db) -> World:
    return build_world()
