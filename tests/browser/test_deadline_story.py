"""The story that motivated method v2, in the browser: a contributor moves a 2017 deadline of
the closed 2015-2017 plan to 31/12/2026 "Nouveau calendrier." and the coordination team
approves it. The score does not move, and the move is visible in the public history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import ActionPlan, Commitment, Membership, Profile
from milestones.models import MilestoneRevision
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/compte/connexion/?next=/espace/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/")


def test_a_past_deadline_moved_after_the_fact_changes_no_point(live_server, page, screenshot):
    plan = ActionPlanFactory(
        slug="pan-2015-2017",
        status=ActionPlan.Status.CLOSED,
        period_start=D(2015, 7, 16),
        period_end=D(2017, 7, 16),
    )
    ministry = AdministrationFactory(name="Ministère de l'Économie", slug="economie")
    commitment = CommitmentFactory(
        plan=plan, number=2, lead_administration=ministry, title="Ouvrir les données des marchés"
    )
    milestone = MilestoneFactory(
        commitment=commitment,
        title="Publier les données essentielles des marchés",
        due_date=D(2017, 3, 1),
    )
    today = timezone.localdate()
    scores_recompute(as_of=today)
    before = Commitment.objects.get(pk=commitment.pk)
    assert (before.points, before.score, before.late_milestones) == (Decimal(-5), 0, 1)

    agent = UserFactory(username="agent.economie", email="agent@finances.gouv.fr")
    agent.set_password("Marches-Publics-2017!")
    agent.save()
    Membership.objects.create(user=agent, administration=ministry)
    coordinator = get_user_model().objects.create_user(
        "coordinatrice", "coordination@pgo.gouv.fr", "Coordination-PGO-2017!"
    )
    Profile.objects.create(user=coordinator, is_coordinator=True)

    # the contributor asks for a new deadline, years after the old one has passed
    log_in(page, live_server, "agent.economie", "Marches-Publics-2017!")
    page.goto(f"{live_server.url}/espace/jalons/{milestone.pk}/demande/")
    assert page.get_by_text("ne changera ni le score ni le retard").is_visible()
    page.get_by_label("Demande").select_option("reschedule")
    page.get_by_label("Nouvelle échéance demandée").fill("2026-12-31")
    page.get_by_label("Motif (public)").fill("Nouveau calendrier.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(f"**/espace/engagements/{commitment.pk}/")
    screenshot(page, "20-demande-de-report-tardive")
    page.context.clear_cookies()

    # the coordination team approves it
    log_in(page, live_server, "coordinatrice", "Coordination-PGO-2017!")
    page.goto(live_server.url + "/espace/coordination/demandes/")
    assert page.get_by_text("après l'échéance").first.is_visible()
    page.get_by_role("link", name=f"Décider : {milestone.title}").click()
    page.get_by_label("Valider").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url("**/espace/coordination/demandes/")
    revision = MilestoneRevision.objects.get()
    assert (revision.status, revision.timely) == ("approved", False)
    page.context.clear_cookies()

    # the score did not move; the move is public
    after = Commitment.objects.get(pk=commitment.pk)
    assert (after.points, after.score, after.late_milestones) == (Decimal(-5), 0, 1)
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.reference_due_date) == (D(2026, 12, 31), D(2017, 3, 1))

    page.goto(f"{live_server.url}/plans/{plan.slug}/engagements/{commitment.number}/")
    timeline = page.locator("#jalons-titre").locator("..")
    item = timeline.locator("li", has_text=milestone.title).first
    text = item.inner_text()
    assert "reporté après l'échéance" in text.lower()  # badges are in capitals
    assert "non réalisé à la clôture du plan" in text.lower()
    assert "Report au 31 décembre 2026" in text and "Nouveau calendrier." in text
    sidebar = page.locator("main").inner_text()
    assert "0 / 100" in sidebar
    page.locator("#historique").get_by_text("Voir l'historique").click()  # folded
    history = page.locator("#historique").inner_text()
    assert "Nouveau calendrier." in history
    screenshot(page, "21-report-tardif-public")
