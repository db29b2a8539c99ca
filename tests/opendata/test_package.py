"""The Frictionless data package in each bulk zip: it describes every CSV file with its schema,
its foreign keys resolve, it validates with frictionless on the demo plan and on a generated
world, and a broken value fails the validation."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from commitments.models import ActionPlan
from opendata.bulk import all_plans_zip_path, opendata_export_all, opendata_export_plan
from opendata.resources import resources
from opendata.tableschema import registry

from .conftest import errors_of, read_csv, unzip, write_csv

pytestmark = pytest.mark.django_db


def _consultation_of(plan: ActionPlan) -> None:
    """The demo has no consultation: one made here, so every resource of the package has rows
    (a retained proposal links to a commitment: a foreign key to check)."""
    from consultations.models import Consultation, Proposal

    consultation = Consultation.objects.create(
        plan=plan,
        slug="consultation-test",
        name="Consultation test",
        start_date=plan.period_start,
        end_date=plan.period_start,
    )
    retained = Proposal.objects.create(
        consultation=consultation, external_id="P1", title="Retenue", outcome="retained"
    )
    retained.commitments.add(plan.commitments.order_by("number").first())
    Proposal.objects.create(
        consultation=consultation,
        external_id="P2",
        title="Non retenue",
        outcome="not_retained",
        reason="Hors du champ du plan",
    )


@pytest.fixture
def demo_package(db, tmp_path) -> Path:
    """The demo plan loaded as `manage.py load_demo` does, exported; the unzipped folder."""
    call_command("load_demo", stdout=io.StringIO())
    plan = ActionPlan.objects.get(slug="pan-2015-2017")
    _civil_society(plan)
    _consultation_of(plan)
    _correction_of(plan)
    zip_path, _json = opendata_export_plan(plan=plan)
    return unzip(zip_path, tmp_path / "demo")


def _correction_of(plan: ActionPlan) -> None:
    """The demo publishes one report; a second version correcting it (a row as publishing
    stores it, files left out: the package reads the rows), so the link is checked."""
    from django.utils import timezone

    from reports.models import Report

    first = Report.objects.get(plan=plan, status="published")
    Report.objects.create(
        plan=plan,
        kind=first.kind,
        period_start=first.period_start,
        period_end=first.period_end,
        version=2,
        corrects=first,
        correction_note="Coût de l'engagement 2 corrigé.",
        status="published",
        method_version=first.method_version,
        data=first.data,
        data_sha256=first.data_sha256,
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )


def _civil_society(plan: ActionPlan) -> None:
    """An organisation's assessment, a self-assessment and an answered question, so that the
    civil-society files have rows and links to check."""
    import datetime

    from django.utils import timezone

    from civilsociety.models import Assessment, Organisation, Question, SelfAssessment

    commitment = plan.commitments.order_by("number").first()
    org = Organisation.objects.create(name="Regards Citoyens", slug="regards-citoyens")
    SelfAssessment.objects.create(
        commitment=commitment, level="complete", set_on=datetime.date(2017, 3, 1)
    )
    Assessment.objects.create(
        commitment=commitment,
        organisation=org,
        assessed_on=datetime.date(2017, 3, 1),
        level="limited",
        text="Deux décrets sur dix.",
        evidence_links=["https://www.legifrance.gouv.fr/"],
    )
    now = timezone.now()
    Question.objects.create(
        commitment=commitment,
        display_name="Camille",
        email="camille@example.org",
        text="Quand les décrets paraîtront-ils ?",
        confirmed_at=now,
        answer="En juin.",
        answered_at=now,
        answer_administration=commitment.lead_administration,
    )


def test_the_zip_holds_a_package_describing_every_csv_file(demo_package):
    package = json.loads((demo_package / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "pgo-pan-2015-2017"
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert package["title"].startswith("Portail PGO — ")
    assert package["title_en"] and package["description"] and package["description_en"]
    assert package["temporal"] == {"start": "2015-07-16", "end": "2017-07-15"}
    assert package["created"].startswith("20")
    commitments = read_csv(demo_package / "commitments.csv")
    assert package["method_version"] == commitments[0]["method_version"] != ""
    assert package["homepage"] == "https://pgo.example.gouv.fr/plans/pan-2015-2017/"
    assert {"title": "Portail PGO", "path": "https://pgo.example.gouv.fr/"} in package["sources"]
    names = [r["name"] for r in package["resources"]]
    assert names == [r.name for r in resources()]
    csv_files = sorted(p.name for p in demo_package.glob("*.csv"))
    assert sorted(r["path"] for r in package["resources"]) == csv_files
    for descriptor in package["resources"]:
        header = read_csv(demo_package / descriptor["path"])[0].keys()
        fields = [f["name"] for f in descriptor["schema"]["fields"]]
        assert fields == list(header), descriptor["name"]  # every column, nothing more
        # the published schema at its version, plus the package's foreign keys
        published = registry.committed_schema(descriptor["name"])
        inline = {k: v for k, v in descriptor["schema"].items() if k not in ("path", "foreignKeys")}
        assert inline == published
        assert descriptor["schema"]["path"] == (
            f"https://pgo.example.gouv.fr/schemas/{descriptor['name']}/"
            f"{published['version']}/schema.json"
        )
        assert descriptor["title"] and descriptor["title_en"]
        assert descriptor["bytes"] == (demo_package / descriptor["path"]).stat().st_size


def test_the_foreign_keys_resolve(demo_package):
    package = json.loads((demo_package / "datapackage.json").read_text())
    declared = []
    for descriptor in package["resources"]:
        rows = read_csv(demo_package / descriptor["path"])
        for key in descriptor["schema"].get("foreignKeys", []):
            (column,) = key["fields"]
            target = key["reference"]["resource"]
            (target_column,) = key["reference"]["fields"]
            known = {r[target_column] for r in read_csv(demo_package / f"{target}.csv")}
            values = {r[column] for r in rows if r[column] != ""}
            assert values, (descriptor["name"], column)  # the demo has links to check
            assert values <= known, (descriptor["name"], column, sorted(values - known)[:3])
            declared.append((descriptor["name"], column, target))
    for link in [
        ("milestones", "commitment", "commitments"),
        ("measurements", "indicator", "indicators"),
        ("indicators", "commitment", "commitments"),
        ("score-snapshots", "commitment", "commitments"),
        ("commitments", "lead_administration.id", "administrations"),
        ("commitments", "plan.id", "plans"),
        ("assessments", "commitment", "commitments"),
        ("questions", "commitment", "commitments"),
        ("reports", "corrects", "reports"),
    ]:
        assert link in declared


def test_frictionless_validates_the_demo_package_from_the_command_line(demo_package):
    cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(cli), "validate", "--json", str(demo_package / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:2000]
    assert result.returncode == 0
    assert len(report["tasks"]) == len(resources())


def test_a_broken_value_or_link_fails_the_validation(demo_package, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(demo_package, broken)
    milestones = read_csv(broken / "milestones.csv")
    milestones[0]["status"] = "presque_fini"  # not an allowed value
    milestones[1]["commitment"] = "999999"  # no such commitment
    milestones[2]["due_date"] = "2016-02-30"  # no such day
    write_csv(broken / "milestones.csv", milestones)
    commitments = read_csv(broken / "commitments.csv")
    commitments[0]["progress"] = "130.00"  # above the maximum
    write_csv(broken / "commitments.csv", commitments)
    errors = {
        (name, row, field, kind)
        for name, row, field, kind in errors_of(broken / "datapackage.json")
    }
    assert ("milestones", 2, "status", "constraint-error") in errors
    assert ("milestones", 3, None, "foreign-key") in errors
    assert ("milestones", 4, "due_date", "type-error") in errors
    assert ("commitments", 2, "progress", "constraint-error") in errors
    # the intact package still validates
    assert errors_of(demo_package / "datapackage.json") == []


def test_the_packages_of_a_generated_world_validate(db, tmp_path):
    """A generated world (as `manage.py generate_world` makes it) beside the demo plan."""
    call_command("load_demo", stdout=io.StringIO())
    call_command("generate_world", commitments=60, seed=11, stdout=io.StringIO())
    call_command("recompute_scores", stdout=io.StringIO())
    plans = list(ActionPlan.objects.filter(published=True).order_by("period_start"))
    assert len(plans) >= 2
    # the package of every published plan, and the one of the biggest plan
    assert opendata_export_all() == all_plans_zip_path()
    whole = unzip(all_plans_zip_path(), tmp_path / "all")
    assert errors_of(whole / "datapackage.json") == []
    package = json.loads((whole / "datapackage.json").read_text())
    assert package["name"] == "pgo-tous-les-plans"
    assert package["temporal"]["start"] == plans[0].period_start.isoformat()
    assert len(read_csv(whole / "plans.csv")) == len(plans)
    biggest = max(plans, key=lambda p: p.commitments.count())
    assert biggest.slug != "pan-2015-2017"
    zip_path, _json = opendata_export_plan(plan=biggest)
    one = unzip(zip_path, tmp_path / "one")
    assert errors_of(one / "datapackage.json") == []
    with zipfile.ZipFile(zip_path) as archive:
        assert f"{biggest.slug}/datapackage.json" in archive.namelist()
