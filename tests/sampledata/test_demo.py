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


def test_the_demo_has_an_illustrative_civil_society_part_shown_on_the_dashboard(client):
    """Organisations of different kinds, assessments (one current disagreement at least, an
    older one in the history), self-assessments, answered questions, an overdue one, a hidden
    one; example.org addresses only; a rerun changes nothing; the dashboard shows a
    disagreement."""
    from django.urls import reverse
    from django.utils import timezone

    from civilsociety.models import Assessment, Organisation, Question, SelfAssessment
    from civilsociety.selectors import overdue_questions, plan_disagreements

    call_command("load_demo")
    plan = ActionPlan.objects.get(slug="pan-2015-2017")
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert len(kinds) >= 2 and Organisation.objects.count() >= 2
    assert all("(exemple)" in name for name in Organisation.objects.values_list("name", flat=True))
    assert SelfAssessment.objects.filter(commitment__plan=plan).count() >= 2
    assert Assessment.objects.filter(is_current=False).exists()
    disagreements = plan_disagreements(plan=plan)
    assert disagreements.count >= 1
    questions = Question.objects.filter(commitment__plan=plan, confirmed_at__isnull=False)
    assert (
        questions.filter(answered_at__isnull=False, answer_administration__isnull=False).count()
        >= 2
    )
    assert len(overdue_questions(as_of=timezone.localdate())) >= 1
    hidden = questions.get(hidden_at__isnull=False)
    assert hidden.hidden_reason
    addresses = {e for e in Question.objects.values_list("email", flat=True) if e}
    assert addresses and all(e.endswith("@example.org") for e in addresses)
    # audited as the services do: no address, texts by their fingerprint
    records = AuditRecord.objects.filter(object_type__in=["question", "assessment"])
    assert records.count() == Question.objects.count() + Assessment.objects.count()
    assert all("email" not in r.changes and "text" not in r.changes for r in records)

    # a rerun changes nothing, even after the erasure job ran
    from civilsociety.questions import erase_expired_addresses

    erase_expired_addresses(as_of=timezone.localdate())
    audits = AuditRecord.objects.count()
    state = sorted(Question.objects.values_list("text", "email", "answer", "hidden_reason"))
    assert not demo_load().changed
    assert AuditRecord.objects.count() == audits
    assert sorted(Question.objects.values_list("text", "email", "answer", "hidden_reason")) == state

    html = client.get(reverse("public:plan-detail", args=[plan.slug])).content.decode()
    assert 'id="desaccords"' in html
    assert "Observatoire citoyen de l&#x27;action publique (exemple)" in html
