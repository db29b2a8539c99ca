"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

import pytest

from commitments.models import (
    ActionPlan,
    AuditRecord,
    Commitment,
)
from tests.factories import AdministrationFactory, CommitmentFactory
from tests.importexport.helpers import (
    BAD_FILES,
    SLUG,
    VALID_JSON,
    bad_file,
    coordinator,
    db_state,
    import_file,
    import_valid,
    office_sheets,
    places,
    set_cell,
    to_json,
    to_xlsx,
    valid_doc,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("existing", [False, True], ids=["empty-database", "plan-exists"])
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_file_with_one_bad_row_is_refused_whole_and_the_error_names_its_place(name, existing):
    if existing:
        import_valid()
    state, audits = db_state(), AuditRecord.objects.count()
    data, filename = bad_file(name)
    _mutate, place, message = BAD_FILES[name]

    report = import_file(data, filename, actor=coordinator())

    assert not report.ok
    assert [(e.where, e.row, e.field) for e in report.errors] == [place]
    assert message in report.errors[0].message
    assert report.counts == {}
    assert db_state() == state
    assert AuditRecord.objects.count() == audits
    assert "Import refusé : 1 erreur(s)" in report.lines()[0]


@pytest.mark.parametrize("encoding", ["json", "xlsx"])
def test_a_truncated_file_is_refused_with_one_clear_error(encoding):
    data = VALID_JSON if encoding == "json" else to_xlsx(office_sheets())

    report = import_file(data[: len(data) // 2], f"plan.{encoding}")

    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert "tronqué" in message
    if encoding == "json":
        assert message.startswith("JSON") and "ligne" in message
    else:
        assert "Classeur XLSX illisible" in message
    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"plan;titre\n", "Format de fichier non reconnu"),
        (b'{"format": "pgo-demo/1"}', "Format « pgo-plan/1 » attendu"),
        (b'["pas", "un objet"]', "Le document doit être un objet JSON"),
    ],
)
def test_a_file_that_is_not_a_plan_is_refused(data, message):
    report = import_file(data, "plan.csv")

    assert len(report.errors) == 1 and message in str(report.errors[0])


def test_every_error_of_a_file_is_listed_at_once():
    doc = valid_doc()
    doc["plan"]["status"] = "en pause"
    doc["plan"]["axes"][1]["number"] = 1
    doc["commitments"][0]["start_date"] = "2020-01-01"
    doc["commitments"][0]["end_date"] = "2019-01-01"
    doc["commitments"][0]["lead_administration"] = "inconnue"
    doc["commitments"][0]["indicators"][0]["measurements"][1]["date"] = "2019-01-15"
    doc["commitments"][0]["indicators"][1]["levels"] = ["Un seul niveau"]
    doc["commitments"][0]["milestones"][1]["justification"] = ""
    doc["commitments"][0]["milestones"][2]["justification"] = ""
    doc["commitments"][1]["milestones"][0]["completed_on"] = "2019-01-01"
    doc["commitments"][1]["milestones"][0]["weight"] = -1
    doc["commitments"][1]["surprise"] = True

    report = import_file(to_json(doc))

    assert places(report) == {
        ("plan", None, "status"),
        ("plan.axes[1]", None, "number"),
        ("commitments[0]", None, "end_date"),
        ("commitments[0]", None, "lead_administration"),
        ("commitments[0].indicators[0].measurements[1]", None, "date"),
        ("commitments[0].indicators[1]", None, "levels"),
        # consequences, true as well: level 1 of a one-level scale, axis 2 renumbered 1
        ("commitments[0].indicators[1].measurements[0]", None, "value"),
        ("commitments[1]", None, "axis"),
        ("commitments[0].milestones[1]", None, "justification"),
        ("commitments[0].milestones[2]", None, "justification"),
        ("commitments[1].milestones[0]", None, "completed_on"),
        ("commitments[1].milestones[0]", None, "weight"),
        ("commitments[1]", None, "surprise"),
    }
    assert not ActionPlan.objects.exists()
    messages = {(e.where, e.field): e.message for e in report.errors}
    assert messages[("plan", "status")].startswith("Valeur inconnue « en pause »")
    assert "report d'échéance" in messages[("commitments[0].milestones[1]", "justification")]
    assert "abandonné" in messages[("commitments[0].milestones[2]", "justification")]
    assert messages[("commitments[1]", "surprise")] == "Champ inconnu."


def test_unknown_sheets_columns_and_levels_are_refused_with_their_place():
    sheets = office_sheets()
    sheets["Jalon"] = [{"référence": "j9"}]
    sheets["Jalons"][0]["pods"] = sheets["Jalons"][0].pop("poids", None)
    set_cell(sheets, "Mesures", 4, "valeur", "Format inventé")

    report = import_file(to_xlsx(sheets), "plan.xlsx")

    assert places(report) == {
        ("Jalon", None, ""),
        ("Jalons", 1, "pods"),
        ("Mesures", 4, "valeur"),
    }
    level_error = next(e for e in report.errors if e.where == "Mesures")
    assert "Niveau inconnu « Format inventé »" in level_error.message
    assert not ActionPlan.objects.exists()


def test_a_row_naming_a_commitment_that_exists_nowhere_is_refused():
    sheets = office_sheets()
    set_cell(sheets, "Jalons", 6, "engagement", 7)

    report = import_file(to_xlsx(sheets), "plan.xlsx")

    assert places(report) == {("Jalons", 6, "engagement")}
    assert "Engagement n° 7 inconnu" in report.errors[0].message


def test_a_new_administration_whose_name_is_taken_is_refused():
    AdministrationFactory(slug="dinum-historique", name="Direction interministérielle du numérique")

    report = import_file(VALID_JSON)

    assert places(report) == {("administrations[0]", None, "name")}


def test_a_continued_commitment_must_exist_in_another_plan():
    previous = CommitmentFactory(plan__slug="pan-2015-2017", number=3)
    doc = valid_doc()
    doc["commitments"][0]["continues"] = {"plan": "pan-2015-2017", "number": 3}
    doc["commitments"][1]["continues"] = {"plan": "pan-2015-2017", "number": 99}

    report = import_file(to_json(doc))

    assert places(report) == {("commitments[1]", None, "continues")}
    del doc["commitments"][1]["continues"]
    assert import_file(to_json(doc)).ok
    assert Commitment.objects.get(plan__slug=SLUG, number=1).continues == previous
