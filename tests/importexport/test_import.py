"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from commitments.models import (
    ActionPlan,
    AuditRecord,
    Commitment,
)
from importexport.exporter import plan_document
from milestones.models import Milestone
from tests.importexport.helpers import (
    SLUG,
    VALID_JSON,
    coordinator,
    db_state,
    import_file,
    import_valid,
    office_sheets,
    to_json,
    to_xlsx,
    valid_doc,
    wipe,
)

pytestmark = pytest.mark.django_db


# A valid file ----------------------------------------------------------------------------------


def test_a_valid_json_file_creates_the_plan_with_everything_in_it():
    report = import_valid()

    assert report.encoding == "json" and report.plan_slug == SLUG
    assert report.counts["commitment"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.counts["milestone"]["created"] == 5
    assert report.counts["measurement"]["created"] == 3
    plan = ActionPlan.objects.get(slug=SLUG)
    assert plan.status == "in_progress" and plan.published
    assert list(plan.axes.values_list("number", "slug")) == [
        (1, "transparence"),
        (2, "participation"),
    ]
    c1 = plan.commitments.get(number=1)
    assert c1.axis.number == 1
    assert c1.lead_administration.slug == "dinum"
    assert [a.slug for a in c1.co_owners.all()] == ["ministere-transition-ecologique"]
    assert [p.slug for p in c1.partners.all()] == ["regards-citoyens"]
    assert c1.ogp_values == ["access_to_information", "public_accountability"]
    assert c1.action_types == ["standard", "data"]
    assert c1.cost_amount == Decimal("250000.50") and c1.cost_staff_fte == Decimal("1.5")
    assert c1.ogp_completion == "substantial"
    assert c1.contact_email == "camille.martin@numerique.gouv.fr"
    c2 = plan.commitments.get(number=2)
    assert c2.no_additional_cost and c2.cost_amount is None
    assert {p.name for p in c2.partners.all()} == {"Regards Citoyens", "Open Knowledge France"}

    i2 = c1.indicators.get(reference="i2")
    assert i2.kind == "qualitative" and len(i2.levels) == 3
    assert (i2.baseline_value, i2.target_value) == (0, 2)  # the scale fixes them
    assert i2.measurements.get().value == 1
    assert [i.reference for i in c1.indicators.order_by("position")] == ["i1", "i2"]
    j2 = c1.milestones.get(reference="j2")
    assert j2.original_due_date == datetime.date(2019, 6, 30)
    assert j2.due_date == datetime.date(2019, 12, 31) and j2.weight == 2
    j4 = c1.milestones.get(reference="j4")
    assert j4.status == "planned" and j4.original_due_date == j4.due_date and j4.weight == 1
    assert c1.milestones.get(reference="j1").completed_on == datetime.date(2018, 11, 20)


def test_a_valid_xlsx_file_typed_in_office_software_gives_the_same_plan_as_the_json_file():
    import_valid()
    from_json = plan_document(plan=ActionPlan.objects.get(slug=SLUG))
    wipe()

    report = import_file(to_xlsx(office_sheets()), "plan.xlsx")

    assert report.ok, report.lines()
    assert report.encoding == "xlsx"
    assert report.counts["milestone"]["created"] == 5
    assert plan_document(plan=ActionPlan.objects.get(slug=SLUG)) == from_json


def test_the_encoding_is_detected_from_the_content_whatever_the_name():
    assert import_file(VALID_JSON, "plan.txt").encoding == "json"
    wipe()
    assert import_file(to_xlsx(office_sheets()), "sans-extension").encoding == "xlsx"


# Re-import -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["json", "xlsx"])
def test_a_reimport_of_the_same_file_duplicates_nothing_and_writes_nothing(encoding):
    data = VALID_JSON if encoding == "json" else to_xlsx(office_sheets())
    import_file(data, f"plan.{encoding}")
    state, audits = db_state(), AuditRecord.objects.count()

    report = import_file(data, f"plan.{encoding}")

    assert report.ok and not report.changed
    assert report.counts["commitment"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert db_state() == state
    assert AuditRecord.objects.count() == audits


def test_a_changed_file_updates_in_place_and_audits_only_what_changed():
    import_valid()
    user = coordinator()
    doc = valid_doc()
    milestone = doc["commitments"][1]["milestones"][0]
    milestone |= {"status": "completed", "completed_on": "2019-03-15"}
    milestone["evidence_url"] = "https://www.hatvp.fr/open-data/"
    doc["commitments"][1]["partners"] = ["regards-citoyens"]
    last = AuditRecord.objects.latest("id").id

    report = import_file(to_json(doc), actor=user)

    assert report.ok
    assert report.counts["milestone"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert report.counts["commitment"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert Milestone.objects.count() == 5 and Commitment.objects.count() == 2
    new = AuditRecord.objects.filter(id__gt=last)
    assert sorted((r.object_type, r.action) for r in new) == [
        ("commitment", "update"),
        ("milestone", "update"),
    ]
    record = AuditRecord.objects.get(object_type="milestone", action="update")
    assert record.changes["status"] == ["planned", "completed"]
    assert record.changes["completed_on"] == [None, "2019-03-15"]
    assert record.actor == user and record.source == "import"
    assert record.commitment.number == 2
    commitment_record = AuditRecord.objects.get(object_type="commitment", action="update")
    assert commitment_record.changes == {
        "partners": [["Open Knowledge France", "Regards Citoyens"], ["Regards Citoyens"]]
    }


def test_rows_absent_from_the_file_and_fields_absent_from_a_row_are_left_alone():
    import_valid()
    doc = {
        "format": "pgo-plan/1",
        "plan": {"slug": SLUG},
        "commitments": [
            {"number": 2, "milestones": [{"reference": "j1", "status": "in_progress"}]},
        ],
    }

    report = import_file(to_json(doc))

    assert report.ok, report.lines()
    assert report.counts["milestone"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert Commitment.objects.count() == 2 and Milestone.objects.count() == 5
    c2 = Commitment.objects.get(number=2)
    assert c2.title.startswith("Ouvrir le registre") and c2.partners.count() == 2
    assert c2.milestones.get().status == "in_progress"
    assert c2.milestones.get().title == "Publier le registre en JSON et CSV"


def test_a_spreadsheet_row_may_name_a_commitment_that_is_only_in_the_database():
    import_valid()
    sheets = {
        "Plan": [{"identifiant": SLUG}],
        "Jalons": [
            {
                "engagement": 2,
                "référence": "j2",
                "intitulé": "Documenter l'API du registre",
                "échéance": "2019-06-30",
            }
        ],
    }

    report = import_file(to_xlsx(sheets), "ajout.xlsx")

    assert report.ok, report.lines()
    assert report.counts == {
        "plan": {"created": 0, "updated": 0, "unchanged": 1},
        "milestone": {"created": 1, "updated": 0, "unchanged": 0},
    }
    assert Commitment.objects.get(number=2).milestones.count() == 2
