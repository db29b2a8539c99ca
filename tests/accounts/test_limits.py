"""Rate limits on the e-mails anyone can make the portal send (issue 14, item 5): password
resets and invitations. Counted in the database; over the limit, a clear message and no mail."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.limits import (
    INVITES_PER_EMAIL_PER_DAY,
    RESET_PER_ADDRESS_PER_HOUR,
    RESET_PER_EMAIL_PER_HOUR,
)
from commitments.models import Membership
from resilience.models import RateCounter
from tests.factories import AdministrationFactory, CommitmentFactory
from tests.public.test_redis_outage import redis_broken

from .test_workspace import cast_of_users

pytestmark = pytest.mark.django_db


def test_password_reset_requests_for_one_address_are_limited(client, django_user_model):
    django_user_model.objects.create_user("agent", "agent@ministere.gouv.fr", "x")
    for _ in range(RESET_PER_EMAIL_PER_HOUR):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "agent@ministere.gouv.fr"})
        assert response.status_code == 302
    refused = client.post("/compte/mot-de-passe/oubli/", {"email": "Agent@Ministere.gouv.fr"})
    assert refused.status_code == 200
    assert "Trop de demandes de réinitialisation" in refused.content.decode()
    assert len(mail.outbox) == RESET_PER_EMAIL_PER_HOUR


def test_password_reset_requests_from_one_client_are_limited_whatever_the_address(client):
    for i in range(RESET_PER_ADDRESS_PER_HOUR):
        client.post("/compte/mot-de-passe/oubli/", {"email": f"personne{i}@x.fr"})
    refused = client.post("/compte/mot-de-passe/oubli/", {"email": "encore@x.fr"})
    assert "Trop de demandes" in refused.content.decode()
    other = client.post(
        "/compte/mot-de-passe/oubli/", {"email": "encore@x.fr"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
def test_password_reset_limits_hold_during_a_redis_outage(client, settings, outage):
    with redis_broken(outage, settings):
        for i in range(RESET_PER_ADDRESS_PER_HOUR):
            assert (
                client.post("/compte/mot-de-passe/oubli/", {"email": f"p{i}@x.fr"}).status_code
                == 302
            )
        refused = client.post("/compte/mot-de-passe/oubli/", {"email": "q@x.fr"})
        assert "Trop de demandes" in refused.content.decode()


def test_invitations_to_one_address_are_limited(client, django_capture_on_commit_callbacks):
    commitment = CommitmentFactory()
    client.force_login(cast_of_users(commitment)["coordinator"])
    admin = AdministrationFactory()
    for _ in range(INVITES_PER_EMAIL_PER_DAY):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/espace/coordination/inviter/",
                {"email": "lent@hatvp.fr", "administration": admin.pk},
            )
        assert response.status_code == 302
    sent = len(mail.outbox)
    refused = client.post(
        "/espace/coordination/inviter/", {"email": "LENT@hatvp.fr", "administration": admin.pk}
    )
    assert refused.status_code == 429
    assert "invitations envoyées en peu de temps" in refused.content.decode()
    assert len(mail.outbox) == sent
    assert Membership.objects.filter(administration=admin).count() == 1
    assert RateCounter.objects.filter(key__startswith="invite:").count() == 2
