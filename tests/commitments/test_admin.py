"""The coordination team can work in the Django admin; every admin save is audited."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from commitments.models import AuditRecord, Commitment
from milestones.models import Milestone
from sampledata.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client):
    user = get_user_model().objects.create_superuser("coord", "coord@pgo.gouv.fr", "pw")
    client.force_login(user)
    return client


def test_commitments_can_be_searched_and_filtered(coordinator_client):
    demo_load()
    response = coordinator_client.get("/admin/commitments/commitment/", {"q": "commande publique"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    axis = Commitment.objects.get(number=24).axis
    response = coordinator_client.get(
        "/admin/commitments/commitment/", {"axis__id__exact": axis.pk}
    )
    assert response.context["cl"].result_count == 3


def test_the_commitment_page_has_milestones_and_indicators_inline(coordinator_client):
    demo_load()
    c = Commitment.objects.get(number=2)
    html = coordinator_client.get(f"/admin/commitments/commitment/{c.pk}/change/").content.decode()
    assert 'id="milestones-group"' in html
    assert 'id="indicators-group"' in html


def test_a_change_in_the_admin_leaves_one_audit_record_with_the_actor(coordinator_client):
    demo_load()
    m = Milestone.objects.filter(status="planned").first()
    before = AuditRecord.objects.count()
    url = f"/admin/milestones/milestone/{m.pk}/change/"
    form = coordinator_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        commitment=m.commitment_id,
        status="completed",
        completed_on="2016-05-02",
        evidence_url="https://www.data.gouv.fr/fr/datasets/x/",
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditRecord.objects.count() == before + 1
    record = AuditRecord.objects.first()
    assert (record.source, record.action, record.actor.username) == ("admin", "update", "coord")
    assert record.changes["status"] == ["planned", "completed"]
    assert record.commitment_id == m.commitment_id


@pytest.fixture
def staff_contributor(client):
    from django.contrib.auth.models import Permission

    from tests.factories import CommitmentFactory, MilestoneFactory, cast_of_users

    mine, theirs = CommitmentFactory(), CommitmentFactory()
    user = cast_of_users(mine)["owner"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_milestone",
                "change_milestone",
                "view_commitment",
                "change_commitment",
            ]
        )
    )
    client.force_login(user)
    return client, MilestoneFactory(commitment=mine), MilestoneFactory(commitment=theirs)


def test_a_staff_contributor_sees_only_their_administrations_rows(staff_contributor):
    client, mine, theirs = staff_contributor
    response = client.get("/admin/milestones/milestone/")
    assert [m.pk for m in response.context["cl"].result_list] == [mine.pk]
    assert client.get(f"/admin/milestones/milestone/{theirs.pk}/change/").status_code in (
        302,
        403,
        404,
    )


def test_a_staff_contributor_cannot_change_another_administrations_milestone(staff_contributor):
    client, _mine, theirs = staff_contributor
    response = client.post(
        f"/admin/milestones/milestone/{theirs.pk}/change/",
        {"status": "cancelled", "justification": "piratage", "title": "x"},
    )
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.status == "planned"
    assert not AuditRecord.objects.exists()


def test_an_admin_change_recomputes_the_scores(
    coordinator_client, django_capture_on_commit_callbacks
):
    from tests.factories import MilestoneFactory

    m = MilestoneFactory(due_date=datetime.date(2016, 1, 1))
    url = f"/admin/milestones/milestone/{m.pk}/change/"
    form = coordinator_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        commitment=m.commitment_id,
        status="completed",
        completed_on="2015-12-01",
        evidence_url="https://www.data.gouv.fr/x",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_client.post(url, data).status_code == 302
    m.commitment.refresh_from_db()
    assert m.commitment.progress == 100


def test_a_staff_co_owner_cannot_take_a_commitment_from_its_lead(client):
    from django.contrib.auth.models import Permission

    from tests.factories import AdministrationFactory, CommitmentFactory, cast_of_users

    commitment = CommitmentFactory()
    lead = commitment.lead_administration
    user = cast_of_users(commitment)["co_owner"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_commitment", "change_commitment"])
    )
    client.force_login(user)
    url = f"/admin/commitments/commitment/{commitment.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "lead_administration" not in form.fields and "co_owners" not in form.fields
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        {
            "lead_administration": AdministrationFactory().pk,
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        }
    )
    client.post(url, data)
    commitment.refresh_from_db()
    assert commitment.lead_administration == lead


def test_the_admin_applies_the_milestone_rules(coordinator_client):
    from tests.factories import MilestoneFactory

    m = MilestoneFactory(due_date=datetime.date(2016, 1, 1))
    url = f"/admin/milestones/milestone/{m.pk}/change/"
    form = coordinator_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        commitment=m.commitment_id, status="completed", completed_on="2015-12-01", evidence_url=""
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "evidence_url" in response.context["adminform"].form.errors
    data.update(status="completed", completed_on="2030-01-01", evidence_url="https://x.fr/")
    response = coordinator_client.post(url, data)
    assert "completed_on" in response.context["adminform"].form.errors  # not in the future
    # method v2: even a coordinator changes the calendar by a request (approved at once)
    data.update(status="planned", completed_on="", due_date="2030-01-01", justification="Report")
    response = coordinator_client.post(url, data)
    assert "due_date" in response.context["adminform"].form.errors
    data.update(due_date="2016-01-01", status="cancelled")
    response = coordinator_client.post(url, data)
    assert "status" in response.context["adminform"].form.errors
    m.refresh_from_db()
    assert (m.status, m.due_date, m.reference_due_date) == (
        "planned",
        datetime.date(2016, 1, 1),
        datetime.date(2016, 1, 1),
    )
    assert not AuditRecord.objects.exists()


def test_a_staff_contributor_cannot_change_what_defines_the_score_in_the_admin(
    staff_contributor,
):
    """The story of the issue: a weight raised from 1 to 50, a completion dated 2030."""
    client, mine, _theirs = staff_contributor
    url = f"/admin/milestones/milestone/{mine.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "weight" not in form.fields and "reference_due_date" not in form.fields
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(weight="50", reference_due_date="2030-01-01", counts_in_score="")
    response = client.post(url, data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.weight, mine.reference_due_date, mine.counts_in_score) == (
        1,
        datetime.date(2016, 7, 1),
        True,
    )
    data.update(status="completed", completed_on="2030-01-01", evidence_url="https://x.fr/")
    response = client.post(url, data)
    assert "completed_on" in response.context["adminform"].form.errors
    mine.refresh_from_db()
    assert mine.status == "planned"


def test_a_staff_contributor_cannot_change_an_indicators_target_or_weight(client):
    from django.contrib.auth.models import Permission

    from tests.factories import CommitmentFactory, IndicatorFactory, cast_of_users

    commitment = CommitmentFactory()
    indicator = IndicatorFactory(commitment=commitment, target_value=100, weight=1)
    user = cast_of_users(commitment)["owner"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_indicator", "change_indicator"])
    )
    client.force_login(user)
    url = f"/admin/indicators/indicator/{indicator.pk}/change/"
    form = client.get(url).context["adminform"].form
    for name in ("target_value", "target_date", "baseline_value", "weight", "kind", "levels"):
        assert name not in form.fields, name
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        target_value="1",
        weight="50",
        **{"measurements-TOTAL_FORMS": 0, "measurements-INITIAL_FORMS": 0},
    )
    client.post(url, data)
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.weight) == (100, 1)


def test_the_admin_refuses_a_lead_administration_that_is_also_a_co_owner(coordinator_client):
    demo_load()
    c = Commitment.objects.exclude(lead_administration=None).first()
    url = f"/admin/commitments/commitment/{c.pk}/change/"
    page = coordinator_client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list)}
    data["co_owners"] = [c.lead_administration_id]
    for prefix in ("milestones", "indicators"):  # the inlines, unchanged
        formset = next(
            f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == prefix
        )
        data |= {f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for n, inline_form in enumerate(formset.forms):
            for name, value in inline_form.initial.items():
                data[f"{prefix}-{n}-{name}"] = "" if value is None else value
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["co_owners"] == ["L'administration porteuse ne peut pas être aussi co-porteuse."]
    assert not c.co_owners.filter(pk=c.lead_administration_id).exists()


def _change_form_data(client, url):
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list)}
    for name, value in form.initial.items():
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for n, inline_form in enumerate(formset.forms):
            for name, value in inline_form.initial.items():
                data[f"{formset.prefix}-{n}-{name}"] = "" if value is None else value
            data[f"{formset.prefix}-{n}-id"] = inline_form.instance.pk
            data[f"{formset.prefix}-{n}-{formset.fk.name}"] = formset.instance.pk
    return data


def test_a_co_owner_change_in_the_admin_is_in_its_audit_record(coordinator_client):
    from commitments.models import Administration

    demo_load()
    c = Commitment.objects.exclude(lead_administration=None).first()
    added = (
        Administration.objects.exclude(pk=c.lead_administration_id)
        .exclude(pk__in=c.co_owners.values("pk"))
        .first()
    )
    url = f"/admin/commitments/commitment/{c.pk}/change/"
    data = _change_form_data(coordinator_client, url)
    before = sorted(str(a) for a in c.co_owners.all())
    data["co_owners"] = [*c.co_owners.values_list("pk", flat=True), added.pk]
    count = AuditRecord.objects.count()
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert AuditRecord.objects.count() == count + 1  # one record for the whole save
    record = AuditRecord.objects.first()
    assert record.changes == {"co_owners": [before, sorted([*before, str(added)])]}
    assert (record.source, record.actor.username) == ("admin", "coord")


def test_memberships_profiles_and_bulk_deletions_in_the_admin_are_audited(coordinator_client):
    from django.contrib.auth import get_user_model

    from commitments.models import Membership, Partner
    from tests.factories import AdministrationFactory, PartnerFactory

    agent = get_user_model().objects.create_user("agent", "agent@x.fr", "pw")
    administration = AdministrationFactory()
    response = coordinator_client.post(
        "/admin/commitments/membership/add/",
        {"user": agent.pk, "administration": administration.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=agent)
    record = AuditRecord.objects.get(object_type="membership", object_id=membership.pk)
    assert (record.action, record.source) == ("create", "admin")

    partners = [PartnerFactory(), PartnerFactory()]
    response = coordinator_client.post(
        "/admin/commitments/partner/",
        {
            "action": "delete_selected",
            "_selected_action": [p.pk for p in partners],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Partner.objects.exists()
    deleted = AuditRecord.objects.filter(object_type="partner", action="delete")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(p.pk for p in partners)


def test_deleting_vague_verbs_in_the_admin_recomputes_the_scores_and_is_audited(
    coordinator_client, django_capture_on_commit_callbacks
):
    from unittest import mock

    from commitments.models import VagueVerb

    verbs = [VagueVerb.objects.create(infinitive=f"zzverbe{n}") for n in range(2)]
    with (
        mock.patch("scoring.tasks.recompute_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = coordinator_client.post(
            "/admin/commitments/vagueverb/",
            {
                "action": "delete_selected",
                "_selected_action": [v.pk for v in verbs],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not VagueVerb.objects.filter(infinitive__startswith="zzverbe").exists()
    delay.assert_called_with(commitment_ids=None)
    assert AuditRecord.objects.filter(object_type="vagueverb", action="delete").count() == 2
