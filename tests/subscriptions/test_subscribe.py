"""Subscribing without an account: double opt-in, the honeypot and the rate limits, one-click
unsubscribe (with and without JavaScript), erasure of unconfirmed addresses after 7 days."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from subscriptions import services
from subscriptions.models import Subscription
from subscriptions.services import purge_unconfirmed

from .conftest import follow

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://pgo\.example\.gouv\.fr(/suivre/confirmer/[\w-]+/)")


def subscribe_page(world):
    return f"/suivre/?suivi=commitment&id={world.commitment.pk}"


def post(client, world, **data):
    fields = {
        "suivi": "commitment",
        "id": world.commitment.pk,
        "email": "Citoyenne@Example.org",
        "frequency": "weekly",
        "website": "",
    }
    fields.update(data)
    return client.post("/suivre/", fields)


def test_double_opt_in(world, client, mailoutbox):
    page = client.get(subscribe_page(world))
    assert page.status_code == 200
    assert "Ouvrir les données de la commande publique" in page.content.decode()

    response = post(client, world)
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in response.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.confirmed_at) == ("citoyenne@example.org", None)
    assert subscription.target_key == f"commitment:{world.commitment.pk}"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["citoyenne@example.org"]
    path = LINK.search(mailoutbox[0].body).group(1)

    shown = client.get(path)  # a mail scanner opening the link changes nothing
    assert shown.status_code == 200 and "Confirmer mon abonnement" in shown.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    confirmed = client.post(path)
    assert "est confirmé" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_the_confirmation_is_sent_in_the_visitors_language(world, client, mailoutbox):
    client.cookies["django_language"] = "en"
    post(client, world)
    assert mailoutbox[0].subject == "[OGP] Confirm your subscription"
    assert "commitment 12 “Open public procurement data”" in mailoutbox[0].body
    assert Subscription.objects.get().language == "en"


def test_a_confirmed_address_is_left_alone_and_the_answer_reveals_nothing(
    world, client, mailoutbox
):
    follow("citoyenne@example.org", world.commitment, frequency="daily")
    response = post(client, world)
    assert "Vérifiez votre messagerie" in response.content.decode()
    assert mailoutbox == []
    assert Subscription.objects.get().frequency == "daily"


def test_the_honeypot_catches_robots_silently(world, client, mailoutbox):
    response = post(client, world, website="http://spam.example")
    assert "Vérifiez votre messagerie" in response.content.decode()
    assert not Subscription.objects.exists() and mailoutbox == []


def test_a_bad_address_is_a_clear_french_error_and_changes_nothing(world, client, mailoutbox):
    response = post(client, world, email="pas-une-adresse")
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Subscription.objects.exists() and mailoutbox == []


@pytest.mark.parametrize("query", ["suivi=commitment&id=999999", "suivi=user&id=1", "id=1", ""])
def test_only_published_things_can_be_followed(world, client, query):
    assert client.get(f"/suivre/?{query}").status_code == 404


def test_a_draft_plans_commitment_cannot_be_followed(world, client):
    world.plan.published = False
    world.plan.save()
    assert client.get(subscribe_page(world)).status_code == 404
    with pytest.raises(services.SubscriptionError):
        services.subscribe(email="a@b.fr", target="commitment", target_id=world.commitment.pk)


def test_requests_are_limited_per_connection(world, client, mailoutbox):
    for n in range(services.MAX_REQUESTS_PER_IP):
        assert post(client, world, email=f"p{n}@example.org").status_code == 200
    refused = post(client, world, email="one-more@example.org")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert not Subscription.objects.filter(email="one-more@example.org").exists()


def test_confirmations_to_one_address_are_limited(world, mailoutbox):
    for n in range(services.MAX_CONFIRMATIONS_PER_ADDRESS + 2):
        services.subscribe(
            email="victim@example.org",
            target="commitment",
            target_id=world.commitment.pk,
            client=f"10.0.0.{n}",
        )
    assert len(mailoutbox) == services.MAX_CONFIRMATIONS_PER_ADDRESS
    assert Subscription.objects.count() == 1


def test_unsubscribe_without_javascript_is_a_link_then_one_button(world, mailoutbox):
    subscription = follow("citoyenne@example.org", world.commitment)
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/suivre/desabonner/{subscription.token}/")
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    assert Subscription.objects.exists()  # opening the link alone changes nothing
    done = client.post(f"/suivre/desabonner/{subscription.token}/")
    assert done.status_code == 200 and "Votre adresse a été effacée" in done.content.decode()
    assert not Subscription.objects.exists()
    again = client.post(f"/suivre/desabonner/{subscription.token}/")
    assert again.status_code == 200


def test_unknown_confirmation_links_are_a_clear_404(world, client):
    response = client.get("/suivre/confirmer/inconnu/")
    assert response.status_code == 404
    assert "Lien inconnu ou expiré" in response.content.decode()


def test_unconfirmed_addresses_are_erased_after_seven_days(world):
    now = timezone.now()
    old = follow("old@example.org", world.commitment, confirmed=False)
    fresh = follow("fresh@example.org", world.commitment, confirmed=False)
    confirmed = follow("kept@example.org", world.commitment)
    Subscription.objects.filter(pk__in=[old.pk, confirmed.pk]).update(
        created_at=now - datetime.timedelta(days=7, minutes=1)
    )
    Subscription.objects.filter(pk=fresh.pk).update(
        created_at=now - datetime.timedelta(days=6, hours=23)
    )
    assert purge_unconfirmed(now=now) == 1
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "kept@example.org",
    }
    assert purge_unconfirmed(now=now + datetime.timedelta(hours=2)) == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["kept@example.org"]


def test_the_public_pages_offer_to_follow_by_email(world, client):
    commitment_page = client.get(
        f"/plans/{world.plan.slug}/engagements/{world.commitment.number}/"
    ).content.decode()
    assert f"/suivre/?suivi=commitment&amp;id={world.commitment.pk}" in commitment_page
    administration_page = client.get(f"/administrations/{world.lead.slug}/").content.decode()
    assert f"/suivre/?suivi=administration&amp;id={world.lead.pk}" in administration_page
    notice = client.get("/mentions-legales/").content.decode()
    assert 'id="abonnements"' in notice and "effacée au bout de 7 jours" in notice
