"""A contributor logs in, marks a milestone completed with its evidence, and the public
commitment page then shows the new status, the new progress and the history entry."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from commitments.models import AuditRecord, Membership
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contributor_completes_a_milestone_and_the_public_page_shows_it(
    live_server, page, screenshot
):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        slug="pan-en-cours",
        period_start=today - datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=400),
    )
    hatvp = AdministrationFactory(name="Haute Autorité pour la transparence de la vie publique")
    commitment = CommitmentFactory(
        plan=plan,
        number=6,
        lead_administration=hatvp,
        title="Publier les déclarations en open data",
    )
    late = MilestoneFactory(
        commitment=commitment,
        title="Publier les déclarations d'intérêts en XML",
        due_date=today - datetime.timedelta(days=10),
    )
    MilestoneFactory(
        commitment=commitment,
        title="Rendre la télédéclaration obligatoire",
        due_date=today + datetime.timedelta(days=60),
    )
    scores_recompute(as_of=today)
    agent = UserFactory(username="agente.hatvp", email="agente@hatvp.fr")
    agent.set_password("Transparence-2017!")
    agent.save()
    Membership.objects.create(user=agent, administration=hatvp)

    public_url = f"{live_server.url}/plans/{plan.slug}/engagements/{commitment.number}/"
    page.goto(public_url)
    assert "0\u202f%" in page.locator("#avancement-titre").locator("..").inner_text()

    page.goto(live_server.url + "/espace/")
    assert "/compte/connexion/" in page.url
    page.get_by_label("Nom d’utilisateur").fill("agente.hatvp")
    page.get_by_label("Mot de passe").fill("Transparence-2017!")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/")
    assert page.get_by_role("heading", name="Jalons en retard (1)").is_visible()
    screenshot(page, "10-espace-contributrice")

    page.get_by_role("link", name=f"Mettre à jour : {late.title}").first.click()
    page.get_by_label("État").select_option("completed")
    page.get_by_label("Réalisé le").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Lien vers la preuve").fill("https://www.hatvp.fr/open-data/")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/espace/engagements/{commitment.pk}/")
    assert page.get_by_text("Le jalon est mis à jour").is_visible()
    screenshot(page, "11-jalon-enregistre")

    record = AuditRecord.objects.get(object_type="milestone", object_id=late.pk)
    assert (record.actor, record.source) == (agent, "form")

    page.goto(public_url)
    progress = page.locator("#avancement-titre").locator("..").inner_text()
    assert "50\u202f%" in progress  # one of two milestones completed, no indicator
    milestones = page.locator("#jalons-titre").locator("..")
    done = milestones.locator("li", has_text=late.title)
    assert "Réalisé le" in done.inner_text()
    history = page.locator("#historique")
    history.get_by_text("Voir l'historique").click()  # the history is folded
    assert late.title in history.inner_text()
    assert "agente.hatvp" in history.inner_text() or "hatvp.fr" in history.inner_text()
    screenshot(page, "12-page-publique-apres-mise-a-jour")
