import datetime

import pytest
from django.core import mail
from django.utils import timezone

from commitments.models import AuditRecord, Membership
from milestones.models import Milestone
from tests.factories import (
    AdministrationFactory,
    CommitmentFactory,
    IndicatorFactory,
    MilestoneFactory,
    cast_of_users,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    commitment = CommitmentFactory()
    cast = cast_of_users(commitment)
    client.force_login(cast["owner"])
    client.commitment = commitment
    client.cast = cast
    return client


def test_the_workspace_lists_late_milestones_first(owner_client):
    today = timezone.localdate()
    c = owner_client.commitment
    later = MilestoneFactory(
        commitment=c, title="Plus tard", due_date=today + datetime.timedelta(days=90)
    )
    soon = MilestoneFactory(
        commitment=c, title="Bientôt", due_date=today + datetime.timedelta(days=5)
    )
    late = MilestoneFactory(
        commitment=c, title="En retard", due_date=today - datetime.timedelta(days=3)
    )
    MilestoneFactory(commitment=CommitmentFactory(), title="Pas à moi", due_date=today)
    response = owner_client.get("/espace/")
    assert [m.pk for m in response.context["milestones"]] == [late.pk, soon.pk, later.pk]
    assert [m.pk for m in response.context["late"]] == [late.pk]
    assert "Pas à moi" not in response.content.decode()


@pytest.mark.parametrize("extra", [0, 25])
def test_the_workspace_runs_a_fixed_number_of_queries(
    owner_client, extra, django_assert_num_queries
):
    for n in range(extra):
        MilestoneFactory(
            commitment=owner_client.commitment,
            due_date=datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
        )
    # session, user, profile (coordinator?), memberships, commitments, milestones
    with django_assert_num_queries(6):
        assert owner_client.get("/espace/").status_code == 200


def test_errors_are_shown_next_to_the_field_and_nothing_is_saved(owner_client):
    m = MilestoneFactory(commitment=owner_client.commitment)
    response = owner_client.post(
        f"/espace/jalons/{m.pk}/", {"status": "completed", "due_date": m.due_date.isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez la date de réalisation." in html
    assert 'aria-invalid="true"' in html
    assert "Rien n'a été enregistré" in html
    assert Milestone.objects.get(pk=m.pk).status == "planned"
    assert not AuditRecord.objects.exists()


def test_after_a_save_the_scores_are_recomputed(owner_client, django_capture_on_commit_callbacks):
    m = MilestoneFactory(commitment=owner_client.commitment, due_date=datetime.date(2016, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            f"/espace/jalons/{m.pk}/",
            {
                "status": "completed",
                "completed_on": "2015-12-20",
                "evidence_url": "https://www.legifrance.gouv.fr/x",
                "due_date": "2016-01-01",
            },
        )
    owner_client.commitment.refresh_from_db()
    assert owner_client.commitment.progress == 100
    assert owner_client.commitment.points == 10


def test_a_qualitative_indicator_offers_its_levels(owner_client):
    ind = IndicatorFactory(
        commitment=owner_client.commitment,
        kind="qualitative",
        levels=["Aucune", "Partielle", "Complète"],
        baseline_value=0,
        target_value=2,
    )
    html = owner_client.get(f"/espace/indicateurs/{ind.pk}/mesure/").content.decode()
    assert "Partielle" in html
    response = owner_client.post(
        f"/espace/indicateurs/{ind.pk}/mesure/", {"date": "2016-01-01", "level": "1"}
    )
    assert response.status_code == 302
    assert ind.measurements.get().value == 1


def test_a_coordinator_invites_a_contributor_who_sets_a_password(
    client, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory()
    coordinator = cast_of_users(commitment)["coordinator"]
    client.force_login(coordinator)
    admin = AdministrationFactory(name="Haute Autorité")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/espace/coordination/inviter/",
            {"email": "Nouvelle.Agente@hatvp.fr", "administration": admin.pk},
        )
    assert response.status_code == 302
    membership = Membership.objects.get(administration=admin)
    assert membership.user.email == "nouvelle.agente@hatvp.fr"
    assert not membership.user.has_usable_password()
    assert AuditRecord.objects.filter(object_type="membership", actor=coordinator).count() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Haute Autorité" in mail.outbox[0].subject
    link = next(line for line in body.splitlines() if "/compte/mot-de-passe/" in line)
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.context["validlink"] is True
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {"new_password1": "Gouvernement-Ouvert-2017", "new_password2": "Gouvernement-Ouvert-2017"},
    )
    assert done.status_code == 302
    assert client.login(username="nouvelle.agente@hatvp.fr", password="Gouvernement-Ouvert-2017")


def test_failed_log_ins_are_rate_limited(client, django_user_model):
    from resilience.models import RateCounter

    django_user_model.objects.create_user("agent", "agent@x.fr", "Le-Bon-Mot-de-Passe-1")
    for _ in range(5):
        response = client.post("/compte/connexion/", {"username": "agent", "password": "faux"})
        assert response.status_code == 200
    response = client.post(
        "/compte/connexion/", {"username": "agent", "password": "Le-Bon-Mot-de-Passe-1"}
    )
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    RateCounter.objects.all().delete()  # the 15-minute window is over
    response = client.post(
        "/compte/connexion/", {"username": "agent", "password": "Le-Bon-Mot-de-Passe-1"}
    )
    assert response.status_code == 302


def test_password_reset_sends_a_link(client, django_user_model):
    django_user_model.objects.create_user("agent", "agent@ministere.gouv.fr", "x")
    response = client.post("/compte/mot-de-passe/oubli/", {"email": "agent@ministere.gouv.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/compte/mot-de-passe/" in mail.outbox[0].body


def test_log_out_is_a_post(client, django_user_model):
    user = django_user_model.objects.create_user("agent", "a@x.fr", "x")
    client.force_login(user)
    assert client.post("/compte/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_coordinator_imports_and_exports_a_plan_from_the_workspace(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from commitments.models import ActionPlan
    from sampledata.demo import demo_load

    demo_load()
    plan = ActionPlan.objects.get()
    coordinator = cast_of_users(plan.commitments.first())["coordinator"]
    client.force_login(coordinator)
    exported = client.get(f"/espace/coordination/export/{plan.slug}.json")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == f'attachment; filename="{plan.slug}.json"'
    xlsx = client.get(f"/espace/coordination/export/{plan.slug}.xlsx")
    assert xlsx.content[:2] == b"PK"
    before = AuditRecord.objects.count()
    upload = SimpleUploadedFile("plan.json", exported.content, content_type="application/json")
    response = client.post("/espace/coordination/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["report"].ok
    assert AuditRecord.objects.count() == before  # same data: nothing written
    broken = SimpleUploadedFile("plan.json", exported.content[:100])
    response = client.post("/espace/coordination/import/", {"file": broken})
    assert "rien n'a été importé" in response.content.decode()


def test_the_import_page_refuses_other_file_types(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    coordinator = cast_of_users(CommitmentFactory())["coordinator"]
    client.force_login(coordinator)
    upload = SimpleUploadedFile("plan.exe", b"MZ")
    response = client.post("/espace/coordination/import/", {"file": upload})
    assert "Seuls les fichiers .json et .xlsx" in response.content.decode()


def test_a_change_schedules_the_bulk_files_of_its_plan(
    owner_client, django_capture_on_commit_callbacks
):
    from unittest import mock

    m = MilestoneFactory(commitment=owner_client.commitment)
    with (
        mock.patch("opendata.schedule.opendata_schedule") as schedule,
        django_capture_on_commit_callbacks(execute=True),
    ):
        owner_client.post(
            f"/espace/jalons/{m.pk}/", {"status": "in_progress", "due_date": m.due_date.isoformat()}
        )
    schedule.assert_called_once_with(plan_ids=[owner_client.commitment.plan_id])


def test_the_admin_log_in_is_rate_limited_too(client, django_user_model):
    from django.core.cache import cache

    cache.clear()
    django_user_model.objects.create_superuser("chef", "chef@x.fr", "Le-Bon-Mot-de-Passe-1")
    for _ in range(5):
        client.post("/admin/login/", {"username": "chef", "password": "faux"})
    response = client.post(
        "/admin/login/", {"username": "chef", "password": "Le-Bon-Mot-de-Passe-1"}
    )
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_failures_from_elsewhere_do_not_lock_an_account_out(client, django_user_model):
    from django.core.cache import cache

    cache.clear()
    django_user_model.objects.create_user("agent", "agent@x.fr", "Le-Bon-Mot-de-Passe-1")
    for _ in range(6):
        client.post(
            "/compte/connexion/",
            {"username": "agent", "password": "faux"},
            REMOTE_ADDR="203.0.113.9",
        )
    response = client.post(
        "/compte/connexion/",
        {"username": "agent", "password": "Le-Bon-Mot-de-Passe-1"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    cache.clear()


def test_re_inviting_someone_who_never_set_a_password_resends_the_link(
    client, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory()
    client.force_login(cast_of_users(commitment)["coordinator"])
    admin = AdministrationFactory()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/espace/coordination/inviter/",
                {"email": "lent@hatvp.fr", "administration": admin.pk},
            )
    assert len(mail.outbox) == 2


def test_an_existing_account_added_to_another_administration_is_told_by_e_mail(
    client, django_capture_on_commit_callbacks, django_user_model
):
    from commitments.models import Profile

    commitment = CommitmentFactory()
    client.force_login(cast_of_users(commitment)["coordinator"])
    agent = django_user_model.objects.create_user(
        "agent@interieur.gouv.fr", "agent@interieur.gouv.fr", "Le-Bon-Mot-de-Passe-1"
    )
    Profile.objects.create(user=agent, language="fr")
    admin = AdministrationFactory(name="Ministère de l'Intérieur & des Outre-mer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/espace/coordination/inviter/",
            {"email": "Agent@Interieur.gouv.fr", "administration": admin.pk},
            follow=True,
        )
    assert Membership.objects.filter(user=agent, administration=admin).exists()
    assert "un courriel le lui annonce" in response.content.decode()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["agent@interieur.gouv.fr"]
    # plain text: the name as written, not HTML-escaped
    assert "Ministère de l'Intérieur & des Outre-mer" in sent.subject
    assert "Ministère de l'Intérieur & des Outre-mer" in sent.body
    assert "/espace/" in sent.body and "/compte/mot-de-passe/" not in sent.body
    agent.refresh_from_db()
    assert agent.check_password("Le-Bon-Mot-de-Passe-1")  # the account is left as it was

    with django_capture_on_commit_callbacks(execute=True):  # already a member: no e-mail
        response = client.post(
            "/espace/coordination/inviter/",
            {"email": "agent@interieur.gouv.fr", "administration": admin.pk},
            follow=True,
        )
    assert "était déjà membre" in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_notice_is_written_in_the_recipient_s_language(
    client, django_capture_on_commit_callbacks, django_user_model
):
    from commitments.models import Profile

    commitment = CommitmentFactory()
    client.force_login(cast_of_users(commitment)["coordinator"])
    agent = django_user_model.objects.create_user("agent@x.fr", "agent@x.fr", "Mot-de-Passe-1")
    Profile.objects.create(user=agent, language="en")
    admin = AdministrationFactory(name="Cour des comptes")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/espace/coordination/inviter/", {"email": "agent@x.fr", "administration": admin.pk}
        )
    assert (
        mail.outbox[0].subject
        == "OGP portal: you can now update the commitments of Cour des comptes"
    )
    assert "Hello," in mail.outbox[0].body


def test_invitations_reach_the_typed_address_never_break_on_a_name_and_skip_closed_accounts(
    client, django_capture_on_commit_callbacks, django_user_model
):
    commitment = CommitmentFactory()
    client.force_login(cast_of_users(commitment)["coordinator"])
    # an account found by its username, with no e-mail address stored
    django_user_model.objects.create_user("agent@cnil.fr", "", "Mot-de-Passe-Assez-Long-1")
    odd = AdministrationFactory(name="Commission\r\nBcc: intrus@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/espace/coordination/inviter/",
            {"email": "agent@cnil.fr", "administration": odd.pk},
            follow=True,
        )
    assert response.status_code == 200
    assert "agent@cnil.fr est maintenant membre" in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["agent@cnil.fr"]
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert "Bcc" not in str(sent.message()["Bcc"] or "")

    closed = django_user_model.objects.create_user("ferme@x.fr", "ferme@x.fr", "Mot-de-Passe-1")
    closed.is_active = False
    closed.save()
    admin = AdministrationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/espace/coordination/inviter/",
            {"email": "ferme@x.fr", "administration": admin.pk},
            follow=True,
        )
    assert "son compte est désactivé" in response.content.decode()
    assert Membership.objects.filter(user=closed, administration=admin).exists()
    assert len(mail.outbox) == 1  # nothing more sent
