"""Method v2, "numbers that agree everywhere": the same figure in the same words on every page
that shows it, leads and co-owners both accounted for, no status that contradicts its
progress, and roll-ups that a watchdog syncing with ``updated_since`` sees change."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments.models import ActionPlan, Administration, Commitment
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


@pytest.fixture
def plan():
    """A plan in progress: the DINUM leads commitment 1 (one milestone late, one on time) and
    co-owns commitment 2, led by the HATVP; commitment 3 has no lead; the Cour des comptes
    only co-owns."""
    today = timezone.localdate()
    p = ActionPlanFactory(
        slug="pan-en-cours",
        status=ActionPlan.Status.IN_PROGRESS,
        period_start=today - datetime.timedelta(days=400),
        period_end=today + datetime.timedelta(days=300),
    )
    dinum = AdministrationFactory(name="Direction interministérielle du numérique", slug="dinum")
    hatvp = AdministrationFactory(name="Haute Autorité pour la transparence", slug="hatvp")
    cour = AdministrationFactory(name="Cour des comptes", slug="cour")
    one = CommitmentFactory(plan=p, number=1, lead_administration=dinum)
    MilestoneFactory(commitment=one, title="Publier", due_date=today - datetime.timedelta(days=10))
    MilestoneFactory(
        commitment=one,
        title="Consulter",
        due_date=today - datetime.timedelta(days=100),
        status="completed",
        completed_on=today - datetime.timedelta(days=120),
        evidence_url="https://www.numerique.gouv.fr/",
    )
    two = CommitmentFactory(plan=p, number=2, lead_administration=hatvp)
    two.co_owners.add(dinum, cour)
    MilestoneFactory(
        commitment=two, title="Ouvrir le registre", due_date=today - datetime.timedelta(days=3)
    )
    CommitmentFactory(plan=p, number=3, lead_administration=None)
    scores_recompute(as_of=today)
    return p


def test_the_league_lists_co_owners_and_the_commitments_without_a_lead(client, plan):
    for url in ("/", f"/administrations/?plan={plan.slug}"):
        body = text(client.get(url))
        assert "Direction interministérielle du numérique" in body
        assert "Haute Autorité pour la transparence" in body
        assert "Cour des comptes" in body, url
    dashboard = text(client.get("/"))
    assert "Co-porteuse seulement : notée sur les engagements qu'elle porte." in dashboard
    assert "Sans administration porteuse 1" in dashboard
    assert "1 engagement ne nomme aucune administration porteuse" in dashboard
    listing = text(client.get(f"/administrations/?plan={plan.slug}"))
    assert "Sans administration porteuse" in listing


def test_an_administration_page_counts_led_and_co_owned_with_their_late_milestones(client, plan):
    body = text(client.get("/administrations/dinum/"))
    assert "Engagements portés 1 et 1 co-porté" in body
    assert "Publier" in body  # late, in the commitment it leads
    assert "Ouvrir le registre" in body  # late, in the commitment it co-owns
    assert body.index("Ouvrir le registre") < body.index("co-porté", body.index("Ouvrir le"))


def test_milestones_completed_on_time_read_the_same_everywhere(client, plan):
    dinum = Administration.objects.get(slug="dinum")
    figures = "1 / 2"  # one on time, out of two counted
    assert Commitment.objects.get(lead_administration=dinum).milestones_completed_on_time == 1
    for url in ("/", f"/administrations/?plan={plan.slug}", "/administrations/dinum/"):
        body = text(client.get(url))
        assert "Jalons réalisés à temps" in body, url
        assert figures in body, url
    assert "Jalons tenus à temps" not in text(client.get("/administrations/"))


def test_a_closed_plans_open_milestones_read_the_same_words_everywhere(client):
    closed = ActionPlanFactory(
        slug="pan-2015-2017",
        status=ActionPlan.Status.CLOSED,
        period_start=D(2015, 7, 1),
        period_end=D(2017, 7, 1),
    )
    lead = AdministrationFactory(slug="hatvp")
    commitment = CommitmentFactory(plan=closed, number=4, lead_administration=lead)
    MilestoneFactory(commitment=commitment, due_date=D(2017, 3, 1))
    scores_recompute(as_of=timezone.localdate())
    words = "non réalisé à la clôture du plan (122 jours après l'échéance)"
    for url in (
        f"/plans/{closed.slug}/",
        "/administrations/hatvp/",
        f"/plans/{closed.slug}/engagements/4/",
    ):
        assert words in text(client.get(url)), url


def test_never_completed_beside_less_than_a_hundred_percent(client):
    p = ActionPlanFactory()
    c = CommitmentFactory(plan=p, number=1)
    MilestoneFactory(
        commitment=c,
        due_date=D(2016, 1, 1),
        status="completed",
        completed_on=D(2016, 1, 1),
        evidence_url="https://x.gouv.fr/",
    )
    indicator = IndicatorFactory(commitment=c, baseline_value=0, target_value=3)
    MeasurementFactory(indicator=indicator, date=D(2016, 1, 1), value=1)
    scores_recompute(as_of=D(2016, 7, 1))
    c.refresh_from_db()
    assert (c.progress, c.status) == (Decimal("66.67"), "milestones_done")
    body = text(client.get(f"/plans/{p.slug}/engagements/1/"))
    assert "Jalons réalisés, cible non atteinte" in body
    assert "Terminé" not in body


def test_the_score_shows_the_rounding_of_its_details(client):
    """The "100 / 100 (49,87 points sur 50)" contradiction: a score of 99.74 reads 99,74."""
    p = ActionPlanFactory()
    c = CommitmentFactory(plan=p, number=1)
    indicator = IndicatorFactory(commitment=c, baseline_value=0, target_value=10000, weight=5)
    MeasurementFactory(indicator=indicator, date=D(2016, 1, 1), value=9974)
    scores_recompute(as_of=D(2016, 7, 1))
    c.refresh_from_db()
    assert (c.points, c.max_points, c.score) == (
        Decimal("49.87"),
        Decimal("50.00"),
        Decimal("99.74"),
    )
    body = text(client.get(f"/plans/{p.slug}/engagements/1/"))
    assert "99,74 / 100 (49,87 points sur 50)" in body
    assert "100 / 100" not in body
    assert "99,7 %" in body and "100 %" not in body  # progress 99.74 is not shown as 100


def test_roll_ups_move_their_plans_and_administrations_in_incremental_sync(client, plan):
    """A watchdog syncing with ``updated_since`` sees a plan and an administration whose
    figures changed, though their own rows did not."""
    before = timezone.now()
    m = plan.commitments.get(number=1).milestones.get(title="Publier")
    m.status, m.completed_on, m.evidence_url = "completed", timezone.localdate(), "https://x.fr/"
    m.save()
    scores_recompute(as_of=timezone.localdate(), commitment_ids=[m.commitment_id])
    since = before.isoformat()
    plans = client.get("/api/v1/plans/", {"updated_since": since}).json()["results"]
    assert [p["slug"] for p in plans] == [plan.slug]
    assert plans[0]["figures_updated_at"] >= since
    admins = client.get("/api/v1/administrations/", {"updated_since": since}).json()
    assert "dinum" in [a["slug"] for a in admins["results"]]
    assert "cour" not in [a["slug"] for a in admins["results"]]
    snapshots = client.get("/api/v1/score-snapshots/", {"updated_since": since}).json()
    assert [s["commitment"] for s in snapshots["results"]] == [m.commitment_id]
    assert snapshots["results"][0]["method_version"] == "v2"
