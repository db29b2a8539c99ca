"""The coordination team decides what becomes of one proposal from the workspace."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import AuditRecord
from consultations.importer import proposals_import
from consultations.models import Proposal
from consultations.services import proposal_decide
from tests.factories import CommitmentFactory

from .conftest import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(cast):
    assert proposals_import(data=GOOD, filename="p.csv", actor=cast.coordinator).ok
    return Proposal.objects.get(external_id="P5")  # under review


def url(proposal) -> str:
    return f"/espace/coordination/propositions/{proposal.pk}/"


def test_a_coordinator_links_a_proposal_to_commitments(cast, proposal, client):
    client.force_login(cast.coordinator)
    assert client.get(url(proposal)).status_code == 200
    third = cast.commitments[2]
    response = client.post(url(proposal), {"outcome": "retained", "commitments": [third.pk]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == "retained"
    assert list(proposal.commitments.all()) == [third]
    record = AuditRecord.objects.filter(object_type="proposal", object_id=proposal.pk).first()
    assert record.actor == cast.coordinator and record.source == "form"
    assert record.changes["outcome"] == ["pending", "retained"]
    listing = client.get("/espace/coordination/consultations/consultation-pan-2015/")
    assert "Décider : P5" in listing.content.decode()


def test_not_retained_without_a_reason_is_refused_in_french_and_changes_nothing(
    cast, proposal, client
):
    client.force_login(cast.coordinator)
    audits = AuditRecord.objects.count()
    response = client.post(url(proposal), {"outcome": "not_retained", "reason": "  "})
    assert response.status_code == 400
    assert "doit dire pourquoi" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.outcome == "pending" and AuditRecord.objects.count() == audits


def test_a_commitment_of_another_plan_is_refused(cast, proposal):
    elsewhere = CommitmentFactory()
    with pytest.raises(ValidationError) as error:
        proposal_decide(
            proposal=proposal,
            outcome="retained",
            reason="",
            commitment_ids=[elsewhere.pk],
            actor=cast.coordinator,
        )
    assert "commitments" in error.value.message_dict
    assert not proposal.commitments.exists()


def test_only_the_coordination_team_decides(cast, proposal, client):
    with pytest.raises(PermissionDenied):
        proposal_decide(
            proposal=proposal,
            outcome="not_retained",
            reason="non",
            commitment_ids=[],
            actor=cast.contributor,
        )
    client.force_login(cast.contributor)
    assert client.get(url(proposal)).status_code == 403
    response = client.post(url(proposal), {"outcome": "not_retained", "reason": "non"})
    assert response.status_code == 403
    assert (
        client.get("/espace/coordination/consultations/consultation-pan-2015/").status_code == 403
    )
    proposal.refresh_from_db()
    assert proposal.outcome == "pending"


def test_saving_the_same_decision_twice_records_it_once(cast, proposal):
    kwargs = {
        "proposal": proposal,
        "outcome": "not_retained",
        "reason": "Déjà fait",
        "commitment_ids": [],
        "actor": cast.coordinator,
    }
    assert proposal_decide(**kwargs) is True
    assert proposal_decide(**kwargs) is False
    assert AuditRecord.objects.filter(object_type="proposal", object_id=proposal.pk).count() == 2
