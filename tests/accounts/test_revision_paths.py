"""Method v2 on every path: requesting a new due date or a cancellation, deciding it, and
explaining a delay, through the workspace forms and the write API, for anonymous / owner /
co-owner / outsider / coordinator. Every refusal changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import AuditRecord
from milestones.models import Milestone, MilestoneRevision
from milestones.services import milestone_revision_request
from tests.factories import CommitmentFactory, MilestoneFactory, cast_of_users

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WHO = ["anonymous", "owner", "co_owner", "outsider", "coordinator"]
CONTRIBUTORS = {"owner", "co_owner", "coordinator"}


@pytest.fixture
def world():
    commitment = CommitmentFactory()
    soon = MilestoneFactory(
        commitment=commitment, reference="soon", due_date=TODAY + datetime.timedelta(days=20)
    )
    late = MilestoneFactory(
        commitment=commitment, reference="late", due_date=TODAY - datetime.timedelta(days=5)
    )
    return {"commitment": commitment, "soon": soon, "late": late, "cast": cast_of_users(commitment)}


def state():
    return (
        list(
            Milestone.objects.order_by("pk").values_list(
                "status", "due_date", "reference_due_date", "counts_in_score", "delay_explanation"
            )
        ),
        list(MilestoneRevision.objects.values_list("status", "timely")),
        AuditRecord.objects.count(),
    )


def api_for(world, who) -> APIClient:
    api = APIClient()
    if who != "anonymous":
        token = Token.objects.create(user=world["cast"][who])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.mark.parametrize("who", WHO)
def test_requesting_a_new_due_date_in_the_workspace(client, world, who):
    url = f"/espace/jalons/{world['soon'].pk}/demande/"
    new = (TODAY + datetime.timedelta(days=90)).isoformat()
    if who != "anonymous":
        client.force_login(world["cast"][who])
    before = state()
    page = client.get(url)
    response = client.post(url, {"kind": "reschedule", "new_due_date": new, "reason": "Motif."})
    if who not in CONTRIBUTORS:
        assert page.status_code in (302, 403, 404) and response.status_code in (302, 403, 404)
        assert state() == before
        return
    assert page.status_code == 200
    assert "Demande faite à temps" in page.content.decode()
    assert response.status_code == 302, response.context["form"].errors
    revision = MilestoneRevision.objects.get()
    assert revision.timely
    world["soon"].refresh_from_db()
    if who == "coordinator":  # decided at once
        assert revision.status == "approved"
        assert world["soon"].reference_due_date.isoformat() == new
    else:
        assert revision.status == "pending"
        assert world["soon"].reference_due_date == TODAY + datetime.timedelta(days=20)


def test_a_late_request_page_warns_it_changes_no_point(client, world):
    client.force_login(world["cast"]["owner"])
    html = client.get(f"/espace/jalons/{world['late'].pk}/demande/").content.decode()
    assert "ne changera ni le score ni le retard" in html


def test_a_bad_request_names_the_field_next_to_it(client, world):
    client.force_login(world["cast"]["owner"])
    before = state()
    response = client.post(
        f"/espace/jalons/{world['soon'].pk}/demande/", {"kind": "reschedule", "reason": "Motif."}
    )
    assert response.status_code == 200
    assert "new_due_date" in response.context["form"].errors
    assert state() == before


@pytest.mark.parametrize("who", WHO)
def test_deciding_in_the_workspace_is_for_the_coordination_team(client, world, who):
    revision = milestone_revision_request(
        milestone=world["soon"],
        kind="cancellation",
        reason="Remplacé par une loi.",
        actor=world["cast"]["owner"],
        source="form",
    )
    if who != "anonymous":
        client.force_login(world["cast"][who])
    before = state()
    listing = client.get("/espace/coordination/demandes/")
    response = client.post(
        f"/espace/coordination/demandes/{revision.pk}/", {"decision": "approve", "reason": ""}
    )
    if who != "coordinator":
        assert listing.status_code in (302, 403) and response.status_code in (302, 403)
        assert state() == before
        return
    assert "Remplacé par une loi." in listing.content.decode()
    assert response.status_code == 302
    world["soon"].refresh_from_db()
    assert (world["soon"].status, world["soon"].counts_in_score) == ("cancelled", False)


def test_a_refusal_in_the_workspace_needs_its_reason(client, world):
    revision = milestone_revision_request(
        milestone=world["soon"],
        kind="cancellation",
        reason="Remplacé.",
        actor=world["cast"]["owner"],
        source="form",
    )
    client.force_login(world["cast"]["coordinator"])
    before = state()
    response = client.post(
        f"/espace/coordination/demandes/{revision.pk}/", {"decision": "refuse", "reason": ""}
    )
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert state() == before


@pytest.mark.parametrize("who", WHO)
def test_explaining_a_delay_in_the_workspace(client, world, who):
    url = f"/espace/jalons/{world['late'].pk}/retard/"
    if who != "anonymous":
        client.force_login(world["cast"][who])
    before = state()
    response = client.post(url, {"explanation": "Attente du décret."})
    if who not in CONTRIBUTORS:
        assert response.status_code in (302, 403, 404)
        assert state() == before
        return
    assert response.status_code == 302
    world["late"].refresh_from_db()
    assert world["late"].delay_explanation == "Attente du décret."


@pytest.mark.parametrize("who", WHO)
def test_the_write_api_requests_decides_and_explains(world, who):
    api = api_for(world, who)
    before = state()
    requested = api.post(
        f"/api/v1/milestones/{world['soon'].pk}/revisions/",
        {"kind": "reschedule", "new_due_date": "2030-01-01", "reason": "Motif."},
        format="json",
    )
    explained = api.post(
        f"/api/v1/milestones/{world['late'].pk}/delay-explanation/",
        {"explanation": "Attente du décret."},
        format="json",
    )
    if who not in CONTRIBUTORS:
        assert requested.status_code in (401, 403) and explained.status_code in (401, 403)
        assert requested.json()["code"] in ("not_authenticated", "permission_denied")
        assert state() == before
        return
    assert requested.status_code == 201, requested.content
    assert requested.json()["timely"] is True
    assert explained.status_code == 200
    assert explained.json()["delay_explanation"] == "Attente du décret."
    revision = MilestoneRevision.objects.get()
    if who == "coordinator":
        assert revision.status == "approved"
        return
    decided = api.post(
        f"/api/v1/milestone-revisions/{revision.pk}/decision/",
        {"decision": "approve"},
        format="json",
    )
    assert decided.status_code == 403  # a contributor never decides
    coordinator = api_for(world, "coordinator")
    decided = coordinator.post(
        f"/api/v1/milestone-revisions/{revision.pk}/decision/",
        {"decision": "approve"},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["moves_reference"] is True
    world["soon"].refresh_from_db()
    assert world["soon"].reference_due_date == datetime.date(2030, 1, 1)


def test_the_status_endpoint_refuses_a_new_date_or_a_cancellation(world):
    api = api_for(world, "owner")
    before = state()
    moved = api.post(
        f"/api/v1/milestones/{world['late'].pk}/status/",
        {"status": "in_progress", "due_date": "2030-01-01", "justification": "Nouveau calendrier."},
        format="json",
    )
    assert moved.status_code == 400 and "due_date" in moved.json()["errors"]
    cancelled = api.post(
        f"/api/v1/milestones/{world['late'].pk}/status/",
        {"status": "cancelled", "justification": "Abandonné."},
        format="json",
    )
    assert cancelled.status_code == 400 and "status" in cancelled.json()["errors"]
    assert state() == before


def test_the_public_list_of_requests(world):
    milestone_revision_request(
        milestone=world["soon"],
        kind="cancellation",
        reason="Remplacé par une loi.",
        actor=world["cast"]["owner"],
        source="form",
    )
    body = APIClient().get("/api/v1/milestone-revisions/", {"status": "pending"}).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["kind"], item["timely"], item["reason"]) == (
        "cancellation",
        True,
        "Remplacé par une loi.",
    )
