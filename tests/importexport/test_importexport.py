"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

import copy
import datetime
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import (
    ActionPlan,
    Administration,
    AuditRecord,
    Axis,
    Commitment,
    Membership,
    Partner,
    Profile,
)
from importexport.exporter import plan_document, plan_export
from importexport.importer import plan_import
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from sampledata.demo import demo_load
from tests.factories import AdministrationFactory, CommitmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
VALID_JSON = (DATA / "plan-valid.json").read_bytes()
SLUG = "pan-2018-2020"
# In the valid file: 1 plan, 2 axes, 3 administrations, 2 partners, 2 commitments,
# 3 indicators, 3 measurements, 5 milestones.
ROWS_IN_VALID_FILE = 21


# The same plan as ``plan-valid.json``, typed the way people do in office software: French
# labels instead of codes, "oui"/"non", date cells or ISO text, a decimal comma, a qualitative
# measurement by its level's label, a partner by its name, optional columns left out.
# One dict per row, by column header; ``to_xlsx`` writes the header row.
def office_sheets() -> dict[str, list[dict]]:
    d = datetime.date
    return {
        "Plan": [
            {
                "identifiant": SLUG,
                "titre": "Plan d'action national 2018-2020",
                "titre (anglais)": "National Action Plan 2018-2020",
                "présentation": "Deuxième plan d'action national (jeu d'essai).",
                "début de la période": d(2018, 4, 1),
                "fin de la période": "2020-06-30",
                "état": "En cours",
                "publié": "Oui",
                "source officielle": "https://www.modernisation.gouv.fr/",
            }
        ],
        "Axes": [
            {
                "plan": SLUG,
                "numéro": 1,
                "identifiant": "transparence",
                "intitulé": "Transparence",
                "intitulé (anglais)": "Transparency",
            },
            {"plan": None, "numéro": 2, "identifiant": "participation"}
            | {"intitulé": "Participation citoyenne", "intitulé (anglais)": None},
        ],
        "Administrations": [
            {
                "identifiant": "dinum",
                "nom": "Direction interministérielle du numérique",
                "sigle": "DINUM",
                "type": "Ministère",
                "courriel de contact": "contact@numerique.gouv.fr",
                "site web": "https://www.numerique.gouv.fr",
            },
            {
                "identifiant": "hatvp",
                "nom": "Haute Autorité pour la transparence de la vie publique",
                "sigle": "HATVP",
                "type": "Autorité indépendante",
            },
            {
                "identifiant": "ministere-transition-ecologique",
                "nom": "Ministère de la Transition écologique",
                "type": "ministry",
            },
        ],
        "Partenaires": [
            {
                "identifiant": "regards-citoyens",
                "nom": "Regards Citoyens",
                "site web": "https://www.regardscitoyens.org",
            },
            {"identifiant": "open-knowledge-france", "nom": "Open Knowledge France"},
        ],
        "Engagements": [
            {
                "plan": SLUG,
                "numéro": 1,
                "identifiant OGP": "FR0031",
                "axe": 1,
                "intitulé": "Publier en open data les données essentielles des marchés publics",
                "intitulé (anglais)": "Publish essential public procurement data",
                "résumé en langage clair": (
                    "Chaque marché public attribué est publié avec son montant et son titulaire."
                ),
                "problème traité": "Les données des marchés sont dispersées.",
                "situation de départ": "10 % des acheteurs publient leurs données en 2018.",
                "objectif": "Publier les données de 90 % des marchés d'ici 2020.",
                "description": "Format national, publication sur data.gouv.fr, contrôle qualité.",
                "valeurs OGP": "accès à l'information; redevabilité",
                "types d'action": "Nouvelle norme ou standard; data",
                "administration porteuse": "dinum",
                "administrations co-porteuses": "ministere-transition-ecologique",
                "partenaires": "regards-citoyens",
                "responsable nommé": "Camille Martin",
                "fonction du responsable": "Cheffe de projet données",
                "courriel du responsable": "camille.martin@numerique.gouv.fr",
                "date de début": d(2018, 4, 1),
                "date de fin": d(2020, 6, 30),
                "coût estimé (euros)": "250 000,5",
                "moyens humains (ETP)": 1.5,
                "source de financement": "Programme 129",
                "sans coût supplémentaire": "non",
                "niveau d'achèvement (échelle OGP)": "Substantiel",
                "sources": "https://www.opengovpartnership.org/",
                "fiabilité des données": "vérifié",
            },
            {
                "plan": SLUG,
                "numéro": 2,
                "identifiant OGP": "FR0032",
                "axe": 2,
                "intitulé": "Ouvrir le registre des représentants d'intérêts à la réutilisation",
                "résumé en langage clair": (
                    "Le registre est publié chaque jour dans un format réutilisable."
                ),
                "objectif": "Publier le registre complet chaque jour.",
                "valeurs OGP": "access_to_information",
                "types d'action": "outil ou service",
                "administration porteuse": "hatvp",
                "partenaires": "Regards Citoyens; open-knowledge-france",
                "responsable nommé": "Service des données",
                "date de début": "2018-06-01",
                "date de fin": "2019-12-31",
                "sans coût supplémentaire": "oui",
            },
        ],
        "Indicateurs": [
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "i1",
                "intitulé": "Part des marchés publiés en open data",
                "type": "Quantitatif",
                "unité": "%",
                "valeur initiale": 10,
                "date de la valeur initiale": d(2018, 4, 1),
                "valeur cible": 90,
                "date cible": d(2020, 6, 30),
                "source des données": "data.gouv.fr",
                "fréquence de mise à jour (jours)": 180,
                "poids": 2,
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "i2",
                "intitulé": "Qualité du format de publication",
                "type": "Qualitatif",
                "niveaux": "Aucun format commun\nFormat publié\nFormat appliqué partout",
                "date de la valeur initiale": d(2018, 4, 1),
                "date cible": d(2020, 6, 30),
                "source des données": "Constat de l'équipe de coordination",
            },
            {
                "plan": SLUG,
                "engagement": 2,
                "référence": "delai",
                "intitulé": "Délai de mise à jour du registre publié",
                "unité": "jours",
                "valeur initiale": 30,
                "date de la valeur initiale": d(2018, 6, 1),
                "valeur cible": 1,
                "date cible": d(2019, 12, 31),
                "source des données": "HATVP",
            },
        ],
        "Mesures": [
            {
                "plan": SLUG,
                "engagement": 1,
                "indicateur": "i1",
                "date": d(2019, 1, 15),
                "valeur": 35.5,
                "source": "data.gouv.fr",
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "indicateur": "i1",
                "date": "2019-12-15",
                "valeur": "61,25",
                "commentaire": "Après relance des acheteurs.",
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "indicateur": "i2",
                "date": d(2019, 6, 30),
                "valeur": "Format publié",
                "lien vers la preuve": "https://www.data.gouv.fr/",
            },
        ],
        "Jalons": [
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "j1",
                "intitulé": "Publier l'arrêté fixant le format des données",
                "livrable vérifiable": "Arrêté publié au Journal officiel",
                "échéance": d(2018, 12, 31),
                "état": "Réalisé",
                "réalisé le": d(2018, 11, 20),
                "lien vers la preuve": "https://www.legifrance.gouv.fr/",
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "j2",
                "intitulé": "Ouvrir le jeu de données consolidé",
                "date de début": d(2019, 1, 1),
                "échéance": d(2019, 12, 31),
                "échéance initiale": d(2019, 6, 30),
                "état": "En cours",
                "poids": 2,
                "justification (report ou abandon)": (
                    "Report : consolidation des sources plus longue que prévu."
                ),
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "j3",
                "intitulé": "Créer un tableau de bord par acheteur",
                "échéance": d(2020, 3, 31),
                "état": "Abandonné",
                "poids": 0.5,
                "justification (report ou abandon)": "Remplacé par le tableau de bord national.",
            },
            {
                "plan": SLUG,
                "engagement": 1,
                "référence": "j4",
                "intitulé": "Publier le bilan de la qualité des données",
                "échéance": d(2020, 6, 30),
            },
            {
                "plan": SLUG,
                "engagement": 2,
                "référence": "j1",
                "intitulé": "Publier le registre en JSON et CSV",
                "livrable vérifiable": "Fichiers en ligne sur data.gouv.fr",
                "date de début": d(2018, 6, 1),
                "échéance": d(2019, 3, 31),
                "état": "Prévu",
            },
        ],
    }


# Helpers ---------------------------------------------------------------------------------------


def valid_doc() -> dict:
    return json.loads(VALID_JSON)


def to_json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def to_xlsx(sheets: dict[str, list[dict]]) -> bytes:
    """A workbook: per sheet, a header row (every column any row uses), then the rows."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        headers = list(dict.fromkeys(header for row in rows for header in row))
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_cell(sheets: dict, sheet: str, row: int, header: str, value) -> None:
    """Change one cell, named as a spreadsheet user would: sheet, row number (the header is
    row 1), column."""
    sheets[sheet][row - 2][header] = value


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


def import_file(data: bytes, filename: str = "plan.json", **kwargs):
    kwargs.setdefault("actor", None)
    return plan_import(data=data, filename=filename, **kwargs)


def import_valid(**kwargs):
    report = import_file(VALID_JSON, **kwargs)
    assert report.ok, report.lines()
    return report


def db_state() -> dict:
    """Every stored value (timestamps included: a save would show) of the imported models."""
    models = [
        ActionPlan,
        Axis,
        Administration,
        Partner,
        Commitment,
        Indicator,
        Measurement,
        Milestone,
        Commitment.co_owners.through,
        Commitment.partners.through,
    ]
    return {
        model._meta.label: sorted(
            (tuple(sorted(row.items())) for row in model.objects.values()), key=repr
        )
        for model in models
    }


def wipe() -> None:
    ActionPlan.objects.all().delete()
    Administration.objects.all().delete()
    Partner.objects.all().delete()


def coordinator(username: str = "coordinatrice"):
    user = UserFactory(username=username)
    Profile.objects.create(user=user, is_coordinator=True)
    return user


def contributor(username: str = "contributeur"):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, administration=AdministrationFactory())
    return user


def places(report) -> set[tuple]:
    return {(e.where, e.row, e.field) for e in report.errors}


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


# Refused files ---------------------------------------------------------------------------------


def _json_bad_date(doc):
    doc["commitments"][0]["milestones"][1]["due_date"] = "2019-02-30"


def _json_unknown_administration(doc):
    doc["commitments"][1]["co_owners"] = ["ministere-des-nuages"]


def _json_duplicate_number(doc):
    doc["commitments"].append(copy.deepcopy(doc["commitments"][0]) | {"title": "Autre"})


def _json_wrong_type(doc):
    doc["commitments"][0]["milestones"][3]["weight"] = "beaucoup"


def _json_completed_without_date(doc):
    doc["commitments"][1]["milestones"][0]["status"] = "completed"


def _json_lead_is_co_owner(doc):
    commitment = doc["commitments"][1]
    commitment["co_owners"] = [commitment["lead_administration"]]


def _xlsx_lead_is_co_owner(sheets):
    lead = sheets["Engagements"][1]["administration porteuse"]
    set_cell(sheets, "Engagements", 3, "administrations co-porteuses", lead)


def _xlsx_bad_date(sheets):
    set_cell(sheets, "Jalons", 3, "échéance", "31/12/2019")


def _xlsx_unknown_administration(sheets):
    set_cell(sheets, "Engagements", 3, "administration porteuse", "ministere-des-nuages")


def _xlsx_duplicate_number(sheets):
    sheets["Engagements"].append(dict(sheets["Engagements"][0]))


def _xlsx_wrong_type(sheets):
    set_cell(sheets, "Jalons", 4, "poids", "beaucoup")


def _xlsx_completed_without_date(sheets):
    set_cell(sheets, "Jalons", 6, "état", "Réalisé")


BAD_FILES = {
    "json-bad-date": (
        _json_bad_date,
        ("commitments[0].milestones[1]", None, "due_date"),
        "Date impossible",
    ),
    "json-unknown-administration": (
        _json_unknown_administration,
        ("commitments[1]", None, "co_owners"),
        "Administration inconnue « ministere-des-nuages »",
    ),
    "json-duplicate-number": (
        _json_duplicate_number,
        ("commitments[2]", None, "number"),
        "« 1 » est en double (déjà utilisé : commitments[0])",
    ),
    "json-wrong-type": (
        _json_wrong_type,
        ("commitments[0].milestones[3]", None, "weight"),
        "Nombre attendu, « beaucoup » reçu.",
    ),
    "json-completed-without-date": (
        _json_completed_without_date,
        ("commitments[1].milestones[0]", None, "completed_on"),
        "Un jalon réalisé doit avoir une date de réalisation.",
    ),
    "json-lead-is-co-owner": (
        _json_lead_is_co_owner,
        ("commitments[1]", None, "co_owners"),
        "L'administration porteuse ne peut pas être aussi co-porteuse.",
    ),
    "xlsx-lead-is-co-owner": (
        _xlsx_lead_is_co_owner,
        ("Engagements", 3, "administrations co-porteuses"),
        "L'administration porteuse ne peut pas être aussi co-porteuse.",
    ),
    "xlsx-bad-date": (
        _xlsx_bad_date,
        ("Jalons", 3, "échéance"),
        "Date attendue au format AAAA-MM-JJ, « 31/12/2019 » reçu.",
    ),
    "xlsx-unknown-administration": (
        _xlsx_unknown_administration,
        ("Engagements", 3, "administration porteuse"),
        "Administration inconnue « ministere-des-nuages »",
    ),
    "xlsx-duplicate-number": (
        _xlsx_duplicate_number,
        ("Engagements", 4, "numéro"),
        "« 1 » est en double (déjà utilisé : Engagements, ligne 2)",
    ),
    "xlsx-wrong-type": (
        _xlsx_wrong_type,
        ("Jalons", 4, "poids"),
        "Nombre attendu, « beaucoup » reçu.",
    ),
    "xlsx-completed-without-date": (
        _xlsx_completed_without_date,
        ("Jalons", 6, "réalisé le"),
        "Un jalon réalisé doit avoir une date de réalisation.",
    ),
}


def bad_file(name: str) -> tuple[bytes, str]:
    """The valid file with one mistake, plus valid changes that must not be applied either."""
    mutate = BAD_FILES[name][0]
    if name.startswith("json"):
        doc = valid_doc()
        doc["plan"]["title"] = "Titre modifié"
        doc["commitments"][1]["title"] = "Intitulé modifié"
        mutate(doc)
        return to_json(doc), "plan.json"
    sheets = office_sheets()
    set_cell(sheets, "Plan", 2, "titre", "Titre modifié")
    set_cell(sheets, "Engagements", 3, "intitulé", "Intitulé modifié")
    mutate(sheets)
    return to_xlsx(sheets), "plan.xlsx"


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


# Dry run ---------------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    report = import_file(VALID_JSON, dry_run=True)

    assert report.ok and report.dry_run
    assert report.counts["commitment"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.counts["administration"]["created"] == 3
    assert "Simulation" in report.lines()[0]
    assert not ActionPlan.objects.exists() and not Administration.objects.exists()
    assert not AuditRecord.objects.exists()

    import_valid()
    state, audits = db_state(), AuditRecord.objects.count()
    doc = valid_doc()
    doc["commitments"][0]["milestones"][3]["title"] = "Publier le bilan final"
    report = import_file(to_json(doc), dry_run=True)
    assert report.counts["milestone"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert db_state() == state and AuditRecord.objects.count() == audits


def test_a_dry_run_sees_a_link_to_a_row_created_by_the_same_file():
    CommitmentFactory(plan__slug=SLUG, number=2, lead_administration=None, axis=None)
    report = import_file(VALID_JSON, dry_run=True)

    assert report.counts["commitment"] == {"created": 1, "updated": 1, "unchanged": 0}


# Audit and scores ------------------------------------------------------------------------------


def test_each_imported_row_has_one_audit_record_with_the_actor_and_the_source_import():
    user = coordinator()

    import_valid(actor=user)

    records = AuditRecord.objects.all()
    assert records.count() == ROWS_IN_VALID_FILE
    assert {(r.actor_id, r.actor_label, r.source, r.action) for r in records} == {
        (user.pk, "coordinatrice", "import", "create")
    }
    assert records.filter(object_type="milestone").count() == 5
    cancelled = records.get(object_type="milestone", object_repr__startswith="Créer un tableau")
    assert cancelled.justification == "Remplacé par le tableau de bord national."
    assert Measurement.objects.filter(recorded_by=user).count() == 3


def test_the_import_recomputes_the_scores_of_what_changed_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = None
    with mock.patch("scoring.tasks.recompute_scores.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            import_valid()
        assert delay.call_count == 1
        assert delay.call_args.kwargs["commitment_ids"] == sorted(
            Commitment.objects.values_list("pk", flat=True)
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            import_valid()
        assert callbacks == [] and delay.call_count == 1


def test_only_a_coordinator_or_a_superuser_may_import():
    with pytest.raises(PermissionDenied):
        import_file(VALID_JSON, actor=contributor())
    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()

    superuser = UserFactory(username="admin", is_superuser=True)
    assert import_file(VALID_JSON, actor=superuser).ok


# Export ----------------------------------------------------------------------------------------


def load_valid_file():
    import_valid()
    return ActionPlan.objects.get(slug=SLUG)


def load_demo_plan():
    demo_load()
    return ActionPlan.objects.get(slug="pan-2015-2017")


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
    with django_assert_num_queries(7):
        plan_document(plan=small)
    large = load_demo_plan()
    with django_assert_num_queries(7):
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


# Commands --------------------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_plan_prints_the_report_and_audits_as_the_job(tmp_path):
    out, _err = run("import_plan", write(tmp_path, VALID_JSON))

    assert f"Plan « {SLUG} » importé (JSON)." in out
    assert "engagements : 2 créé(s), 0 modifié(s), 0 inchangé(s)" in out
    assert set(AuditRecord.objects.values_list("actor", "actor_label", "source")) == {
        (None, "import_plan", "import")
    }
    out, _err = run("import_plan", write(tmp_path, VALID_JSON))
    assert "déjà à jour" in out


def test_import_plan_dry_run_writes_nothing(tmp_path):
    out, _err = run("import_plan", write(tmp_path, VALID_JSON), "--dry-run")

    assert "Simulation" in out and "2 créé(s)" in out
    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()


def test_import_plan_refuses_a_bad_file_with_a_non_zero_exit_and_the_errors_listed(tmp_path):
    data, filename = bad_file("xlsx-wrong-type")
    path = write(tmp_path, data, filename)

    with pytest.raises(CommandError, match=r"Import refusé : 1 erreur\(s\)") as exc:
        run("import_plan", path)

    assert exc.value.returncode == 1
    assert not ActionPlan.objects.exists()


def test_import_plan_lists_the_errors_on_stderr(tmp_path):
    err = io.StringIO()
    data, filename = bad_file("json-completed-without-date")
    with pytest.raises(CommandError):
        call_command("import_plan", write(tmp_path, data, filename), stderr=err)

    assert (
        "commitments[1].milestones[0], champ « completed_on » : "
        "Un jalon réalisé doit avoir une date de réalisation." in err.getvalue()
    )


def test_import_plan_says_clearly_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("import_plan", str(tmp_path / "absent.json"))


def test_import_plan_as_a_coordinator_audits_under_their_name(tmp_path):
    user = coordinator()

    run("import_plan", write(tmp_path, VALID_JSON), "--as", user.username)

    assert set(AuditRecord.objects.values_list("actor", "source")) == {(user.pk, "import")}


@pytest.mark.parametrize("who", ["contributor", "plain-user", "inactive-coordinator", "unknown"])
def test_import_plan_refuses_a_user_who_is_not_a_coordinator(tmp_path, who):
    if who == "contributor":
        username = contributor().username
    elif who == "plain-user":
        username = UserFactory(username="citoyen").username
    elif who == "inactive-coordinator":
        user = coordinator("ancienne-coordinatrice")
        user.is_active = False
        user.save()
        username = user.username
    else:
        username = "personne"
    path = write(tmp_path, VALID_JSON)

    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError, match=username):
            run("import_plan", path, "--as", username, *extra)

    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()


def test_import_plan_as_a_superuser_is_allowed(tmp_path):
    admin = UserFactory(username="admin", is_superuser=True)

    run("import_plan", write(tmp_path, VALID_JSON), "--as", "admin")

    assert AuditRecord.objects.filter(actor=admin).count() == ROWS_IN_VALID_FILE


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_plan_writes_the_format_of_the_extension(tmp_path, fmt):
    plan = load_valid_file()
    path = tmp_path / f"sortie.{fmt.upper()}"

    out, _err = run("export_plan", SLUG, str(path))

    assert f"Plan « {SLUG} » exporté" in out
    assert path.read_bytes()[:2] == (b"PK" if fmt == "xlsx" else b"{\n")
    if fmt == "json":
        assert path.read_bytes() == plan_export(plan=plan)


def test_export_plan_refuses_an_unknown_plan_or_extension(tmp_path):
    load_valid_file()
    with pytest.raises(CommandError, match="Plan inconnu : « pan-1789-1791 »"):
        run("export_plan", "pan-1789-1791", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="Extension inconnue"):
        run("export_plan", SLUG, str(tmp_path / "x.csv"))


def test_the_commands_exit_with_a_non_zero_status_from_the_shell(tmp_path):
    """The real process: errors on stderr, exit status 1 (nothing here reaches a database)."""
    truncated = write(tmp_path, VALID_JSON[:200])
    env = {"DJANGO_SETTINGS_MODULE": "pgo_portal.settings.test", "PATH": "/usr/bin:/bin"}
    for args, expected in (
        ([str(tmp_path / "absent.json")], "Fichier introuvable"),
        ([truncated], "Document JSON illisible"),
    ):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_plan", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert expected in result.stderr


def test_the_format_document_names_every_field_and_column():
    from importexport.schema import CONTINUES_COLUMNS, SHEETS, SPECS

    text = (Path(settings.BASE_DIR) / "importexport" / "IMPORT_FORMAT.md").read_text()
    for entity, specs in SPECS.items():
        assert f"| {SHEETS[entity]} |" in text
        for spec in specs:
            assert f"`{spec.key}`" in text, spec.key
            if spec.kind != "continues":
                assert f"| {spec.header} |" in text, spec.header
    for _key, header in CONTINUES_COLUMNS:
        assert header in text


def test_a_new_lead_that_is_already_a_co_owner_in_the_database_is_refused():
    import_valid()
    commitment = Commitment.objects.filter(co_owners__isnull=False).order_by("number").first()
    co_owner = commitment.co_owners.first()
    doc = valid_doc()
    entry = next(c for c in doc["commitments"] if c["number"] == commitment.number)
    entry["lead_administration"] = co_owner.slug
    del entry["co_owners"]  # the co-owners stay those of the database
    before = db_state()
    report = import_file(to_json(doc))
    assert not report.ok
    assert [(e.field, e.message) for e in report.errors] == [
        ("lead_administration", "L'administration porteuse ne peut pas être aussi co-porteuse.")
    ]
    assert db_state() == before


def test_a_file_may_swap_the_lead_and_a_co_owner():
    import_valid()
    commitment = Commitment.objects.filter(co_owners__isnull=False).order_by("number").first()
    lead, co_owner = commitment.lead_administration, commitment.co_owners.first()
    doc = valid_doc()
    entry = next(c for c in doc["commitments"] if c["number"] == commitment.number)
    entry["lead_administration"] = co_owner.slug
    entry["co_owners"] = [lead.slug]
    report = import_file(to_json(doc))
    assert report.ok, report.lines()
    commitment.refresh_from_db()
    assert commitment.lead_administration == co_owner
    assert list(commitment.co_owners.all()) == [lead]


def test_rows_that_only_name_their_commitment_are_not_checked_for_its_co_owners():
    import_valid()
    commitment = Commitment.objects.get(number=2)
    through = Commitment.co_owners.through
    # a clash written before the rule existed (bulk insert: no guard)
    through.objects.bulk_create(
        [through(commitment=commitment, administration=commitment.lead_administration)]
    )
    sheets = {
        "Plan": [{"identifiant": SLUG}],
        "Jalons": [
            {
                "engagement": 2,
                "référence": "j9",
                "intitulé": "Publier le bilan",
                "échéance": "2019-06-30",
            }
        ],
    }
    report = import_file(to_xlsx(sheets), "ajout.xlsx")
    assert report.ok, report.lines()
    assert commitment.milestones.filter(reference="j9").exists()
