"""Atom feeds of the public history: a plan, a commitment, an administration."""

from __future__ import annotations

import pytest

from commitments.audit import audit_record
from commitments.models import Commitment
from tests.factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def test_the_plan_feed_lists_recorded_changes(client, demo):
    c = Commitment.objects.get(plan=demo, number=3)
    audit_record(
        instance=c,
        action="update",
        source="form",
        actor_label="agent-cndp",
        changes={"contact_name": ["", "Alex Dupont"]},
        justification="Nomination",
    )
    response = client.get(f"/plans/{demo.slug}/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<feed" in xml and 'xml:lang="fr"' in xml
    assert "Modification — engagement" in xml
    assert "Alex Dupont" in xml and "Nomination" in xml
    assert f"/plans/{demo.slug}/engagements/3/#historique" in xml
    assert "données illustratives" in xml


def test_commitment_and_administration_feeds(client, demo):
    xml = client.get(f"/plans/{demo.slug}/engagements/1/flux.atom").content.decode()
    assert xml.count("<entry>") >= 1
    assert "<entry>" in client.get("/administrations/hatvp/flux.atom").content.decode()


def test_feeds_of_unpublished_or_unknown_objects_are_404(client, db):
    CommitmentFactory(plan=ActionPlanFactory(published=False, slug="brouillon"), number=1)
    assert client.get("/plans/brouillon/flux.atom").status_code == 404
    assert client.get("/plans/brouillon/engagements/1/flux.atom").status_code == 404
    assert client.get("/administrations/nope/flux.atom").status_code == 404
