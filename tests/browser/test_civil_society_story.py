"""Civil society inside the loop, in a real browser: a reviewer publishes an assessment that
disagrees with the self-assessment, and the flag shows on the commitment page, the dashboard and
the list filter; a citizen asks a question, confirms the address, a contributor answers, and the
answer shows publicly."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from civilsociety.models import Organisation, ReviewerMembership, SelfAssessment
from commitments.models import Membership
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, email: str):
    user = UserFactory(username=username, email=email)
    user.set_password("Gouvernement-Ouvert-2026!")
    user.save()
    return user


def _log_in(page, base: str, username: str, then: str) -> None:
    page.goto(base + then)
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("Gouvernement-Ouvert-2026!")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**" + then)


def test_a_disagreement_and_a_question_answered(live_server, browser, screenshot):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        slug="pan-societe-civile",
        period_start=today - datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=400),
    )
    ministry = AdministrationFactory(name="Ministère de la Transformation publique", slug="mtp")
    commitment = CommitmentFactory(
        plan=plan, number=3, lead_administration=ministry, title="Publier les décrets en open data"
    )
    MilestoneFactory(commitment=commitment, due_date=today + datetime.timedelta(days=30))
    scores_recompute(as_of=today)
    SelfAssessment.objects.create(commitment=commitment, level="complete", set_on=today)
    org = Organisation.objects.create(name="Regards Citoyens", slug="regards-citoyens")
    reviewer = _user("evaluatrice", "evaluatrice@regardscitoyens.example.org")
    ReviewerMembership.objects.create(user=reviewer, organisation=org)
    agent = _user("agent.mtp", "agent@mtp.example.gouv.fr")
    Membership.objects.create(user=agent, administration=ministry)
    base = live_server.url
    public_url = f"{base}/plans/{plan.slug}/engagements/{commitment.number}/"

    # 1. The reviewer publishes an assessment that disagrees
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    _log_in(page, base, "evaluatrice", "/espace/societe-civile/")
    page.get_by_role("link", name=re.compile("engagement 3")).first.click()
    page.get_by_label("Niveau d'achèvement (échelle OGP)").select_option("limited")
    page.get_by_label("L'engagement est-il dans les temps ?").select_option("no")
    page.locator("#id_text").fill("Seuls deux décrets sur dix sont publiés.")
    page.get_by_label("Liens vers les preuves").fill("https://www.legifrance.gouv.fr/")
    page.get_by_role("button", name="Publier l'évaluation").click()
    page.wait_for_url("**/espace/societe-civile/")
    assert page.get_by_text("Votre évaluation est publiée.").is_visible()
    context.close()

    # 2. The flag on the commitment page, the dashboard and the list filter
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    citizen = context.new_page()
    citizen.goto(public_url)
    assert citizen.locator("#desaccord").is_visible()
    panel = citizen.locator("#societe-civile").inner_text()
    assert "Regards Citoyens" in panel and "Complet" in panel and "Limité" in panel
    assert "2 niveaux en dessous" in panel
    screenshot(citizen, "civil-1-desaccord")
    citizen.goto(f"{base}/plans/{plan.slug}/")
    assert "Regards Citoyens" in citizen.locator("#desaccords").locator("..").inner_text()
    citizen.goto(f"{base}/engagements/")
    citizen.locator("label[for=f-disagreement]").click()  # the DSFR box is drawn on the label
    citizen.get_by_role("button", name="Afficher les engagements").click()
    citizen.wait_for_url("**disagreement=true**")
    assert citizen.get_by_role(
        "link", name=re.compile("Publier les décrets en open data")
    ).first.is_visible()

    # 3. A citizen asks a question and confirms the address
    citizen.goto(public_url)
    citizen.get_by_role("link", name="Poser une question").click()
    citizen.get_by_label(re.compile("^Nom affiché")).fill("Camille")
    citizen.get_by_label(re.compile("^Adresse électronique")).fill("camille@example.org")
    citizen.get_by_label(re.compile("^Votre question")).fill(
        "Quand les huit décrets manquants seront-ils publiés ?"
    )
    citizen.get_by_role("button", name="Envoyer ma question").click()
    # the answer comes back at the same address: wait for it (is_visible() does not wait)
    expect(citizen.get_by_text("Vérifiez votre messagerie")).to_be_visible()
    link = re.search(r"https?://\S+/questions/confirmer/\S+/", mail.outbox[-1].body)[0]
    path = link.split("/questions/", 1)[1]
    citizen.goto(f"{base}/questions/{path}")
    assert citizen.get_by_text("Merci : votre question est publiée").is_visible()
    assert any("agent@mtp.example.gouv.fr" in m.to for m in mail.outbox)

    # 4. A contributor answers in the workspace
    agent_context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    agent_context.set_default_timeout(15_000)
    agent_page = agent_context.new_page()
    _log_in(agent_page, base, "agent.mtp", "/espace/societe-civile/")
    agent_page.get_by_role("link", name=re.compile("question de Camille")).click()
    agent_page.get_by_label(re.compile("Réponse publique")).fill(
        "Les huit décrets paraîtront d'ici juin ; le calendrier est en ligne."
    )
    agent_page.get_by_role("button", name="Publier la réponse").click()
    agent_page.wait_for_url("**/espace/societe-civile/")
    agent_context.close()

    # 5. The answer shows publicly, signed by the administration
    citizen.goto(public_url)
    questions = citizen.locator("#questions").inner_text()
    assert "Les huit décrets paraîtront d'ici juin" in questions
    assert "Réponse de Ministère de la Transformation publique" in questions
    assert "camille@example.org" not in citizen.content()
    screenshot(citizen, "civil-2-reponse")
    context.close()
