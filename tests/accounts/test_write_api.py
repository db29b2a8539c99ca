"""The write API: same actions, same services, same rules as the forms; tokens per user."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import AuditRecord, Commitment
from indicators.models import Measurement
from milestones.models import Milestone
from tests.factories import (
    CommitmentFactory,
    IndicatorFactory,
    MilestoneFactory,
    UserFactory,
    cast_of_users,
)

pytestmark = pytest.mark.django_db
YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def world():
    from civilsociety.models import Organisation, ReviewerMembership

    commitment = CommitmentFactory()
    # a civil-society reviewer (issue 12) has no right on commitments' data
    reviewer = UserFactory(username="evaluatrice")
    ReviewerMembership.objects.create(
        user=reviewer, organisation=Organisation.objects.create(name="Asso", slug="asso")
    )
    return {
        "commitment": commitment,
        "milestone": MilestoneFactory(commitment=commitment),
        "indicator": IndicatorFactory(commitment=commitment),
        "cast": cast_of_users(commitment) | {"reviewer": reviewer},
    }


def state():
    return (
        list(Milestone.objects.values_list("status", "completed_on")),
        list(Measurement.objects.values_list("date", "value")),
        list(Commitment.objects.values_list("cost_amount", "contact_name")),
        AuditRecord.objects.count(),
    )


ACTIONS = {
    "milestone status": lambda w: (
        "post",
        f"/api/v1/milestones/{w['milestone'].pk}/status/",
        {
            "status": "completed",
            "completed_on": YESTERDAY,
            "evidence_url": "https://www.data.gouv.fr/x",
        },
        200,
    ),
    "measurement": lambda w: (
        "post",
        f"/api/v1/indicators/{w['indicator'].pk}/measurements/",
        {"date": YESTERDAY, "value": "55.5", "source": "data.gouv.fr"},
        201,
    ),
    "implementation": lambda w: (
        "patch",
        f"/api/v1/commitments/{w['commitment'].pk}/implementation/",
        {"cost_amount": "120000", "contact_name": "Jeanne Martin"},
        200,
    ),
}
WHO = {
    "anonymous": 401,
    "owner": None,
    "co_owner": None,
    "outsider": 403,
    "coordinator": None,
    "reviewer": 403,
}


def client_for(user) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", WHO)
def test_api_write_matrix(world, action, who):
    method, url, data, ok = ACTIONS[action](world)
    user = world["cast"][who]
    before = state()
    response = getattr(client_for(user), method)(url, data, format="json")
    refused = WHO[who]
    if refused:
        assert response.status_code == refused, response.content
        assert "detail" in response.json()
        assert state() == before
    else:
        assert response.status_code == ok, response.content
        assert state() != before
        record = AuditRecord.objects.first()
        assert (record.actor, record.source) == (user, "api")


def test_a_bad_field_is_a_400_naming_it_and_nothing_changes(world):
    client = client_for(world["cast"]["owner"])
    before = state()
    response = client.post(
        f"/api/v1/milestones/{world['milestone'].pk}/status/",
        {"status": "completed"},
        format="json",
    )
    assert response.status_code == 400
    assert "completed_on" in response.json()["errors"]
    response = client.post(
        f"/api/v1/indicators/{world['indicator'].pk}/measurements/",
        {"date": "hier", "value": "beaucoup"},
        format="json",
    )
    assert response.status_code == 400
    assert {"date", "value"} <= set(response.json()["errors"])
    assert state() == before


def test_a_correction_on_the_same_date_answers_200(world):
    client = client_for(world["cast"]["owner"])
    url = f"/api/v1/indicators/{world['indicator'].pk}/measurements/"
    assert client.post(url, {"date": YESTERDAY, "value": 10}, format="json").status_code == 201
    assert client.post(url, {"date": YESTERDAY, "value": 12}, format="json").status_code == 200
    assert Measurement.objects.get().value == 12


def test_an_unknown_object_is_a_404(world):
    client = client_for(world["cast"]["coordinator"])
    assert (
        client.post(
            "/api/v1/milestones/999999/status/", {"status": "planned"}, format="json"
        ).status_code
        == 404
    )


def test_the_write_operations_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/milestones/{id}/status/",
        "/api/v1/indicators/{id}/measurements/",
        "/api/v1/commitments/{id}/implementation/",
    ):
        assert path in schema["paths"], sorted(schema["paths"])


def test_the_workspace_gives_a_token_that_replaces_the_old_one(client, world):
    owner = world["cast"]["owner"]
    client.force_login(owner)
    client.post("/espace/jeton/")
    first = Token.objects.get(user=owner).key
    assert first in client.get("/espace/jeton/").content.decode()
    client.post("/espace/jeton/")
    assert Token.objects.get(user=owner).key != first
