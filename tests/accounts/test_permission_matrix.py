"""Every write action of the forms × anonymous / owner / co-owner / outsider / coordinator /
civil-society reviewer (issue 12: being a reviewer gives no right on commitments' data).

Refused writes answer a redirect to log in (anonymous), 404 or 403, and change nothing."""

from __future__ import annotations

import datetime

import pytest

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
    cast = cast_of_users(commitment)
    reviewer = UserFactory(username="evaluatrice")
    ReviewerMembership.objects.create(
        user=reviewer, organisation=Organisation.objects.create(name="Asso", slug="asso")
    )
    return {
        "commitment": commitment,
        "milestone": MilestoneFactory(commitment=commitment),
        "indicator": IndicatorFactory(commitment=commitment),
        "cast": cast | {"reviewer": reviewer},
    }


def state():
    return (
        list(Milestone.objects.values_list("status", "completed_on", "due_date")),
        list(Measurement.objects.values_list("date", "value")),
        list(Commitment.objects.values_list("cost_amount", "contact_name")),
        AuditRecord.objects.count(),
    )


ACTIONS = {
    "complete a milestone": lambda w: (
        f"/espace/jalons/{w['milestone'].pk}/",
        {
            "status": "completed",
            "completed_on": YESTERDAY,
            "evidence_url": "https://www.data.gouv.fr/fr/datasets/x/",
            "due_date": w["milestone"].due_date.isoformat(),
        },
    ),
    "record a measurement": lambda w: (
        f"/espace/indicateurs/{w['indicator'].pk}/mesure/",
        {"date": YESTERDAY, "value": "55", "source": "data.gouv.fr"},
    ),
    "edit implementation": lambda w: (
        f"/espace/engagements/{w['commitment'].pk}/mise-en-oeuvre/",
        {"cost_amount": "120000", "contact_name": "Jeanne Martin"},
    ),
}
WHO = {
    "anonymous": False,
    "owner": True,
    "co_owner": True,
    "outsider": False,
    "coordinator": True,
    "reviewer": False,
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", WHO)
def test_form_write_matrix(client, world, action, who):
    url, data = ACTIONS[action](world)
    if who != "anonymous":
        client.force_login(world["cast"][who])
    before = state()
    page = client.get(url)
    response = client.post(url, data)
    if WHO[who]:
        assert page.status_code == 200
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == f"/espace/engagements/{world['commitment'].pk}/"
        assert state() != before
        assert AuditRecord.objects.count() == before[3] + 1
        assert AuditRecord.objects.first().actor == world["cast"][who]
    else:
        expected = (302,) if who == "anonymous" else (403, 404)
        assert page.status_code in expected
        assert response.status_code in expected
        if who == "anonymous":
            assert response["Location"].startswith("/compte/connexion/")
        assert state() == before


@pytest.mark.parametrize("url", ["/espace/coordination/inviter/", "/espace/coordination/import/"])
@pytest.mark.parametrize("who", ["owner", "outsider", "reviewer"])
def test_coordination_pages_are_for_coordinators_only(client, world, url, who):
    client.force_login(world["cast"][who])
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "x@y.fr"}).status_code == 403


def test_an_outsider_cannot_see_the_edit_page_of_another_administration(client, world):
    client.force_login(world["cast"]["outsider"])
    assert client.get(f"/espace/engagements/{world['commitment'].pk}/").status_code == 404
