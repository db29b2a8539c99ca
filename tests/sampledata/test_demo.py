import json

import pytest
from django.core.management import call_command

from commitments.models import ActionPlan, AuditRecord, Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from sampledata.demo import DEMO_FILE, demo_load

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model._meta.model_name: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (
                Commitment,
                ("number", "title", "ogp_id", "lead_administration__slug", "axis__number"),
            ),
            (Milestone, ("commitment__number", "reference", "status", "due_date", "completed_on")),
            (Indicator, ("commitment__number", "reference", "baseline_value", "target_value")),
            (
                Measurement,
                ("indicator__commitment__number", "indicator__reference", "date", "value"),
            ),
        ]
    } | {
        "co_owners": sorted(
            Commitment.co_owners.through.objects.values_list(
                "commitment__number", "administration__slug"
            )
        )
    }


def test_it_loads_the_26_real_commitments_of_the_2015_2017_plan():
    demo_load()
    plan = ActionPlan.objects.get(slug="pan-2015-2017")
    assert plan.axes.count() == 5
    assert plan.commitments.count() == 26
    c2 = plan.commitments.get(number=2)
    assert c2.ogp_id == "FR0004"
    assert c2.title == "Accroître la transparence de la commande publique"
    assert c2.axis.number == 1
    c6 = plan.commitments.get(number=6)
    assert c6.lead_administration.acronym == "HATVP"
    c12 = plan.commitments.get(number=12)
    assert c12.ogp_id == "FR0015"  # from 12 on, the OGP id is the number + 3


def test_everything_invented_is_flagged_illustrative():
    demo_load()
    assert Milestone.objects.exists() and Indicator.objects.exists()
    assert not Milestone.objects.filter(is_illustrative=False).exists()
    assert not Indicator.objects.filter(is_illustrative=False).exists()
    assert not Measurement.objects.filter(is_illustrative=False).exists()
    with_cost = Commitment.objects.exclude(cost_amount=None) | Commitment.objects.filter(
        no_additional_cost=True
    )
    assert with_cost.exists()
    assert not with_cost.filter(cost_is_illustrative=False).exists()


def test_loading_twice_leaves_the_same_data_and_no_new_audit_record():
    call_command("load_demo")
    first = snapshot()
    audits = AuditRecord.objects.count()
    call_command("load_demo")
    assert snapshot() == first
    assert AuditRecord.objects.count() == audits


def test_each_created_row_has_one_audit_record_from_the_command():
    demo_load()
    assert AuditRecord.objects.filter(object_type="commitment", action="create").count() == 26
    assert set(AuditRecord.objects.values_list("source", flat=True)) == {"command"}


def test_a_changed_data_file_updates_in_place_and_audits_the_change(tmp_path):
    demo_load()
    doc = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    doc["commitments"][1]["title"] = "Accroître encore la transparence de la commande publique"
    changed = tmp_path / "demo.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    report = demo_load(path=changed)
    assert report.updated == {"commitment": 1}
    assert Commitment.objects.count() == 26
    record = AuditRecord.objects.filter(object_type="commitment", action="update").get()
    assert record.changes["title"][1].startswith("Accroître encore")


def test_the_data_file_is_inside_the_project():
    from django.conf import settings

    assert DEMO_FILE.is_relative_to(settings.BASE_DIR)
