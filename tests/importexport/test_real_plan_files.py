"""Real plan files (issue 15, item 7): what a plan published by the government actually looks
like — undated milestones, errors a person can act on, files saved in the wrong encoding — and
a command that prints only what it did."""

from __future__ import annotations

import csv
import datetime
import io
import logging
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import ActionPlan, Commitment
from importexport.exporter import plan_export
from milestones.models import Milestone, MilestoneRevision
from scoring.recompute import scores_recompute
from tests.importexport.helpers import (
    SLUG,
    VALID_JSON,
    coordinator,
    import_file,
    office_sheets,
    set_cell,
    to_json,
    to_xlsx,
    valid_doc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_page_cache():
    cache.clear()
    yield
    cache.clear()


def _undated_doc() -> dict:
    doc = valid_doc()
    milestones = doc["commitments"][1]["milestones"]
    milestones[0]["due_date"] = None  # « échéance à préciser »
    milestones.append(
        {"reference": "j2", "title": "Publier le bilan", "due_date": "à préciser"},
    )
    return doc


def test_a_milestone_without_a_due_date_is_imported_as_to_be_set():
    report = import_file(to_json(_undated_doc()), actor=coordinator())

    assert report.ok, report.lines()
    undated = Milestone.objects.filter(commitment__number=2).order_by("reference")
    assert [(m.reference, m.due_date, m.original_due_date) for m in undated] == [
        ("j1", None, None),
        ("j2", None, None),
    ]
    assert all(m.is_undated and m.reference_due_date is None for m in undated)


def test_an_undated_milestone_in_a_spreadsheet_is_an_empty_cell_or_a_preciser():
    sheets = office_sheets()
    rows = sheets["Jalons"]
    set_cell(sheets, "Jalons", len(rows) + 1, "échéance", "À préciser")

    report = import_file(to_xlsx(sheets), "plan.xlsx", actor=coordinator())

    assert report.ok, report.lines()
    assert Milestone.objects.filter(due_date__isnull=True).count() == 1


def test_an_undated_milestone_is_not_scored_and_fails_the_calendar_criterion():
    import_file(to_json(_undated_doc()), actor=coordinator())
    commitment = Commitment.objects.get(plan__slug=SLUG, number=2)
    scores_recompute(commitment_ids=[commitment.pk], as_of=datetime.date(2030, 1, 1))
    commitment.refresh_from_db()

    # both milestones undated: nothing scored, never late, even long after the plan
    assert commitment.late_milestones == 0
    assert commitment.milestones_counted == 0
    assert commitment.penalty == 0
    calendar = [f for f in commitment.measurability_failures if f["code"] == "calendar"]
    assert calendar and "2 jalon(s) sans échéance (à préciser)" in calendar[0]["reason"]


def test_the_commitment_page_shows_an_undated_milestone_as_such(client):
    import_file(to_json(_undated_doc()), actor=coordinator())
    commitment = Commitment.objects.get(plan__slug=SLUG, number=2)
    scores_recompute(commitment_ids=[commitment.pk], as_of=datetime.date(2019, 6, 1))

    page = client.get(f"/plans/{SLUG}/engagements/2/").content.decode()

    assert "Échéance à préciser" in page
    assert "il ne compte pas dans le score" in page


def test_dating_an_undated_milestone_later_is_its_original_date_not_a_reschedule():
    actor = coordinator()
    import_file(to_json(_undated_doc()), actor=actor)
    doc = _undated_doc()
    doc["commitments"][1]["milestones"][1]["due_date"] = "2019-09-30"

    report = import_file(to_json(doc), actor=actor)

    assert report.ok, report.lines()
    dated = Milestone.objects.get(commitment__number=2, reference="j2")
    assert dated.due_date == dated.original_due_date == dated.reference_due_date
    assert dated.due_date == datetime.date(2019, 9, 30)
    assert not MilestoneRevision.objects.filter(milestone=dated).exists()


def test_an_undated_milestone_survives_an_export_and_a_reimport():
    actor = coordinator()
    import_file(to_json(_undated_doc()), actor=actor)
    plan = ActionPlan.objects.get(slug=SLUG)
    for fmt in ("json", "xlsx"):
        report = import_file(plan_export(plan=plan, fmt=fmt), f"plan.{fmt}", actor=actor)
        assert report.ok and not report.changed, (fmt, report.lines())


def test_a_json_error_names_the_commitment_number_and_the_french_field_label():
    doc = valid_doc()
    doc["commitments"][1]["milestones"][0]["weight"] = "beaucoup"

    report = import_file(to_json(doc))

    assert [str(e) for e in report.errors] == [
        "Engagement 2, jalon « j1 » (commitments[1].milestones[0]), champ « poids (weight) » : "
        "Nombre attendu, « beaucoup » reçu."
    ]


def test_a_file_not_saved_as_utf8_says_how_to_save_it_as_utf8():
    text = VALID_JSON.decode("utf-8").replace("Transparence", "Égalité d'accès")
    report = import_file(text.encode("cp1252"))

    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert "n'est pas enregistré en UTF-8" in message
    assert "enregistrez-le en UTF-8" in message
    assert "octet" not in message
    assert not ActionPlan.objects.exists()


@pytest.mark.django_db(transaction=True)  # the jobs run when the import commits
def test_import_plan_prints_only_what_it_did(tmp_path: Path, caplog):
    path = tmp_path / "plan.json"
    path.write_bytes(VALID_JSON)
    out, err = io.StringIO(), io.StringIO()
    caplog.set_level(logging.DEBUG)

    call_command("import_plan", str(path), stdout=out, stderr=err)

    noisy = [
        r.getMessage()
        for r in caplog.records
        if r.name.split(".")[0] in {"celery", "kombu", "scoring", "opendata"}
        and r.levelno >= logging.INFO
    ]
    assert noisy == []
    assert err.getvalue() == ""
    assert out.getvalue().startswith(f"Plan « {SLUG} » importé (JSON).")


@pytest.mark.django_db(transaction=True)  # the jobs run when the import commits
def test_import_plan_with_verbosity_2_shows_the_jobs(tmp_path: Path, caplog):
    path = tmp_path / "plan.json"
    path.write_bytes(VALID_JSON)
    caplog.set_level(logging.INFO)

    call_command("import_plan", str(path), "--verbosity", "2", stdout=io.StringIO())

    assert any(r.name.startswith("scoring") for r in caplog.records)


def test_a_refused_file_still_fails_loudly(tmp_path: Path):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_commitment_continues_several_earlier_ones_in_json_and_in_a_spreadsheet(client):
    from tests.factories import CommitmentFactory

    first = CommitmentFactory(plan__slug="pan-2015-2017", plan__published=True, number=3)
    second = CommitmentFactory(plan=first.plan, number=5)
    doc = valid_doc()
    doc["commitments"][0]["continues"] = [
        {"plan": "pan-2015-2017", "number": 3},
        {"plan": "pan-2015-2017", "number": 5},
    ]
    actor = coordinator()

    report = import_file(to_json(doc), actor=actor)

    assert report.ok, report.lines()
    commitment = Commitment.objects.get(plan__slug=SLUG, number=1)
    assert commitment.continues == first
    assert list(commitment.also_continues.all()) == [second]
    plan = ActionPlan.objects.get(slug=SLUG)
    exported = plan_export(plan=plan, fmt="xlsx")
    assert import_file(exported, "plan.xlsx", actor=actor).changed is False
    page = client.get(f"/plans/{SLUG}/engagements/1/").content.decode()
    assert "Prolonge les engagements" in page
    assert f"{second.number}. " in page and f"{first.number}. " in page
    earlier = client.get(f"/plans/pan-2015-2017/engagements/{second.number}/").content.decode()
    assert "Prolongé par" in earlier
    # the API and its CSV (hence the bulk files) say it too, not only the page
    item = client.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert (item["continues"], item["also_continues"]) == (first.pk, [second.pk])
    csv_text = client.get(f"/api/v1/commitments/?plan={SLUG}&format=csv").content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["number"] == "1")
    assert row["also_continues"] == str(second.pk)

    sheets = office_sheets()
    set_cell(sheets, "Engagements", 2, "prolonge : plan", "pan-2015-2017")
    set_cell(sheets, "Engagements", 2, "prolonge : numéro", "5; 3")
    assert import_file(to_xlsx(sheets), "plan.xlsx", actor=actor).ok
    commitment.refresh_from_db()
    assert commitment.continues == second
    assert list(commitment.also_continues.all()) == [first]


def test_a_commitment_or_some_of_its_fields_marked_to_verify_are_shown_as_such(client):
    doc = valid_doc()
    doc["commitments"][0]["fields_to_verify"] = ["title", "coût estimé (euros)"]
    doc["commitments"][1]["to_verify"] = True
    doc["plan"]["published"] = True

    report = import_file(to_json(doc), actor=coordinator())

    assert report.ok, report.lines()
    one = Commitment.objects.get(plan__slug=SLUG, number=1)
    assert one.fields_to_verify == ["title", "cost_amount"]
    page = client.get(f"/plans/{SLUG}/engagements/1/").content.decode()
    assert "À vérifier" in page
    assert "Informations encore à vérifier dans les sources officielles : intitulé, " in page
    assert "coût estimé (euros)" in page
    page = client.get(f"/plans/{SLUG}/engagements/2/").content.decode()
    assert "Cet engagement est à vérifier" in page
    # open data users see the same flags
    items = {
        c["number"]: (c["to_verify"], c["fields_to_verify"])
        for c in client.get(f"/api/v1/commitments/?plan={SLUG}").json()["results"]
    }
    assert items == {1: (False, ["title", "cost_amount"]), 2: (True, [])}


def test_an_unknown_field_to_verify_is_refused_with_its_place():
    doc = valid_doc()
    doc["commitments"][0]["fields_to_verify"] = ["couleur"]

    report = import_file(to_json(doc))

    assert [(e.where, e.field) for e in report.errors] == [("commitments[0]", "fields_to_verify")]
    assert str(report.errors[0]).startswith(
        "Engagement 1 (commitments[0]), champ « champs à vérifier"
    )
