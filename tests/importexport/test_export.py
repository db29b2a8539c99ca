"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

import json

import pytest

from commitments.models import (
    ActionPlan,
    AuditRecord,
    Commitment,
)
from importexport.exporter import plan_document, plan_export
from tests.importexport.helpers import (
    SLUG,
    db_state,
    import_file,
    load_demo_plan,
    load_valid_file,
    places,
    sheet_values,
    to_json,
    valid_doc,
    wipe,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("load", [load_valid_file, load_demo_plan], ids=["fixture", "demo"])
@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_then_import_into_an_empty_database_then_export_gives_the_same_file(fmt, load):
    plan = load()
    document = plan_document(plan=plan)
    exported = plan_export(plan=plan, fmt=fmt)
    wipe()

    report = import_file(exported, f"export.{fmt}")

    assert report.ok, report.lines()
    plan = ActionPlan.objects.get(slug=plan.slug)
    assert plan_document(plan=plan) == document
    again = plan_export(plan=plan, fmt=fmt)
    if fmt == "json":
        assert again == exported
    else:  # a workbook's zip carries its own timestamps: compare every sheet and cell
        assert sheet_values(again) == sheet_values(exported)


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_an_export_imported_into_the_same_database_changes_nothing(fmt):
    plan = load_demo_plan()
    state, audits = db_state(), AuditRecord.objects.count()

    report = import_file(plan_export(plan=plan, fmt=fmt), f"export.{fmt}")

    assert report.ok and not report.changed
    assert report.counts["commitment"]["unchanged"] == 26
    assert db_state() == state
    assert AuditRecord.objects.count() == audits


def test_the_json_export_names_every_field_and_leaves_out_computed_scores():
    plan = load_valid_file()
    document = json.loads(plan_export(plan=plan))

    assert document["format"] == "pgo-plan/1"
    commitment = document["commitments"][0]
    assert commitment["continues"] is None and commitment["cost_amount"] == 250000.5
    assert {"progress", "score", "points", "measurability"}.isdisjoint(commitment)
    assert [a["slug"] for a in document["administrations"]] == [
        "dinum",
        "hatvp",
        "ministere-transition-ecologique",
    ]
    assert commitment["milestones"][1]["original_due_date"] == "2019-06-30"


def test_the_xlsx_export_has_one_sheet_per_entity_with_french_headers():
    plan = load_valid_file()
    sheets = sheet_values(plan_export(plan=plan, fmt="xlsx"))

    assert list(sheets)[:8] == [
        "Plan",
        "Axes",
        "Administrations",
        "Partenaires",
        "Engagements",
        "Indicateurs",
        "Mesures",
        "Jalons",
    ]
    assert sheets["Jalons"][0][:4] == ("plan", "engagement", "référence", "ordre")
    assert len(sheets["Jalons"]) == 6 and len(sheets["Mesures"]) == 4
    qualitative = next(row for row in sheets["Indicateurs"] if row[2] == "i2")
    assert qualitative[7] == "Aucun format commun\nFormat publié\nFormat appliqué partout"


def test_the_export_reads_the_database_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    small = load_valid_file()
    # + the other commitments each one continues (with their plan), in one query
    with django_assert_num_queries(8):
        plan_document(plan=small)
    large = load_demo_plan()
    with django_assert_num_queries(8):
        plan_document(plan=large)


def test_numbers_that_are_not_numbers_are_refused():
    doc = valid_doc()
    doc["commitments"][0]["cost_amount"] = "NaN"
    text = to_json(doc).decode().replace('"weight": 2', '"weight": Infinity')

    report = import_file(text.encode())

    assert places(report) == {
        ("commitments[0]", None, "cost_amount"),
        ("commitments[0].indicators[0]", None, "weight"),
        ("commitments[0].milestones[1]", None, "weight"),
    }
    assert "Nombre attendu, « Infinity » reçu." in str(report.errors[-1])


def test_a_text_that_looks_like_a_formula_stays_text_in_the_workbook():
    doc = valid_doc()
    doc["commitments"][0]["description"] = "=SOMME(A1:A3)"
    import_file(to_json(doc))
    plan = ActionPlan.objects.get(slug=SLUG)

    data = plan_export(plan=plan, fmt="xlsx")
    wipe()

    assert import_file(data, "plan.xlsx").ok
    assert Commitment.objects.get(number=1).description == "=SOMME(A1:A3)"
