"""A citizen follows a commitment by e-mail: subscribes, confirms through the link e-mailed to
her, a contributor completes a milestone, the digest job runs, and the e-mail (locmem backend)
holds the change and a working unsubscribe link (with and without JavaScript)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from commitments.models import Membership
from subscriptions.models import Subscription
from subscriptions.services import digests_send
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_follows_a_commitment_and_gets_the_change_by_email(
    live_server, browser, page, mailoutbox, settings, screenshot
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    plan = ActionPlanFactory(
        slug="pan-en-cours",
        period_start=today - datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=400),
    )
    hatvp = AdministrationFactory(name="Haute Autorité pour la transparence de la vie publique")
    commitment = CommitmentFactory(
        plan=plan, number=6, lead_administration=hatvp, title="Publier les déclarations"
    )
    milestone = MilestoneFactory(
        commitment=commitment,
        title="Publier les déclarations d'intérêts en XML",
        due_date=today + datetime.timedelta(days=20),
    )
    agent = UserFactory(username="agente.hatvp", email="agente@hatvp.fr")
    agent.set_password("Transparence-2017!")
    agent.save()
    Membership.objects.create(user=agent, administration=hatvp)

    # The citizen subscribes from the commitment's page, daily.
    page.goto(f"{live_server.url}/plans/{plan.slug}/engagements/{commitment.number}/")
    page.get_by_role("link", name="Suivre par courriel").click()
    page.get_by_label("Votre adresse électronique").fill("citoyenne@example.org")
    page.get_by_label("Fréquence").select_option("daily")
    page.get_by_role("button", name="M'abonner").click()
    page.get_by_role("heading", name="Vérifiez votre messagerie").wait_for()
    screenshot(page, "30-abonnement-demande")
    assert len(mailoutbox) == 1
    confirm = re.search(r"(http\S+/suivre/confirmer/\S+/)", mailoutbox[0].body).group(1)

    # She confirms through the link.
    page.goto(confirm)
    page.get_by_role("button", name="Confirmer mon abonnement").click()
    page.get_by_text("est confirmé").wait_for()
    assert Subscription.objects.get().confirmed_at is not None

    # A contributor completes the milestone.
    agent_page = browser.new_context(locale="fr-FR").new_page()
    agent_page.goto(live_server.url + "/compte/connexion/")
    agent_page.get_by_label("Nom d’utilisateur").fill("agente.hatvp")
    agent_page.get_by_label("Mot de passe").fill("Transparence-2017!")
    agent_page.get_by_role("button", name="Se connecter").click()
    agent_page.wait_for_url("**/espace/")
    agent_page.goto(f"{live_server.url}/espace/jalons/{milestone.pk}/")
    agent_page.get_by_label("État").select_option("completed")
    agent_page.get_by_label("Réalisé le").fill(today.isoformat())
    agent_page.get_by_label("Lien vers la preuve").fill("https://www.hatvp.fr/open-data/")
    agent_page.get_by_role("button", name="Enregistrer").click()
    agent_page.wait_for_url(f"**/espace/engagements/{commitment.pk}/")
    agent_page.context.close()

    # The digest job runs the next morning (twice: the second run sends nothing).
    tomorrow = today + datetime.timedelta(days=1)
    assert len(digests_send(as_of=tomorrow).sent) == 1
    assert digests_send(as_of=tomorrow).sent == []
    digest = mailoutbox[-1]
    assert len(mailoutbox) == 2 and digest.to == ["citoyenne@example.org"]
    assert "Jalon réalisé : Publier les déclarations d'intérêts en XML" in digest.body
    leave = re.search(r"(http\S+/suivre/desabonner/\S+/)", digest.body).group(1)
    assert digest.extra_headers["List-Unsubscribe"] == f"<{leave}>"

    # She also follows the plan; that link works in a browser without JavaScript: opening it
    # changes nothing, its one button unsubscribes.
    plan_follow = Subscription.objects.create(
        email="citoyenne@example.org",
        target="plan",
        target_key=Subscription.make_target_key("plan", plan.pk),
        plan=plan,
        confirmed_at=timezone.now(),
    )
    no_script = browser.new_context(locale="fr-FR", java_script_enabled=False).new_page()
    no_script.goto(f"{live_server.url}/suivre/desabonner/{plan_follow.token}/")
    assert Subscription.objects.filter(pk=plan_follow.pk).exists()
    no_script.get_by_role("button", name="Me désabonner").click()
    no_script.get_by_role("heading", name="Désabonnement effectué").wait_for()
    no_script.context.close()
    assert not Subscription.objects.filter(pk=plan_follow.pk).exists()

    # The digest's unsubscribe link works in the ordinary (JavaScript) browser too.
    page.goto(leave)
    page.get_by_role("button", name="Me désabonner").click()
    page.get_by_role("heading", name="Désabonnement effectué").wait_for()
    screenshot(page, "31-desabonnement")
    assert not Subscription.objects.exists()
