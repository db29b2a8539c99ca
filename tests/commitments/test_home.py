import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.demo import demo_load
from tests.factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db

HOME_QUERIES = 2  # the plans, the commitments with their axis and lead administration


def test_home_lists_the_26_commitments_with_number_title_and_lead(client):
    demo_load()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") == 27  # header + 26 rows
    assert "Accroître la transparence de la commande publique" in html
    assert "Haute Autorité pour la transparence de la vie publique" in html
    assert 'lang="fr"' in html


def test_home_escapes_user_text(client):
    CommitmentFactory(title="<script>alert(1)</script>")
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("size", [3, 60])
def test_home_runs_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    plan = ActionPlanFactory()
    CommitmentFactory.create_batch(size, plan=plan)
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


def test_an_unknown_plan_is_a_404(client):
    ActionPlanFactory()
    assert client.get("/?plan=nope").status_code == 404


def test_unpublished_plans_are_not_shown(client):
    CommitmentFactory(plan=ActionPlanFactory(published=False), title="Brouillon secret")
    with CaptureQueriesContext(connection):
        html = client.get("/").content.decode()
    assert "Brouillon secret" not in html
