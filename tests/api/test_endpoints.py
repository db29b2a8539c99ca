"""Each endpoint: what a watchdog reads, for a list and for one object; drafts never leak."""

from __future__ import annotations

import datetime

import pytest

from commitments.models import ScoreSnapshot

pytestmark = pytest.mark.django_db

SITE = "https://pgo.example.gouv.fr"
LISTS = (
    "plans",
    "administrations",
    "commitments",
    "indicators",
    "measurements",
    "milestones",
    "milestone-revisions",
    "score-snapshots",
    "changes",
    "organisations",
    "assessments",
    "questions",
    "consultations",
    "proposals",
    "reports",
)


def results(api, url, **params):
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_index_links_every_list_the_downloads_and_the_documentation(api):
    body = api.get("/api/v1/").json()
    assert set(body) == {*LISTS, "downloads", "schema", "docs"}
    assert body["commitments"] == f"{SITE}/api/v1/commitments/"


@pytest.mark.parametrize(
    ("endpoint", "count"),
    [
        ("plans", 2),
        ("administrations", 4),
        ("commitments", 4),
        ("indicators", 3),
        ("measurements", 3),
        ("milestones", 8),
        ("changes", 2),
    ],
)
def test_each_list_holds_the_public_objects_only(api, world, endpoint, count):
    body = api.get(f"/api/v1/{endpoint}/").json()
    assert body["count"] == count
    assert len(body["results"]) == count
    for item in body["results"]:
        assert isinstance(item["id"], int)
        assert item["url"] == f"{SITE}/api/v1/{endpoint}/{item['id']}/"
        assert item["page_url"].startswith(SITE + "/")
        detail = api.get(item["url"].removeprefix(SITE))
        assert detail.status_code == 200
        assert detail.json() == item


def test_score_snapshots_list_the_recomputed_commitments_of_public_plans(api, world):
    body = api.get("/api/v1/score-snapshots/").json()
    public = ScoreSnapshot.objects.filter(commitment__plan__published=True).count()
    assert body["count"] == public == 4
    snapshot = next(s for s in body["results"] if s["commitment"] == world.done.pk)
    assert snapshot["plan"] == "pan-2015-2017"
    assert snapshot["progress"] == 100.0
    assert snapshot["date"] == world.today.isoformat()
    assert snapshot["page_url"] == f"{SITE}/plans/pan-2015-2017/engagements/1/"


def test_a_commitment_carries_its_scores_owners_cost_and_links(api, world):
    item = api.get(f"/api/v1/commitments/{world.late.pk}/").json()
    assert item["page_url"] == f"{SITE}/plans/pan-2015-2017/engagements/2/"
    assert item["plan"] == {"id": world.plan.pk, "slug": "pan-2015-2017", "title": world.plan.title}
    assert item["axis"]["slug"] == "transparence"
    assert item["lead_administration"]["slug"] == "hatvp"
    assert item["lead_administration"]["page_url"] == f"{SITE}/administrations/hatvp/"
    assert [a["slug"] for a in item["co_owners"]] == ["dinum"]
    assert item["status"] == "late"
    assert item["late_milestones"] == 1
    assert item["penalty"] == 5.0
    assert item["milestones_counted"] == 2
    assert item["measurability"] == world.late.measurability
    codes = [f["code"] for f in item["measurability_failures"]]
    assert "no_vague_verbs" in codes  # « Renforcer »
    vague = next(f for f in item["measurability_failures"] if f["code"] == "no_vague_verbs")
    assert vague["label"] and "renforcer" in vague["reason"].lower()
    assert item["scored_on"] == world.today.isoformat()
    assert item["method_version"] == "v2"
    assert item["ogp_id"] == "FR0002"


def test_illustrative_data_is_marked_and_personal_contact_data_is_not_published(api, world):
    item = api.get(f"/api/v1/commitments/{world.done.pk}/").json()
    assert item["cost"] == {
        "amount": 150000.0,
        "staff_fte": None,
        "funding_source": "",
        "no_additional_cost": False,
        "is_illustrative": True,
    }
    assert item["contact"] == {"name": "Jeanne Martin", "role": ""}
    assert "jeanne.martin" not in str(item)
    assert item["status"] == "completed"
    assert item["partners"][0]["slug"] == "regards-citoyens"
    assert item["action_types"] == ["data"]
    assert item["ogp_values"] == ["access_to_information"]
    milestones = results(api, "/api/v1/milestones/", commitment=world.done.pk)
    assert {m["is_illustrative"] for m in milestones} == {True}
    plans = {p["slug"]: p for p in results(api, "/api/v1/plans/")}
    assert plans["pan-2015-2017"]["has_illustrative_data"] is True
    assert plans["pan-2024-2026"]["has_illustrative_data"] is False


def test_an_indicator_gives_baseline_target_latest_value_and_progress(api, world):
    quantitative, qualitative = (
        results(api, "/api/v1/indicators/", commitment=c.pk)[0] for c in (world.done, world.late)
    )
    assert quantitative["baseline_value"] == 0.0
    assert quantitative["target_value"] == 100.0
    assert quantitative["latest_value"] == 100.0
    assert quantitative["latest_date"] == "2017-01-01"
    assert (quantitative["progress"], quantitative["reported"]) == (100.0, True)
    assert quantitative["is_illustrative"] is True
    assert qualitative["levels"] == ["Aucun", "Partiel", "Complet"]
    assert qualitative["latest_level"] == "Partiel"
    assert qualitative["progress"] == 50.0
    unreported = results(api, "/api/v1/indicators/", commitment=world.on_track.pk)[0]
    assert unreported["latest_value"] is None
    assert (unreported["progress"], unreported["reported"]) == (0.0, False)


def test_a_measurement_of_a_qualitative_indicator_names_its_level(api, world):
    (measurement,) = results(api, "/api/v1/measurements/", commitment=world.late.pk)
    assert (measurement["value"], measurement["level"]) == (1.0, "Partiel")
    assert measurement["page_url"] == f"{SITE}/plans/pan-2015-2017/engagements/2/"


def test_a_milestone_gives_both_due_dates_status_late_flag_completion_and_evidence(api, world):
    by_ref = {
        m["reference"]: m for m in results(api, "/api/v1/milestones/", commitment=world.late.pk)
    }
    assert by_ref["j1"]["late"] is True
    assert by_ref["j1"]["status"] == "planned"
    assert by_ref["j2"]["late"] is False
    assert by_ref["j2"]["completed_on"] == "2016-04-01"
    assert by_ref["j2"]["completed_on_time"] is False
    assert by_ref["j2"]["evidence_url"] == "https://www.hatvp.fr/"
    assert by_ref["j3"]["status"] == "cancelled"
    assert by_ref["j3"]["justification"] == "Remplacé par une loi"
    moved = results(api, "/api/v1/milestones/", commitment=world.on_track.pk)
    moved = next(m for m in moved if m["reference"] == "j2")
    assert moved["rescheduled"] is True
    assert moved["original_due_date"] == (world.today - datetime.timedelta(days=10)).isoformat()
    assert moved["due_date"] == (world.today + datetime.timedelta(days=60)).isoformat()
    assert moved["late"] is False


def test_an_administration_sums_the_commitments_it_leads_per_public_plan(api, world):
    dinum = api.get(f"/api/v1/administrations/{world.dinum.pk}/").json()
    assert dinum["page_url"] == f"{SITE}/administrations/dinum/"
    assert [f["plan"] for f in dinum["figures_by_plan"]] == ["pan-2024-2026", "pan-2015-2017"]
    assert dinum["totals"]["commitments"] == 2  # the draft plan's commitment is not counted
    assert dinum["totals"]["points"] == sum(f["points"] for f in dinum["figures_by_plan"])


def test_a_plan_lists_its_axes_and_figures(api, world):
    plan = api.get(f"/api/v1/plans/{world.plan.pk}/").json()
    assert plan["page_url"] == f"{SITE}/plans/pan-2015-2017/"
    assert [a["slug"] for a in plan["axes"]] == ["transparence", "participation"]
    assert plan["figures"]["commitments"] == 3
    assert plan["figures"]["late_milestones"] == 1


def test_the_change_log_is_newest_first_says_who_and_hides_personal_data(api, world):
    changes = results(api, "/api/v1/changes/")
    assert [c["commitment"] for c in changes] == [world.late.pk, world.done.pk]
    first = changes[0]
    assert first["actor"] == "…@numerique.gouv.fr"
    assert first["source"] == "form"
    assert {"field": "title", "old": "Ancien titre", "new": world.late.title} in first["changes"]
    assert {"field": "contact_email", "old": "", "new": "[masqué]"} in first["changes"]
    assert first["page_url"] == f"{SITE}/plans/pan-2015-2017/engagements/2/"


@pytest.mark.parametrize("endpoint", ["commitments", "milestones", "indicators", "measurements"])
def test_objects_of_a_draft_plan_are_not_found(api, world, endpoint):
    hidden = world.hidden
    ids = {
        "commitments": hidden.pk,
        "milestones": hidden.milestones.get().pk,
        "indicators": hidden.indicators.get().pk,
        "measurements": hidden.indicators.get().measurements.get().pk,
    }
    response = api.get(f"/api/v1/{endpoint}/{ids[endpoint]}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert f"/api/v1/plans/{world.draft.pk}/" not in str(api.get("/api/v1/plans/").json())
