"""The per-plan bulk zip holds civil society's rows of that plan only: the organisations that
assessed one of its commitments (not every organisation), its assessments and its questions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from civilsociety.models import Assessment, Organisation, Question
from opendata.bulk import opendata_export_all, opendata_export_plan
from tests.factories import ActionPlanFactory, CommitmentFactory

from .conftest import read_csv, unzip

pytestmark = pytest.mark.django_db


def _assess(commitment, org):
    return Assessment.objects.create(
        commitment=commitment,
        organisation=org,
        assessed_on=datetime.date(2017, 3, 1),
        level="limited",
        text="Deux décrets sur dix.",
    )


def _question(commitment, text):
    return Question.objects.create(
        commitment=commitment,
        display_name="Camille",
        email="camille@example.org",
        text=text,
        confirmed_at=timezone.now(),
    )


@pytest.fixture
def two_plans(db):
    first, second = ActionPlanFactory(), ActionPlanFactory()
    c1, c2 = CommitmentFactory(plan=first), CommitmentFactory(plan=second)
    mine = Organisation.objects.create(name="Regards Citoyens", slug="regards-citoyens")
    theirs = Organisation.objects.create(name="Anticor", slug="anticor", kind="association")
    Organisation.objects.create(name="Sans évaluation", slug="sans-evaluation", kind="media")
    _assess(c1, mine)
    _assess(c2, theirs)
    _question(c1, "Quand le premier plan sera-t-il tenu ?")
    _question(c2, "Quand le second plan sera-t-il tenu ?")
    return first, second


def test_a_plan_zip_lists_only_its_organisations_assessments_and_questions(two_plans, tmp_path):
    first, second = two_plans
    zip_path, _json = opendata_export_plan(plan=first)
    folder = unzip(zip_path, tmp_path / "first")
    assert [r["slug"] for r in read_csv(folder / "organisations.csv")] == ["regards-citoyens"]
    assessments = read_csv(folder / "assessments.csv")
    assert [r["plan"] for r in assessments] == [first.slug]
    assert [r["organisation"] for r in assessments] == ["regards-citoyens"]
    questions = read_csv(folder / "questions.csv")
    assert [r["text"] for r in questions] == ["Quand le premier plan sera-t-il tenu ?"]

    zip_path, _json = opendata_export_plan(plan=second)
    folder = unzip(zip_path, tmp_path / "second")
    assert [r["slug"] for r in read_csv(folder / "organisations.csv")] == ["anticor"]

    # the zip of every plan keeps every organisation
    folder = unzip(opendata_export_all(), tmp_path / "all")
    assert {r["slug"] for r in read_csv(folder / "organisations.csv")} == {
        "regards-citoyens",
        "anticor",
        "sans-evaluation",
    }


def test_the_organisations_api_filters_on_a_plan(two_plans, client):
    first, _second = two_plans
    rows = client.get("/api/v1/organisations/", {"plan": first.slug}).json()["results"]
    assert [r["slug"] for r in rows] == ["regards-citoyens"]
    refused = client.get("/api/v1/organisations/", {"plan": "pan-inconnu"})
    assert refused.status_code == 400
