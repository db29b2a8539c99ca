"""Data and helpers shared by the tests of importexport."""

from __future__ import annotations

import copy
import datetime
import io
import json
from pathlib import Path

import openpyxl

from commitments.models import (
    ActionPlan,
    Administration,
    Axis,
    Commitment,
    Membership,
    Partner,
    Profile,
)
from importexport.importer import plan_import
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from sampledata.demo import demo_load
from tests.factories import AdministrationFactory, UserFactory

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
    from consultations.models import Consultation

    Consultation.objects.all().delete()  # the demo's consultation protects its plan
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
        "« 1 » est en double (déjà utilisé : Engagement 1 (commitments[0]))",
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


# Export ----------------------------------------------------------------------------------------


def load_valid_file():
    import_valid()
    return ActionPlan.objects.get(slug=SLUG)


def load_demo_plan():
    demo_load()
    return ActionPlan.objects.get(slug="pan-2015-2017")
