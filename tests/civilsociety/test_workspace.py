"""The workspace pages of civil society's part × anonymous / reviewer / other reviewer / owner
/ outsider / coordinator; refusals change nothing. Reviewers are invited like contributors."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from civilsociety.models import Assessment, Question, ReviewerMembership, SelfAssessment
from civilsociety.services import assessment_create
from commitments.models import AuditRecord

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Assessment.objects.values_list("id", "hidden_at")),
        list(SelfAssessment.objects.values_list("level")),
        list(Question.objects.values_list("answer", "hidden_at")),
        ReviewerMembership.objects.count(),
        AuditRecord.objects.count(),
    )


def _login(client, world, who):
    if who != "anonymous":
        client.force_login(world["cast"][who])


ASSESSMENT = {
    "organisation": "",
    "level": "limited",
    "on_track": "no",
    "assessed_on": "",
    "text": "Le décret n'est pas paru.",
    "evidence_links": "https://www.legifrance.gouv.fr/\nhttps://www.data.gouv.fr/",
}


@pytest.mark.parametrize(
    "who, status", [("reviewer", 302), ("owner", 403), ("coordinator", 403), ("anonymous", 302)]
)
def test_assessment_form(world, client, who, status):
    _login(client, world, who)
    url = reverse("workspace:assessment-new", args=[world["commitment"].pk])
    data = ASSESSMENT | {"organisation": world["org"].pk, "assessed_on": "2026-01-15"}
    before = _state()
    response = client.post(url, data)
    assert response.status_code == status
    if who == "reviewer":
        assessment = Assessment.objects.get()
        assert assessment.evidence_links == [
            "https://www.legifrance.gouv.fr/",
            "https://www.data.gouv.fr/",
        ]
        assert assessment.author == world["cast"]["reviewer"]
    else:
        assert _state() == before
        if who == "anonymous":
            assert "/compte/connexion/" in response["Location"]


def test_a_reviewer_cannot_pick_another_organisation_in_the_form(world, client):
    client.force_login(world["cast"]["reviewer"])
    url = reverse("workspace:assessment-new", args=[world["commitment"].pk])
    before = _state()
    response = client.post(
        url, ASSESSMENT | {"organisation": world["other_org"].pk, "assessed_on": "2026-01-15"}
    )
    assert response.status_code == 200 and _state() == before  # the choice is not offered


def test_a_bad_link_is_named_and_nothing_is_saved(world, client):
    client.force_login(world["cast"]["reviewer"])
    url = reverse("workspace:assessment-new", args=[world["commitment"].pk])
    response = client.post(
        url,
        ASSESSMENT
        | {
            "organisation": world["org"].pk,
            "assessed_on": "2026-01-15",
            "evidence_links": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200 and Assessment.objects.count() == 0
    assert "seules les adresses http ou https" in response.content.decode()


@pytest.mark.parametrize(
    "who, status",
    [
        ("owner", 302),
        ("coordinator", 302),
        ("reviewer", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_self_assessment_form(world, client, who, status):
    _login(client, world, who)
    url = reverse("workspace:self-assessment", args=[world["commitment"].pk])
    before = _state()
    response = client.post(url, {"level": "substantial", "note": "Le décret est signé."})
    assert response.status_code == status
    if who in ("owner", "coordinator"):
        assert SelfAssessment.objects.get().level == "substantial"
    else:
        assert _state() == before


@pytest.mark.parametrize(
    "who, status", [("coordinator", 302), ("owner", 403), ("reviewer", 403), ("anonymous", 302)]
)
def test_moderation_hides_only_for_the_coordination_team(world, client, who, status):
    assessment = assessment_create(
        organisation=world["org"],
        commitment=world["commitment"],
        level="limited",
        on_track="no",
        text="Texte",
        actor=world["cast"]["reviewer"],
        source="form",
    )
    _login(client, world, who)
    before = _state()
    response = client.post(
        reverse("workspace:moderate", args=["assessment", assessment.pk]),
        {"reason": "Propos injurieux"},
    )
    assert response.status_code == status
    assessment.refresh_from_db()
    if who == "coordinator":
        assert assessment.hidden_reason == "Propos injurieux"
        assert client.get(reverse("workspace:moderation")).status_code == 200
    else:
        assert assessment.hidden_at is None and _state() == before


def test_coordinators_invite_reviewers_with_the_accounts_machinery(world, client):
    client.force_login(world["cast"]["owner"])
    url = reverse("workspace:reviewer-invite")
    before = _state()
    assert (
        client.post(
            url, {"email": "nouvelle@asso.example.org", "organisation": world["org"].pk}
        ).status_code
        == 403
    )
    assert _state() == before
    client.force_login(world["cast"]["coordinator"])
    response = client.post(
        url, {"email": "nouvelle@asso.example.org", "organisation": world["org"].pk}
    )
    assert response.status_code == 302
    membership = ReviewerMembership.objects.get(user__email="nouvelle@asso.example.org")
    assert membership.organisation == world["org"]
    assert AuditRecord.objects.filter(object_type="reviewermembership").count() == 1


def test_reviewer_invitations_share_the_invitation_limits(world, client):
    """Inviting a reviewer sends an e-mail like inviting a contributor: the same limits apply
    (they had none), and a refused invitation changes nothing."""
    from accounts.limits import INVITES_PER_EMAIL_PER_DAY

    client.force_login(world["cast"]["coordinator"])
    url = reverse("workspace:reviewer-invite")
    data = {"email": "insistante@asso.example.org", "organisation": world["org"].pk}
    for _n in range(INVITES_PER_EMAIL_PER_DAY):
        assert client.post(url, data).status_code == 302
    before = _state()
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Trop d&#x27;invitations" in response.content.decode()
    assert _state() == before


def test_the_invitation_mail_carries_a_password_link(world, django_capture_on_commit_callbacks):
    from civilsociety.services import reviewer_invite

    with django_capture_on_commit_callbacks(execute=True):
        user, outcome = reviewer_invite(
            email="nouvelle@asso.example.org",
            organisation=world["org"],
            invited_by=world["cast"]["coordinator"],
        )
    assert outcome == "invited" and not user.has_usable_password()
    assert len(mail.outbox) == 1 and "/compte/mot-de-passe/" in mail.outbox[0].body
    assert "Regards Citoyens" in mail.outbox[0].subject


def test_the_workspace_page_lists_what_each_role_has_to_do(world, client):
    client.force_login(world["cast"]["reviewer"])
    html = client.get(reverse("workspace:civilsociety")).content.decode()
    assert (
        "Regards Citoyens" in html
        and reverse("workspace:assessment-new", args=[world["commitment"].pk]) in html
    )
    client.force_login(world["cast"]["owner"])
    html = client.get(reverse("workspace:civilsociety")).content.decode()
    assert "Évaluer un engagement" not in html
